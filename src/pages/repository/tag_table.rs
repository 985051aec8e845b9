//! `TagTable`: owns the table's state (`TagTableState`) and composes the
//! toolbar, the selection bar, the head and the rows; opens the delete
//! dialogs.

use super::head::TagTableHead;
use super::rows::TagRows;
use super::selection_bar::SelectionBar;
use super::toolbar::TagToolbar;
use super::BulkRequest;
use crate::artifacts::badges::BadgeRead;
use crate::deletes::dialogs::delete::DeleteDialogProps;
use crate::digest_cache::LastDigests;
use crate::i18n::{phrase, text};
use crate::lazy::{LazyMap, Slot};
use crate::registry::artifact::badge::Badge;
use crate::registry::client::Registry;
use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::image::{ImageKind, ImageSummary};
use crate::registry::reference::{Reference, RepositoryName};
use crate::registry::summaries::{KeptChecked, KeptObserver, KeptStore, Summaries};
use crate::registry::tags::{attachment, natural_cmp, AttachmentKind};
use crate::registry::time::Timestamp;
use crate::selection::Selection;
use crate::session::Session;
use crate::tag_list::{compare, matches_filter, SortFacts, SortKey};
use crate::transport::WebTransport;
use crate::visibility::Visibility;
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// How many tags' details are fetched at once.
const CONCURRENCY: usize = 6;
/// How many images' vulnerability badges are read at once (behind the
/// details in the page's queue).
const BADGE_CONCURRENCY: usize = 2;
/// Every tag's details, by tag.
type DetailSlots = HashMap<String, Slot<ImageSummary>>;

/// The repository's tags: attachment tags (`sha256-<hex>.sig` …) are
/// listed apart.
pub(super) struct TagSets {
    /// Tags that name an image.
    pub plain: Vec<String>,
    /// Cosign attachment tags.
    pub attachments: Vec<String>,
    /// Attachment kinds by the digest they are attached to.
    pub attached: HashMap<Digest, Vec<AttachmentKind>>,
}

impl TagSets {
    fn split(tags: Vec<String>) -> Self {
        let mut sets = TagSets {
            plain: Vec::new(),
            attachments: Vec::new(),
            attached: HashMap::new(),
        };
        for t in tags {
            match attachment(&t) {
                Some((digest, kind)) => {
                    sets.attached.entry(digest).or_default().push(kind);
                    sets.attachments.push(t);
                }
                None => sets.plain.push(t),
            }
        }
        sets
    }
}

/// A second visit: rows shown from what was kept, each tag checked again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Checking {
    /// When what was kept was last confirmed (ms since the epoch).
    pub as_of: Option<f64>,
    /// Tags checked against the registry so far.
    pub checked: usize,
    /// Tags shown from what was kept.
    pub total: usize,
}

/// What the table's pieces share: the filter, sort and selection the user
/// sets, the details as they load, and the rows they give. `Copy`: every
/// closure takes it as is.
#[derive(Clone, Copy)]
pub(super) struct TagTableState {
    /// The repository.
    pub name: StoredValue<RepositoryName>,
    /// Its tags.
    pub tags: StoredValue<TagSets>,
    /// The filter box.
    pub filter: RwSignal<String>,
    /// What the rows are sorted by.
    pub sort: RwSignal<SortKey>,
    /// Whether the sort is descending.
    pub descending: RwSignal<bool>,
    /// Whether attachment tags are listed.
    pub show_attachments: RwSignal<bool>,
    /// Tags chosen for a bulk delete.
    pub selection: RwSignal<Selection>,
    /// Each tag's summary, loaded on demand.
    pub details: LazyMap<ImageSummary>,
    /// Each image's vulnerability badge by digest, read for rows on screen
    /// once their details are in (`None`: its code did not load).
    pub reports: LazyMap<Option<Badge>>,
    /// Which rows are on screen.
    pub visibility: Visibility,
    /// The tags as shown: filtered and sorted.
    pub rows: Memo<Vec<String>>,
    /// How many tags' details have arrived (or failed).
    pub loaded: Memo<usize>,
    /// Digest → tags, to mark tags that share an image.
    pub siblings: Memo<BTreeMap<String, Vec<String>>>,
    /// The summaries loaded, by digest (for the delete dialogs).
    pub seen: Signal<BTreeMap<Digest, ImageSummary>>,
    /// When the table was drawn (seconds since the epoch), for "3 days ago".
    pub now: i64,
    /// Rows shown from an earlier visit, while they are checked again.
    pub checking: RwSignal<Option<Checking>>,
}

