//! The tag-write dialog: where to (repository and tag), "Check" reads what
//! the write does (new tag, copy with its blobs, or a move naming what the
//! tag points at now and what keeps that image), a typed confirmation for
//! a move, then the write, journaled first, and its result.

use super::Journaled;
use crate::components::error_panel::{ErrorPanel, ExplanationText};
use crate::components::modal::Modal;
use crate::i18n::explain::reference_problem;
use crate::i18n::tag_writes::{copy_error, phrase, text};
use crate::registry::copy::{AttachmentCopy, CopyError, CopyOutcome, CopyPlan, WriteKind};
use crate::registry::error::RegistryError;
use crate::registry::reference::{ImageReference, Reference, RepositoryName, Tag};
use crate::registry::tags::AttachmentKind;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::timestamp::format_size;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;

/// What "Check" found.
#[derive(Clone)]
struct Checked {
    plan: CopyPlan,
    /// For a move: the tags the old image keeps (besides this one).
    old_keeps: Option<Vec<String>>,
    /// For a copy: the image's attachments under tags in the source.
    attachments: Vec<(Tag, AttachmentKind)>,
}

/// Why "Check" found nothing to write.
#[derive(Clone)]
enum Problem {
    /// A repository or tag typed that breaks the grammar (already in words).
    Typed(String),
    Copy(CopyError),
    Registry(RegistryError),
}

/// Add a tag to the image `name`:`reference`, copy it to another
/// repository, or move a tag onto it.
#[component]
pub fn TagWriteDialog(
    /// The image's repository.
    name: RepositoryName,
    /// How the page names the image (a tag or its digest).
    reference: Reference,
    /// Close the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let dest_repo = RwSignal::new(name.to_string());
    let dest_tag = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let source = StoredValue::new((name.clone(), reference.clone()));

    let check = Action::new_local(move |(repo, tag): &(String, String)| {
        let (repo, tag) = (repo.trim().to_string(), tag.trim().to_string());
        let (name, reference) = source.get_value();
        let registry = session.registry();
        async move {
            let lang = lang.get_untracked();
            let dest = RepositoryName::parse(&repo)
                .map_err(|e| Problem::Typed(reference_problem(lang, &e)))?;
            let tag = Tag::parse(&tag).map_err(|e| Problem::Typed(reference_problem(lang, &e)))?;
            let t = WebTransport::new();
            let plan = registry
                .plan_copy(&t, &name, &reference, &dest, &tag)
                .await
                .map_err(Problem::Copy)?;
            let old_keeps = match (&plan.replaces, plan.kind()) {
                (Some(old), WriteKind::Move) => Some(
                    registry
                        .tags_on(&t, &dest, old)
                        .await
                        .map_err(Problem::Registry)?
                        .into_iter()
                        .filter(|t| t != tag.as_str())
                        .collect(),
                ),
                _ => None,
            };
            let attachments = if plan.same_repository() {
                Vec::new()
            } else {
                registry
                    .attachment_tags(&t, &name, &plan.digest)
                    .await
                    .map_err(Problem::Registry)?
            };
            Ok::<Checked, Problem>(Checked {
                plan,
                old_keeps,
                attachments,
            })
        }
    });

    let with_attachments = RwSignal::new(true);
    let write = Action::new_local(
        move |(plan, attachments): &(CopyPlan, Vec<(Tag, AttachmentKind)>)| {
            let (plan, attachments) = (plan.clone(), attachments.clone());
            let registry = session.registry();
            async move {
                // Not the view's transport: leaving the page does not cut a
                // write in half.
                let t = WebTransport::new();
                let base = registry.base().to_string();
                let observer = Journaled::new(base.clone(), progress);
                let result = registry.copy(&t, &plan, &observer).await;
                // Each attachment is a write of its own, journaled as one.
                let carried = match &result {
                    Ok(_) if !attachments.is_empty() => {
                        registry
                            .copy_attachments(&t, &plan, &attachments, || {
                                Journaled::new(base.clone(), progress)
                            })
                            .await
                    }
                    _ => Vec::new(),
                };
                (plan, result, carried)
            }
        },
    );
    let can_close = Signal::derive(move || !write.pending().get());
    let title = Signal::derive(move || text::TITLE.get(lang.get()).to_string());
    let on_check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        typed.set(String::new());
        check.dispatch((dest_repo.get_untracked(), dest_tag.get_untracked()));
    };
    // The inputs still name what was checked.
    let still_checked = move |plan: &CopyPlan| {
        dest_repo.with(|r| r.trim() == plan.dest.as_str())
            && dest_tag.with(|t| t.trim() == plan.tag.as_str())
    };

    view! {
        <Modal title_id="tag-write-title" title testid="tag-write-dialog" on_close can_close>
            <p class="muted">{session.t(text::INTRO)}</p>
            <p>
                <span class="mono" data-testid="write-source">{ImageReference { name: name.clone(), reference: reference.clone() }.to_string()}</span>
            </p>
            <form class="tag-write-form" on:submit=on_check>
                <label>
                    <span>{session.t(text::REPOSITORY)}</span>
                    <input class="filter mono" type="text" data-testid="write-repo" spellcheck="false" autocomplete="off" bind:value=dest_repo/>
                </label>
                <label>
                    <span>{session.t(text::TAG)}</span>
                    <input class="filter mono" type="text" data-testid="write-tag" spellcheck="false" autocomplete="off" bind:value=dest_tag/>
                </label>
                <button class="button secondary" type="submit" data-testid="write-check" disabled=move || write.pending().get() || write.value().with(|v| v.is_some())>
                    {session.t(text::CHECK)}
                </button>
            </form>
            {move || check.pending().get().then(|| view! { <p class="muted" role="status">{session.t(text::CHECKING)}</p> })}
            {move || {
                if check.pending().get() || write.value().with(|v| v.is_some()) || write.pending().get() {
                    return ().into_any();
                }
                match check.value().get() {
                    None => ().into_any(),
                    Some(Err(Problem::Typed(words))) => view! {
                        <p class="error-detail" role="alert" data-testid="write-typed-problem">{words}</p>
                    }.into_any(),
                    Some(Err(Problem::Registry(error))) => view! { <ErrorPanel error/> }.into_any(),
                    Some(Err(Problem::Copy(error))) => view! { <CopyErrorPanel error/> }.into_any(),
                    Some(Ok(checked)) => view! {
                        <PlanView checked=checked.clone() typed with_attachments/>
                        <div class="dialog-actions">
                            <button class="button secondary" type="button" on:click=move |_| on_close.run(())>
                                {session.t(text::CANCEL)}
                            </button>
                            {(checked.plan.kind() != WriteKind::AlreadyThere).then(|| {
                                let plan = checked.plan.clone();
                                let attachments = checked.attachments.clone();
                                let is_move = plan.kind() == WriteKind::Move;
                                let tag = plan.tag.to_string();
                                let ready = {
                                    let plan = plan.clone();
                                    move || still_checked(&plan) && (!is_move || typed.with(|t| t.trim() == tag))
                                };
                                view! {
                                    <button
                                        class="button"
                                        class:danger=is_move
                                        type="button"
                                        data-testid="write-confirm"
                                        disabled=move || !ready()
                                        on:click=move |_| {
                                            let carry = if with_attachments.get_untracked() { attachments.clone() } else { Vec::new() };
                                            write.dispatch((plan.clone(), carry));
                                        }
                                    >
                                        {if is_move { session.t(text::MOVE_TAG) } else { session.t(text::WRITE_TAG) }}
                                    </button>
                                }
                            })}
                        </div>
                    }.into_any(),
                }
            }}
            {move || write.pending().get().then(|| view! {
                <p role="status" data-testid="write-progress">
                    {move || match progress.get() {
                        Some((done, total)) => phrase::blob_progress(lang.get(), done, total),
                        None => text::WRITING.get(lang.get()).to_string(),
                    }}
                </p>
            })}
            {move || write.value().get().map(|(plan, result, carried)| view! { <WriteResult plan result carried on_close/> })}
        </Modal>
    }
}

