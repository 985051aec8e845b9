//! Untags left half-way (the placeholder workaround stopped between its
//! steps): restore the tag, or finish removing it.

use crate::deletes::journal::{UntagJournal, UntagRecord, UntagState};
use crate::deletes::runs::Runs;
use crate::i18n::explain::record_failure;
use crate::i18n::Explain;
use crate::i18n::{phrase, text};
use crate::registry::client::{Registry, Transport};
use crate::registry::digest::Digest;
use crate::registry::engine::{Job, Outcome, Stop};
use crate::registry::error::RecordFailure;
use crate::registry::untag::{Resume, ResumeError, UntagObserver};
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use std::future::Future;

/// The journal, and finishing as a delete like any other: one run through
/// the session's run service (journaled before it is sent, listed on
/// `/runs`).
struct Resuming {
    journal: UntagJournal,
    runs: Runs,
}

impl UntagObserver for Resuming {
    fn recording(&self, state: UntagState) -> impl Future<Output = Result<(), RecordFailure>> {
        self.journal.recording(state)
    }

    fn settled(&self, state: UntagState) {
        self.journal.settled(state);
    }

    fn delete<T: Transport>(
        &self,
        registry: &Registry,
        _t: &T,
        job: Job,
    ) -> impl Future<Output = Outcome> {
        let (tx, rx) = futures::channel::oneshot::channel::<()>();
        let tx = StoredValue::new_local(Some(tx));
        let run = self.runs.start(
            registry.clone(),
            vec![job],
            Some(Callback::new(move |_| {
                if let Some(tx) = tx.try_update_value(Option::take).flatten() {
                    let _ = tx.send(());
                }
            })),
        );
        async move {
            let _ = rx.await;
            run.reports
                .get_untracked()
                .into_iter()
                .next()
                .and_then(|r| r.item.item_report())
                .map_or(Outcome::NotSent, |r| r.outcome)
        }
    }
}

/// An untag that stopped half-way: restore the tag, or finish removing it
/// ([`Registry::resume_untag`]).
#[component]
pub fn PendingUntag(record: UntagRecord) -> impl IntoView {
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
        let (Some(_), Some(runs)) = (r.parts(), runs) else {
            return;
        };
        let registry = session.registry();
        let transport = WebTransport::new();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            let how = if restore {
                Resume::Restore
            } else {
                Resume::Finish
            };
            let observer = Resuming {
                journal: UntagJournal { record: r.clone() },
                runs,
            };
            let outcome = registry.resume_untag(&transport, &r, how, &observer).await;
            busy.set(false);
            let why = match outcome {
                Ok(done) => {
                    runs.checked_one();
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
                    return;
                }
                Err(ResumeError::BadRecord) => return,
                Err(ResumeError::TagMoved { tag, now }) => match how {
                    Resume::Restore => phrase::tag_now_elsewhere(l, &tag, now.short()),
                    Resume::Finish => {
                        phrase::outcome(l, &Outcome::Stopped(Stop::MovedAway { tag, now }))
                    }
                },
                Err(ResumeError::NotRecorded { why }) => {
                    format!(
                        "{} ({})",
                        text::RESUME_NOT_RECORDED.get(l),
                        record_failure(l, why)
                    )
                }
                Err(ResumeError::Registry(e)) => e.explain(l).title,
                Err(ResumeError::NotDeleted(o)) => phrase::outcome(l, &o),
            };
            said.set(Some(why));
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
