//! Deleting many tags: the selection grouped by digest with every tag that
//! goes, a typed confirmation, then the run with a progress bar, a cancel
//! button and a per-digest report. Retention plans run through `BulkRun`
//! too.

use crate::components::copy::CopyButton;
use crate::components::error_panel::ErrorPanel;
use crate::components::gc_panel::GcPanel;
use crate::i18n::{phrase, text};
use crate::registry::bulk::{group, report_text, tally, ItemReport, Job, Target};
use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::image::ImageSummary;
use crate::registry::reclaim::{estimate, Estimate};
use crate::registry::reference::RepositoryName;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// How many DELETEs run at once.
pub const DELETE_CONCURRENCY: usize = 4;

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
    let retry = RwSignal::new(0u32);
    let reloading = RwSignal::new(false);
    let survey = {
        let (name, transport, registry) = (name.clone(), transport.clone(), registry.clone());
        LocalResource::new(move || {
            retry.track();
            let (name, transport, registry) = (name.clone(), transport.clone(), registry.clone());
            async move {
                let tags = registry.list_tags(&transport, &name).await?;
                let survey = registry.survey(&transport, &name, &tags).await?;
                Ok::<_, RegistryError>((tags, survey))
            }
        })
    };
    let job: RwSignal<Option<Job>, LocalStorage> = RwSignal::new_local(None);
    let running = RwSignal::new(false);
    let esc = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && !running.get_untracked() && job.with_untracked(Option::is_none) {
            on_close.run(());
        }
    });
    on_cleanup(move || esc.remove());
    let typed = RwSignal::new(String::new());
    let expected = name.to_string();
    let title_count = selection.len();
    let lang = session.lang;
    view! {
        <div class="overlay">
            <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="bulk-title" data-testid="bulk-dialog">
                <h2 id="bulk-title">{move || phrase::delete_selected_title(lang.get(), title_count)}</h2>
                {move || match job.get() {
                    Some(job) => view! { <BulkRun jobs=vec![job] running on_done on_close/> }.into_any(),
                    None => {
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
                                                    <ErrorPanel error=error.clone() on_retry=Callback::new(move |_| retry.update(|n| *n += 1))/>
                                                </Show>
                                                <div class="dialog-actions">
                                                    <button class="button secondary" type="button" on:click=move |_| on_close.run(())>{session.t(text::CLOSE)}</button>
                                                </div>
                                            }.into_any(),
                                            Ok((tags, survey)) => {
                                                let grouped = group(&selection, &survey);
                                                let sendable = grouped.sendable();
                                                let n = sendable.len();
                                                let (tag_count, sibling_count) = (grouped.tag_count(), grouped.sibling_count());
                                                let ready = {
                                                    let expected = expected.clone();
                                                    move || n > 0 && typed.get().trim() == expected
                                                };
                                                let go = {
                                                    let name = name.clone();
                                                    move |_| {
                                                        job.set(Some(Job {
                                                            name: name.clone(),
                                                            targets: sendable.clone(),
                                                            known_tags: tags.clone(),
                                                            seen: seen.get_untracked(),
                                                        }));
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
                                                    <label class="confirm-label">
                                                        {session.t(text::TYPE_REPOSITORY_TO_CONFIRM)} " " <code>{expected.clone()}</code>
                                                        <input class="filter" data-testid="bulk-confirm-input" bind:value=typed autocomplete="off"/>
                                                    </label>
                                                    <div class="dialog-actions">
                                                        <button class="button secondary" type="button" on:click=move |_| on_close.run(())>
                                                            {session.t(text::CANCEL)}
                                                        </button>
                                                        <button class="button danger" type="button" data-testid="bulk-confirm" disabled=move || !ready() on:click=go>
                                                            {move || phrase::delete_images(lang.get(), n)}
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

/// Runs `jobs` one repository after another, a few DELETEs at a time:
/// progress, cancel, then the report and the garbage-collection panel.
#[component]
pub fn BulkRun(
    jobs: Vec<Job>,
    /// True while DELETEs are under way (the dialog cannot close).
    running: RwSignal<bool>,
    /// Called once every answer is in.
    on_done: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let total: usize = jobs.iter().map(|j| j.targets.len()).sum();
    let several = jobs.len() > 1;
    let reports: RwSignal<Vec<(String, ItemReport)>> = RwSignal::new(Vec::new());
    let finished = RwSignal::new(false);
    let cancel = Rc::new(Cell::new(false));
    let cancelling = RwSignal::new(false);
    let estimate_value: RwSignal<Option<Estimate>> = RwSignal::new(None);
    {
        let cancel = cancel.clone();
        let transport = WebTransport::new();
        let registry = session.registry();
        running.set(true);
        leptos::task::spawn_local(async move {
            let mut sum = Estimate::default();
            for job in jobs {
                let repo = job.name.to_string();
                let done = registry
                    .delete_many(
                        &transport,
                        &job.name,
                        job.targets,
                        &job.known_tags,
                        DELETE_CONCURRENCY,
                        &cancel,
                        |r| {
                            reports.update(|v| v.push((repo.clone(), r.clone())));
                        },
                    )
                    .await;
                let gone: Vec<Digest> = done
                    .iter()
                    .filter(|r| r.outcome.is_gone())
                    .map(|r| r.digest.clone())
                    .collect();
                let e = estimate(&gone, &job.seen);
                sum.bytes += e.bytes;
                sum.blobs += e.blobs;
                sum.shared_bytes += e.shared_bytes;
                sum.unseen += e.unseen;
            }
            estimate_value.set(Some(sum));
            finished.set(true);
            running.set(false);
            on_done.run(());
        });
    }
    let cancel_flag = StoredValue::new_local(cancel);
    let done_count = move || reports.with(Vec::len);
    view! {
        <div class="bulk-run" data-testid="bulk-run" data-finished=move || finished.get().to_string()>
            <progress max=total.to_string() value=move || done_count().to_string() data-testid="bulk-progress"></progress>
            <p data-testid="bulk-progress-text">{move || phrase::progress(lang.get(), done_count(), total)}</p>
            <Show when=move || !finished.get()>
                <div class="dialog-actions">
                    <button
                        class="button secondary"
                        type="button"
                        data-testid="bulk-cancel"
                        disabled=move || cancelling.get()
                        on:click=move |_| {
                            cancel_flag.with_value(|c| c.set(true));
                            cancelling.set(true);
                        }
                    >
                        {move || if cancelling.get() { text::CANCELLING.get(lang.get()) } else { text::CANCEL_THE_REST.get(lang.get()) }}
                    </button>
                </div>
            </Show>
            <Show when=move || finished.get()>
                <p data-testid="bulk-tally"><strong>{move || reports.with(|r| {
                    let items: Vec<ItemReport> = r.iter().map(|(_, x)| x.clone()).collect();
                    let (gone, not_gone) = tally(&items);
                    phrase::bulk_tally(lang.get(), gone, not_gone)
                })}</strong></p>
                <div class="raw-head">
                    {move || {
                        let text = reports.with(|r| {
                            r.iter()
                                .map(|(repo, x)| format!("{repo}\t{}", report_text(std::slice::from_ref(x), lang.get())))
                                .collect::<String>()
                        });
                        view! { <CopyButton text label="Copy report"/> }
                    }}
                </div>
            </Show>
            <div class="report-wrap">
            <table class="report" data-testid="bulk-report">
                <tbody>
                    <For each=move || reports.get().into_iter().enumerate() key=|(i, _)| *i let:item>
                        {
                            let (_, (repo, r)) = item;
                            let kind = r.outcome.kind();
                            let good = r.outcome.is_gone();
                            let label = r.outcome.clone();
                            let digest = r.digest.to_string();
                            view! {
                                <tr data-testid="bulk-report-row" data-outcome=kind data-tags=r.tags.join(" ")>
                                    <td><span class="badge" class:good=good class:shared=!good>{move || label.label(lang.get())}</span></td>
                                    {several.then(|| view! { <td class="mono">{repo.clone()}</td> })}
                                    <td class="mono">{r.tags.join(", ")}</td>
                                    <td class="mono muted" title=digest>{r.digest.short().to_string()}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            </div>
            <Show when=move || finished.get()>
                {move || view! { <GcPanel estimate=estimate_value.get().unwrap_or_default()/> }}
                <div class="dialog-actions">
                    <button class="button" type="button" data-testid="bulk-close" on:click=move |_| on_close.run(())>
                        {session.t(text::CLOSE)}
                    </button>
                </div>
            </Show>
        </div>
    }
}
