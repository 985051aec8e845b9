//! `/runs`: delete runs of this tab (live, with cancel) and earlier ones
//! from the journal (after a reload or a closed tab), whose unknown
//! outcomes can be checked again with one click.

use crate::components::copy::CopyButton;
use crate::components::run_view::RunView;
use crate::i18n::Explain;
use crate::i18n::{phrase, text};
use crate::journal::{self, ItemRecord, RunRecord, UntagRecord, UntagState};
use crate::registry::digest::Digest;
use crate::registry::engine::Job;
use crate::registry::engine::{Outcome, Target};
use crate::registry::error::RegistryError;
use crate::registry::reference::RepositoryName;
use crate::registry::reference::{Reference, Tag};
use crate::runs::Runs;
use crate::session::Session;
use crate::tag_writes::history::TagWrites;
use crate::timestamp::format_utc;
use crate::transport::WebTransport;
use leptos::prelude::*;

#[component]
pub fn RunsPage() -> impl IntoView {
    let session = Session::expect();
    let runs = Runs::expect();
    let live = move || runs.all().into_iter().rev().collect::<Vec<_>>();
    let journal = LocalResource::new(journal::load);
    let untags = LocalResource::new(journal::load_untags);
    view! {
        <section class="page runs-page" data-testid="runs-page">
            <h1>{session.t(text::RUNS)}</h1>
            <p class="muted">{session.t(text::RUNS_INTRO)}</p>
            {move || {
                let live = live();
                (!live.is_empty()).then(|| view! {
                    <h2>{session.t(text::THIS_TAB)}</h2>
                    {live.into_iter().map(|run| {
                        let title = phrase::run_title(session.lang.get(), &run.repos, run.total, &format_utc((run.started_at / 1000.0) as i64));
                        let id = run.id.clone();
                        view! {
                            <article class="run-card" data-testid="live-run" data-run=id>
                                <h3 class="mono">{title}</h3>
                                <RunView run on_close=Callback::new(|_| {})/>
                            </article>
                        }
                    }).collect_view()}
                })
            }}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let pending: Vec<UntagRecord> = untags.await.into_iter().filter(UntagRecord::needs_attention).collect();
                    (!pending.is_empty()).then(|| view! {
                        <section class="untags-pending" data-testid="untags-pending">
                            <h2>{session.t(text::UNTAGS_PENDING)}</h2>
                            <p class="muted">{session.t(text::UNTAG_PENDING_HELP)}</p>
                            {pending.into_iter().map(|record| view! { <PendingUntag record/> }).collect_view()}
                        </section>
                    })
                })}
            </Transition>
            <TagWrites/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let live_ids: Vec<String> = runs.all().iter().map(|r| r.id.clone()).collect();
                    let earlier: Vec<(RunRecord, Vec<ItemRecord>)> = journal
                        .await
                        .into_iter()
                        .filter(|(r, _)| !live_ids.contains(&r.id))
                        .collect();
                    if earlier.is_empty() && live_ids.is_empty() {
                        return view! { <p class="muted" data-testid="no-runs">{session.t(text::NO_RUNS)}</p> }.into_any();
                    }
                    view! {
                        {(!earlier.is_empty()).then(|| view! { <h2>{session.t(text::EARLIER_RUNS)}</h2> })}
                        {earlier.into_iter().map(|(run, items)| view! { <PastRun run items/> }).collect_view()}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// A run from the journal.
#[component]
fn PastRun(run: RunRecord, items: Vec<ItemRecord>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let here = session.registry().base() == run.registry;
    let items = RwSignal::new(items);
    let title = {
        let (repos, total) = (run.repos.clone(), run.total);
        let started = format_utc((run.started_at / 1000.0) as i64);
        move || phrase::run_title(lang.get(), &repos, total, &started)
    };
    let unfinished = !run.finished;
    let report = move || {
        items.with(|v| {
            v.iter()
                .map(|i| {
                    format!(
                        "{}\t{}\t{}\t{}\t{}\n",
                        i.repo,
                        i.state,
                        i.digest,
                        i.tags.join(" "),
                        i.detail
                    )
                })
                .collect::<String>()
        })
    };
    let json_run = run.clone();
    let download = move |_| {
        let doc = serde_json::json!({
            "run": json_run.id,
            "registry": json_run.registry,
            "started_at_ms": json_run.started_at,
            "finished": json_run.finished,
            "items": items.get_untracked(),
        });
        let body = serde_json::to_string_pretty(&doc).unwrap_or_default();
        let _ = crate::download::save(
            &format!("shipshape-run-{}.json", json_run.id),
            "application/json",
            &body,
        );
    };
    let any_unknown = items.with_untracked(|v| v.iter().any(ItemRecord::is_unknown));
    view! {
        <article class="run-card" data-testid="past-run" data-run=run.id.clone() data-finished=run.finished.to_string()>
            <h3 class="mono">{title}</h3>
            <p class="muted small mono">{run.registry.clone()}</p>
            {unfinished.then(|| view! { <p class="warn-text" data-testid="run-unfinished">{session.t(text::UNFINISHED_RUN)}</p> })}
            {(!here && any_unknown).then(|| view! { <p class="muted">{session.t(text::OTHER_REGISTRY_RUN)}</p> })}
            <div class="raw-head">
                {move || view! { <CopyButton text=report() label=text::COPY_REPORT/> }}
                <button class="button secondary small" type="button" data-testid="download-report" on:click=download>{session.t(text::DOWNLOAD_JSON)}</button>
            </div>
            <div class="report-wrap">
                <table class="report" data-testid="past-report">
                    <tbody>
                        <For each=move || items.get().into_iter().enumerate() key=|(i, it)| (*i, it.state.clone()) let:entry>
                            {
                                let (i, item) = entry;
                                let unknown = item.is_unknown();
                                let gone = item.is_gone();
                                let shown = item.clone();
                                let detail = move || if shown.state == "sending" {
                                    text::SENT_NO_OUTCOME.get(lang.get()).to_string()
                                } else {
                                    shown.detail(lang.get()).to_string()
                                };
                                let short = Digest::parse(&item.digest).map(|d| d.short().to_string()).unwrap_or_default();
                                view! {
                                    <tr data-testid="past-row" data-state=item.state.clone() data-digest=item.digest.clone()>
                                        <td>
                                            <span class="badge" class:good=gone class:danger=unknown class:shared=!gone && !unknown>{detail}</span>
                                            {(unknown && here).then(|| view! {
                                                " "
                                                <button class="button secondary small" type="button" data-testid="check-again" on:click=move |_| check(items, i)>
                                                    {session.t(text::CHECK_AGAIN)}
                                                </button>
                                            })}
                                        </td>
                                        <td class="mono repo-col">{item.repo.clone()}</td>
                                        <td class="mono">{item.tags.join(", ")}</td>
                                        <td class="mono muted digest-col" title=item.digest.clone()>{short}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        </article>
    }
}

/// Ask the registry about item `i` and record the answer.
fn check(items: RwSignal<Vec<ItemRecord>>, i: usize) {
    let session = Session::expect();
    let Some(item) = items.with_untracked(|v| v.get(i).cloned()) else {
        return;
    };
    let (Ok(name), Ok(digest)) = (
        RepositoryName::parse(&item.repo),
        Digest::parse(&item.digest),
    ) else {
        return;
    };
    let registry = session.registry();
    let transport = WebTransport::new();
    let runs = use_context::<Runs>();
    leptos::task::spawn_local(async move {
        let outcome = registry.check_again(&transport, &name, &digest).await;
        let updated = ItemRecord {
            state: outcome.kind().to_string(),
            detail: phrase::outcome(crate::i18n::Lang::En, &outcome),
            detail_zh: phrase::outcome(crate::i18n::Lang::Zh, &outcome),
            ..item
        };
        journal::set_item(updated.clone());
        items.update(|v| {
            if let Some(slot) = v.get_mut(i) {
                *slot = updated;
            }
        });
        if !outcome.is_unknown() {
            if let Some(runs) = runs {
                runs.to_check.update(|n| *n = n.saturating_sub(1));
            }
        }
    });
}

/// An untag that stopped half-way: restore the tag, or finish removing it.
#[component]
fn PendingUntag(record: UntagRecord) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let here = session.registry().base() == record.registry;
    let said: RwSignal<Option<String>> = RwSignal::new(None);
    let state = RwSignal::new(record.state);
    let busy = RwSignal::new(false);
    let runs = use_context::<Runs>();
    let record = StoredValue::new(record);
    let act = move |restore: bool| {
        // Read-only (config.json) means no writes at all, here too.
        if !session.can_delete() {
            return;
        }
        let r = record.get_value();
        let (Ok(name), Ok(tag), Ok(confirmed), Ok(placeholder)) = (
            RepositoryName::parse(&r.repo),
            Tag::parse(&r.tag),
            Digest::parse(&r.confirmed),
            Digest::parse(&r.placeholder),
        ) else {
            return;
        };
        let registry = session.registry();
        let transport = WebTransport::new();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            let outcome: Result<UntagState, String> = if restore {
                // Only a tag on the placeholder (or gone) is put back: a tag
                // someone pushed since is not overwritten.
                match registry
                    .resolve_digest(&transport, &name, &Reference::Tag(tag.clone()))
                    .await
                {
                    Ok(d) if d == confirmed => Ok(UntagState::Restored),
                    Ok(d) if d != placeholder => {
                        Err(phrase::tag_now_elsewhere(l, tag.as_str(), d.short()))
                    }
                    Ok(_) | Err(RegistryError::NotFound { .. }) => registry
                        .restore_tag(
                            &transport,
                            &name,
                            &tag,
                            r.manifest.clone().into_bytes(),
                            &r.content_type,
                            &confirmed,
                        )
                        .await
                        .map(|()| UntagState::Restored)
                        .map_err(|e| e.explain(l).title),
                    Err(e) => Err(e.explain(l).title),
                }
            } else {
                // Finishing is a delete like any other: one run through the
                // session's run service, journaled before it is sent.
                let (tx, rx) = futures::channel::oneshot::channel::<()>();
                let tx = StoredValue::new_local(Some(tx));
                let job = Job {
                    name: name.clone(),
                    targets: vec![Target::confirmed(placeholder, vec![tag.to_string()])],
                    known_tags: vec![tag.to_string()],
                    seen: Default::default(),
                };
                let Some(service) = runs else {
                    busy.set(false);
                    return;
                };
                let run = service.start(
                    registry,
                    vec![job],
                    Some(Callback::new(move |_| {
                        if let Some(tx) = tx.try_update_value(Option::take).flatten() {
                            let _ = tx.send(());
                        }
                    })),
                );
                let _ = rx.await;
                let outcome = run
                    .reports
                    .get_untracked()
                    .into_iter()
                    .next()
                    .map(|(_, r)| r.outcome);
                match outcome {
                    Some(o) if o.is_gone() => Ok(UntagState::Finished),
                    Some(o) => Err(phrase::outcome(l, &o)),
                    None => Err(phrase::outcome(l, &Outcome::NotSent)),
                }
            };
            busy.set(false);
            match outcome {
                Ok(done) => {
                    journal::untag_state(record.get_value(), done);
                    if let Some(runs) = runs {
                        runs.to_check.update(|n| *n = n.saturating_sub(1));
                    }
                    state.set(done);
                    said.set(Some(
                        if done == UntagState::Restored {
                            text::TAG_RESTORED
                        } else {
                            text::UNTAG_FINISHED
                        }
                        .get(l)
                        .to_string(),
                    ));
                }
                Err(why) => said.set(Some(why)),
            }
        });
    };
    let (repo, tag, image) = record.with_value(|r| {
        let image = Digest::parse(&r.confirmed)
            .map(|d| d.short().to_string())
            .unwrap_or_default();
        (r.repo.clone(), r.tag.clone(), image)
    });
    view! {
        <article class="run-card" data-testid="pending-untag" data-state=move || state.get().as_str()>
            <h3 class="mono">{format!("{repo}:{tag} → {image}")}</h3>
            {move || said.get().map(|s| view! { <p data-testid="pending-untag-result">{s}</p> })}
            {move || (here && state.get().needs_attention() && !session.can_delete()).then(|| view! {
                <p class="muted" data-testid="pending-untag-read-only">{session.t(text::READ_ONLY)}</p>
            })}
            {move || (here && state.get().needs_attention() && session.can_delete()).then(|| view! {
                <div class="dialog-actions">
                    <button class="button" type="button" data-testid="restore-tag" disabled=move || busy.get() on:click=move |_| act(true)>
                        {session.t(text::RESTORE_TAG)}
                    </button>
                    <button class="button danger" type="button" data-testid="finish-untag" disabled=move || busy.get() on:click=move |_| act(false)>
                        {session.t(text::FINISH_UNTAG)}
                    </button>
                </div>
            })}
            {(!here).then(|| view! { <p class="muted">{session.t(text::OTHER_REGISTRY_RUN)}</p> })}
        </article>
    }
}