impl TagTableState {
    /// The state of a table of `tags`; details load for rows on screen
    /// first (and all on "load all" or a sort by date or size), a few at a
    /// time, behind what the page itself waits for; one summary per digest
    /// (`Summaries`). Leaving the page aborts the requests. Tags seen on an
    /// earlier visit are asked with a HEAD.
    fn new(
        name: RepositoryName,
        tags: Vec<String>,
        transport: WebTransport,
        registry: Registry,
        last_digests: StoredValue<LastDigests, LocalStorage>,
    ) -> Self {
        // The first read of a tag follows the registry's setting (a HEAD
        // and a GET by digest unless config.json says "get").
        let reads = Session::expect().connection().manifest_reads;
        let reports = report_badges(&name, &tags, &transport, &registry);
        let summaries =
            Summaries::new(registry, transport.background(), name.clone()).with_reads(reads);
        let loader_summaries = summaries.clone();
        let details: LazyMap<ImageSummary> = LazyMap::new(
            CONCURRENCY,
            Rc::new(move |tag: String| {
                let (summaries, last) = (loader_summaries.clone(), last_digests.get_value());
                Box::pin(async move {
                    let seen = last.get(&tag).await.is_some();
                    // What the tag points at is kept even if its summary fails.
                    let remember = |d: &Digest| last.set(&tag, &d.to_string());
                    let (_, summary) = summaries.of_tag(&tag, seen, remember).await?;
                    last.keep(&summary);
                    Ok(summary)
                })
            }),
        );
        let visibility = Visibility::for_view();
        // Rows on screen load once what was kept from an earlier visit is
        // shown (those are checked again in their own pass, screen first).
        let kept_shown = RwSignal::new(false);
        Effect::new(move |_| {
            if !kept_shown.get() {
                return;
            }
            let visible = visibility.visible.get();
            // Attachment tags have no details to show.
            details.want(visible.into_iter().filter(|t| attachment(t).is_none()));
        });
        // A row on screen whose image is known: its badge (an artifact has
        // none to read). Only once every row on screen has its details:
        // the badges' requests would otherwise share the connections with
        // the first screen's.
        Effect::new(move |_| {
            let visible = visibility.visible.get();
            let digests: Vec<String> = details.slots.with(|m| {
                let settled = visible
                    .iter()
                    .filter(|t| attachment(t).is_none())
                    .all(|t| matches!(m.get(t), Some(Slot::Ready(_) | Slot::Failed(_))));
                if !settled {
                    return Vec::new();
                }
                visible
                    .iter()
                    .filter_map(|t| match m.get(t) {
                        Some(Slot::Ready(s))
                            if matches!(s.kind, ImageKind::Image | ImageKind::Index) =>
                        {
                            Some(s.digest.to_string())
                        }
                        _ => None,
                    })
                    .collect()
            });
            reports.want(digests);
        });
        let tags = StoredValue::new(TagSets::split(tags));
        let checking = RwSignal::new(None);
        leptos::task::spawn_local(show_kept_then_check(
            tags.with_value(|t| t.plain.clone()),
            summaries,
            last_digests.get_value(),
            Kept {
                details,
                checking,
                shown: kept_shown,
                visible: visibility.visible,
            },
        ));
        let filter = RwSignal::new(String::new());
        let sort = RwSignal::new(SortKey::Name);
        let descending = RwSignal::new(false);
        let show_attachments = RwSignal::new(false);
        TagTableState {
            name: StoredValue::new(name),
            tags,
            filter,
            sort,
            descending,
            show_attachments,
            selection: RwSignal::new(Selection::new()),
            details,
            reports,
            visibility,
            rows: Memo::new(move |_| {
                shown_rows(
                    tags,
                    details,
                    &filter.get(),
                    sort.get(),
                    descending.get(),
                    show_attachments.get(),
                )
            }),
            loaded: Memo::new(move |_| details.settled()),
            siblings: Memo::new(move |_| siblings(details)),
            seen: Signal::derive(move || {
                details.slots.with(|m| {
                    m.values()
                        .filter_map(|slot| match slot {
                            Slot::Ready(s) => Some((s.digest.clone(), s.clone())),
                            _ => None,
                        })
                        .collect()
                })
            }),
            now: (js_sys::Date::now() / 1000.0) as i64,
            checking,
        }
    }

