//! Deleting many tags: the selection grouped by digest with every tag that
//! goes, a typed confirmation, then the run (`RunView`), which belongs to
//! the session and goes on if the dialog is closed. `TargetList` is also
//! the clean-up page's list of blocked digests.

use super::confirm::{ConfirmActions, RunDialog, TypeToConfirm};
use super::gc_panel::Frees;
use crate::components::error_panel::ErrorPanel;
use crate::deletes::runs::{Run, Runs};
use crate::i18n::{phrase, text};
use crate::registry::bulk::group;
use crate::registry::digest::Digest;
use crate::registry::engine::{Job, Target};
use crate::registry::error::RegistryError;
use crate::registry::image::ImageSummary;
use crate::registry::reference::RepositoryName;
use crate::registry::storage::seen_images;
use crate::repo::Repo;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The bulk delete dialog for `selection` (tags of `name`).
#[component]
pub fn BulkDeleteDialog(
    name: RepositoryName,
    selection: Vec<String>,
    /// Image summaries the page has loaded (for the reclaim estimate).
    seen: Signal<BTreeMap<Digest, ImageSummary>>,
    on_close: Callback<()>,
    /// Called once every answer is in (the list reloads).
    on_done: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let transport = WebTransport::for_view();
    let registry = session.registry();
    let reloading = RwSignal::new(false);
    let repo = Repo::new(name.clone(), registry.clone(), transport.clone());
    let survey = LocalResource::new(move || {
        let (name, registry, transport) = repo.parts();
        async move {
            let tags = registry.list_tags(&transport, &name).await?;
            let survey = registry.survey(&transport, &name, &tags).await?;
            Ok::<_, RegistryError>((tags, survey))
        }
    });
    let runs = Runs::expect();
    let run: RwSignal<Option<Run>, LocalStorage> = RwSignal::new_local(None);
    let typed = RwSignal::new(String::new());
    let expected = name.to_string();
    let title_count = selection.len();
    let lang = session.lang;
    let ask = move || {
        let (selection, name, expected) = (selection.clone(), name.clone(), expected.clone());
        view! {
            <Transition fallback=move || view! { <p class="loading">{session.t(text::CHECKING_WHAT_GOES)}</p> } set_pending=reloading>
                {move || {
                    let (selection, name, expected) = (selection.clone(), name.clone(), expected.clone());
                    Suspend::new(async move {
                        match survey.await {
                            // While "Try again" runs, say so instead of
                            // leaving the old error on screen.
                            Err(error) => view! {
                                <Show
                                    when=move || !reloading.get()
                                    fallback=move || view! { <p class="loading" data-testid="bulk-rechecking">{session.t(text::CHECKING_WHAT_GOES)}</p> }
                                >
                                    <ErrorPanel error=error.clone() on_retry=Callback::new(move |_| survey.refetch())/>
                                </Show>
                                <div class="dialog-actions">
                                    <button class="button secondary" type="button" on:click=move |_| on_close.run(())>{session.t(text::CLOSE)}</button>
                                </div>
                            }.into_any(),
                            Ok((tags, survey)) => {
                                let grouped = group(&selection, &survey);
                                let sendable = grouped.sendable();
                                let n = sendable.len();
                                let sendable_going: Vec<(String, Digest)> = sendable
                                    .iter()
                                    .map(|t| (name.to_string(), t.digest.clone()))
                                    .collect();
                                let (tag_count, sibling_count) = (grouped.tag_count(), grouped.sibling_count());
                                let ready = {
                                    let expected = expected.clone();
                                    move || n > 0 && typed.get().trim() == expected
                                };
                                let go = {
                                    let name = name.clone();
                                    move |_| {
                                        let job = Job {
                                            name: name.clone(),
                                            targets: sendable.clone(),
                                            known_tags: tags.clone(),
                                            seen: seen.get_untracked(),
                                        };
                                        run.set(Some(runs.start(session.registry(), vec![job], Some(on_done))));
                                    }
                                };
                                view! {
                                    <p data-testid="bulk-summary">
                                        {move || phrase::bulk_summary(lang.get(), n, tag_count, sibling_count)}
                                    </p>
                                    <TargetList targets=grouped.targets.clone()/>
                                    {(!grouped.missing.is_empty()).then(|| view! {
                                        <p class="muted" data-testid="bulk-missing">
                                            {session.t(text::TAGS_NO_LONGER_EXIST)} " " {grouped.missing.join(", ")}
                                        </p>
                                    })}
                                    <Frees
                                        going=sendable_going.clone()
                                        seen=seen.with_untracked(|s| seen_images(name.as_str(), s).collect())
                                        testid="bulk-frees"
                                    />
                                    <TypeToConfirm prompt=text::TYPE_REPOSITORY_TO_CONFIRM expected=expected.clone() typed testid="bulk-confirm-input"/>
                                    <ConfirmActions
                                        on_cancel=on_close
                                        ready=Signal::derive(ready)
                                        label=Signal::derive(move || phrase::delete_images(lang.get(), n))
                                        testid="bulk-confirm"
                                        on_confirm=Callback::new(go)
                                    />
                                }.into_any()
                            }
                        }
                    })
                }}
            </Transition>
        }
    };
    view! {
        <RunDialog
            title_id="bulk-title"
            title=Signal::derive(move || phrase::delete_selected_title(lang.get(), title_count))
            testid="bulk-dialog"
            wide=true
            on_close
            run
            ask=ViewFn::from(ask)
        />
    }
}

/// What goes, one row per digest: the chosen tags, the tags that go with
/// them, index children, attachments left behind, and blocked digests.
#[component]
pub fn TargetList(targets: Vec<Target>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    view! {
        <div class="target-list" data-testid="bulk-targets">
            {targets.into_iter().map(|t| {
                let blocked = t.is_blocked();
                let siblings: Vec<String> = t.siblings().into_iter().map(String::from).collect();
                let digest = t.digest.to_string();
                let digest_title = digest.clone();
                let short = t.digest.short().to_string();
                let children = t.children;
                let attachments = t.attachments.len();
                let blockers = t.blocked_by.iter().map(|(tag, _)| tag.clone()).collect::<Vec<_>>().join(", ");
                view! {
                    <div class="target" class:blocked=blocked data-testid="bulk-target" data-digest=digest>
                        <span class="mono muted digest-short" title=digest_title>{short}</span>
                        <span class="target-tags">
                            {t.selected.iter().map(|tag| view! { <span class="badge arch" data-testid="bulk-selected-tag">{tag.clone()}</span> }).collect_view()}
                            {siblings.into_iter().map(|tag| view! {
                                <span class="badge shared" data-testid="bulk-sibling-tag" title=move || text::ALSO_GOES.get(lang.get())>
                                    {tag} " +"
                                </span>
                            }).collect_view()}
                        </span>
                        {(children > 0).then(|| view! { <span class="muted small">{move || phrase::children_untagged(lang.get(), children)}</span> })}
                        {(attachments > 0).then(|| view! { <span class="muted small">{move || phrase::attachments_stay(lang.get(), attachments)}</span> })}
                        {blocked.then(|| view! {
                            <span class="row-error small" data-testid="bulk-blocked">{move || text::NOT_SENT_BLOCKED.get(lang.get())} " (" {blockers.clone()} ")"</span>
                        })}
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
