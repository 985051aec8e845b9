//! The catalog: every repository in the registry, with an instant filter.
//! A registry without a usable catalog (`CatalogUnavailable`) gets why,
//! "open a repository by name", and the repositories `config.json` lists
//! and the user opened by name in this browser (remembered per registry).

use crate::components::description::{
    description_of_newest, repository_description, DescriptionView,
};
use crate::components::error_panel::ErrorPanel;
use crate::config::{is_pattern, listed_without_catalog, narrowed_catalog};
use crate::digest_cache::{kept_repositories, KeptCatalog, LastDigests};
use crate::i18n::find::{self, text as words};
use crate::i18n::Explain;
use crate::i18n::{phrase, text};
use crate::lazy::{LazyMap, Slot};
use crate::namespaces::{group_by_namespace, Group};
use crate::registry::catalog::CatalogUnavailable;
use crate::registry::description::Description;
use crate::registry::error::RegistryError;
use crate::registry::last_push::{by_last_push, read_activity, stale, LastPush};
use crate::registry::reference::RepositoryName;
use crate::registry::summaries::Summaries;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::storage_scan::StorageScan;
use crate::transport::WebTransport;
use crate::visibility::Visibility;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Link to a repository's tags; a name the registry should never have sent
/// (invalid grammar) links to the page that explains it.
fn repository_href(name: &str) -> String {
    match RepositoryName::parse(name) {
        Ok(n) => AppRoute::Repository(n).href(),
        Err(_) => format!(
            "{}/repo/{}",
            crate::routes::base(),
            name.replace(['/', '?', '#'], "_")
        ),
    }
}

/// The kept listing on screen, while the catalog is read again.
#[derive(Clone, Copy, PartialEq)]
struct KeptShown {
    /// When it was kept (ms since the epoch).
    as_of: f64,
    /// Its names.
    total: usize,
    /// Names read again so far.
    read: usize,
}

/// Lists every repository (all catalog pages). A catalog of several pages
/// is shown from its first page on, and filled in as the others arrive. A
/// catalog read to the end before in this browser is shown at once as it
/// was then, marked "as of", until it has been read again.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let session = Session::expect();
    // The names shown, and whether the last page is in.
    let names = RwSignal::new(Vec::<String>::new());
    let complete = RwSignal::new(false);
    // While the kept listing is shown: when it was kept, and how many
    // names have been read again so far (gathered in `fresh`).
    let kept = RwSignal::new(None::<KeptShown>);
    let fresh = StoredValue::new(Vec::<String>::new());
    let base = StoredValue::new(session.connection().registry.base().to_string());
    leptos::task::spawn_local(async move {
        let Some(listing) = KeptCatalog::read(&base.get_value()).await else {
            return;
        };
        if complete.get_untracked() || listing.names.is_empty() {
            return;
        }
        // The pages read so far wait with the rest.
        fresh.set_value(names.get_untracked());
        kept.set(Some(KeptShown {
            as_of: listing.as_of,
            total: listing.names.len(),
            read: fresh.with_value(Vec::len),
        }));
        names.set(listing.names);
    });
    // The registry hid its Link header; pages were asked for with ?last=.
    let link_hidden = RwSignal::new(false);
    // Listings finished: each failed one shows its error afresh (a sign-in
    // form after a refused password says so).
    let finished = RwSignal::new(0u32);
    let transport = WebTransport::for_view();
    let listing = LocalResource::new(move || {
        names.set(Vec::new());
        fresh.set_value(Vec::new());
        kept.set(None);
        complete.set(false);
        link_hidden.set(false);
        let transport = transport.clone();
        let registry = session.registry();
        // config.json's `repositories` narrow a working catalog.
        let configured = session.connection().repositories;
        async move {
            let listing = registry
                .read_catalog(&transport, |page, more| {
                    let page = narrowed_catalog(page, &configured);
                    if kept.with_untracked(Option::is_some) {
                        // Behind the kept listing, until the last page.
                        fresh.update_value(|f| f.extend(page));
                        let read = fresh.with_value(Vec::len);
                        if more {
                            kept.update(|k| {
                                if let Some(k) = k {
                                    k.read = read;
                                }
                            });
                        } else {
                            names.set(fresh.with_value(Vec::clone));
                            fresh.set_value(Vec::new());
                            kept.set(None);
                        }
                    } else {
                        // Both set in one go: effects run after this task,
                        // so the count never shows a finished list as
                        // loading.
                        names.update(|n| n.extend(page));
                    }
                    complete.set(!more);
                })
                .await
                .map(|read| link_hidden.set(read.link_hidden));
            if listing.is_ok() {
                KeptCatalog::keep(&base.get_value(), names.get_untracked());
            }
            finished.update(|n| *n += 1);
            listing
        }
    });
    // A memo: the list below is built once, not again when the listing
    // finishes (the filter and scroll position stay).
    let failed = Memo::new(move |_| {
        listing
            .get()
            .and_then(Result::err)
            .map(|e| (finished.get(), e))
    });
    let started = Memo::new(move |_| complete.get() || !names.with(Vec::is_empty));
    // The kept listing was complete when kept.
    let shown_complete = Signal::derive(move || complete.get() || kept.with(Option::is_some));
    let lang = session.lang;
    let loading = move || phrase::loading_repositories(lang.get(), names.with(Vec::len));
    view! {
        <section class="page">
            {move || match failed.get() {
                Some((_, error)) if CatalogUnavailable::of(&error).is_some() => view! {
                    <NoCatalog error=error on_retry=Callback::new(move |_| listing.refetch())/>
                }.into_any(),
                Some((_, error)) => view! {
                    <ErrorPanel error=error on_retry=Callback::new(move |_| listing.refetch())/>
                }.into_any(),
                None => view! {
                    <Show
                        when=move || started.get()
                        fallback=move || view! { <p class="loading" data-testid="loading">{loading}</p> }
                    >
                        <Show when=move || link_hidden.get()>
                            <p class="notice" data-testid="link-hidden">{session.t(text::CATALOG_LINK_HIDDEN)}</p>
                        </Show>
                        <RepositoryList names=names.read_only() complete=shown_complete kept=kept.read_only()/>
                    </Show>
                }.into_any(),
            }}
        </section>
    }
}