    /// How many tags name an image.
    pub fn total(self) -> usize {
        self.tags.with_value(|t| t.plain.len())
    }

    /// How many attachment tags there are.
    pub fn attachment_count(self) -> usize {
        self.tags.with_value(|t| t.attachments.len())
    }

    /// Queue every tag's details ("load all", a sort by date or size, the
    /// reclaim estimate).
    pub fn load_all(self) {
        self.details.want(self.tags.with_value(|t| t.plain.clone()));
    }

    /// A click on a column head: the same column flips the direction, a
    /// new one sorts ascending by name, newest or largest first otherwise.
    pub fn sort_by(self, key: SortKey) {
        if self.sort.get_untracked() == key {
            self.descending.update(|d| *d = !*d);
        } else {
            self.sort.set(key);
            self.descending.set(key != SortKey::Name);
        }
        // A sort by date or size is only true with every row's facts.
        if key != SortKey::Name {
            self.load_all();
        }
    }

    /// The rows as shown that can be selected (not attachments).
    pub fn selectable(self) -> Vec<String> {
        self.rows.with(|r| {
            r.iter()
                .filter(|t| attachment(t).is_none())
                .cloned()
                .collect()
        })
    }

    /// A row's checkbox clicked, with shift held or not.
    pub fn check(self, tag: &str, shift: bool) {
        let shown = self.selectable();
        self.selection.update(|s| {
            if shift {
                s.extend_to(tag, &shown);
            } else {
                s.toggle(tag);
            }
        });
    }
}

/// The badges of a table's images, by digest: each read on demand (its
/// code in a chunk), a kept one answered without a request.
fn report_badges(
    name: &RepositoryName,
    tags: &[String],
    transport: &WebTransport,
    registry: &Registry,
) -> LazyMap<Option<Badge>> {
    let attachments: Rc<Vec<String>> = Rc::new(
        tags.iter()
            .filter(|t| attachment(t).is_some())
            .cloned()
            .collect(),
    );
    let (name, transport, registry) = (name.clone(), transport.background(), registry.clone());
    LazyMap::new(
        BADGE_CONCURRENCY,
        Rc::new(move |digest: String| {
            let read = Digest::parse(&digest).map(|digest| BadgeRead {
                registry: registry.clone(),
                transport: transport.clone(),
                name: name.clone(),
                digest,
                tags: attachments.clone(),
            });
            Box::pin(async move {
                let Ok(read) = read else {
                    return Ok(None);
                };
                match crate::on_demand::report_badge(read).await {
                    Ok(badge) => badge.map(Some),
                    Err(_) => Ok(None),
                }
            })
        }),
    )
}

/// Where [`show_kept_then_check`] puts what it finds.
pub(crate) struct Kept {
    details: LazyMap<ImageSummary>,
    checking: RwSignal<Option<Checking>>,
    /// Set once kept rows are shown (or there are none): rows on screen
    /// that still lack details load then.
    shown: RwSignal<bool>,
    /// The rows on screen, checked first.
    visible: RwSignal<std::collections::HashSet<String>>,
}

/// A second visit: every tag seen before is shown at once from what the
/// browser kept (its last digest, that digest's manifest and config), then
/// checked again, rows on screen first, a few at a time: a HEAD, and a tag
/// that moved (or vanished) is shown as it is now.
async fn show_kept_then_check(
    plain: Vec<String>,
    summaries: Summaries<WebTransport>,
    last: LastDigests,
    kept_rows: Kept,
) {
    let shown = kept_rows.shown;
    let live: std::collections::HashSet<&str> = plain.iter().map(String::as_str).collect();
    last.retain(&live).await;
    let known = last.known().await;
    let as_of = known.as_of;
    let kept: HashMap<String, Digest> = plain
        .iter()
        .filter_map(|t| {
            let d = Digest::parse(known.tags.get(t)?).ok()?;
            Some((t.clone(), d))
        })
        .collect();
    if kept.is_empty() {
        shown.try_set(true);
        return;
    }
    // The rest only runs on a second visit: its code is in a chunk (in the
    // browser's cache by then). Without it the rows load as on a first
    // visit.
    let check = KeptCheck {
        kept,
        as_of,
        known_summaries: known.summaries,
        summaries,
        last,
        rows: kept_rows,
    };
    if crate::on_demand::kept_check(check).await.is_err() {
        shown.try_set(true);
    }
}

