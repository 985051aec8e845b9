//! One repository: every tag with its digest, platforms, size and date,
//! sortable and filterable over all tags.

use crate::components::bulk_delete::BulkDeleteDialog;
use crate::components::copy::CopyButton;
use crate::components::delete_dialog::DeleteDialog;
use crate::components::error_panel::{ErrorPanel, InvalidAddress};
use crate::digest_cache::LastDigests;
use crate::i18n::Explain;
use crate::i18n::{phrase, text, Text};
use crate::lazy::{LazyMap, Slot};
use crate::registry::client::Registry;
use crate::registry::digest::Digest;
use crate::registry::image::{ImageKind, ImageSummary};
use crate::registry::reference::{Reference, RepositoryName};
use crate::registry::summaries::Summaries;
use crate::registry::tags::{attachment, AttachmentKind};
use crate::registry::time::Timestamp;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::tag_list::{compare, matches_filter, SortFacts, SortKey};
use crate::timestamp::{format_size, format_utc, relative};
use crate::transport::WebTransport;
use crate::visibility::Visibility;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

/// Tags chosen for a bulk delete, and the image summaries the table has
/// loaded (for the reclaim estimate).
type BulkRequest = (Vec<String>, Signal<BTreeMap<Digest, ImageSummary>>);

/// How many tags' details are fetched at once.
const CONCURRENCY: usize = 6;
/// Every tag's details, by tag.
type DetailSlots = HashMap<String, Slot<ImageSummary>>;
/// Height of a tag row before one is measured.
const DEFAULT_ROW_PX: f64 = 41.0;

/// `/repo/*name`
#[component]
pub fn RepositoryPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let raw = params.read().get("name").unwrap_or_default();
        match RepositoryName::parse(&raw) {
            Ok(name) => view! { <TagsView name=name/> }.into_any(),
            Err(e) => view! { <InvalidAddress input=raw reason=e/> }.into_any(),
        }
    }
}