/// The catalog's links to the storage and clean-up pages, at the right
/// of its head, in one row of equal buttons.
#[component]
fn HeadActions() -> impl IntoView {
    let session = Session::expect();
    view! {
        <div class="head-actions">
            <A href=AppRoute::Storage(None).href() attr:class="button secondary small" attr:data-testid="storage-link">
                {session.t(text::STORAGE)}
            </A>
            <A href=AppRoute::CleanUp(None).href() attr:class="button secondary small" attr:data-testid="clean-up-link">
                {session.t(text::CLEAN_UP)}
            </A>
        </div>
    }
}

/// Why the catalog is not there, in words.
fn detail_of(reason: CatalogUnavailable) -> crate::i18n::Text {
    match reason {
        CatalogUnavailable::Unauthorized => text::CATALOG_UNAUTHORIZED,
        CatalogUnavailable::Denied => text::CATALOG_DENIED,
        CatalogUnavailable::NotFound => text::CATALOG_NOT_FOUND,
        CatalogUnavailable::Unsupported => text::CATALOG_UNSUPPORTED,
    }
}

/// A registry whose catalog is refused or missing: why, "open a repository
/// by name", and the repositories known without the catalog.
#[component]
fn NoCatalog(
    /// What `_catalog` answered (a `CatalogUnavailable`).
    error: RegistryError,
    /// Lists the catalog again (after signing in).
    on_retry: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let reason = CatalogUnavailable::of(&error).unwrap_or(CatalogUnavailable::NotFound);
    let connection = session.connection();
    let configured = StoredValue::new(connection.repositories.clone());
    let opened = RwSignal::new(session.opened_by_name());
    let listed = Memo::new(move |_| {
        opened.with(|o| configured.with_value(|c| listed_without_catalog(c, &o.0)))
    });
    // A 401 before anyone signed in: signing in is the first thing to
    // try, so the list is not yet called unavailable.
    let before_sign_in =
        reason == CatalogUnavailable::Unauthorized && session.credentials.get_untracked().is_none();
    let (title, detail) = if before_sign_in {
        (text::CATALOG_NEEDS_SIGN_IN, text::CATALOG_NEEDS_SIGN_IN_WHY)
    } else {
        (text::CATALOG_UNAVAILABLE, detail_of(reason))
    };
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<RegistryError>);
    let navigate = leptos_router::hooks::use_navigate();
    let on_open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = typed.get_untracked();
        let raw = raw.trim();
        match RepositoryName::parse(raw) {
            Ok(name) => {
                problem.set(None);
                opened.update(|o| o.open(name.as_str()));
                opened.with_untracked(|o| session.keep_opened_by_name(o));
                navigate(&AppRoute::Repository(name).href(), Default::default());
            }
            Err(e) => problem.set(Some(RegistryError::invalid_reference(raw, e))),
        }
    };
    let forget = move |name: String| {
        opened.update(|o| o.forget(&name));
        opened.with_untracked(|o| session.keep_opened_by_name(o));
    };
    view! {
        <div class="page-head">
            <h1>{session.t(text::REPOSITORIES)}</h1>
            <HeadActions/>
        </div>
        // A 401: the sign-in panel as for any request (the whole registry
        // may be locked), then what works without the list.
        {(reason == CatalogUnavailable::Unauthorized).then(|| view! {
            <ErrorPanel error=error on_retry=on_retry/>
        })}
        <div class="no-catalog" role="status" data-testid="no-catalog" data-kind=reason.kind()>
            <h2>{session.t(title)}</h2>
            <p data-testid="no-catalog-why">{session.t(detail)}</p>
            <p class="muted">{session.t(text::CATALOG_UNAVAILABLE_FIX)}</p>
        </div>
        <form class="open-by-name" data-testid="open-by-name" on:submit=on_open>
            <label>
                <span>{session.t(text::OPEN_BY_NAME)}</span>
                <input
                    type="text"
                    class="filter mono"
                    data-testid="open-name"
                    aria-label=session.t(text::REPOSITORY_NAME)
                    placeholder=session.t(text::REPOSITORY_NAME_PLACEHOLDER)
                    autocomplete="off"
                    spellcheck="false"
                    bind:value=typed
                />
            </label>
            <button class="button" type="submit" data-testid="open-submit">{session.t(text::OPEN)}</button>
        </form>
        {move || problem.get().map(|e| {
            let e = e.explain(lang.get());
            view! { <p class="warn-text" role="alert" data-testid="open-problem">{e.title} " " {e.detail}</p> }
        })}
        <h2 class="known-head">{session.t(text::KNOWN_REPOSITORIES)}</h2>
        <Show
            when=move || listed.with(|l| !l.is_empty())
            fallback=move || view! { <p class="empty" data-testid="known-empty">{session.t(text::NO_KNOWN_REPOSITORIES)}</p> }
        >
            <ul class="repo-rows known-list" data-testid="known-list">
                <For each=move || listed.get() key=|n| n.clone() let:name>
                    {
                        let from_config = configured.with_value(|c| c.iter().any(|x| x.trim() == name));
                        let was_opened = opened.with_untracked(|o| o.0.contains(&name));
                        let shown = name.clone();
                        let to_forget = name.clone();
                        view! {
                            <li class="repo-row" data-testid="known-row" data-repo=name.clone()>
                                {if is_pattern(&name) {
                                    view! {
                                        <span class="repo-name mono" data-testid="known-pattern" title=session.t(text::PATTERN_WITHOUT_CATALOG)>{shown}</span>
                                        <span class="badge muted">{session.t(text::PATTERN)}</span>
                                    }.into_any()
                                } else {
                                    view! {
                                        <A href=repository_href(&name) attr:class="repo-name" attr:data-testid="repo-name">{shown}</A>
                                    }.into_any()
                                }}
                                <span class="known-badges">
                                    {from_config.then(|| view! { <span class="badge muted" data-testid="from-config">{session.t(text::FROM_CONFIG)}</span> })}
                                    {was_opened.then(|| view! {
                                        <span class="badge muted">{session.t(text::OPENED_HERE)}</span>
                                        <button
                                            class="button secondary small"
                                            type="button"
                                            data-testid="forget"
                                            title=session.t(text::FORGET_REPOSITORY)
                                            on:click=move |_| forget(to_forget.clone())
                                        >{session.t(text::FORGET)}</button>
                                    })}
                                </span>
                            </li>
                        }
                    }
                </For>
            </ul>
        </Show>
    }
}