/// What a second visit found kept, to show and check again.
pub(crate) struct KeptCheck {
    /// The tags kept, with their last digests.
    kept: HashMap<String, Digest>,
    /// When they were last confirmed.
    as_of: Option<f64>,
    /// The summaries kept with the tags, by digest.
    known_summaries: HashMap<String, ImageSummary>,
    summaries: Summaries<WebTransport>,
    last: LastDigests,
    rows: Kept,
}

impl KeptCheck {
    /// Show every kept row, then check each again, rows on screen first
    /// ([`Summaries::check_kept`]); what was kept is confirmed once every
    /// tag was checked.
    pub(crate) async fn run(self) {
        let KeptCheck {
            kept,
            as_of,
            known_summaries,
            summaries,
            last,
            rows,
        } = self;
        let view = KeptView { rows, as_of };
        let store = BrowserStore(last.clone());
        let checked = summaries
            .check_kept(
                kept,
                known_summaries.into_values().collect(),
                &store,
                &view,
                CONCURRENCY,
            )
            .await;
        if let KeptChecked::AllChecked { .. } = checked {
            last.confirmed();
        }
    }
}

/// The table's signals as [`Summaries::check_kept`]'s observer.
struct KeptView {
    rows: Kept,
    /// When what was kept was last confirmed.
    as_of: Option<f64>,
}

impl KeptObserver for KeptView {
    fn show(&self, rows: Vec<(String, ImageSummary)>) -> Option<Vec<String>> {
        let mut taken = self.rows.details.try_offer(rows)?;
        self.rows.shown.try_set(true);
        let on_screen = self.rows.visible.try_get_untracked().unwrap_or_default();
        crate::registry::sort::sort_by_key(&mut taken, |t| !on_screen.contains(t));
        Some(taken)
    }

    fn progress(&self, checked: usize, total: usize) {
        if checked == 0 {
            self.rows.checking.try_set(Some(Checking {
                as_of: self.as_of,
                checked,
                total,
            }));
        } else {
            self.rows.checking.try_update(|c| {
                if let Some(c) = c {
                    c.checked = checked;
                }
            });
        }
    }

    fn changed(&self, tag: String, now: Result<ImageSummary, RegistryError>) {
        let slot = match now {
            Ok(summary) => Slot::Ready(summary),
            Err(e) => Slot::Failed(e),
        };
        self.rows.details.replace(tag, slot);
    }
}

/// The browser's store of what was seen: the digest cache (read ahead in
/// one transaction per round) and the repository's [`LastDigests`].
struct BrowserStore(LastDigests);

impl KeptStore for BrowserStore {
    async fn preload(&self, digests: &[Digest]) -> Vec<(Vec<u8>, Option<String>)> {
        crate::digest_cache::preload(digests).await
    }

    fn forget_preloaded(&self) {
        crate::digest_cache::forget_preloaded();
    }

    fn set(&self, tag: &str, digest: &Digest) {
        self.0.set(tag, &digest.to_string());
    }

    fn keep(&self, summary: &ImageSummary) {
        self.0.keep(summary);
    }
}

/// The tags as shown: plain tags (and attachments when shown) that match
/// `filter`, sorted by `key`.
fn shown_rows(
    tags: StoredValue<TagSets>,
    details: LazyMap<ImageSummary>,
    filter: &str,
    key: SortKey,
    descending: bool,
    show_attachments: bool,
) -> Vec<String> {
    tags.with_value(|sets| {
        // Sorting by name needs no details: do not recompute (and re-sort)
        // on every detail that arrives.
        let empty = HashMap::new();
        let with_slots = |f: &mut dyn FnMut(&DetailSlots) -> Vec<String>| {
            if key == SortKey::Name {
                f(&empty)
            } else {
                details.slots.with(|m| f(m))
            }
        };
        with_slots(&mut |m| {
            let mut v: Vec<(String, Option<i64>, Option<u64>)> = sets
                .plain
                .iter()
                .chain(sets.attachments.iter().filter(|_| show_attachments))
                .filter(|t| matches_filter(t, filter))
                .map(|t| match m.get(t) {
                    Some(Slot::Ready(s)) => (t.clone(), s.created.map(Timestamp::seconds), s.size),
                    _ => (t.clone(), None, None),
                })
                .collect();
            crate::registry::sort::sort_by(&mut v, |a, b| {
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
                    descending,
                )
            });
            v.into_iter().map(|(t, _, _)| t).collect()
        })
    })
}

