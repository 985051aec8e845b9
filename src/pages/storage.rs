//! `/storage?repos=`: where the registry's disk goes. A scan (the session's
//! `StorageScan`, which goes on if the page is left) reads every
//! repository, or the ones a pattern names; the page shows the total of
//! distinct blobs, two charts (repositories by exclusive and shared bytes,
//! bytes by month of first push), the per-repository table (sortable,
//! filterable, CSV), the largest images and the layers shared the most.
//! Every figure comes from the core's `registry::storage`.

use crate::components::error_panel::ErrorPanel;
use crate::i18n::{phrase, text, Explain, Text};
use crate::registry::reference::{Reference, RepositoryName};
use crate::registry::storage::{self, Column, RepositoryUse};
use crate::routes::AppRoute;
use crate::session::Session;
use crate::storage_scan::{Scan, StorageScan};
use crate::timestamp::format_size;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;

/// Bars in the repository chart.
const CHART_REPOSITORIES: usize = 12;
/// Rows of the largest-images and most-shared tables.
const TOP: usize = 20;

#[component]
pub fn StoragePage() -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let scan = StorageScan::expect();
    let query = use_query_map();
    let repos = RwSignal::new(query.with_untracked(|q| q.get("repos").unwrap_or_default()));
    let here = session.registry().base().to_string();
    let current = Signal::derive(move || scan.last.get().filter(|s| s.registry == here));
    let start = move || scan.start(session, repos.get_untracked());
    view! {
        <section class="page storage-page">
            <nav class="crumbs">
                <A href=AppRoute::Catalog.href()>{session.t(text::REPOSITORIES)}</A>
                <span aria-hidden="true">" / "</span>
            </nav>
            <div class="page-head">
                <h1>{session.t(text::STORAGE)}</h1>
                <A href=move || AppRoute::CleanUp(Some(repos.get()).filter(|p| !p.trim().is_empty())).href() attr:class="button secondary small head-action" attr:data-testid="plan-clean-up">
                    {session.t(text::PLAN_A_CLEAN_UP)}
                </A>
            </div>
            <p class="muted">{session.t(text::STORAGE_INTRO)}</p>
            <form class="scan-form" data-testid="scan-form" on:submit=move |ev| { ev.prevent_default(); start(); }>
                <label>
                    <span>{session.t(text::SCAN_WHICH)}</span>
                    <input class="filter mono" data-testid="storage-repos" bind:value=repos placeholder="team/*, tools/*"/>
                </label>
                <button class="button" type="submit" data-testid="scan" disabled=move || scan.running()>
                    {session.t(text::SCAN)}
                </button>
            </form>
            <ScanProgress/>
            {move || scan.error.get().map(|error| view! { <ErrorPanel error/> })}
            {move || match current.get() {
                Some(s) => view! { <ScanView scan=s/> }.into_any(),
                None => (!scan.running()).then(|| view! {
                    <p class="empty" data-testid="no-scan">{move || text::NO_SCAN_YET.get(lang.get())}</p>
                }).into_any(),
            }}
        </section>
    }
}

/// The scan under way: a progress bar, what it read last, and cancel.
#[component]
pub(crate) fn ScanProgress() -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let scan = StorageScan::expect();
    let progress = move || {
        scan.progress.get().map(|p| {
            let label = if p.total == 0 {
                text::LISTING_REPOSITORIES.get(lang.get()).to_string()
            } else {
                phrase::scan_progress(lang.get(), p.done, p.total, &p.last)
            };
            view! {
                <div class="scan-progress" data-testid="scan-progress" role="status" data-done=p.done.to_string() data-total=p.total.to_string()>
                    <progress max=p.total.max(1).to_string() value=p.done.to_string()></progress>
                    <span class="muted">{label}</span>
                    <button class="button secondary small" type="button" data-testid="scan-cancel" disabled=p.cancelling on:click=move |_| scan.cancel()>
                        {if p.cancelling { text::CANCELLING.get(lang.get()) } else { text::CANCEL.get(lang.get()) }}
                    </button>
                </div>
            }
        })
    };
    // The scan's code comes on demand; when it did not, the scan did not
    // start, and the button beside this says "try again" by being there.
    let not_loaded = move || {
        scan.not_loaded.get().then(|| {
            view! {
                <p class="notice" role="alert" data-testid="scan-not-loaded">
                    {session.t(crate::i18n::on_demand::SCAN_NOT_LOADED)}
                </p>
            }
        })
    };
    view! { {progress} {not_loaded} }
}