/// Height of a repository row before one is measured.
const DEFAULT_ROW_PX: f64 = 37.0;

/// Tag lists fetched at once for the tag counts.
const COUNT_CONCURRENCY: usize = 4;

/// A repository with at most this many tags is read for its last push
/// while on screen (a summary per tag, kept for the next visit and the
/// search); one with more says so and waits for its page or a scan.
pub const DATE_TAG_LIMIT: usize = 10;

/// Summaries read at once per repository for its last push.
const DATE_CONCURRENCY: usize = 2;

/// What a row read in the background: the tag count, the last push, and
/// what the newest image says about itself.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RowActivity {
    tags: usize,
    last: LastPush,
    description: Option<Description>,
}

/// A catalog row's reads beyond its tag count: for a repository with few
/// tags a summary per tag (its last push, kept as the repository page
/// keeps them), and what its newest image says about itself. Run by
/// `on_demand::catalog_row`, in a chunk of its own.
pub(crate) struct RowRead {
    registry: crate::registry::client::Registry,
    transport: WebTransport,
    name: RepositoryName,
    tags: Vec<String>,
    base: String,
    reads: crate::registry::summaries::ManifestReads,
}

impl RowRead {
    pub(crate) async fn run(self) -> Result<RowActivity, RegistryError> {
        let RowRead {
            registry,
            transport,
            name,
            tags,
            base,
            reads,
        } = self;
        if tags.len() > DATE_TAG_LIMIT {
            // Only what was kept of it tells its newest image.
            let n = tags.len();
            let kept = LastDigests::open(&base, name.as_str());
            let description = repository_description(
                registry,
                transport,
                name,
                tags,
                reads,
                DATE_TAG_LIMIT,
                kept,
            )
            .await
            .ok()
            .flatten();
            return Ok(RowActivity {
                tags: n,
                last: LastPush::TooManyTags(n),
                description,
            });
        }
        let kept = LastDigests::open(&base, name.as_str());
        let seen = kept.known().await.tags;
        let summaries =
            Summaries::new(registry.clone(), transport.clone(), name.clone()).with_reads(reads);
        let activity = read_activity(
            &summaries,
            tags.clone(),
            &seen,
            DATE_TAG_LIMIT,
            DATE_CONCURRENCY,
        )
        .await?;
        for (tag, summary) in &activity.read {
            kept.set(tag, &summary.digest.to_string());
            kept.keep(summary);
        }
        if activity.last.known() {
            kept.retain(&tags.iter().map(String::as_str).collect())
                .await;
            kept.confirmed();
        }
        let description = description_of_newest(
            &registry,
            &transport,
            &name,
            activity.read.iter().map(|(_, s)| s),
        )
        .await
        .ok()
        .flatten();
        Ok(RowActivity {
            tags: activity.tags,
            last: activity.last,
            description,
        })
    }
}

