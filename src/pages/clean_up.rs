//! `/clean-up`: retention plans for one repository or every repository
//! matching a pattern. The dry run lists every tag as keep or delete with
//! the rule that decided it; the plan downloads as a plan file (the core's
//! `plan_file`, which `shipshape-cli apply` runs too) or CSV and runs
//! through the bulk-delete machinery after a typed confirmation. A plan
//! file loaded here (made on this page or by `shipshape-cli plan`) is
//! checked, reviewed and run the same way.

use crate::components::error_panel::ErrorPanel;
use crate::deletes::dialogs::bulk::TargetList;
use crate::deletes::dialogs::execute::ExecuteDialog;
use crate::deletes::dialogs::gc_panel::Frees;
use crate::i18n::Explain;
use crate::i18n::{phrase, text};
use crate::registry::bulk::Grouped;
use crate::registry::engine::Job;
use crate::registry::plan_file::{PlanFile, PlanFileError};
use crate::registry::reference::RepositoryName;
use crate::registry::retention::{
    Decision, DryRun, Pattern, Policy, RepositoryFacts, RepositoryPlan,
};
use crate::routes::AppRoute;
use crate::session::Session;
use crate::timestamp::format_utc;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;

/// Inputs of a dry run.
#[derive(Clone)]
struct Request {
    repos: String,
    policy: Policy,
}

fn number(s: &str) -> Option<u32> {
    s.trim().parse().ok()
}

/// A plan file chosen on the page.
#[derive(Clone)]
enum Loaded {
    Reading,
    /// The file's name, and why it cannot be used.
    Bad(String, PlanFileError),
    /// The file's name, and its plan.
    Good(String, PlanFile),
}

/// Plan files larger than this are not read (a real one is far smaller).
const PLAN_FILE_LIMIT: f64 = 16.0 * 1024.0 * 1024.0;

/// The registry the page is connected to, as a plan file names it.
fn here(session: Session) -> String {
    let origin = window().location().origin().unwrap_or_default();
    crate::config::absolute_base(session.registry().base(), &origin)
}

fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Read, parse and check a chosen plan file: for this registry (any
/// spelling of its address), of any age (the review shows the age).
async fn read_plan_file(file: web_sys::File, here: String) -> Result<PlanFile, PlanFileError> {
    if file.size() > PLAN_FILE_LIMIT {
        return Err(PlanFileError::Unreadable {
            detail: format!("{} bytes", file.size()),
        });
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|e| PlanFileError::Unreadable {
            detail: crate::digest_cache::js_error_text(&e),
        })?
        .as_string()
        .unwrap_or_default();
    let plan = PlanFile::parse(text.as_bytes())?;
    match plan.check(&here, now_seconds(), None) {
        Err(PlanFileError::OtherRegistry { .. })
            if crate::config::same_registry(&plan.registry, &here) =>
        {
            Ok(plan)
        }
        Err(e) => Err(e),
        Ok(()) => Ok(plan),
    }
}

/// A node that is scrolled into view once it is on the page (a loaded
/// plan file's review or problem appears below the policy form).
fn scroll_into_view() -> NodeRef<leptos::html::Div> {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            el.scroll_into_view();
        }
    });
    node
}

