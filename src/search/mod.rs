//! `/search?q=`: where a digest or a tag lives, registry-wide, over what
//! this browser already holds (the session's storage scan and the records
//! `digest_cache` kept of each repository it showed), newest per
//! repository. No request is sent to search; the page says what it
//! covered and offers the storage scan for the rest. The matching is the
//! core's `registry::search`. A tag-like word (or any text that is no
//! digest) is also searched as a package name over the SBOMs this browser
//! has read (`artifacts::seen`, the core's `PackageIndex`).
//! `SearchBox` is the header's entry to it.

mod search_box;
pub use search_box::SearchBox;

use crate::digest_cache::{kept_repositories, KeptCatalog};
use crate::i18n::find::{self, text as words};
use crate::i18n::{phrase, text};
use crate::registry::packages::PackageIndex;
use crate::registry::reference::{Reference, RepositoryName, Tag};
use crate::registry::search::{
    newest_per_repository, search, Hit, Holding, Query, QueryError, Role, Source,
};
use crate::routes::AppRoute;
use crate::session::Session;
use crate::storage_scan::StorageScan;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Seconds since the epoch, now.
fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The search page (one entry component: the route loads this).
#[component]
pub fn SearchPage() -> impl IntoView {
    let session = Session::expect();
    let scan = StorageScan::expect();
    let query_map = use_query_map();
    let q = Memo::new(move |_| query_map.with(|m| m.get("q").unwrap_or_default()));
    let base = StoredValue::new(session.registry().base().to_string());
    // The kept records and the kept catalog, read once per visit (a scan
    // that finishes meanwhile is read from the session).
    let kept = LocalResource::new(move || async move {
        let base = base.get_value();
        let holdings: Vec<Holding> = kept_repositories(&base)
            .await
            .into_iter()
            .map(|(repository, k)| Holding::kept(&repository, k.as_of, &k.tags, &k.summaries))
            .collect();
        let catalog = KeptCatalog::read(&base).await.map(|c| c.names);
        Arc::new((holdings, catalog))
    });
    let current_scan = Signal::derive(move || {
        scan.last
            .get()
            .filter(|s| base.with_value(|b| s.registry == *b))
    });
    // What is searched: per repository the newest holding.
    let holdings = Memo::new(move |_| {
        let kept = kept.get()?;
        let mut all = kept.0.clone();
        if let Some(s) = current_scan.get() {
            all.extend(Holding::scanned(s.storage.images(), s.at));
        }
        Some(Arc::new(newest_per_repository(all)))
    });
    // The package index of the SBOMs this browser has read (a copy, read
    // once per visit).
    let packages = LocalResource::new(move || async move {
        let index = crate::artifacts::seen::index(&base.get_value()).await;
        let copy = index.borrow().clone();
        Arc::new(copy)
    });
    let parsed = Memo::new(move |_| Query::parse(&q.get()));
    // Nothing of the registry's repositories to search: no holding, and
    // no scan of the whole registry (a scan of an empty one did search).
    let nothing_held = move || {
        holdings.with(|h| h.as_ref().is_some_and(|h| h.is_empty()))
            && !current_scan.with(|s| s.as_ref().is_some_and(|s| s.whole_registry()))
    };
    // A package search beside the tag search (and for text that is no
    // tag or digest, such as `@scope/name`).
    let package_results = move |bad_query: bool| {
        let text = q.get();
        match (packages.get(), holdings.get()) {
            (Some(index), Some(h)) => {
                view! { <PackageResults text index holdings=h bad_query/> }.into_any()
            }
            _ => view! { <p class="loading">{session.t(words::LOOKING)}</p> }.into_any(),
        }
    };
    view! {
        <section class="page search-page">
            <nav class="crumbs">
                <A href=AppRoute::Catalog.href()>{session.t(text::REPOSITORIES)}</A>
                <span aria-hidden="true">" / "</span>
            </nav>
            <div class="page-head">
                <h1>{session.t(words::SEARCH)}</h1>
            </div>
            <p class="muted">{session.t(words::SEARCH_INTRO)}</p>
            {move || match parsed.get() {
                Err(QueryError::Empty) => view! {
                    <p class="empty" data-testid="search-empty">{session.t(words::SEARCH_EMPTY)}</p>
                }.into_any(),
                // A digest written wrong is no package name.
                Err(_) if q.with(|q| q.contains("sha256:") || q.contains("sha512:")) => view! {
                    <div class="warn-text" role="alert" data-testid="search-problem">
                        <p><strong>{session.t(words::BAD_QUERY)}</strong></p>
                        <p>{session.t(words::BAD_QUERY_FIX)}</p>
                    </div>
                }.into_any(),
                Err(_) => package_results(true),
                Ok(query) => {
                    let is_tag = matches!(query, Query::Tag { .. });
                    view! {
                        <QueryShown query=query.clone()/>
                        {move || match holdings.get() {
                            None => view! { <p class="loading">{session.t(words::LOOKING)}</p> }.into_any(),
                            Some(h) => {
                                let hits = search(&query, &h);
                                // A word found only as a package: no "not
                                // found" for the tag above the packages.
                                let package_found = is_tag && hits.is_empty() && packages
                                    .get()
                                    .is_some_and(|i| !i.find(&q.get(), None).hits.is_empty());
                                // Nothing held: nothing was searched, which
                                // the coverage below says (no "not found").
                                if package_found || (hits.is_empty() && nothing_held()) {
                                    ().into_any()
                                } else {
                                    view! { <Results query=query.clone() hits/> }.into_any()
                                }
                            }
                        }}
                        {move || is_tag.then(|| package_results(false))}
                    }.into_any()
                }
            }}
            // What was searched (not for text only the package search
            // reads: its own count says what it covered).
            {move || {
                let package_only =
                    parsed.with(|p| matches!(p, Err(e) if !matches!(e, QueryError::Empty)));
                let h = holdings.get()?;
                // A tag is also a package name: the SBOMs read count as
                // searched.
                let sboms = matches!(parsed.get(), Ok(Query::Tag { .. }))
                    .then(|| packages.get().map(|i| i.images.len()))
                    .flatten();
                let catalog = kept.get().and_then(|k| k.1.clone());
                (!package_only).then(|| view! { <Coverage holdings=h catalog sboms/> })
            }}
        </section>
    }
}

