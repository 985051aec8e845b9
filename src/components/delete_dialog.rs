//! Deleting one manifest: the whole truth first (sibling tags, index
//! children, blocking parents, attachments), a typed confirmation, a last
//! check that the tag has not moved, then the DELETE and its result.

use crate::components::error_panel::ErrorPanel;
use crate::components::gc_panel::GcPanel;
use crate::components::untag::UntagFlow;
use crate::i18n::{phrase, text};
use crate::registry::client::DeleteOutcome;
use crate::registry::deletion::{Abort, DeleteImpact};
use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::image::ImageSummary;
use crate::registry::reclaim::{estimate, Estimate};
use crate::registry::reference::{Reference, RepositoryName, Tag};
use crate::routes::AppRoute;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::BTreeMap;

/// What happened when the user confirmed.
#[derive(Clone, Debug, PartialEq)]
enum Ran {
    Done {
        outcome: DeleteOutcome,
        attachments: Vec<(String, Result<DeleteOutcome, RegistryError>)>,
    },
    Moved,
    Failed(RegistryError),
}

/// The delete confirmation for `digest`, opened from `reference` (a tag the
/// user was looking at, or the digest itself).
#[component]
pub fn DeleteDialog(
    name: RepositoryName,
    reference: Reference,
    digest: Digest,
    /// Close without deleting.
    on_close: Callback<()>,
    /// Called from the result view when given (the tag list reloads);
    /// otherwise the result links back to the repository.
    #[prop(optional)]
    on_finished: Option<Callback<()>>,
    /// Image summaries the page has loaded, for the reclaim estimate.
    #[prop(optional)]
    seen: Option<Signal<BTreeMap<Digest, ImageSummary>>>,
) -> impl IntoView {
    let session = Session::expect();
    let transport = WebTransport::for_view();
    let registry = session.registry();
    let impact = {
        let (name, digest, transport, registry) = (
            name.clone(),
            digest.clone(),
            transport.clone(),
            registry.clone(),
        );
        LocalResource::new(move || {
            let (name, digest, transport, registry) = (
                name.clone(),
                digest.clone(),
                transport.clone(),
                registry.clone(),
            );
            async move {
                let tags = registry.list_tags(&transport, &name).await?;
                registry
                    .delete_impact(&transport, &name, &digest, &tags)
                    .await
            }
        })
    };
    let with_attachments = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let run = {
        let (name, reference, digest, transport, registry) = (
            name.clone(),
            reference.clone(),
            digest.clone(),
            transport.clone(),
            registry.clone(),
        );
        Action::new_local(move |impact: &DeleteImpact| {
            let (name, reference, digest, transport, registry, impact) = (
                name.clone(),
                reference.clone(),
                digest.clone(),
                transport.clone(),
                registry.clone(),
                impact.clone(),
            );
            let attachments_too = with_attachments.get_untracked();
            async move {
                // The last check: the tag still points where the user saw it.
                if let Reference::Tag(tag) = &reference {
                    match registry.recheck(&transport, &name, tag, &digest).await {
                        Ok(()) => {}
                        Err(Abort::TagMoved { .. }) => return Ran::Moved,
                        Err(Abort::Registry(e)) => return Ran::Failed(e),
                    }
                }
                let outcome = match registry
                    .delete_manifest(&transport, &name, &Reference::Digest(digest.clone()))
                    .await
                {
                    Ok(o) => o,
                    Err(e) => return Ran::Failed(e),
                };
                let mut attachments = Vec::new();
                if attachments_too {
                    for (tag, _) in &impact.attachments {
                        let result = match Tag::parse(tag) {
                            Ok(t) => match registry
                                .resolve_digest(&transport, &name, &Reference::Tag(t))
                                .await
                            {
                                Ok(d) => {
                                    registry
                                        .delete_manifest(&transport, &name, &Reference::Digest(d))
                                        .await
                                }
                                Err(e) => Err(e),
                            },
                            Err(e) => Err(RegistryError::InvalidReference {
                                input: tag.clone(),
                                reason: e.to_string(),
                            }),
                        };
                        attachments.push((tag.clone(), result));
                    }
                }
                Ran::Done {
                    outcome,
                    attachments,
                }
            }
        })
    };
    // What the user confirmed: run again as it was after they sign in
    // (the recheck runs again too).
    let confirmed: StoredValue<Option<DeleteImpact>> = StoredValue::new(None);
    let sign_in_and_rerun = Callback::new(move |_| {
        if let Some(impact) = confirmed.get_value() {
            run.dispatch(impact);
        }
    });
    // Untag only: the flow replaces the impact view.
    let untagging = RwSignal::new(false);
    let untag_busy = RwSignal::new(false);
    // Esc closes while nothing is running.
    let esc = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && !run.pending().get_untracked() && !untag_busy.get_untracked() {
            on_close.run(());
        }
    });
    on_cleanup(move || esc.remove());
    let lang = session.lang;
    let repo_href = AppRoute::Repository(name.clone()).href();
    let shown_tag = match &reference {
        Reference::Tag(t) => Some(t.to_string()),
        Reference::Digest(_) => None,
    };
    let digest_text = digest.to_string();
    let untag_siblings: StoredValue<Vec<String>> = StoredValue::new(Vec::new());
    let title_tag = shown_tag.clone().unwrap_or_default();
    view! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="delete-title" data-testid="delete-dialog">
                <h2 id="delete-title">{move || if untagging.get() {
                    phrase::remove_tag_title(lang.get(), &title_tag)
                } else {
                    text::DELETE_IMAGE.get(lang.get()).to_string()
                }}</h2>
                <Show when=move || !untagging.get()>
                    <p>{session.t(text::DELETE_WHAT)} " " <code class="mono" data-testid="delete-digest">{digest_text.clone()}</code></p>
                </Show>
                {move || match run.value().get() {
                    None if untagging.get() => {
                        let Reference::Tag(tag) = reference.clone() else { return ().into_any() };
                        let siblings: Vec<String> = untag_siblings.get_value().into_iter().filter(|t| *t != tag.to_string()).collect();
                        let repo_href = repo_href.clone();
                        view! {
                            <UntagFlow name=name.clone() tag digest=digest.clone() siblings busy=untag_busy on_close on_finished repo_href/>
                        }.into_any()
                    }
                    Some(ran) => {
                        let estimate = match &ran {
                            Ran::Done { outcome: DeleteOutcome::Deleted, .. } => {
                                seen.map(|s| estimate(std::slice::from_ref(&digest), &s.get_untracked()))
                            }
                            _ => None,
                        };
                        view! { <DeleteResult ran repo_href=repo_href.clone() on_finished estimate rerun=sign_in_and_rerun/> }.into_any()
                    }
                    None => {
                        let shown_tag = shown_tag.clone();
                        view! {
                            <Transition fallback=move || view! { <p class="loading">{session.t(text::CHECKING_WHAT_GOES)}</p> }>
                                {move || {
                                    let shown_tag = shown_tag.clone();
                                    Suspend::new(async move {
                                        match impact.await {
                                            Err(error) => view! { <ErrorPanel error/> }.into_any(),
                                            Ok(impact) => {
                                                // A click is enough for the one tag the user is on; otherwise type it.
                                                let expected = shown_tag.clone().or_else(|| impact.tags.first().cloned());
                                                let needs_typing = impact.tags.len() > 1 || (shown_tag.is_none() && !impact.tags.is_empty());
                                                let blocked = impact.is_blocked();
                                                let ready = {
                                                    let expected = expected.clone();
                                                    move || !blocked && (!needs_typing || expected.as_deref() == Some(typed.get().trim()))
                                                };
                                                let confirm_impact = impact.clone();
                                                // Untag only: the tag the user is on, when other tags keep the image.
                                                let can_untag = shown_tag.is_some() && impact.tags.len() > 1;
                                                untag_siblings.set_value(impact.tags.clone());
                                                view! {
                                                    <ImpactView impact=impact.clone() with_attachments/>
                                                    {(needs_typing && !blocked).then(|| view! {
                                                        <label class="confirm-label">
                                                            {session.t(text::TYPE_TO_CONFIRM)} " " <code>{expected.clone().unwrap_or_default()}</code>
                                                            <input class="filter" data-testid="confirm-input" bind:value=typed autocomplete="off"/>
                                                        </label>
                                                    })}
                                                    <div class="dialog-actions">
                                                        <button class="button secondary" type="button" on:click=move |_| on_close.run(())>
                                                            {session.t(text::CANCEL)}
                                                        </button>
                                                        {can_untag.then(|| view! {
                                                            <button class="button secondary" type="button" data-testid="untag-start" on:click=move |_| untagging.set(true)>
                                                                {session.t(text::REMOVE_ONLY_THIS_TAG)}
                                                            </button>
                                                        })}
                                                        <button
                                                            class="button danger"
                                                            type="button"
                                                            data-testid="confirm-delete"
                                                            disabled=move || !ready() || run.pending().get()
                                                            on:click=move |_| { confirmed.set_value(Some(confirm_impact.clone())); run.dispatch(confirm_impact.clone()); }
                                                        >
                                                            {move || if run.pending().get() { text::DELETING.get(lang.get()) } else { text::DELETE.get(lang.get()) }}
                                                        </button>
                                                    </div>
                                                }.into_any()
                                            }
                                        }
                                    })
                                }}
                            </Transition>
                        }.into_any()
                    }
                }}
            </div>
        </div>
    }
}