#[component]
pub fn CleanUpPage() -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let query = use_query_map();
    let repos = RwSignal::new(query.with_untracked(|q| q.get("repos").unwrap_or_default()));
    let keep_newest = RwSignal::new("10".to_string());
    let newer_than = RwSignal::new(String::new());
    let always_keep = RwSignal::new("latest".to_string());
    let only_consider = RwSignal::new(String::new());
    let undated_as_oldest = RwSignal::new(false);
    let progress = RwSignal::new(String::new());
    let loaded: RwSignal<Option<Loaded>> = RwSignal::new(None);
    let transport = WebTransport::for_view();
    let dry_run = Action::new_local(move |req: &Request| {
        let (req, transport, registry) = (req.clone(), transport.clone(), session.registry());
        // Without a catalog, patterns match over the repositories known here.
        let known = session.known_without_catalog();
        async move {
            let now = (js_sys::Date::now() / 1000.0) as i64;
            let run = registry
                .dry_run_in(
                    &transport,
                    &req.repos,
                    &known,
                    &req.policy,
                    now,
                    |i, total, name| {
                        progress.set(phrase::planning(
                            lang.get_untracked(),
                            i,
                            total,
                            &name.to_string(),
                        ))
                    },
                )
                .await;
            progress.set(String::new());
            run
        }
    });
    let run_dry = move || {
        let policy = Policy {
            keep_newest: number(&keep_newest.get_untracked()).map(|n| n as usize),
            keep_newer_than_days: number(&newer_than.get_untracked()),
            always_keep: Pattern::parse(&always_keep.get_untracked()),
            only_consider: Pattern::parse(&only_consider.get_untracked()),
            undated_as_oldest: undated_as_oldest.get_untracked(),
        };
        loaded.set(None);
        dry_run.dispatch(Request {
            repos: repos.get_untracked(),
            policy,
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // The same file can be chosen again (after it was changed).
        input.set_value("");
        loaded.set(Some(Loaded::Reading));
        let here = here(session);
        let name = file.name();
        leptos::task::spawn_local(async move {
            let read = read_plan_file(file, here).await;
            loaded.set(Some(match read {
                Ok(plan) => Loaded::Good(name, plan),
                Err(e) => Loaded::Bad(name, e),
            }));
        });
    };
    let no_rule =
        move || number(&keep_newest.get()).is_none() && number(&newer_than.get()).is_none();
    view! {
        <section class="page">
            <nav class="crumbs">
                <A href=AppRoute::Catalog.href()>{session.t(text::REPOSITORIES)}</A>
                <span aria-hidden="true">" / "</span>
            </nav>
            <div class="page-head">
                <h1>{session.t(text::CLEAN_UP)}</h1>
            </div>
            <p class="muted">{session.t(text::CLEAN_UP_INTRO)}</p>
            <form class="policy" data-testid="policy" on:submit=move |ev| { ev.prevent_default(); run_dry(); }>
                <label>
                    <span>{session.t(text::REPOSITORIES_PATTERN)}</span>
                    <input class="filter mono" data-testid="policy-repos" bind:value=repos placeholder="team/app/api, team/*" required/>
                </label>
                <label>
                    <span>{session.t(text::KEEP_NEWEST)}</span>
                    <input class="filter" type="number" min="0" data-testid="policy-keep-newest" bind:value=keep_newest/>
                </label>
                <label>
                    <span>{session.t(text::KEEP_NEWER_THAN_DAYS)}</span>
                    <input class="filter" type="number" min="0" data-testid="policy-newer-than" bind:value=newer_than/>
                </label>
                <label>
                    <span>{session.t(text::ALWAYS_KEEP)}</span>
                    <input class="filter mono" data-testid="policy-always-keep" bind:value=always_keep placeholder="latest, v*.*.*"/>
                </label>
                <label>
                    <span>{session.t(text::ONLY_CONSIDER)}</span>
                    <input class="filter mono" data-testid="policy-only-consider" bind:value=only_consider placeholder="build-*, pr-*"/>
                </label>
                <label class="toggle">
                    <input type="checkbox" data-testid="policy-undated-oldest" bind:checked=undated_as_oldest/>
                    {session.t(text::TREAT_UNDATED_AS_OLDEST)}
                </label>
                <p class="muted small policy-help">{session.t(text::POLICY_HELP)}</p>
                {move || no_rule().then(|| view! { <p class="warn-text small">{session.t(text::NO_KEEP_RULE)}</p> })}
                <div class="policy-actions">
                    <button class="button" type="submit" data-testid="dry-run" disabled=move || dry_run.pending().get()>
                        {session.t(text::DRY_RUN)}
                    </button>
                    <span class="muted" data-testid="dry-run-progress">{move || dry_run.pending().get().then(|| progress.get())}</span>
                </div>
            </form>
            <div class="plan-load">
                <label class="button secondary small file-button">
                    {session.t(text::LOAD_PLAN_FILE)}
                    <input class="visually-hidden" type="file" accept=".json,application/json" data-testid="plan-file-input" on:change=on_file/>
                </label>
                <span class="muted small">{session.t(text::LOAD_PLAN_FILE_HELP)}</span>
            </div>
            {move || match loaded.get() {
                Some(Loaded::Reading) => Some(view! { <p class="muted" data-testid="plan-file-reading">{session.t(text::READING_PLAN_FILE)}</p> }.into_any()),
                Some(Loaded::Bad(file, error)) => Some(view! { <PlanFileProblem file error on_close=Callback::new(move |_| loaded.set(None))/> }.into_any()),
                Some(Loaded::Good(file, plan)) => Some(view! { <PlanFileReview file plan on_close=Callback::new(move |_| loaded.set(None))/> }.into_any()),
                None => match dry_run.value().get() {
                    None => None,
                    Some(Err(error)) => Some(view! { <ErrorPanel error/> }.into_any()),
                    Some(Ok(result)) => Some(view! { <PlanView result on_rerun=Callback::new(move |_| run_dry())/> }.into_any()),
                },
            }}
        </section>
    }
}

/// The dry run's result: totals, downloads, every repository's decisions,
/// and the way to execute it.
#[component]
fn PlanView(result: DryRun, on_rerun: Callback<()>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let (kept, deleted, digests) = result.set.totals();
    let sendable: usize = result
        .repositories
        .iter()
        .map(|(_, g)| g.sendable().len())
        .sum();
    let blocked: usize = result
        .repositories
        .iter()
        .map(|(_, g)| g.targets.len() - g.sendable().len())
        .sum();
    let set = StoredValue::new(result.set.clone());
    let plan_file = StoredValue::new(PlanFile::from_dry_run(&here(session), &result).to_json());
    let stamp = format_utc(result.set.planned_at).replace([':', ' '], "-");
    let (plan_name, csv_name) = (
        format!("shipshape-plan-{stamp}.json"),
        format!("retention-plan-{stamp}.csv"),
    );
    let download_failed = RwSignal::new(false);
    let save = move |name: String, mime: &'static str, body: String| {
        download_failed.set(crate::download::save(&name, mime, &body).is_err());
    };
    let executing = RwSignal::new(false);
    let jobs: Vec<Job> = result
        .repositories
        .iter()
        .filter(|(_, g)| !g.sendable().is_empty())
        .map(|(f, g)| Job {
            name: f.name.clone(),
            targets: g.sendable(),
            known_tags: f.tags.clone(),
            seen: f.summaries.clone(),
        })
        .collect();
    // What the plan gives back (the same accounting the run reports after).
    let going: Vec<(String, crate::registry::digest::Digest)> = jobs
        .iter()
        .flat_map(|j| {
            j.targets
                .iter()
                .map(|t| (j.name.to_string(), t.digest.clone()))
        })
        .collect();
    let seen: Vec<_> = jobs
        .iter()
        .flat_map(|j| crate::registry::storage::seen_images(j.name.as_str(), &j.seen))
        .collect();
    let jobs = StoredValue::new(jobs);
    let repos = result.repositories.len();
    let planned_at = result.set.planned_at;
    let sections = result
        .set
        .repositories
        .iter()
        .zip(result.repositories.iter())
        .map(|(rp, (facts, grouped))| {
            view! { <RepositorySection plan=rp.clone() facts=facts.clone() grouped=grouped.clone()/> }
        })
        .collect_view();
    view! {
        <div class="plan" data-testid="plan">
            <div class="plan-head">
                <p data-testid="plan-totals">
                    <strong>{move || phrase::plan_totals(lang.get(), repos, kept, deleted, digests)}</strong>
                    {(blocked > 0).then(|| view! { " " <span class="warn-text">{move || phrase::blocked_count(lang.get(), blocked)}</span> })}
                </p>
                {result.clock_skew.map(|skew| view! {
                    <p class="muted" data-testid="clock-skew">{move || phrase::clock_skew(lang.get(), skew)}</p>
                })}
                <Frees going seen testid="plan-frees"/>
                <div class="plan-actions">
                    <button class="button secondary small" type="button" data-testid="download-plan" title=session.t(text::DOWNLOAD_PLAN_FILE_HELP) on:click={
                        let n = plan_name.clone();
                        move |_| save(n.clone(), "application/json", plan_file.get_value())
                    }>{session.t(text::DOWNLOAD_PLAN_FILE)}</button>
                    <button class="button secondary small" type="button" data-testid="download-csv" on:click={
                        let n = csv_name.clone();
                        move |_| save(n.clone(), "text/csv", set.with_value(|s| s.to_csv()))
                    }>{session.t(text::DOWNLOAD_CSV)}</button>
                    {move || (session.can_delete() && sendable > 0).then(|| view! {
                        <button class="button danger small" type="button" data-testid="execute-plan" on:click=move |_| executing.set(true)>
                            {move || phrase::delete_images(lang.get(), sendable)}
                        </button>
                    })}
                </div>
                {move || download_failed.get().then(|| view! { <p class="row-error">{session.t(text::DOWNLOAD_FAILED)}</p> })}
            </div>
            {sections}
        </div>
        <ExecuteDialog open=executing jobs planned_at on_after_run=on_rerun/>
    }
}