/// How the list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// By namespace and name (the registry's order, grouped).
    Name,
    NewestFirst,
    OldestFirst,
}

/// The last push of every repository a storage scan or a kept record
/// knows, the newer of the two per repository (`on_demand::last_pushes`).
pub(crate) async fn known_last_pushes(base: &str, scan: StorageScan) -> HashMap<String, LastPush> {
    let mut best: HashMap<String, (f64, LastPush)> = HashMap::new();
    let mut offer = |name: String, as_of: f64, last: LastPush| {
        if best.get(&name).is_none_or(|(at, _)| *at < as_of) {
            best.insert(name, (as_of, last));
        }
    };
    for (name, kept) in kept_repositories(base).await {
        offer(
            name,
            kept.as_of.unwrap_or(0.0),
            LastPush::of_kept(&kept.tags, &kept.summaries),
        );
    }
    if let Some(s) = scan.last.get_untracked().filter(|s| s.registry == base) {
        for (name, last) in LastPush::of_scan(s.storage.images()) {
            offer(name.to_string(), s.at, last);
        }
    }
    best.into_iter().map(|(n, (_, l))| (n, l)).collect()
}

/// How many of `names` have no last push to sort or filter by, per state
/// (as their rows say it: no date, not read yet, empty).
fn dateless_of(names: &[String], last: &HashMap<String, LastPush>) -> find::Dateless {
    let mut d = find::Dateless::default();
    for name in names {
        match last.get(name).copied().unwrap_or(LastPush::Unknown) {
            LastPush::At(_) => {}
            LastPush::Undated => d.undated += 1,
            LastPush::Empty => d.empty += 1,
            LastPush::Unknown | LastPush::TooManyTags(_) => d.unread += 1,
        }
    }
    d
}

