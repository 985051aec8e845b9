//! Untags left half-way (the placeholder workaround stopped between its
//! steps): restore the tag, or finish removing it.

use crate::deletes::journal::{self, UntagRecord, UntagState};
use crate::deletes::runs::Runs;
use crate::i18n::Explain;
use crate::i18n::{phrase, text};
use crate::registry::digest::Digest;
use crate::registry::engine::{Job, Outcome, Target};
use crate::registry::error::RegistryError;
use crate::registry::reference::{Reference, RepositoryName, Tag};
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;

/// An untag that stopped half-way: restore the tag, or finish removing it.
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
                    .and_then(|r| r.item.item_report())
                    .map(|r| r.outcome);
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
                        runs.checked_one();
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