/// A finished scan: the total, what it covers, the charts and the tables.
#[component]
fn ScanView(scan: Arc<Scan>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let accounting = &scan.storage;
    let rows = accounting.repositories();
    let images = accounting.images().len();
    let tags: usize = rows.iter().map(|r| r.tags).sum();
    let total = accounting.total();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let at = (scan.at / 1000.0) as i64;
    let took_tenths = (scan.took / 100.0) as u64;
    let whole = scan.whole_registry();
    let repositories = rows.len();
    let scope = {
        let scan = scan.clone();
        move || {
            phrase::scan_scope(
                lang.get(),
                &phrase::ago(lang.get(), now, at),
                took_tenths,
                &scan.pattern,
                scan.read,
                scan.asked,
                scan.cancelled,
                scan.from_catalog,
            )
        }
    };
    let failed = scan.failed.clone();
    let not_counted = scan.not_counted.clone();
    let months = accounting.by_month();
    let largest: Vec<(storage::Image, u64)> = accounting
        .largest(TOP)
        .into_iter()
        .map(|(i, b)| (i.clone(), b))
        .collect();
    let shared = accounting.most_shared(TOP);
    // The CSV is written when asked for, from the rows already counted.
    let csv_rows = StoredValue::new(rows.clone());
    let stamp = crate::timestamp::format_utc(at).replace([':', ' '], "-");
    let csv_name = format!("registry-storage-{stamp}.csv");
    let download_failed = RwSignal::new(false);
    view! {
        <div class="storage" data-testid="storage" data-whole-registry=whole.to_string() data-at=scan.at.to_string() data-took-ms=(scan.took as u64).to_string() data-repositories=repositories.to_string() data-read=scan.read.to_string() data-asked=scan.asked.to_string()>
            <div class="storage-summary">
                <p class="storage-total" data-testid="storage-total" data-bytes=total.to_string()>
                    <strong>{format_size(total)}</strong>
                    <span class="muted">{move || phrase::storage_counts(lang.get(), repositories, images, tags)}</span>
                </p>
                <p class="muted" data-testid="scan-scope">{scope}</p>
                <p class="muted caveat" data-testid="untagged-caveat">{session.t(text::UNTAGGED_CAVEAT)}</p>
                {(!failed.is_empty() || !not_counted.is_empty()).then(|| {
                    let (f, n) = (failed.len(), not_counted.len());
                    view! {
                    <details class="warn-box" data-testid="scan-gaps">
                        <summary>{move || phrase::scan_gaps(lang.get(), f, n)}</summary>
                        <ul class="mono">
                            {failed.iter().map(|(name, e)| {
                                let why = e.explain(lang.get_untracked()).title;
                                view! { <li>{name.clone()}": "{why}</li> }
                            }).collect_view()}
                            {not_counted.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}
                        </ul>
                    </details>
                }})}
            </div>
            <div class="charts">
                <RepositoryChart rows=storage::table(&rows, "", Column::Total, true).into_iter().take(CHART_REPOSITORIES).collect()/>
                <MonthChart months/>
            </div>
            <div class="section-head">
                <h2>{session.t(text::BY_REPOSITORY)}</h2>
                <button class="button secondary small" type="button" data-testid="storage-csv" on:click=move |_| {
                    download_failed.set(crate::download::save(&csv_name, "text/csv", &csv_rows.with_value(|r| storage::csv(r))).is_err());
                }>{session.t(text::DOWNLOAD_CSV)}</button>
            </div>
            {move || download_failed.get().then(|| view! { <p class="row-error">{session.t(text::DOWNLOAD_FAILED)}</p> })}
            <p class="muted">{session.t(text::EXCLUSIVE_HELP)}</p>
            <RepositoryTable rows/>
            <h2>{session.t(text::LARGEST_IMAGES)}</h2>
            <LargestImages largest/>
            <h2>{session.t(text::MOST_SHARED_LAYERS)}</h2>
            <MostShared shared/>
        </div>
    }
}