/// The filterable, namespace-grouped list of repository names.
#[component]
fn RepositoryList(
    /// The repository names so far, in the registry's (lexical) order.
    names: ReadSignal<Vec<String>>,
    /// Whether every catalog page is in (or the list is one kept whole).
    complete: Signal<bool>,
    /// Set while the list shown is the one kept, being read again.
    kept: ReadSignal<Option<KeptShown>>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let total = Memo::new(move |_| names.with(Vec::len));
    let filter = RwSignal::new(String::new());
    let collapsed = RwSignal::new(HashSet::<String>::new());
    // Tag counts for the rows on screen.
    let visibility = Visibility::for_view();
    // Tag counts queue behind what the page itself waits for.
    let transport = WebTransport::for_view().background();
    let registry = session.registry();
    let connection = session.connection();
    let reads = connection.manifest_reads;
    let base = connection.registry.base().to_string();
    let loader_base = base.clone();
    // Per row on screen: the tag list, and for a repository with few tags
    // a summary per tag for its last push (kept, as the repository page
    // keeps them, for the next visit and the search).
    let counts: LazyMap<RowActivity> = LazyMap::new(
        COUNT_CONCURRENCY,
        Rc::new(move |name: String| {
            let (registry, transport) = (registry.clone(), transport.clone());
            let base = loader_base.clone();
            Box::pin(async move {
                let name = RepositoryName::parse(&name)
                    .map_err(|e| RegistryError::invalid_reference(&name, e))?;
                let tags = registry.list_tags(&transport, &name).await?;
                if tags.is_empty() {
                    return Ok(RowActivity {
                        tags: 0,
                        last: LastPush::Empty,
                        description: None,
                    });
                }
                // The last push and the description: their code comes on
                // demand; without it the row shows its tag count only.
                let read = RowRead {
                    registry,
                    transport,
                    name,
                    tags,
                    base,
                    reads,
                };
                let n = read.tags.len();
                match crate::on_demand::catalog_row(read).await {
                    Ok(activity) => activity,
                    Err(_) => Ok(RowActivity {
                        tags: n,
                        last: LastPush::Unknown,
                        description: None,
                    }),
                }
            })
        }),
    );
    Effect::new(move |_| counts.want(visibility.visible.get()));
    // The last pushes a scan or a kept record knows (again when a scan
    // finishes), and the ones read here since.
    let scan = StorageScan::expect();
    let base = StoredValue::new(base);
    let known = LocalResource::new(move || {
        scan.last.track();
        let base = base.get_value();
        // Its code comes on demand; without it, only what rows read.
        async move {
            crate::on_demand::last_pushes(base, scan)
                .await
                .unwrap_or_default()
        }
    });
    let last_pushes = Memo::new(move |_| {
        let mut all = known.get().unwrap_or_default();
        counts.slots.with(|slots| {
            for (name, slot) in slots {
                if let Slot::Ready(a) = slot {
                    if a.last.known() || !all.get(name).is_some_and(|l| l.known()) {
                        all.insert(name.clone(), a.last);
                    }
                }
            }
        });
        all
    });
    let order = RwSignal::new(Order::Name);
    let stale_days = RwSignal::new(String::new());
    let stale_days_n = Memo::new(move |_| stale_days.get().trim().parse::<u32>().ok());
    // The names the stale filter keeps (all, when it is off).
    let stale_names = Memo::new(move |_| {
        let days = stale_days_n.get()?;
        let now = (js_sys::Date::now() / 1000.0) as i64;
        Some(names.with(|all| last_pushes.with(|l| stale(all, l, now, days))))
    });
    let groups = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        let wanted = |n: &&String| needle.is_empty() || n.to_lowercase().contains(&needle);
        let by_date = order.get() != Order::Name;
        match stale_names.get() {
            // One flat list: the stale ones, or all in order of last push.
            Some(stale) => {
                let mut shown: Vec<String> = stale.iter().filter(wanted).cloned().collect();
                last_pushes
                    .with(|l| by_last_push(&mut shown, l, order.get() != Order::OldestFirst));
                vec![Group {
                    namespace: String::new(),
                    names: shown,
                }]
            }
            None if by_date => {
                let mut shown: Vec<String> =
                    names.with(|all| all.iter().filter(wanted).cloned().collect());
                last_pushes
                    .with(|l| by_last_push(&mut shown, l, order.get() == Order::NewestFirst));
                vec![Group {
                    namespace: String::new(),
                    names: shown,
                }]
            }
            None => names.with(|all| group_by_namespace(all.iter().filter(wanted))),
        }
    });
    let shown = Memo::new(move |_| groups.with(|g| g.iter().map(|g| g.names.len()).sum::<usize>()));
    let grouped = Memo::new(move |_| {
        order.get() == Order::Name
            && stale_names.with(Option::is_none)
            && names.with(|all| group_by_namespace(all.iter()).len() > 1)
    });
    let count = move || {
        let (shown, total) = (shown.get(), total.get());
        match (complete.get(), shown == total) {
            (true, _) => phrase::repository_count(lang.get(), shown, total),
            (false, true) => phrase::loading_repositories(lang.get(), total),
            (false, false) => phrase::repository_count_loading(lang.get(), shown, total),
        }
    };
    let scroll = crate::virtual_rows::watch_scroll();
    view! {
        <div class="page-head">
            <h1>{session.t(text::REPOSITORIES)}</h1>
            <span class="count" data-testid="repo-count">{count}</span>
            {move || kept.get().map(|k| {
                let now = (js_sys::Date::now() / 1000.0) as i64;
                let ago = phrase::ago(lang.get(), now, (k.as_of / 1000.0) as i64);
                view! {
                    <span class="as-of" data-testid="catalog-as-of" data-read=k.read.to_string() data-total=k.total.to_string()>
                        {phrase::checking_for_changes(lang.get(), Some(ago), k.read.min(k.total), k.total)}
                    </span>
                }
            })}
            <HeadActions/>
        </div>
        <input
            class="filter"
            type="search"
            data-testid="repo-filter"
            aria-label=session.t(text::FILTER_REPOSITORIES)
            placeholder=session.t(text::FILTER_REPOSITORIES_PLACEHOLDER)
            bind:value=filter
        />
        <div class="catalog-tools">
            <label>
                <span class="muted">{session.t(words::ORDER)}</span>
                <select
                    data-testid="repo-order"
                    on:change=move |ev| order.set(match event_target_value(&ev).as_str() {
                        "newest" => Order::NewestFirst,
                        "oldest" => Order::OldestFirst,
                        _ => Order::Name,
                    })
                >
                    <option value="name" selected=move || order.get() == Order::Name>{session.t(words::ORDER_NAME)}</option>
                    <option value="newest" selected=move || order.get() == Order::NewestFirst>{session.t(words::ORDER_NEWEST)}</option>
                    <option value="oldest" selected=move || order.get() == Order::OldestFirst>{session.t(words::ORDER_OLDEST)}</option>
                </select>
            </label>
            <label>
                <span class="muted">{session.t(words::STALE_LABEL)}</span>
                <input
                    type="number"
                    min="1"
                    class="days"
                    data-testid="stale-days"
                    placeholder=session.t(words::STALE_PLACEHOLDER)
                    bind:value=stale_days
                />
            </label>
        </div>
        {move || stale_names.get().map(|stale| {
            let n = stale.len();
            let days = stale_days_n.get().unwrap_or_default();
            let href = AppRoute::CleanUp(Some(stale.join(", "))).href();
            view! {
                <p class="stale-line" data-testid="stale-summary" data-count=n.to_string()>
                    <span>{move || find::stale_count(lang.get(), n, days)}</span>
                    {(n > 0).then(|| view! {
                        <A href=href attr:class="button secondary small" attr:data-testid="stale-clean-up">
                            {session.t(words::PLAN_CLEAN_UP_OF_THESE)}
                        </A>
                    })}
                </p>
            }
        })}
        // The repositories without a date: listed last when ordered by
        // date, left out by the stale filter (the note says which).
        {move || {
            let filtering = stale_names.with(Option::is_some);
            let by_date = order.get() != Order::Name || filtering;
            let dateless = names.with(|all| last_pushes.with(|l| dateless_of(all, l)));
            let unread = dateless.unread;
            let any_unread = unread > 0;
            (by_date && dateless.total() > 0).then(|| view! {
                <p
                    class="muted dates-unknown"
                    data-testid="dates-unknown"
                    data-count=dateless.total().to_string()
                    data-undated=dateless.undated.to_string()
                    data-unread=unread.to_string()
                    data-empty=dateless.empty.to_string()
                    data-filtering=filtering.to_string()
                >
                    <span>{move || find::dateless(lang.get(), dateless, filtering)}</span>
                    <Show when=move || any_unread && !scan.running()>
                        <button class="button secondary small" type="button" data-testid="dates-scan" on:click=move |_| scan.start(session, String::new())>
                            {session.t(words::SCAN_REGISTRY)}
                        </button>
                    </Show>
                </p>
                <crate::pages::storage::ScanProgress/>
            })
        }}
        <Show
            when=move || { total.get() > 0 || !complete.get() }
            fallback=move || view! {
                <p class="empty" data-testid="catalog-empty">
                    {session.t(text::THIS_REGISTRY_HAS_NO_REPOSITORIES)}
                </p>
            }
        >
            <div class="repo-list" data-testid="repo-list" data-complete=move || complete.get().to_string()>
                // Keyed by the names in order: a new order or filter renders
                // the list again.
                <For each=move || groups.get() key=|g| (g.namespace.clone(), g.names.clone()) let:group>
                    <RepositoryGroup group=group grouped=grouped collapsed=collapsed visibility=visibility counts=counts.slots last_pushes scroll=scroll/>
                </For>
            </div>
        </Show>
    }
}