/// The tags of `name`, loaded from the registry.
#[component]
fn TagsView(
    /// The repository.
    name: RepositoryName,
) -> impl IntoView {
    let session = Session::expect();
    let transport = WebTransport::for_view();
    let registry = session.registry();
    // Read while the tag list is on its way.
    let last_digests = StoredValue::new_local(LastDigests::open(registry.base(), name.as_str()));
    let tags = {
        let (name, transport, registry) = (name.clone(), transport.clone(), registry.clone());
        LocalResource::new(move || {
            let (name, transport, registry) = (name.clone(), transport.clone(), registry.clone());
            async move { registry.list_tags(&transport, &name).await }
        })
    };
    let reload = Callback::new(move |_| tags.refetch());
    let title = name.to_string();
    let clean_up_href = AppRoute::CleanUp(Some(name.to_string())).href();
    // The bulk delete dialog lives above the table, so it stays open (with
    // its report) while the list reloads behind it.
    let bulk: RwSignal<Option<BulkRequest>> = RwSignal::new(None);
    let bulk_dialog = {
        let name = name.clone();
        move || {
            bulk.get().map(|(selection, seen)| {
                view! {
                    <BulkDeleteDialog
                        name=name.clone()
                        selection
                        seen
                        on_close=Callback::new(move |_| bulk.set(None))
                        on_done=reload
                    />
                }
            })
        }
    };
    view! {
        {bulk_dialog}
        <section class="page">
            <nav class="crumbs">
                <A href=AppRoute::Catalog.href()>{session.t(text::REPOSITORIES)}</A>
                <span aria-hidden="true">" / "</span>
            </nav>
            <div class="page-head">
                <h1 class="mono" data-testid="repo-title">{title}</h1>
                <A href=clean_up_href attr:class="button secondary small head-action" attr:data-testid="clean-up-link">
                    {session.t(text::CLEAN_UP)}
                </A>
            </div>
            <Transition fallback=move || view! { <p class="loading">{session.t(text::LOADING_TAGS)}</p> }>
                {move || {
                    let (name, transport, registry) = (name.clone(), transport.clone(), registry.clone());
                    Suspend::new(async move {
                        match tags.await {
                            Ok(tags) => view! { <TagTable name tags transport registry reload bulk last_digests/> }.into_any(),
                            Err(error) => view! {
                                <ErrorPanel error on_retry=reload/>
                            }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

/// The table of tags with filter, sort and lazily loaded details.
#[component]
fn TagTable(
    name: RepositoryName,
    tags: Vec<String>,
    transport: WebTransport,
    registry: Registry,
    /// Loads the tag list again (after a delete).
    reload: Callback<()>,
    /// Set to open the bulk delete dialog.
    bulk: RwSignal<Option<BulkRequest>>,
    /// What each tag pointed at on an earlier visit.
    last_digests: StoredValue<LastDigests, LocalStorage>,
) -> impl IntoView {
    let session = Session::expect();
    // The tag (and the digest the user saw) being deleted.
    let deleting: RwSignal<Option<(String, Digest)>> = RwSignal::new(None);
    let on_delete = Callback::new(move |target: (String, Digest)| deleting.set(Some(target)));
    let dialog_name = name.clone();
    let empty_name = StoredValue::new(name.to_string());
    let lang = session.lang;
    // Attachment tags (sha256-<hex>.sig …) are listed apart.
    let mut attached: HashMap<String, Vec<AttachmentKind>> = HashMap::new();
    let mut plain = Vec::new();
    let mut attachment_tags = Vec::new();
    for t in tags {
        match attachment(&t) {
            Some((digest, kind)) => {
                attached.entry(digest).or_default().push(kind);
                attachment_tags.push(t);
            }
            None => plain.push(t),
        }
    }
    let attachment_count = attachment_tags.len();
    let total = plain.len();
    let attached = StoredValue::new(attached);
    // Details load for rows on screen first (and all on "load all" or a sort
    // by date or size), a few at a time, behind what the page itself waits
    // for; one summary per digest (`Summaries`). Leaving the page aborts the
    // requests. Tags seen on an earlier visit are asked with a HEAD.
    let summaries = Summaries::new(registry.clone(), transport.background(), name.clone());
    let details: LazyMap<ImageSummary> = LazyMap::new(
        CONCURRENCY,
        Rc::new(move |tag: String| {
            let (summaries, last) = (summaries.clone(), last_digests.get_value());
            Box::pin(async move {
                let seen = last.get(&tag).await.is_some();
                let (digest, summary) = summaries.of_tag(&tag, seen).await?;
                last.set(&tag, &digest.to_string());
                Ok(summary)
            })
        }),
    );
    let visibility = Visibility::for_view();
    Effect::new(move |_| {
        let visible = visibility.visible.get();
        // Attachment tags have no details to show.
        details.want(visible.into_iter().filter(|t| attachment(t).is_none()));
    });
    let plain_tags = StoredValue::new(plain.clone());
    let load_all = move || details.want(plain_tags.get_value());
    let show_attachments = RwSignal::new(false);
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new(SortKey::Name);
    let descending = RwSignal::new(false);
    let all_tags = StoredValue::new((plain.clone(), attachment_tags));

    let loaded = Memo::new(move |_| details.settled());
    // Digest → tags, to mark tags that share an image.
    let siblings = Memo::new(move |_| {
        let mut by_digest: BTreeMap<String, Vec<String>> = BTreeMap::new();
        details.slots.with(|m| {
            for (tag, d) in m {
                if let Slot::Ready(s) = d {
                    by_digest
                        .entry(s.digest.to_string())
                        .or_default()
                        .push(tag.clone());
                }
            }
        });
        for v in by_digest.values_mut() {
            v.sort_by(|a, b| crate::registry::tags::natural_cmp(a, b));
        }
        by_digest
    });
    let rows = Memo::new(move |_| {
        let f = filter.get();
        let (key, desc) = (sort.get(), descending.get());
        let show = show_attachments.get();
        all_tags.with_value(|(plain, att)| {
            // Sorting by name needs no details: do not recompute (and
            // re-sort) on every detail that arrives.
            let empty = HashMap::new();
            let with_slots = |f: &mut dyn FnMut(&DetailSlots) -> Vec<String>| {
                if key == SortKey::Name {
                    f(&empty)
                } else {
                    details.slots.with(|m| f(m))
                }
            };
            with_slots(&mut |m| {
                let mut v: Vec<(String, Option<i64>, Option<u64>)> = plain
                    .iter()
                    .chain(att.iter().filter(|_| show))
                    .filter(|t| matches_filter(t, &f))
                    .map(|t| match m.get(t) {
                        Some(Slot::Ready(s)) => {
                            (t.clone(), s.created.map(Timestamp::seconds), s.size)
                        }
                        _ => (t.clone(), None, None),
                    })
                    .collect();
                v.sort_by(|a, b| {
                    compare(
                        &SortFacts {
                            tag: &a.0,
                            created: a.1,
                            size: a.2,
                        },
                        &SortFacts {
                            tag: &b.0,
                            created: b.1,
                            size: b.2,
                        },
                        key,
                        desc,
                    )
                });
                v.into_iter().map(|(t, _, _)| t).collect::<Vec<_>>()
            })
        })
    });
    // Only the rows on screen are in the DOM (long lists).
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    let scroll = crate::virtual_rows::watch_scroll();
    let slice = crate::virtual_rows::visible_slice(
        move || tbody.get().map(Into::into),
        move || rows.with(Vec::len),
        scroll,
        "tr[data-testid=tag-row]",
        DEFAULT_ROW_PX,
    );
    let shown_rows = move || {
        let s = slice.get();
        rows.with(|r| r[s.start.min(r.len())..s.end.min(r.len())].to_vec())
    };
    // Selection for bulk delete: checkboxes, shift-click ranges over the
    // rows as shown, "all that match the filter".
    let selected: RwSignal<BTreeSet<String>> = RwSignal::new(BTreeSet::new());
    let anchor: StoredValue<Option<String>> = StoredValue::new(None);
    let selectable = move || {
        rows.with(|r| {
            r.iter()
                .filter(|t| attachment(t).is_none())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let on_check = Callback::new(move |(tag, checked, shift): (String, bool, bool)| {
        let shown = selectable();
        let range = anchor
            .get_value()
            .filter(|_| shift)
            .and_then(|a| shown.iter().position(|t| *t == a))
            .zip(shown.iter().position(|t| *t == tag));
        selected.update(|set| match range {
            Some((a, b)) => {
                for t in &shown[a.min(b)..=a.max(b)] {
                    if checked {
                        set.insert(t.clone());
                    } else {
                        set.remove(t);
                    }
                }
            }
            None => {
                if checked {
                    set.insert(tag.clone());
                } else {
                    set.remove(&tag);
                }
            }
        });
        anchor.set_value(Some(tag));
    });
    let all_shown_selected = move || {
        let shown = selectable();
        !shown.is_empty() && selected.with(|set| shown.iter().all(|t| set.contains(t)))
    };
    let toggle_all = move |_| {
        let shown = selectable();
        if all_shown_selected() {
            selected.update(|set| {
                shown.iter().for_each(|t| {
                    set.remove(t);
                })
            });
        } else {
            selected.update(|set| set.extend(shown));
        }
    };
    let seen: Signal<BTreeMap<Digest, ImageSummary>> = Signal::derive(move || {
        details.slots.with(|m| {
            m.values()
                .filter_map(|slot| match slot {
                    Slot::Ready(s) => Some((s.digest.clone(), s.clone())),
                    _ => None,
                })
                .collect()
        })
    });
    let dialog = move || {
        deleting.get().map(|(tag, digest)| {
            let reference = Reference::parse(&tag).unwrap_or(Reference::Digest(digest.clone()));
            view! {
                <DeleteDialog
                    name=dialog_name.clone()
                    reference
                    digest
                    seen
                    on_close=Callback::new(move |_| deleting.set(None))
                    on_finished=Callback::new(move |_| {
                        deleting.set(None);
                        reload.run(());
                    })
                />
            }
        })
    };
    let open_bulk = move |_| {
        // The reclaim estimate wants every image's blobs.
        load_all();
        bulk.set(Some((selected.get_untracked().into_iter().collect(), seen)));
    };
    let can_delete = move || session.can_delete();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let header = move |key: SortKey, label: Text| {
        view! {
            <th>
                <button
                    class="sort"
                    class:active=move || sort.get() == key
                    data-testid=format!("sort-{key:?}").to_lowercase()
                    on:click=move |_| {
                        if sort.get_untracked() == key {
                            descending.update(|d| *d = !*d);
                        } else {
                            sort.set(key);
                            descending.set(key != SortKey::Name);
                        }
                        // A sort by date or size is only true with every row's facts.
                        if key != SortKey::Name {
                            load_all();
                        }
                    }
                >
                    {move || label.get(lang.get())}
                    {move || (sort.get() == key).then(|| if descending.get() { " ↓" } else { " ↑" })}
                </button>
            </th>
        }
    };
    let summary_line =
        move || phrase::tag_summary(lang.get(), total, loaded.get(), rows.with(Vec::len));
    let name = StoredValue::new(name);
    view! {
        {dialog}
        <div class="toolbar">
            <input
                class="filter"
                type="search"
                data-testid="tag-filter"
                aria-label=session.t(text::FILTER_TAGS)
                placeholder=session.t(text::FILTER_TAGS_PLACEHOLDER)
                bind:value=filter
            />
            <span class="count" data-testid="tag-count">{summary_line}</span>
            <Show when=move || { loaded.get() < total }>
                <button class="button small" type="button" data-testid="load-all" on:click=move |_| load_all()>
                    {session.t(text::LOAD_ALL_DETAILS)}
                </button>
            </Show>
            <Show when=move || { attachment_count > 0 }>
                <label class="toggle">
                    <input type="checkbox" data-testid="show-attachments" bind:checked=show_attachments/>
                    {move || phrase::show_attachments(lang.get(), attachment_count)}
                </label>
            </Show>
        </div>
        <Show when=move || can_delete() && selected.with(|s| !s.is_empty())>
            <div class="selection-bar" data-testid="selection-bar">
                <span data-testid="selected-count">{move || phrase::selected_count(lang.get(), selected.with(BTreeSet::len))}</span>
                <button class="button danger small" type="button" data-testid="delete-selected" on:click=open_bulk>
                    {session.t(text::DELETE_SELECTED)}
                </button>
                <button class="button secondary small" type="button" data-testid="clear-selection" on:click=move |_| selected.update(BTreeSet::clear)>
                    {session.t(text::CLEAR_SELECTION)}
                </button>
            </div>
        </Show>
        <Show
            when=move || { total + attachment_count > 0 }
            fallback=move || view! {
                <p class="empty" data-testid="no-tags">
                    {session.t(text::THIS_REPOSITORY_HAS_NO_TAGS)}
                </p>
                <pre class="raw" data-testid="remove-repository-steps">{move || phrase::remove_repository_steps(lang.get(), &empty_name.get_value())}</pre>
            }
        >
            <div class="table-wrap">
                <table class="tags" data-testid="tag-table">
                    <thead>
                        <tr>
                            {move || can_delete().then(|| view! {
                                <th class="check">
                                    <input
                                        type="checkbox"
                                        data-testid="select-all"
                                        title=move || text::SELECT_ALL_MATCHING.get(lang.get())
                                        aria-label=move || text::SELECT_ALL_MATCHING.get(lang.get())
                                        prop:checked=all_shown_selected
                                        on:change=toggle_all
                                    />
                                </th>
                            })}
                            {header(SortKey::Name, text::TAG)}
                            <th>{session.t(text::DIGEST)}</th>
                            <th>{session.t(text::PLATFORMS)}</th>
                            {header(SortKey::Size, text::SIZE)}
                            {header(SortKey::Created, text::CREATED)}
                        </tr>
                    </thead>
                    <tbody node_ref=tbody>
                        <tr class="spacer" aria-hidden="true"><td colspan="6" style:height=move || format!("{}px", slice.get().above_px)></td></tr>
                        <For each=shown_rows key=|t| t.clone() let:tag>
                            <TagRow
                                name=name.get_value()
                                tag=tag.clone()
                                details=Memo::new({ let tag = tag.clone(); move |_| details.slots.with(|m| m.get(&tag).cloned()) }).into()
                                visibility=visibility
                                on_delete=on_delete
                                selected=Memo::new({ let tag = tag.clone(); move |_| selected.with(|s| s.contains(&tag)) }).into()
                                on_check=on_check
                                siblings=siblings.into()
                                attached=attached
                                now=now
                            />
                        </For>
                        <tr class="spacer" aria-hidden="true"><td colspan="6" style:height=move || format!("{}px", slice.get().below_px)></td></tr>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// One tag in the table.
#[component]
fn TagRow(
    name: RepositoryName,
    tag: String,
    /// `None` until the row is wanted (and always for attachment tags).
    details: Signal<Option<Slot<ImageSummary>>>,
    visibility: Visibility,
    siblings: Signal<BTreeMap<String, Vec<String>>>,
    attached: StoredValue<HashMap<String, Vec<AttachmentKind>>>,
    now: i64,
    /// Opens the delete dialog.
    on_delete: Callback<(String, Digest)>,
    /// Whether the row is selected for a bulk delete.
    selected: Signal<bool>,
    /// (tag, checked, shift held).
    on_check: Callback<(String, bool, bool)>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let check_tag = tag.clone();
    let is_attachment = attachment(&tag).is_some();
    let check = move || {
        let check_tag = check_tag.clone();
        session.can_delete().then(|| {
            let label = check_tag.clone();
            view! {
                <td class="check">
                    {(!is_attachment).then(|| view! {
                        <input
                            type="checkbox"
                            data-testid="row-select"
                            aria-label=label
                            prop:checked=move || selected.get()
                            on:click=move |ev: leptos::ev::MouseEvent| {
                                on_check.run((check_tag.clone(), event_target_checked(&ev), ev.shift_key()));
                            }
                        />
                    })}
                </td>
            }
        })
    };
    let href = Reference::parse(&tag)
        .map(|r| AppRoute::Image(name.clone(), r).href())
        .unwrap_or_default();
    let tag_for_siblings = tag.clone();
    let row_tag = tag.clone();
    let data_tag = tag.clone();
    let row = NodeRef::<leptos::html::Tr>::new();
    visibility.track(row, tag.clone());
    // `sha256-<64 hex>.sig` is long: show its start and kind, all on hover.
    let shown_tag = match attachment(&tag) {
        Some((digest, kind)) => format!("sha256-{}….{}", &digest[7..19], kind.label()),
        None => tag.clone(),
    };
    view! {
        <tr data-testid="tag-row" data-tag=data_tag node_ref=row>
            {check}
            <td class="tag-cell">
                <A href=href attr:class="mono tag-name" attr:data-testid="tag-name" attr:title=tag>{shown_tag}</A>
                {is_attachment.then(|| view! { <span class="badge muted">{session.t(text::ATTACHMENT)}</span> })}
                {move || {
                    let Some(Slot::Ready(s)) = details.get() else { return None };
                    let digest = s.digest.to_string();
                    let kinds = attached.with_value(|a| a.get(&digest).cloned()).unwrap_or_default();
                    let others: Vec<String> = siblings
                        .with(|m| m.get(&digest).cloned())
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|t| *t != tag_for_siblings)
                        .collect();
                    Some(view! {
                        {kinds.into_iter().map(|k| {
                            let label = match k {
                                AttachmentKind::Signature => text::SIGNED,
                                AttachmentKind::Attestation => text::ATTESTATION,
                                AttachmentKind::Sbom => text::SBOM,
                            };
                            view! { <span class="badge good" data-testid="attachment-badge">{label.get(lang.get())}</span> }
                        }).collect_view()}
                        {(!others.is_empty()).then(|| {
                            let list = others.join(", ");
                            let text = phrase::same_image_as(lang.get(), &list);
                            let title = text.clone();
                            view! { <span class="badge shared" data-testid="shared-badge" title=title>{text}</span> }
                        })}
                    })
                }}
            </td>
            {move || match details.get() {
                None if is_attachment => view! { <td colspan="4" class="muted">"—"</td> }.into_any(),
                None | Some(Slot::Queued) => view! {
                    <td colspan="4" class="muted loading-cell">{session.t(text::LOADING)}</td>
                }.into_any(),
                Some(Slot::Failed(e)) => {
                    let ex = e.explain(lang.get());
                    view! {
                        <td colspan="4" class="row-error" data-testid="row-error" title=ex.detail.clone()>
                            {ex.title}
                        </td>
                    }.into_any()
                }
                Some(Slot::Ready(s)) => view! { <SummaryCells summary=s now tag=row_tag.clone() on_delete/> }.into_any(),
            }}
        </tr>
    }
}

/// Digest, platforms, size and date cells of a loaded row.
#[component]
fn SummaryCells(
    summary: ImageSummary,
    now: i64,
    tag: String,
    on_delete: Callback<(String, Digest)>,
) -> impl IntoView {
    let session = Session::expect();
    let target = (tag.clone(), summary.digest.clone());
    let delete = move || {
        let target = target.clone();
        let cb = on_delete;
        session.can_delete().then(|| {
            view! {
                <button
                    class="copy row-delete"
                    type="button"
                    data-testid="row-delete"
                    title=move || text::DELETE.get(session.lang.get())
                    on:click=move |_| cb.run(target.clone())
                >
                    {session.t(text::DELETE)}
                </button>
            }
        })
    };
    let lang = session.lang;
    let digest = summary.digest.to_string();
    let short = summary.digest.short().to_string();
    let platforms: Vec<String> = summary
        .platforms
        .iter()
        .map(|p| p.platform.clone())
        .collect();
    let kind_badge = match &summary.kind {
        ImageKind::Index => None,
        ImageKind::Image => None,
        ImageKind::Artifact(t) => Some(t.clone()),
        ImageKind::Other(t) => Some(t.clone().unwrap_or_else(|| "unknown".into())),
    };
    let per_platform = summary
        .platforms
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p.platform,
                p.size.map(format_size).unwrap_or_else(|| "missing".into())
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let size = summary.size;
    let created = summary.created.map(Timestamp::seconds);
    let attestations = summary.attestations;
    view! {
        <td class="digest-cell">
            <span class="mono" title=digest.clone() data-testid="digest">{short}</span>
            <CopyButton text=digest label=text::COPY_DIGEST/>
            {delete}
        </td>
        <td class="platforms" data-testid="platforms">
            {platforms.into_iter().map(|p| view! { <span class="badge arch">{p}</span> }).collect_view()}
            {kind_badge.map(|k| {
                let title = k.clone();
                view! { <span class="badge muted" title=title>{k}</span> }
            })}
            {(attestations > 0).then(|| view! {
                <span class="badge muted" title=move || text::BUILD_ATTESTATIONS_NOT_PLATFORMS.get(lang.get())>
                    {move || format!("+{attestations} {}", text::ATTESTATION.get(lang.get()))}
                </span>
            })}
        </td>
        <td class="size" data-testid="size" title=per_platform>
            {size.map(format_size).unwrap_or_else(|| "—".into())}
        </td>
        <td class="created" data-testid="created" title=created.map(format_utc).unwrap_or_default()>
            {move || match created {
                Some(c) => relative(now, c, lang.get()),
                None => text::UNKNOWN.get(lang.get()).to_string(),
            }}
        </td>
    }
}