/// What the write will do.
#[component]
fn PlanView(
    checked: Checked,
    typed: RwSignal<String>,
    with_attachments: RwSignal<bool>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let plan = checked.plan;
    let target = format!("{}:{}", plan.dest, plan.tag);
    let kind = plan.kind();
    let kind_name = match kind {
        WriteKind::AddTag => "add",
        WriteKind::Copy => "copy",
        WriteKind::Move => "move",
        WriteKind::AlreadyThere => "already-there",
    };
    let copy_line = (!plan.same_repository()).then(|| {
        let (blobs, size, from, platforms) = (
            plan.all_blobs().len(),
            format_size(plan.blob_bytes()),
            plan.source.to_string(),
            plan.children.len(),
        );
        view! { <p data-testid="write-copy">{move || phrase::copy_brings(lang.get(), blobs, &size, &from, platforms)}</p> }
    });
    let what = match (kind, &plan.replaces) {
        (WriteKind::AlreadyThere, _) => {
            view! { <p data-testid="write-already">{session.t(text::ALREADY_THERE)}</p> }.into_any()
        }
        (WriteKind::Move, Some(old)) => {
            let (t, old) = (target.clone(), old.to_string());
            let keeps = checked.old_keeps.unwrap_or_default();
            let tag = plan.tag.to_string();
            view! {
                <div class="notice" data-testid="write-move">
                    <p>{move || phrase::moves(lang.get(), &t, &old)}</p>
                    {if keeps.is_empty() {
                        view! { <p data-testid="write-old-untagged">{session.t(text::OLD_BECOMES_UNTAGGED)}</p> }.into_any()
                    } else {
                        let list = keeps.join(", ");
                        view! { <p data-testid="write-old-keeps">{move || phrase::old_keeps(lang.get(), &list)}</p> }.into_any()
                    }}
                </div>
                <label class="confirm-label">
                    <span>{session.t(text::TYPE_TAG_TO_MOVE)} " " <code>{tag}</code></span>
                    <input class="filter mono" type="text" data-testid="write-type-tag" spellcheck="false" autocomplete="off" bind:value=typed/>
                </label>
            }
            .into_any()
        }
        _ => view! { <p data-testid="write-new">{session.t(text::NEW_TAG)}</p> }.into_any(),
    };
    let attachments = (!checked.attachments.is_empty()).then(|| {
        let list: Vec<String> = checked.attachments.iter().map(|(t, k)| format!("{t} ({})", k.label())).collect();
        let n = list.len();
        view! {
            <label class="toggle" data-testid="write-attachments">
                <input type="checkbox" data-testid="write-with-attachments" bind:checked=with_attachments/>
                {move || phrase::carry_attachments(lang.get(), n)}
            </label>
            <ul class="impact-list">
                {list.into_iter().map(|t| view! { <li class="mono">{t}</li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <div class="write-plan" data-testid="write-plan" data-kind=kind_name>
            <p>
                <span class="mono">{plan.source_image().to_string()}</span>
                " → "
                <span class="mono" data-testid="write-target">{target}</span>
            </p>
            <p class="muted mono" data-testid="write-digest">{plan.digest.to_string()}</p>
            {what}
            {copy_line}
            {attachments}
            <p class="muted">{session.t(text::CHECKED_AGAIN)}</p>
        </div>
    }
}

/// A `CopyError` in words.
#[component]
fn CopyErrorPanel(error: CopyError) -> impl IntoView {
    let session = Session::expect();
    let kind = error.kind();
    // A 401 while reading: the usual panel, with its sign-in.
    if let CopyError::Failed {
        error: e @ RegistryError::Unauthorized { .. },
        ..
    } = &error
    {
        return view! { <ErrorPanel error=e.clone()/> }.into_any();
    }
    let explain = Signal::derive(move || copy_error(session.lang.get(), &error));
    view! {
        <div class="error-panel" role="alert" data-testid="write-error" data-kind=kind>
            <ExplanationText explain/>
        </div>
    }
    .into_any()
}

/// How the write ended.
#[component]
fn WriteResult(
    plan: CopyPlan,
    result: Result<CopyOutcome, CopyError>,
    /// The attachments carried along, each with its outcome.
    carried: Vec<AttachmentCopy>,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let target = format!("{}:{}", plan.dest, plan.tag);
    let href = AppRoute::Image(plan.dest.clone(), Reference::Tag(plan.tag.clone())).href();
    let body = match result {
        Ok(out) => {
            let counts = (!plan.same_repository()).then(|| {
                let o = out.clone();
                view! {
                    <p class="muted" data-testid="write-counts">
                        {move || phrase::copied_counts(lang.get(), o.blobs_present, o.blobs_mounted, o.blobs_uploaded, o.manifests)}
                    </p>
                }
            });
            view! {
                <div class="result-panel good" role="status" data-testid="write-result" data-state="written">
                    <p>{move || phrase::written(lang.get(), &target)}</p>
                    {counts}
                    <A href=href>{session.t(text::OPEN_IT)}</A>
                </div>
            }
            .into_any()
        }
        Err(error) => {
            let state = if matches!(error, CopyError::Unknown { .. }) {
                "unknown"
            } else {
                "not-written"
            };
            view! {
            <div data-testid="write-result" data-state=state>
                <CopyErrorPanel error/>
            </div>
            }
            .into_any()
        }
    };
    let carried = (!carried.is_empty()).then(|| {
        view! {
            <ul class="impact-list" data-testid="write-attachment-results">
                {carried.into_iter().map(|c| {
                    let state = if c.result.is_ok() { "written" } else { "not-written" };
                    let tag = format!("{} ({})", c.tag, c.kind.label());
                    let error = c.result.err();
                    view! {
                        <li data-testid="write-attachment" data-state=state>
                            <span class="mono">{tag}</span>
                            " "
                            {match error {
                                None => view! { <span class="badge good">{session.t(text::STATE_WRITTEN)}</span> }.into_any(),
                                Some(e) => view! { <span class="muted">{move || copy_error(lang.get(), &e).title}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    view! {
        {body}
        {carried}
        <div class="dialog-actions">
            <button class="button" type="button" data-testid="write-close" on:click=move |_| on_close.run(())>
                {session.t(text::CLOSE)}
            </button>
        </div>
    }
}