/// One namespace: a collapsible header and its repositories.
#[component]
fn RepositoryGroup(
    group: Group,
    grouped: Memo<bool>,
    collapsed: RwSignal<HashSet<String>>,
    visibility: Visibility,
    counts: RwSignal<HashMap<String, Slot<RowActivity>>>,
    /// Every repository's last push known so far.
    last_pushes: Memo<HashMap<String, LastPush>>,
    /// Bumped on scroll and resize: long groups render only the rows in view.
    scroll: RwSignal<u64>,
) -> impl IntoView {
    let session = Session::expect();
    let ns = StoredValue::new(group.namespace.clone());
    let is_open = move || !collapsed.with(|c| ns.with_value(|n| c.contains(n)));
    let size = group.names.len();
    let title = if group.namespace.is_empty() {
        None
    } else {
        Some(group.namespace.clone())
    };
    let names = StoredValue::new(group.names);
    let list = NodeRef::<leptos::html::Ul>::new();
    let slice = crate::virtual_rows::visible_slice(
        move || list.get().map(Into::into),
        move || size,
        scroll,
        "li.repo-row",
        DEFAULT_ROW_PX,
    );
    let shown = move || {
        let s = slice.get();
        names.with_value(|n| n[s.start.min(n.len())..s.end.min(n.len())].to_vec())
    };
    view! {
        <section class="repo-group" data-testid="repo-group">
            <Show when=move || grouped.get()>
                <button
                    class="group-head"
                    type="button"
                    aria-expanded=move || is_open().to_string()
                    on:click=move |_| collapsed.update(|c| {
                        let n = ns.get_value();
                        if !c.remove(&n) {
                            c.insert(n);
                        }
                    })
                >
                    <span class="chevron" aria-hidden="true">{move || if is_open() { "▾" } else { "▸" }}</span>
                    <span class="mono">{match title.clone() {
                        Some(t) => t.into_any(),
                        None => session.t(text::NO_NAMESPACE).into_any(),
                    }}</span>
                    <span class="muted">{size}</span>
                </button>
            </Show>
            <Show when=is_open>
                <ul class="repo-rows" node_ref=list>
                    <li class="spacer" aria-hidden="true" style:height=move || format!("{}px", slice.get().above_px as i64)></li>
                    <For each=shown key=|n| n.clone() let:name>
                        <RepositoryRow name visibility counts last_pushes/>
                    </For>
                    <li class="spacer" aria-hidden="true" style:height=move || format!("{}px", slice.get().below_px as i64)></li>
                </ul>
            </Show>
        </section>
    }
}