/// One repository's decisions.
#[component]
fn RepositorySection(
    plan: RepositoryPlan,
    facts: RepositoryFacts,
    grouped: Grouped,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let name = plan.repository.clone();
    let href = RepositoryName::parse(&name)
        .map(|n| AppRoute::Repository(n).href())
        .unwrap_or_default();
    let deleted = plan.plan.decisions.iter().filter(|d| !d.keep).count();
    let kept = plan.plan.decisions.len() - deleted;
    let blocked: Vec<_> = grouped
        .targets
        .iter()
        .filter(|t| t.is_blocked())
        .cloned()
        .collect();
    let created: BTreeMap<String, Option<i64>> = facts
        .tag_facts()
        .into_iter()
        .map(|t| (t.tag, t.created))
        .collect();
    let rows = plan
        .plan
        .decisions
        .into_iter()
        .map(|d| {
            let created = created.get(&d.tag).copied().flatten();
            view! { <DecisionRow decision=d created now/> }
        })
        .collect_view();
    let title = name.clone();
    view! {
        <section class="plan-repo" data-testid="plan-repo" data-repo=name>
            <h2 class="mono"><A href=href>{title}</A></h2>
            <p class="muted" data-testid="plan-repo-counts">{move || phrase::keep_delete(lang.get(), kept, deleted)}</p>
            {(!blocked.is_empty()).then(|| view! { <TargetList targets=blocked/> })}
            {(!facts.unreadable.is_empty()).then(|| {
                let unreadable = facts.unreadable.clone();
                view! {
                    <div class="warn-text small" data-testid="plan-unreadable">
                        <p>{session.t(text::FACTS_INCOMPLETE)}</p>
                        <ul class="impact-list">
                            {unreadable.into_iter().map(|(d, e)| {
                                let short = d.short().to_string();
                                view! { <li><span class="mono">{short}</span> " — " {move || e.explain(lang.get()).title}</li> }
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })}
            <div class="table-wrap">
                <table class="tags plan-table">
                    <thead>
                        <tr>
                            <th>{session.t(text::TAG)}</th>
                            <th>{session.t(text::ACTION)}</th>
                            <th>{session.t(text::RULE)}</th>
                            <th>{session.t(text::CREATED)}</th>
                            <th>{session.t(text::DIGEST)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn DecisionRow(decision: Decision, created: Option<i64>, now: i64) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let keep = decision.keep;
    let action = if keep { "keep" } else { "delete" };
    let reason = decision.reason.clone();
    let short = decision
        .digest
        .get(7..19)
        .unwrap_or(&decision.digest)
        .to_string();
    let digest = decision.digest.clone();
    view! {
        <tr data-testid="plan-row" data-tag=decision.tag.clone() data-action=action>
            <td class="mono tag-name">{decision.tag.clone()}</td>
            <td>
                <span class="badge" class:good=keep class:danger=!keep>
                    {move || if keep { text::KEEP.get(lang.get()) } else { text::DELETE.get(lang.get()) }}
                </span>
            </td>
            <td class="small" data-testid="plan-rule">{move || phrase::retention_reason(lang.get(), &reason)}</td>
            <td class="created" title=move || created.map(format_utc).unwrap_or_else(|| text::NO_DATE_WHY.get(lang.get()).to_string())>
                {move || match created {
                    Some(c) => phrase::ago(lang.get(), now, c),
                    None => text::NO_DATE.get(lang.get()).to_string(),
                }}
            </td>
            <td class="mono muted" title=digest>{short}</td>
        </tr>
    }
}

/// A plan file that cannot be used: what happened and what to do. Nothing
/// else happens.
#[component]
fn PlanFileProblem(
    /// The file's name.
    file: String,
    /// Why the file cannot be used.
    error: PlanFileError,
    /// Dismiss the message.
    on_close: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let kind = match &error {
        PlanFileError::Unreadable { .. } => "unreadable",
        PlanFileError::NotAPlan => "not-a-plan",
        PlanFileError::NewerVersion { .. } => "newer-version",
        PlanFileError::BadName { .. } => "bad-name",
        PlanFileError::BadDigest { .. } => "bad-digest",
        PlanFileError::OtherRegistry { .. } => "other-registry",
        PlanFileError::TooOld { .. } => "too-old",
        PlanFileError::FromTheFuture { .. } => "from-the-future",
    };
    let explain = move || error.explain(session.lang.get());
    let root = scroll_into_view();
    view! {
        <div class="error-panel" role="alert" data-testid="plan-file-error" data-kind=kind node_ref=root>
            <p class="mono small muted plan-file-name" data-testid="plan-file-name">{file}</p>
            {move || {
                let e = explain();
                view! {
                    <h2 class="error-title">{e.title}</h2>
                    <p class="error-detail">{e.detail}</p>
                    {e.fix.map(|fix| view! { <p class="error-fix">{fix}</p> })}
                }
            }}
            <button class="button secondary small" type="button" data-testid="plan-file-close" on:click=move |_| on_close.run(())>
                {session.t(text::CLOSE)}
            </button>
        </div>
    }
}

/// A loaded plan file, reviewed before it runs: whom it is for, when it was
/// made, its policy, and per repository every digest that goes with the
/// tags confirmed for it. Running it is the dry run's typed confirmation
/// and run; the engine checks every tag again first.
#[component]
fn PlanFileReview(
    /// The file's name.
    file: String,
    /// The plan, parsed and checked for this registry.
    plan: PlanFile,
    /// Put the plan file away.
    on_close: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let now = now_seconds();
    let age = now - plan.made_at;
    let old = age > 86_400;
    let made = format_utc(plan.made_at);
    let made_title = made.clone();
    let made_at = plan.made_at;
    let registry = plan.registry.clone();
    let images: usize = plan.repositories.iter().map(|r| r.deletes.len()).sum();
    let tags: usize = plan
        .repositories
        .iter()
        .flat_map(|r| &r.deletes)
        .map(|d| d.tags.len())
        .sum();
    let repos = plan.repositories.len();
    let (always, only) = (
        plan.policy.always_keep.to_string(),
        plan.policy.only_consider.to_string(),
    );
    let policy = plan.policy.clone();
    let jobs = StoredValue::new(plan.jobs().unwrap_or_default());
    let executing = RwSignal::new(false);
    // Once run, the review stays for reference; running it again is a new load.
    let ran = RwSignal::new(false);
    let root = scroll_into_view();
    let sections = plan
        .repositories
        .into_iter()
        .map(|r| {
            let href = RepositoryName::parse(&r.name)
                .map(|n| AppRoute::Repository(n).href())
                .unwrap_or_default();
            let deleted: usize = r.deletes.iter().map(|d| d.tags.len()).sum();
            let kept = r.known_tags.len().saturating_sub(deleted);
            let name = r.name.clone();
            let title = r.name.clone();
            let empty = r.deletes.is_empty();
            let rows = r
                .deletes
                .into_iter()
                .map(|d| {
                    let short = d.digest.get(7..19).unwrap_or(&d.digest).to_string();
                    let joined = d.tags.join(",");
                    let none = d.tags.is_empty();
                    view! {
                        <tr data-testid="plan-file-row" data-digest=d.digest.clone() data-tags=joined>
                            <td class="mono plan-file-digest" title=d.digest.clone()>{short}</td>
                            <td>
                                <div class="plan-file-tags">
                                    {d.tags.into_iter().map(|t| view! { <span class="badge danger mono">{t}</span> }).collect_view()}
                                    {none.then(|| view! { <span class="muted">{session.t(text::NO_TAGS_UNTAGGED)}</span> })}
                                </div>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="plan-repo" data-testid="plan-file-repo" data-repo=name>
                    <h2 class="mono"><A href=href>{title}</A></h2>
                    <p class="muted">{move || phrase::keep_delete(lang.get(), kept, deleted)}</p>
                    {(!empty).then(|| view! {
                        <div class="table-wrap">
                            <table class="tags plan-table">
                                <thead>
                                    <tr>
                                        <th>{session.t(text::DIGEST)}</th>
                                        <th>{session.t(text::CONFIRMED_TAGS)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    })}
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="plan plan-file" data-testid="plan-file" node_ref=root>
            <div class="plan-head">
                <div class="plan-file-title">
                    <p class="mono small muted plan-file-name" data-testid="plan-file-name">{file}</p>
                    <h2>
                        {session.t(text::PLAN_FILE)} " "
                        <span class="muted mono small" data-testid="plan-file-registry">{move || phrase::plan_file_for(lang.get(), &registry)}</span>
                    </h2>
                    <p class="plan-file-age" class:warn-text=old data-testid="plan-file-age" data-old=old.to_string() title=made_title>
                        {move || phrase::plan_made(lang.get(), &phrase::ago(lang.get(), now, made_at), &made)}
                    </p>
                </div>
                <div class="plan-actions">
                    <button class="button secondary small" type="button" data-testid="plan-file-close" on:click=move |_| on_close.run(())>
                        {session.t(text::CLOSE_PLAN_FILE)}
                    </button>
                    {move || (session.can_delete() && images > 0 && !ran.get()).then(|| view! {
                        <button class="button danger small" type="button" data-testid="plan-file-execute" on:click=move |_| executing.set(true)>
                            {move || phrase::delete_images(lang.get(), images)}
                        </button>
                    })}
                </div>
            </div>
            {move || ran.get().then(|| view! {
                <p class="notice" data-testid="plan-file-ran">
                    {session.t(text::PLAN_FILE_RAN)} " " <A href=AppRoute::Runs.href()>{session.t(text::RUNS)}</A>
                </p>
            })}
            {old.then(|| view! { <p class="notice warn-text" data-testid="plan-file-old">{session.t(text::PLAN_FILE_OLD)}</p> })}
            <p data-testid="plan-file-totals"><strong>{move || phrase::plan_file_totals(lang.get(), repos, images, tags)}</strong></p>
            <p class="plan-file-policy" data-testid="plan-file-policy">
                <span class="muted">{session.t(text::POLICY)}</span> " "
                {move || phrase::policy_summary(lang.get(), &policy, &always, &only)}
            </p>
            {(images == 0).then(|| view! { <p class="muted">{session.t(text::PLAN_FILE_NOTHING)}</p> })}
            {sections}
        </div>
        <ExecuteDialog open=executing jobs planned_at=made_at on_after_run=Callback::new(move |_| ran.set(true))/>
    }
}