/// The facts of a delete, before confirming.
#[component]
fn ImpactView(impact: DeleteImpact, with_attachments: RwSignal<bool>) -> impl IntoView {
    let session = Session::expect();
    let tags = impact.tags.clone();
    let children = impact.children.clone();
    let parents = impact.parents.clone();
    let attachments = impact.attachments.clone();
    view! {
        {if tags.is_empty() {
            view! { <p class="muted">{session.t(text::NO_TAGS_POINT)}</p> }.into_any()
        } else {
            view! {
                <p>{session.t(text::TAGS_THAT_GO)}</p>
                <ul class="impact-list" data-testid="impact-tags">
                    {tags.into_iter().map(|t| view! { <li class="mono">{t}</li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(!children.is_empty()).then(|| view! {
            <p>{session.t(text::CHILDREN_UNTAGGED)}</p>
            <ul class="impact-list" data-testid="impact-children">
                {children.into_iter().map(|c| view! { <li><span class="mono">{c.what}</span> " " <span class="muted mono">{c.digest}</span></li> }).collect_view()}
            </ul>
        })}
        {(!parents.is_empty()).then(|| view! {
            <div class="error-panel" role="alert" data-testid="impact-blocked">
                <p class="error-title">{session.t(text::BLOCKED)}</p>
                <ul class="impact-list">
                    {parents.into_iter().map(|(tag, d)| view! { <li><span class="mono">{tag}</span> " " <span class="muted mono">{d}</span></li> }).collect_view()}
                </ul>
            </div>
        })}
        {(!attachments.is_empty()).then(|| view! {
            <p>{session.t(text::ATTACHED_STAY)}</p>
            <ul class="impact-list" data-testid="impact-attachments">
                {attachments.into_iter().map(|(t, k)| view! { <li><span class="badge good">{k.label()}</span> " " <span class="mono">{t}</span></li> }).collect_view()}
            </ul>
            <label class="toggle">
                <input type="checkbox" data-testid="delete-attachments" bind:checked=with_attachments/>
                {session.t(text::ALSO_DELETE_ATTACHED)}
            </label>
        })}
    }
}

/// What the delete did, and what to do next.
#[component]
fn DeleteResult(
    ran: Ran,
    repo_href: String,
    on_finished: Option<Callback<()>>,
    estimate: Option<Estimate>,
    /// Runs the confirmed delete again (after signing in).
    rerun: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let outcome = |o: &DeleteOutcome| match o {
        DeleteOutcome::Deleted => text::DELETED,
        DeleteOutcome::AlreadyGone => text::ALREADY_GONE,
        DeleteOutcome::GoneAfterCheck => text::GONE_AFTER_CHECK,
    };
    let body = match ran {
        Ran::Moved => view! { <p class="error-title" data-testid="delete-result" data-result="moved">{session.t(text::TAG_MOVED)}</p> }.into_any(),
        Ran::Failed(error) => {
            if error == RegistryError::DeleteDisabled {
                // Offer no more deletes on this registry.
                session.delete_refused.set(true);
            }
            // Refused for want of a sign-in: signing in runs it again.
            let panel = if matches!(error, RegistryError::Unauthorized { .. }) {
                view! { <ErrorPanel error on_retry=rerun/> }.into_any()
            } else {
                view! { <ErrorPanel error/> }.into_any()
            };
            view! {
            <div data-testid="delete-result" data-result="failed">{panel}</div>
        }.into_any()
        }
        Ran::Done { outcome: o, attachments } => {
            let label = outcome(&o);
            let kind = match o {
                DeleteOutcome::Deleted => "deleted",
                DeleteOutcome::AlreadyGone => "already-gone",
                DeleteOutcome::GoneAfterCheck => "gone-after-check",
            };
            view! {
                <p data-testid="delete-result" data-result=kind><strong>{session.t(label)}</strong></p>
                {(!attachments.is_empty()).then(|| view! {
                    <ul class="impact-list" data-testid="attachment-results">
                        {attachments.into_iter().map(|(tag, r)| {
                            let status = match &r {
                                Ok(o) => outcome(o).get(session.lang.get_untracked()).to_string(),
                                Err(e) => format!("{}: {}", text::FAILED.get(session.lang.get_untracked()), e.explain(session.lang.get_untracked()).title),
                            };
                            view! { <li><span class="mono">{tag}</span> " — " {status}</li> }
                        }).collect_view()}
                    </ul>
                })}
                {match estimate {
                    Some(estimate) => view! { <GcPanel estimate/> }.into_any(),
                    None => view! { <GcPanel/> }.into_any(),
                }}
            }.into_any()
        }
    };
    view! {
        {body}
        <div class="dialog-actions">
            {match on_finished {
                Some(done) => view! {
                    <button class="button" type="button" data-testid="close-result" on:click=move |_| done.run(())>
                        {session.t(text::CLOSE)}
                    </button>
                }.into_any(),
                None => view! {
                    <A href=repo_href attr:class="button" attr:data-testid="back-to-repository">{session.t(text::BACK_TO_REPOSITORY)}</A>
                }.into_any(),
            }}
        </div>
    }
}