/// One repository: its name (a link) and, once on screen, its tag count.
#[component]
fn RepositoryRow(
    name: String,
    visibility: Visibility,
    counts: RwSignal<HashMap<String, Slot<RowActivity>>>,
    last_pushes: Memo<HashMap<String, LastPush>>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let row = NodeRef::<leptos::html::Li>::new();
    visibility.track(row, name.clone());
    // A memo: a count that arrives re-renders its own row only.
    let state = {
        let name = name.clone();
        Memo::new(move |_| {
            counts.with(|c| {
                c.get(&name).cloned().map(|s| match s {
                    Slot::Ready(a) => Slot::Ready(a.tags),
                    Slot::Queued => Slot::Queued,
                    Slot::Failed(e) => Slot::Failed(e),
                })
            })
        })
    };
    let last = {
        let name = name.clone();
        Memo::new(move |_| last_pushes.with(|l| l.get(&name).copied().unwrap_or(LastPush::Unknown)))
    };
    let description = {
        let name = name.clone();
        Memo::new(move |_| {
            counts.with(|c| match c.get(&name) {
                Some(Slot::Ready(a)) => a.description.clone(),
                _ => None,
            })
        })
    };
    let href = repository_href(&name);
    let data_repo = name.clone();
    view! {
        <li class="repo-row" node_ref=row data-testid="repo-row" data-repo=data_repo>
            <A href=href attr:class="repo-name" attr:data-testid="repo-name">{name}</A>
            <span class="repo-count" data-testid="repo-tags">
                {move || match state.get() {
                    None | Some(Slot::Queued) => view! { <span class="muted">"…"</span> }.into_any(),
                    Some(Slot::Ready(0)) => view! {
                        <span class="badge muted" data-testid="repo-empty">{session.t(text::EMPTY)}</span>
                        <span class="muted empty-why">
                            {session.t(text::NO_TAGS_ALL_WERE_DELETED)}
                        </span>
                    }.into_any(),
                    Some(Slot::Ready(n)) => view! {
                        <span class="muted">{move || phrase::tag_count(lang.get(), n)}</span>
                    }.into_any(),
                    Some(Slot::Failed(e)) => {
                        let why = move || e.explain(lang.get()).title;
                        view! { <span class="row-error" title=why>"!"</span> }.into_any()
                    }
                }}
            </span>
            <LastPushed last/>
            {move || description.get().map(|description| view! { <DescriptionView description compact=true/> })}
        </li>
    }
}