/// A bar's width, as a percentage of the largest.
fn percent(part: u64, largest: u64) -> String {
    if largest == 0 {
        return "0%".into();
    }
    format!("{}%", crate::timestamp::tenths(part * 100, largest))
}

/// Repositories as bars of exclusive and shared bytes, in the order given
/// (the largest first). Every figure is also written out, so a screen
/// reader reads the numbers.
#[component]
fn RepositoryChart(rows: Vec<RepositoryUse>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let largest = rows.iter().map(RepositoryUse::total).max().unwrap_or(0);
    view! {
        <figure class="chart" data-testid="repository-chart">
            <figcaption>
                <strong>{session.t(text::LARGEST_REPOSITORIES)}</strong>
                <span class="legend" aria-hidden="true">
                    <span class="swatch exclusive"></span>{session.t(text::EXCLUSIVE)}
                    <span class="swatch shared"></span>{session.t(text::SHARED)}
                </span>
            </figcaption>
            <ol class="bars stacked">
                {rows.into_iter().map(|r| {
                    let (exclusive, shared) = (r.exclusive, r.shared);
                    view! {
                        <li class="bar-row" data-repository=r.name.clone()>
                            <span class="bar-label mono" title=r.name.clone()>{r.name.clone()}</span>
                            <span class="bar" aria-hidden="true">
                                <span class="seg exclusive" style:width=percent(exclusive, largest)></span>
                                <span class="seg shared" style:width=percent(shared, largest)></span>
                            </span>
                            <span class="bar-value">
                                {move || phrase::exclusive_shared(lang.get(), &format_size(exclusive), &format_size(shared))}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </figure>
    }
}

/// Bytes by the month their first image was created, oldest first.
#[component]
fn MonthChart(months: Vec<(Option<String>, u64)>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let largest = months.iter().map(|(_, b)| *b).max().unwrap_or(0);
    view! {
        <figure class="chart" data-testid="month-chart">
            <figcaption><strong>{session.t(text::BY_MONTH)}</strong></figcaption>
            <ol class="bars">
                {months.into_iter().map(|(month, bytes)| {
                    let label = month.clone();
                    view! {
                        <li class="bar-row" data-month=month.unwrap_or_default()>
                            <span class="bar-label mono">{move || label.clone().unwrap_or_else(|| text::UNDATED.get(lang.get()).to_string())}</span>
                            <span class="bar" aria-hidden="true">
                                <span class="seg month" style:width=percent(bytes, largest)></span>
                            </span>
                            <span class="bar-value">{format_size(bytes)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </figure>
    }
}

/// The per-repository table: filter, sort by any column, every row
/// rendered only near the screen when the list is long.
#[component]
fn RepositoryTable(rows: Vec<RepositoryUse>) -> impl IntoView {
    let session = Session::expect();
    let filter = RwSignal::new(String::new());
    let by = RwSignal::new(Column::Exclusive);
    let descending = RwSignal::new(true);
    let all = StoredValue::new(rows);
    let shown = Memo::new(move |_| {
        all.with_value(|rows| storage::table(rows, &filter.get(), by.get(), descending.get()))
    });
    let body = NodeRef::<leptos::html::Tbody>::new();
    let scroll = crate::virtual_rows::watch_scroll();
    let slice = crate::virtual_rows::visible_slice(
        move || body.get().map(Into::into),
        move || shown.with(Vec::len),
        scroll,
        "tr.storage-row",
        37.0,
    );
    let visible = move || {
        let s = slice.get();
        shown.with(|r| r[s.start.min(r.len())..s.end.min(r.len())].to_vec())
    };
    let sort_by = move |column: Column| {
        if by.get_untracked() == column {
            descending.update(|d| *d = !*d);
        } else {
            by.set(column);
            descending.set(column != Column::Name);
        }
    };
    let head = move |column: Column, label: Text, numeric: bool| {
        let lang = session.lang;
        view! {
            <th class:num=numeric aria-sort=move || if by.get() == column { if descending.get() { "descending" } else { "ascending" } } else { "none" }>
                <button class="sort" class:active=move || by.get() == column type="button"
                    data-testid=format!("storage-sort-{column:?}").to_lowercase()
                    on:click=move |_| sort_by(column)>
                    {move || label.get(lang.get())}
                    {move || (by.get() == column).then(|| if descending.get() { " ↓" } else { " ↑" })}
                </button>
            </th>
        }
    };
    view! {
        <input class="filter" type="search" data-testid="storage-filter"
            aria-label=session.t(text::FILTER_REPOSITORIES)
            placeholder=session.t(text::FILTER_REPOSITORIES_PLACEHOLDER)
            bind:value=filter/>
        <div class="table-wrap">
            <table class="data storage-table" data-testid="storage-table" data-rows=move || shown.with(Vec::len).to_string()>
                <thead>
                    <tr>
                        {head(Column::Name, text::REPOSITORY, false)}
                        {head(Column::Images, text::IMAGES, true)}
                        {head(Column::Tags, text::TAGS, true)}
                        {head(Column::Total, text::TOTAL, true)}
                        {head(Column::Exclusive, text::EXCLUSIVE, true)}
                        {head(Column::Shared, text::SHARED, true)}
                    </tr>
                </thead>
                <tbody node_ref=body>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", slice.get().above_px as i64)></tr>
                    <For each=visible key=|r| r.name.clone() let:r>
                        <tr class="storage-row" data-repository=r.name.clone() data-exclusive=r.exclusive.to_string() data-shared=r.shared.to_string()>
                            <td class="mono">{repository_link(&r.name)}</td>
                            <td class="num">{r.images}</td>
                            <td class="num">{r.tags}</td>
                            <td class="num">{format_size(r.total())}</td>
                            <td class="num">{format_size(r.exclusive)}</td>
                            <td class="num">{format_size(r.shared)}</td>
                        </tr>
                    </For>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", slice.get().below_px as i64)></tr>
                </tbody>
            </table>
        </div>
    }
}

/// A repository's name, linking to its tags when it is a valid name.
fn repository_link(name: &str) -> AnyView {
    let name = name.to_string();
    match RepositoryName::parse(&name) {
        Ok(n) => view! { <A href=AppRoute::Repository(n).href()>{name}</A> }.into_any(),
        Err(_) => name.into_any(),
    }
}

/// The largest images: repository, tags, digest (linking to the image)
/// and the bytes of its distinct blobs.
#[component]
fn LargestImages(largest: Vec<(storage::Image, u64)>) -> impl IntoView {
    let session = Session::expect();
    view! {
        <div class="table-wrap">
            <table class="data" data-testid="largest-images">
                <thead><tr>
                    <th>{session.t(text::REPOSITORY)}</th>
                    <th>{session.t(text::TAGS)}</th>
                    <th>{session.t(text::DIGEST)}</th>
                    <th class="num">{session.t(text::SIZE)}</th>
                </tr></thead>
                <tbody>
                    {largest.into_iter().map(|(image, bytes)| {
                        let short = image.digest.chars().take(19).collect::<String>();
                        let link = RepositoryName::parse(&image.repository).ok().zip(Reference::parse(&image.digest).ok())
                            .map(|(n, d)| AppRoute::Image(n, d).href());
                        view! {
                            <tr>
                                <td class="mono">{repository_link(&image.repository)}</td>
                                <td class="mono">{image.tags.join(", ")}</td>
                                <td class="mono" title=image.digest.clone()>{match link {
                                    Some(href) => view! { <A href=href>{short}</A> }.into_any(),
                                    None => short.into_any(),
                                }}</td>
                                <td class="num">{format_size(bytes)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The blobs used by the most images.
#[component]
fn MostShared(shared: Vec<storage::SharedBlob>) -> impl IntoView {
    let session = Session::expect();
    view! {
        <div class="table-wrap">
            <table class="data" data-testid="most-shared">
                <thead><tr>
                    <th>{session.t(text::LAYER)}</th>
                    <th class="num">{session.t(text::SIZE)}</th>
                    <th class="num">{session.t(text::IMAGES)}</th>
                    <th class="num">{session.t(text::REPOSITORIES)}</th>
                </tr></thead>
                <tbody>
                    {shared.into_iter().map(|b| view! {
                        <tr>
                            <td class="mono" title=b.digest.clone()>{b.digest.chars().take(19).collect::<String>()}</td>
                            <td class="num">{format_size(b.size)}</td>
                            <td class="num">{b.images}</td>
                            <td class="num">{b.repositories}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
