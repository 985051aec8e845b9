//! Deleting one manifest: the whole truth first (sibling tags, index
//! children, blocking parents, attachments), a typed confirmation, a last
//! check that the tag has not moved, then the DELETE and its result.

use super::confirm::{ConfirmActions, RunDialog, TypeToConfirm};
use super::gc_panel::{Frees, GcPanel};
use super::untag::UntagFlow;
use crate::components::awaited::Awaited;
use crate::components::error_panel::ErrorPanel;
use crate::deletes::runs::{check_again, Run, Runs};
use crate::i18n::{phrase, text};
use crate::registry::deletion::{DeleteImpact, SingleDelete};
use crate::registry::digest::Digest;
use crate::registry::engine::Outcome;
use crate::registry::error::RegistryError;
use crate::registry::image::ImageSummary;
use crate::registry::reference::{Reference, RepositoryName};
use crate::registry::storage::seen_images;
use crate::repo::Repo;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::BTreeMap;

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
    let repo = Repo::new(name.clone(), registry.clone(), transport.clone());
    let repo_name = StoredValue::new(name.clone());
    let target = StoredValue::new(digest.clone());
    let impact = LocalResource::new(move || {
        let ((name, registry, transport), digest) = (repo.parts(), target.get_value());
        async move { registry.single_delete(&transport, &name, &digest).await }
    });
    // Without the page's summaries (the image page), the target's own is
    // read, so the reclaim estimate counts it instead of saying nothing.
    let own_summary = seen.is_none().then(|| {
        LocalResource::new(move || {
            let ((name, registry, transport), digest) = (repo.parts(), target.get_value());
            async move {
                let reference = Reference::Digest(digest.clone());
                let Ok(fetched) = registry.get_manifest(&transport, &name, &reference).await else {
                    return BTreeMap::new();
                };
                registry
                    .summarize(&transport, &name, fetched)
                    .await
                    .map(|s| BTreeMap::from([(digest, s)]))
                    .unwrap_or_default()
            }
        })
    });
    let seen_now = move || match (seen, own_summary) {
        (Some(s), _) => s.get_untracked(),
        (None, Some(own)) => own.get().unwrap_or_default(),
        (None, None) => BTreeMap::new(),
    };
    let with_attachments = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    // The run, once the user confirmed; it belongs to the session and goes
    // on if the dialog goes.
    let runs = Runs::expect();
    let run: RwSignal<Option<Run>, LocalStorage> = RwSignal::new_local(None);
    let shown = match &reference {
        Reference::Tag(t) => Some(t.to_string()),
        Reference::Digest(_) => None,
    };
    // What the user confirmed: run again as it was after they sign in (the
    // engine checks everything again).
    let confirmed: StoredValue<Option<SingleDelete>> = StoredValue::new(None);
    let start = {
        let shown = shown.clone();
        move || {
            let Some(one) = confirmed.get_value() else {
                return;
            };
            let job = one.job(
                shown.as_deref(),
                with_attachments.get_untracked(),
                untrack(seen_now),
            );
            // The result view's Close button calls `on_finished`.
            run.set(Some(runs.start(session.registry(), vec![job], None)));
        }
    };
    let start = StoredValue::new_local(start);
    let sign_in_and_rerun = Callback::new(move |_| start.with_value(|f| f()));
    // Untag only: the flow replaces the impact view.
    let untagging = RwSignal::new(false);
    let untag_busy = RwSignal::new(false);
    // Escape closes while nothing is running.
    let can_close = Signal::derive(move || {
        let running = run.with(|r| r.as_ref().is_some_and(|r| !r.finished.get()));
        !running && !untag_busy.get()
    });
    let lang = session.lang;
    let repo_href = AppRoute::Repository(name.clone()).href();
    let shown_tag = shown.clone();
    let digest_text = digest.to_string();
    let title_tag = shown_tag.clone().unwrap_or_default();
    let title = Signal::derive(move || {
        if untagging.get() {
            phrase::remove_tag_title(lang.get(), &title_tag)
        } else {
            text::DELETE_IMAGE.get(lang.get()).to_string()
        }
    });
    let digest_line = move || {
        let digest_text = digest_text.clone();
        view! {
            <Show when=move || !untagging.get()>
                <p>{session.t(text::DELETE_WHAT)} " " <code class="mono" data-testid="delete-digest">{digest_text.clone()}</code></p>
            </Show>
        }
    };
    let shown = {
        let (digest_line, name, digest, repo_href) = (
            digest_line.clone(),
            name.clone(),
            digest.clone(),
            repo_href.clone(),
        );
        Callback::new(move |run: Run| {
            view! {
                {digest_line()}
                <DeleteResult run repo_name=name.clone() digest=digest.clone() repo_href=repo_href.clone() on_finished rerun=sign_in_and_rerun/>
            }
            .into_any()
        })
    };
    let ask = move || {
        let body = if untagging.get() {
            let Reference::Tag(tag) = reference.clone() else {
                return ().into_any();
            };
            // The tags that keep the image: from what the dialog showed.
            let shown_tags = impact
                .get_untracked()
                .and_then(|r| r.ok())
                .map(|one| one.impact.tags)
                .unwrap_or_default();
            let siblings: Vec<String> = shown_tags
                .into_iter()
                .filter(|t| *t != tag.to_string())
                .collect();
            let repo_href = repo_href.clone();
            view! {
                <UntagFlow name=name.clone() tag digest=digest.clone() siblings busy=untag_busy on_close on_finished repo_href/>
            }.into_any()
        } else {
            let shown_tag = shown_tag.clone();
            view! {
                <Awaited resource=impact loading=text::CHECKING_WHAT_GOES ok=move |one: SingleDelete| {
                    let shown_tag = shown_tag.clone();
                    let impact = one.impact.clone();
                    // A click is enough for the one tag the user is on; otherwise type it.
                    let expected = shown_tag.clone().or_else(|| impact.tags.first().cloned());
                    let needs_typing = impact.tags.len() > 1 || (shown_tag.is_none() && !impact.tags.is_empty());
                    let blocked = impact.is_blocked();
                    let ready = {
                        let expected = expected.clone();
                        move || !blocked && (!needs_typing || expected.as_deref() == Some(typed.get().trim()))
                    };
                    // Untag only: the tag the user is on, when other tags keep the image.
                    let can_untag = shown_tag.is_some() && impact.tags.len() > 1;
                    view! {
                        <ImpactView impact=impact.clone() with_attachments/>
                        {(!blocked).then_some(move || {
                            let repository = repo_name.get_value().to_string();
                            let seen = seen_images(&repository, &seen_now()).collect();
                            view! { <Frees going=vec![(repository, target.get_value())] seen testid="delete-frees"/> }
                        })}
                        {(needs_typing && !blocked).then(|| view! {
                            <TypeToConfirm prompt=text::TYPE_TO_CONFIRM expected=expected.clone().unwrap_or_default() typed testid="confirm-input"/>
                        })}
                        <ConfirmActions
                            on_cancel=on_close
                            ready=Signal::derive(ready)
                            label=Signal::derive(move || text::DELETE.get(lang.get()).to_string())
                            testid="confirm-delete"
                            on_confirm=Callback::new(move |_| {
                                confirmed.set_value(Some(one.clone()));
                                start.with_value(|f| f());
                            })
                        >
                            {can_untag.then(|| view! {
                                <button class="button secondary" type="button" data-testid="untag-start" on:click=move |_| untagging.set(true)>
                                    {session.t(text::REMOVE_ONLY_THIS_TAG)}
                                </button>
                            })}
                        </ConfirmActions>
                    }.into_any()
                }/>
            }.into_any()
        };
        view! { {digest_line()} {body} }.into_any()
    };
    view! {
        <RunDialog title_id="delete-title" title testid="delete-dialog" on_close can_close run shown ask=ViewFn::from(ask)/>
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

/// What the delete did, and what to do next: while it runs, progress and
/// cancel; then the outcome of the image (and of each attachment).
#[component]
fn DeleteResult(
    run: Run,
    /// The repository (for the check-by-hand command).
    repo_name: RepositoryName,
    digest: Digest,
    repo_href: String,
    on_finished: Option<Callback<()>>,
    /// Runs the confirmed delete again (after signing in).
    rerun: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let (reports, finished) = (run.reports, run.finished);
    let main = {
        let digest = digest.clone();
        Memo::new(move |_| {
            reports.with(|r| {
                r.iter()
                    .filter_map(|x| x.item.item_report())
                    .find(|x| x.digest == digest)
                    .map(|x| x.outcome)
            })
        })
    };
    let others = {
        let digest = digest.clone();
        move || {
            reports.with(|r| {
                r.iter()
                    .filter_map(|x| x.item.item_report())
                    .filter(|x| x.digest != digest)
                    .collect::<Vec<_>>()
            })
        }
    };
    let cancel_run = run.clone();
    let result_run = run.clone();
    view! {
        {move || match main.get() {
            None => view! {
                <p class="loading" data-testid="delete-running">{session.t(text::DELETING)}</p>
                <div class="dialog-actions">
                    <button class="button secondary" type="button" data-testid="delete-cancel" disabled=move || run.cancelling.get() on:click={
                        let run = cancel_run.clone();
                        move |_| run.cancel()
                    }>
                        {move || if run.cancelling.get() { text::CANCELLING.get(lang.get()) } else { text::CANCEL.get(lang.get()) }}
                    </button>
                </div>
            }.into_any(),
            Some(outcome) => {
                let kind = outcome.kind();
                let gone = outcome.is_gone();
                let body = match &outcome {
                    Outcome::Failed(error) => {
                        let error = error.clone();
                        // Refused for want of a sign-in: signing in runs it again.
                        if matches!(error, RegistryError::Unauthorized { .. }) {
                            view! { <ErrorPanel error on_retry=rerun/> }.into_any()
                        } else {
                            view! { <ErrorPanel error/> }.into_any()
                        }
                    }
                    _ => {
                        let o = outcome.clone();
                        let unknown = outcome.is_unknown();
                        let index = reports.with_untracked(|r| r.iter().position(|x| x.item.digest == digest));
                        let again_run = result_run.clone();
                        view! {
                            // Unknown is not a failure: said in the warning colour, as a sentence.
                            <p class="outcome" class:error-title=!gone && !unknown class:warn-text=unknown>
                                {move || phrase::outcome(lang.get(), &o)}
                            </p>
                            {unknown.then(|| {
                                let command = format!(
                                    "curl -sI -H 'Accept: {}' {}",
                                    crate::registry::response::MANIFEST_ACCEPT,
                                    session.registry().url(&crate::registry::reference::paths::manifest(&repo_name, &Reference::Digest(digest.clone())))
                                );
                                view! {
                                    <p class="muted small">{session.t(text::CHECK_BY_HAND)}</p>
                                    <pre class="raw" data-testid="check-command">{command}</pre>
                                }
                            })}
                            {(unknown && index.is_some()).then(|| view! {
                                <button class="button secondary small" type="button" data-testid="check-again" on:click={
                                    let run = again_run.clone();
                                    move |_| check_again(&run, index.unwrap_or_default())
                                }>{session.t(text::CHECK_AGAIN)}</button>
                            })}
                        }.into_any()
                    }
                };
                view! {
                    <div data-testid="delete-result" data-result=kind>{body}</div>
                }.into_any()
            }
        }}
        {move || {
            let others = others();
            (!others.is_empty()).then(|| view! {
                <ul class="impact-list" data-testid="attachment-results">
                    {others.into_iter().map(|r| {
                        let o = r.outcome.clone();
                        view! { <li data-outcome=r.outcome.kind()><span class="mono">{r.tags.join(", ")}</span> " — " {move || phrase::outcome(lang.get(), &o)}</li> }
                    }).collect_view()}
                </ul>
            })
        }}
        <Show when=move || finished.get()>
            {move || {
                let gone = main.get().is_some_and(|o| o.is_gone());
                gone.then(|| view! { <GcPanel estimate=run.estimate.get().unwrap_or_default()/> })
            }}
            <div class="dialog-actions">
                {match on_finished {
                    Some(done) => view! {
                        <button class="button" type="button" data-testid="close-result" on:click=move |_| done.run(())>
                            {session.t(text::CLOSE)}
                        </button>
                    }.into_any(),
                    None => view! {
                        <A href=repo_href.clone() attr:class="button" attr:data-testid="back-to-repository">{session.t(text::BACK_TO_REPOSITORY)}</A>
                    }.into_any(),
                }}
            </div>
        </Show>
    }
}