/// What was asked for, as read.
#[component]
fn QueryShown(query: Query) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    match query {
        Query::Digest { digest, named } => view! {
            <p class="search-query">
                <span class="muted">{session.t(words::DIGEST)}</span>" "
                <code class="mono" data-testid="search-digest">{digest.to_string()}</code>
            </p>
            {named.map(|n| view! {
                <p class="muted" data-testid="search-named">{move || find::named_repository(lang.get(), &n)}</p>
            })}
        }
        .into_any(),
        Query::Tag { .. } => ().into_any(),
    }
}

/// The images found, by how they hold what was asked for.
#[component]
fn Results(query: Query, hits: Vec<Hit>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    if hits.is_empty() {
        return view! {
            <p class="empty" data-testid="search-none">{session.t(words::NOT_FOUND)}</p>
        }
        .into_any();
    }
    let is_tag = matches!(query, Query::Tag { .. });
    let n = hits.len();
    let sections: Vec<(Role, Vec<Hit>)> = [Role::Manifest, Role::Listed, Role::Blob]
        .into_iter()
        .map(|role| {
            (
                role,
                hits.iter()
                    .filter(|h| h.role == role)
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, h)| !h.is_empty())
        .collect();
    view! {
        <p class="count" data-testid="search-count">{move || find::found(lang.get(), n)}</p>
        {sections.into_iter().map(|(role, hits)| {
            let title = match role {
                Role::Manifest if is_tag => words::WITH_TAG,
                Role::Manifest => words::AS_MANIFEST,
                Role::Listed => words::AS_LISTED,
                Role::Blob => words::AS_BLOB,
            };
            let role_id = match role {
                Role::Manifest => "manifest",
                Role::Listed => "listed",
                Role::Blob => "blob",
            };
            view! {
                <section class="search-section" data-testid="search-section" data-role=role_id>
                    <h2>{session.t(title)}</h2>
                    <ul class="search-hits">
                        {hits.into_iter().map(|hit| view! { <HitRow hit role_id/> }).collect_view()}
                    </ul>
                </section>
            }
        }).collect_view()}
    }
    .into_any()
}

/// `repository:tag` as a list item, a link to the image when the names
/// parse (registry text otherwise shown as it came).
fn tag_item(
    name: Option<RepositoryName>,
    repository: &str,
    tag: &str,
    testid: &'static str,
) -> impl IntoView {
    let href = name
        .zip(Tag::parse(tag).ok())
        .map(|(n, tag)| AppRoute::Image(n, Reference::Tag(tag)).href());
    let shown = format!("{repository}:{tag}");
    view! {
        <li>
            {match href {
                Some(href) => view! { <A href=href attr:class="mono" attr:data-testid=testid>{shown}</A> }.into_any(),
                None => view! { <span class="mono">{shown}</span> }.into_any(),
            }}
        </li>
    }
}

/// One image found: its repository, its tags (each a link to the image),
/// its kind, date and where the fact comes from.
#[component]
fn HitRow(hit: Hit, role_id: &'static str) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let name = RepositoryName::parse(&hit.repository).ok();
    let repository_link = name
        .clone()
        .map(|n| AppRoute::Repository(n).href())
        .unwrap_or_default();
    let tags = hit
        .tags
        .iter()
        .map(|t| tag_item(name.clone(), &hit.repository, t, "search-tag"))
        .collect_view();
    let created = hit.created.map(|c| c.seconds());
    let now = now_seconds();
    let (repo_attr, repo_shown) = (hit.repository.clone(), hit.repository.clone());
    let source = match hit.source {
        Source::Scan => words::FROM_SCAN,
        Source::Kept => words::FROM_KEPT,
    };
    view! {
        <li class="search-hit" data-testid="search-hit" data-role=role_id data-repo=repo_attr data-digest=hit.digest.clone()>
            <div class="search-hit-head">
                <A href=repository_link attr:class="repo-name" attr:data-testid="search-repo">{repo_shown}</A>
                {hit.index.then(|| view! { <span class="badge muted">{session.t(words::MULTI_ARCH)}</span> })}
                <span class="muted search-hit-when" title=created.map(crate::registry::time::format_utc).unwrap_or_default()>
                    {move || created.map(|c| phrase::ago(lang.get(), now, c))}
                </span>
                <span class="badge muted" data-testid="search-source">{session.t(source)}</span>
            </div>
            <ul class="search-tags">{tags}</ul>
        </li>
    }
}

/// The images whose SBOMs (as read in this browser) list a package named
/// like `text`: repository, tags, digest and the package's version; how
/// many SBOMs were searched and how to cover more. `bad_query`: the text
/// is no digest or tag either (said when no package is found).
#[component]
fn PackageResults(
    text: String,
    index: Arc<PackageIndex>,
    holdings: Arc<Vec<Holding>>,
    bad_query: bool,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let found = index.find(&text, None);
    let (n, searched) = (found.hits.len(), found.searched);
    let problem = (bad_query && n == 0).then(|| {
        view! {
            <div class="warn-text" role="alert" data-testid="search-problem">
                <p><strong>{session.t(words::BAD_QUERY)}</strong></p>
                <p>{session.t(words::BAD_QUERY_FIX)}</p>
            </div>
        }
    });
    let tags_of = |repository: &str, digest: &str| -> Vec<String> {
        holdings
            .iter()
            .filter(|h| h.repository == repository)
            .flat_map(|h| h.images.iter())
            .find(|i| i.digest == digest)
            .map(|i| i.tags.clone())
            .unwrap_or_default()
    };
    let hits = found
        .hits
        .into_iter()
        .map(|hit| {
            let name = RepositoryName::parse(&hit.repository).ok();
            let repository_link = name.clone().map(|n| AppRoute::Repository(n).href()).unwrap_or_default();
            let image_link = name
                .clone()
                .zip(crate::registry::digest::Digest::parse(&hit.digest).ok())
                .map(|(n, d)| AppRoute::Image(n, Reference::Digest(d)).href())
                .unwrap_or_default();
            let short: String = hit.digest.chars().take(19).collect();
            let tags = tags_of(&hit.repository, &hit.digest);
            let untagged = tags.is_empty();
            let tags = tags
                .into_iter()
                .map(|t| tag_item(name.clone(), &hit.repository, &t, "package-tag"))
                .collect_view();
            let more = hit.matching.saturating_sub(hit.packages.len());
            let packages = hit
                .packages
                .iter()
                .map(|(name, version)| match version {
                    Some(v) => format!("{name} {v}"),
                    None => name.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let (repo_attr, digest_attr, repo_shown) = (hit.repository.clone(), hit.digest.clone(), hit.repository.clone());
            view! {
                <li class="search-hit" data-testid="package-hit" data-repo=repo_attr data-digest=digest_attr>
                    <div class="search-hit-head">
                        <A href=repository_link attr:class="repo-name">{repo_shown}</A>
                        <A href=image_link attr:class="mono" attr:data-testid="package-image">{short}"…"</A>
                        <span class="mono" data-testid="package-version">{packages}</span>
                        {(more > 0).then(|| view! { <span class="muted">{move || find::more_packages(lang.get(), more)}</span> })}
                    </div>
                    <ul class="search-tags">
                        {untagged.then(|| view! { <li class="muted">{session.t(words::UNTAGGED)}</li> })}
                        {tags}
                    </ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="search-section" data-testid="package-results" data-found=n.to_string() data-searched=searched.to_string()>
            <h2>{session.t(words::PACKAGES_HEADING)}</h2>
            {if searched == 0 {
                view! { <p class="muted" data-testid="package-none-read">{session.t(words::NO_SBOM_READ)}</p> }.into_any()
            } else {
                view! {
                    <p data-testid="package-searched">{move || find::packages_found(lang.get(), n, searched)}</p>
                    <ul class="search-hits">{hits}</ul>
                    <p class="muted small">{session.t(words::PACKAGES_HOW_MORE)}</p>
                }.into_any()
            }}
        </section>
        {problem}
    }
}

/// What the search covered, and the scan for the rest.
#[component]
fn Coverage(
    /// The holdings searched (newest per repository).
    holdings: Arc<Vec<Holding>>,
    /// The catalog as last read to the end, if kept.
    catalog: Option<Vec<String>>,
    /// For a tag (also searched as a package name): the images whose SBOMs
    /// this browser has read.
    sboms: Option<usize>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let scan = StorageScan::expect();
    let base = session.registry().base().to_string();
    let last = scan.last.get_untracked().filter(|s| s.registry == base);
    let whole = last.as_ref().is_some_and(|s| s.whole_registry());
    let scanned = holdings.iter().filter(|h| h.source == Source::Scan).count();
    let kept: Vec<&Holding> = holdings
        .iter()
        .filter(|h| h.source == Source::Kept)
        .collect();
    let oldest_kept = kept.iter().filter_map(|h| h.as_of).reduce(f64::min);
    let kept_n = kept.len();
    let scan_at = last.as_ref().map(|s| (s.at / 1000.0) as i64);
    let now = now_seconds();
    let held: BTreeSet<&str> = holdings.iter().map(|h| h.repository.as_str()).collect();
    let uncovered = match (&catalog, whole) {
        (Some(names), false) => Some((
            names.iter().filter(|n| !held.contains(n.as_str())).count(),
            names.len(),
        )),
        _ => None,
    };
    // Nothing held of the repositories (then no tag or digest was
    // searched); nothing at all when no SBOM was read either.
    let no_repositories = holdings.is_empty() && !whole;
    let sboms = sboms.unwrap_or(0);
    let nothing = no_repositories && sboms == 0;
    let summary = move || {
        let l = lang.get();
        let scan_ago = scan_at.map(|at| phrase::ago(l, now, at));
        let oldest = oldest_kept.map(|t| phrase::ago(l, now, (t / 1000.0) as i64));
        find::coverage(
            l,
            scan_ago.as_deref().map(|a| (scanned, a)),
            kept_n,
            oldest.as_deref(),
        )
    };
    view! {
        <div class="search-coverage" data-testid="search-coverage" data-whole=whole.to_string() data-repositories=holdings.len().to_string() data-sboms=sboms.to_string()>
            {if nothing {
                view! { <p data-testid="search-nothing-held">{session.t(words::NOTHING_HELD)}</p> }.into_any()
            } else if no_repositories {
                view! { <p data-testid="search-no-repositories">{session.t(words::NO_REPOSITORY_HELD)}</p> }.into_any()
            } else {
                view! { <p data-testid="search-covered">{summary}</p> }.into_any()
            }}
            {(sboms > 0).then(|| view! {
                <p data-testid="search-covered-sboms">{move || find::sboms_searched(lang.get(), sboms)}</p>
            })}
            {whole.then(|| view! { <p class="muted">{session.t(words::WHOLE_REGISTRY)}</p> })}
            {uncovered.filter(|(n, _)| *n > 0).map(|(n, of)| view! {
                <p data-testid="search-uncovered">{move || find::not_covered(lang.get(), n, of)}</p>
            })}
            {(!whole).then(|| view! { <p class="muted">{session.t(words::SCAN_OFFER)}</p> })}
            <crate::pages::storage::ScanProgress/>
            <Show when=move || !scan.running()>
                <button class="button secondary small" type="button" data-testid="search-scan" on:click=move |_| scan.start(session, String::new())>
                    {session.t(if whole { words::SCAN_AGAIN } else { words::SCAN_REGISTRY })}
                </button>
            </Show>
        </div>
    }
}