/// Digest → the tags on it (in natural order), over the details loaded.
fn siblings(details: LazyMap<ImageSummary>) -> BTreeMap<String, Vec<String>> {
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
        crate::registry::sort::sort_by(v, |a, b| natural_cmp(a, b));
    }
    by_digest
}

/// The table of tags with filter, sort, selection and lazily loaded
/// details.
#[component]
pub(super) fn TagTable(
    /// The repository.
    name: RepositoryName,
    /// Its tags, as the registry listed them.
    tags: Vec<String>,
    /// The view's transport.
    transport: WebTransport,
    /// The registry.
    registry: Registry,
    /// Loads the tag list again (after a delete).
    reload: Callback<()>,
    /// Set to open the bulk delete dialog.
    bulk: RwSignal<Option<BulkRequest>>,
    /// What each tag pointed at on an earlier visit.
    last_digests: StoredValue<LastDigests, LocalStorage>,
    /// Set to every tag's summary once all are in (the header's
    /// description reads the newest).
    all_summaries: RwSignal<Option<Vec<ImageSummary>>>,
) -> impl IntoView {
    let table = TagTableState::new(name, tags, transport, registry, last_digests);
    Effect::new(move |_| {
        let all = table.details.slots.with(|m| {
            table.tags.with_value(|t| {
                t.plain
                    .iter()
                    .map(|tag| match m.get(tag) {
                        Some(Slot::Ready(s)) => Some(s.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<ImageSummary>>>()
            })
        });
        if all.is_some() && all_summaries.with_untracked(|a| *a != all) {
            all_summaries.set(all);
        }
    });
    // The tag (and the digest the user saw) being deleted.
    let deleting: RwSignal<Option<(String, Digest)>> = RwSignal::new(None);
    let on_delete = Callback::new(move |target: (String, Digest)| deleting.set(Some(target)));
    let on_delete_selected = Callback::new(move |_: ()| {
        // The reclaim estimate wants every image's blobs.
        table.load_all();
        let tags = table
            .selection
            .with_untracked(|s| s.iter().cloned().collect());
        bulk.set(Some((tags, table.seen)));
    });
    let dialog = move || {
        deleting.get().map(|(tag, digest)| {
            let reference = Reference::parse(&tag).unwrap_or(Reference::Digest(digest.clone()));
            let name = table.name.get_value();
            crate::on_demand::delete_dialog(move || {
                DeleteDialogProps::builder()
                    .name(name.clone())
                    .reference(reference.clone())
                    .digest(digest.clone())
                    .seen(table.seen)
                    .on_close(Callback::new(move |_| deleting.set(None)))
                    .on_finished(Callback::new(move |_| {
                        deleting.set(None);
                        reload.run(());
                    }))
                    .build()
            })
        })
    };
    view! {
        {dialog}
        <TagToolbar table/>
        <SelectionBar table on_delete_selected/>
        <Show
            when=move || { table.total() + table.attachment_count() > 0 }
            fallback=move || view! { <NoTags table/> }
        >
            <div class="table-wrap">
                <table class="tags" data-testid="tag-table">
                    <TagTableHead table/>
                    <TagRows table on_delete/>
                </table>
            </div>
        </Show>
    }
}

/// A repository without tags, and how to remove it from the catalog.
#[component]
fn NoTags(
    /// The table's state.
    table: TagTableState,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let steps = move || {
        let name = table.name.with_value(ToString::to_string);
        phrase::remove_repository_steps(lang.get(), &name)
    };
    view! {
        <p class="empty" data-testid="no-tags">
            {session.t(text::THIS_REPOSITORY_HAS_NO_TAGS)}
        </p>
        <pre class="raw" data-testid="remove-repository-steps">{steps}</pre>
    }
}
