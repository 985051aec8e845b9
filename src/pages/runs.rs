//! `/runs`: delete runs of this tab (live, with cancel) and earlier ones
//! from the journal (after a reload or a closed tab), whose unknown
//! outcomes can be checked again with one click; untags left half-way; tag
//! writes. Each run is `deletes::RunView`.

use crate::deletes::journal::{self, UntagRecord};
use crate::deletes::pending_untag::PendingUntag;
use crate::deletes::run_view::RunView;
use crate::deletes::runs::{Run, Runs};
use crate::i18n::{phrase, text};
use crate::session::Session;
use crate::tag_writes::history::TagWrites;
use crate::timestamp::format_utc;
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
                    {live.into_iter().map(|run| view! { <RunCard run/> }).collect_view()}
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
                    let earlier: Vec<Run> = journal
                        .await
                        .into_iter()
                        .filter(|(r, _)| !live_ids.contains(&r.id))
                        .map(|(record, items)| Run::past(record, items))
                        .collect();
                    if earlier.is_empty() && live_ids.is_empty() {
                        // Beside untags left half-way, "no runs" would read as
                        // if those were not there.
                        let pending = untags.await.iter().any(UntagRecord::needs_attention);
                        let none = if pending { text::NO_OTHER_RUNS } else { text::NO_RUNS };
                        return view! { <p class="muted" data-testid="no-runs">{session.t(none)}</p> }.into_any();
                    }
                    view! {
                        {(!earlier.is_empty()).then(|| view! { <h2>{session.t(text::EARLIER_RUNS)}</h2> })}
                        {earlier.into_iter().map(|run| view! { <RunCard run/> }).collect_view()}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// A run with its title: live, or from the journal (then with its
/// registry, and whether it was left unfinished).
#[component]
fn RunCard(run: Run) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let title = {
        let (repos, total) = (run.repos.clone(), run.total);
        let started = format_utc((run.started_at / 1000.0) as i64);
        move || phrase::run_title(lang.get(), &repos, total, &started)
    };
    if !run.past {
        let id = run.id.clone();
        return view! {
            <article class="run-card" data-testid="live-run" data-run=id>
                <h3 class="mono">{title}</h3>
                <RunView run/>
            </article>
        }
        .into_any();
    }
    let here = session.registry().base() == run.registry;
    let finished = run.finished.get_untracked();
    let any_unknown = run
        .reports
        .with_untracked(|v| v.iter().any(|i| i.is_unknown()));
    let (id, registry) = (run.id.clone(), run.registry.clone());
    view! {
        <article class="run-card" data-testid="past-run" data-run=id data-finished=finished.to_string()>
            <h3 class="mono">{title}</h3>
            <p class="muted small mono">{registry}</p>
            {(!finished).then(|| view! { <p class="warn-text" data-testid="run-unfinished">{session.t(text::UNFINISHED_RUN)}</p> })}
            {(!here && any_unknown).then(|| view! { <p class="muted">{session.t(text::OTHER_REGISTRY_RUN)}</p> })}
            <RunView run/>
        </article>
    }
    .into_any()
}