/// A repository's last push: how long ago (the date as a tooltip), or
/// why it is not known.
#[component]
fn LastPushed(last: Memo<LastPush>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    move || {
        let l = lang.get();
        let (shown, title, at) = match last.get() {
            LastPush::At(t) => (
                phrase::ago(l, now, t.seconds()),
                crate::registry::time::format_utc(t.seconds()),
                t.seconds().to_string(),
            ),
            LastPush::Empty => (
                "—".to_string(),
                words::NOTHING_PUSHED.get(l).to_string(),
                String::new(),
            ),
            LastPush::Undated => (
                text::NO_DATE.get(l).to_string(),
                words::UNDATED_WHY.get(l).to_string(),
                String::new(),
            ),
            LastPush::TooManyTags(n) => (
                words::NOT_READ.get(l).to_string(),
                find::too_many_tags(l, n),
                String::new(),
            ),
            LastPush::Unknown => (
                words::NOT_READ.get(l).to_string(),
                words::NOT_READ_WHY.get(l).to_string(),
                String::new(),
            ),
        };
        view! {
            <span class="repo-pushed muted" data-testid="repo-pushed" data-at=at title=title.clone() aria-label=title>
                {shown}
            </span>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::time::Timestamp;

    #[test]
    fn dateless_repositories_are_counted_by_what_their_rows_say() {
        let names: Vec<String> = ["dated", "undated", "unread", "busy", "empty", "unseen"]
            .map(String::from)
            .to_vec();
        let last = HashMap::from([
            (
                "dated".to_string(),
                LastPush::At(Timestamp::parse("2026-01-01T00:00:00Z").unwrap()),
            ),
            ("undated".to_string(), LastPush::Undated),
            ("unread".to_string(), LastPush::Unknown),
            ("busy".to_string(), LastPush::TooManyTags(40)),
            ("empty".to_string(), LastPush::Empty),
        ]);
        assert_eq!(
            dateless_of(&names, &last),
            find::Dateless {
                undated: 1,
                unread: 3,
                empty: 1,
            }
        );
    }
}
