//! `/clean-up`: retention plans for one repository or every repository
//! matching a pattern. The dry run lists every tag as keep or delete with
//! the rule that decided it; the plan downloads as JSON or CSV and runs
//! through the bulk-delete machinery after a typed confirmation.

use crate::components::bulk_delete::TargetList;
use crate::components::confirm::TypeToConfirm;
use crate::components::error_panel::ErrorPanel;
use crate::components::modal::Modal;
use crate::components::run_view::RunView;
use crate::i18n::Explain;
use crate::i18n::{phrase, text};
use crate::registry::bulk::{Grouped, Job};
use crate::registry::reference::RepositoryName;
use crate::registry::retention::{
    Decision, DryRun, Pattern, Policy, RepositoryFacts, RepositoryPlan,
};
use crate::routes::AppRoute;
use crate::runs::{Run, Runs};
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
    let transport = WebTransport::for_view();
    let dry_run = Action::new_local(move |req: &Request| {
        let (req, transport, registry) = (req.clone(), transport.clone(), session.registry());
        async move {
            let now = (js_sys::Date::now() / 1000.0) as i64;
            let run = registry
                .dry_run(
                    &transport,
                    &req.repos,
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
        dry_run.dispatch(Request {
            repos: repos.get_untracked(),
            policy,
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
            {move || match dry_run.value().get() {
                None => None,
                Some(Err(error)) => Some(view! { <ErrorPanel error/> }.into_any()),
                Some(Ok(result)) => Some(view! { <PlanView result on_rerun=Callback::new(move |_| run_dry())/> }.into_any()),
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
    let stamp = format_utc(result.set.planned_at).replace([':', ' '], "-");
    let (json_name, csv_name) = (
        format!("retention-plan-{stamp}.json"),
        format!("retention-plan-{stamp}.csv"),
    );
    let download_failed = RwSignal::new(false);
    let save = move |name: String, mime: &'static str, csv: bool| {
        let body = set.with_value(|s| if csv { s.to_csv() } else { s.to_json() });
        download_failed.set(crate::download::save(&name, mime, &body).is_err());
    };
    let executing = RwSignal::new(false);
    let started_once = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    // The run, once confirmed; Escape closes the dialog until then.
    let started: RwSignal<Option<Run>, LocalStorage> = RwSignal::new_local(None);
    let close_execute = Callback::new(move |_| {
        executing.set(false);
        typed.set(String::new());
        // What is left now: plan again (deleted tags are gone).
        if started_once.get_untracked() {
            on_rerun.run(());
        }
    });
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
    let jobs = StoredValue::new(jobs);
    let expected = StoredValue::new(sendable.to_string());
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
                <div class="plan-actions">
                    <button class="button secondary small" type="button" data-testid="download-json" on:click={
                        let n = json_name.clone();
                        move |_| save(n.clone(), "application/json", false)
                    }>{session.t(text::DOWNLOAD_JSON)}</button>
                    <button class="button secondary small" type="button" data-testid="download-csv" on:click={
                        let n = csv_name.clone();
                        move |_| save(n.clone(), "text/csv", true)
                    }>{session.t(text::DOWNLOAD_CSV)}</button>
                    {move || (session.can_delete() && sendable > 0).then(|| view! {
                        <button class="button danger small" type="button" data-testid="execute-plan" on:click=move |_| {
                            started.set(None);
                            executing.set(true);
                        }>
                            {move || phrase::delete_images(lang.get(), sendable)}
                        </button>
                    })}
                </div>
                {move || download_failed.get().then(|| view! { <p class="row-error">{session.t(text::DOWNLOAD_FAILED)}</p> })}
            </div>
            {sections}
        </div>
        <Show when=move || executing.get()>
            <Modal
                title_id="execute-title"
                title=Signal::derive(move || text::EXECUTE_PLAN.get(lang.get()).to_string())
                testid="execute-dialog"
                wide=true
                on_close=close_execute
                can_close=Signal::derive(move || started.with(Option::is_none))
            >
                <ExecuteBody expected=expected.get_value() planned_at typed jobs started on_close=close_execute on_done=Callback::new(move |_| started_once.set(true))/>
            </Modal>
        </Show>
    }
}

/// Inside the execute dialog: the typed confirmation, then the run.
#[component]
fn ExecuteBody(
    expected: String,
    /// When the plan was made (seconds since the epoch).
    planned_at: i64,
    typed: RwSignal<String>,
    jobs: StoredValue<Vec<Job>>,
    /// The run, once the user confirmed.
    started: RwSignal<Option<Run>, LocalStorage>,
    on_close: Callback<()>,
    /// Called once every answer is in.
    on_done: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let runs = Runs::expect();
    let lang = session.lang;
    let n: usize = jobs.with_value(|j| j.iter().map(|j| j.targets.len()).sum());
    move || {
        if let Some(run) = started.get() {
            view! { <RunView run on_close/> }.into_any()
        } else {
            let expected = expected.clone();
            let ready = {
                let expected = expected.clone();
                move || typed.get().trim() == expected
            };
            let now = (js_sys::Date::now() / 1000.0) as i64;
            view! {
                <p>{move || phrase::execute_summary(lang.get(), n)}</p>
                <p class="muted" data-testid="plan-age">{move || phrase::plan_age(lang.get(), &phrase::ago(lang.get(), now, planned_at))}</p>
                <TypeToConfirm prompt=text::TYPE_COUNT_TO_CONFIRM expected=expected typed testid="execute-confirm-input"/>
                <div class="dialog-actions">
                    <button class="button secondary" type="button" on:click=move |_| on_close.run(())>{session.t(text::CANCEL)}</button>
                    <button class="button danger" type="button" data-testid="execute-confirm" disabled=move || !ready() on:click=move |_| {
                        started.set(Some(runs.start(session.registry(), jobs.get_value(), Some(on_done))));
                    }>
                        {move || phrase::delete_images(lang.get(), n)}
                    </button>
                </div>
            }.into_any()
        }
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
            <td class="created" title=created.map(format_utc).unwrap_or_default()>
                {move || match created {
                    Some(c) => phrase::ago(lang.get(), now, c),
                    None => text::UNKNOWN.get(lang.get()).to_string(),
                }}
            </td>
            <td class="mono muted" title=digest>{short}</td>
        </tr>
    }
}
