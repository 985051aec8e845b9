//! Pages loaded on demand. The first screen (the catalog and a
//! repository's tag table) is in the main WebAssembly module; every other
//! page is a split point: `tools/bundle` cuts what only it reaches into a
//! chunk of its own, fetched the first time the page is opened (and in
//! the background soon after the first screen, so a click rarely waits).
//!
//! A chunk that cannot be fetched (offline, a proxy's error, a deployment
//! replaced meanwhile) shows what happened and a "Try again" that fetches
//! it afresh: the loader does not keep a failure.
//!
//! On a native build (tests) each split function is an ordinary call.

use crate::deletes::dialogs::bulk::{BulkDeleteDialog, BulkDeleteDialogProps};
use crate::deletes::dialogs::delete::{DeleteDialog, DeleteDialogProps};
use crate::i18n::{on_demand as words, text};
use crate::pages::catalog::{RowActivity, RowRead};
use crate::registry::description::Description;
use crate::registry::error::RegistryError;
use crate::registry::last_push::LastPush;
use crate::session::Session;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

/// A split point. With the `split` feature (the app as Trunk builds it,
/// which `tools/bundle` cuts) the function's code goes into the chunk
/// `$module`: `wasm_split` makes it async, fetching the chunk on first call
/// (`fallible`: a failed fetch is an `Err`, not a panic), and `$fetch`
/// fetches it without calling it. Without the feature (native tests, and
/// the wasm tests nothing cuts, whose module must not import the
/// splitter's placeholders) it is an ordinary async function.
macro_rules! split_point {
    ($(#[$doc:meta])* $module:ident, $fetch:ident, $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[wasm_split($module, fallible, wasm_split_path = ::leptos::wasm_split, preload($fetch))]
        $vis fn $name($($arg: $ty),*) -> $ret $body

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        #[allow(clippy::unused_async)]
        $vis async fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(not(feature = "split"))]
        #[allow(clippy::unused_async, dead_code)]
        async fn $fetch() -> Result<(), SplitLoaderError> {
            Ok(())
        }
    };
}

/// A page's view, once its chunk is in.
pub type LoadedView = Result<AnyView, SplitLoaderError>;

/// A catalog row's activity as read.
type RowResult = Result<RowActivity, RegistryError>;

/// A tag's vulnerability badge as read.
type BadgeResult = Result<crate::registry::artifact::badge::Badge, RegistryError>;

/// A page that lives in a chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Image,
    CleanUp,
    Storage,
    Registries,
    Runs,
    Compare,
    Search,
}

impl Page {
    /// Every page on demand, in the order they are fetched ahead.
    pub const ALL: [Page; 7] = [
        Page::Image,
        Page::CleanUp,
        Page::Runs,
        Page::Storage,
        Page::Compare,
        Page::Registries,
        Page::Search,
    ];

    /// The page's view (its chunk fetched first when it is not in yet).
    fn view(self) -> Pin<Box<dyn Future<Output = LoadedView>>> {
        match self {
            Page::Image => Box::pin(image_page()),
            Page::CleanUp => Box::pin(clean_up_page()),
            Page::Storage => Box::pin(storage_page()),
            Page::Registries => Box::pin(registries_page()),
            Page::Runs => Box::pin(runs_page()),
            Page::Compare => Box::pin(compare_page()),
            Page::Search => Box::pin(search_page()),
        }
    }

    /// Fetch the page's chunk without showing it.
    fn fetch(self) -> Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>> {
        match self {
            Page::Image => Box::pin(fetch_image()),
            Page::CleanUp => Box::pin(fetch_clean_up()),
            Page::Storage => Box::pin(fetch_storage()),
            Page::Registries => Box::pin(fetch_registries()),
            Page::Runs => Box::pin(fetch_runs()),
            Page::Compare => Box::pin(fetch_compare()),
            Page::Search => Box::pin(fetch_search()),
        }
    }
}

split_point! {
    image, fetch_image,
    fn image_page() -> LoadedView {
        Ok(view! { <crate::pages::image::ImagePage/> }.into_any())
    }
}

split_point! {
    clean_up, fetch_clean_up,
    fn clean_up_page() -> LoadedView {
        Ok(view! { <crate::pages::clean_up::CleanUpPage/> }.into_any())
    }
}

split_point! {
    storage, fetch_storage,
    fn storage_page() -> LoadedView {
        Ok(view! { <crate::pages::storage::StoragePage/> }.into_any())
    }
}

split_point! {
    registries, fetch_registries,
    fn registries_page() -> LoadedView {
        Ok(view! { <crate::pages::registries::RegistriesPage/> }.into_any())
    }
}

split_point! {
    runs, fetch_runs,
    fn runs_page() -> LoadedView {
        Ok(view! { <crate::pages::runs::RunsPage/> }.into_any())
    }
}

split_point! {
    compare, fetch_compare,
    fn compare_page() -> LoadedView {
        Ok(view! { <crate::pages::compare::ComparePage/> }.into_any())
    }
}

split_point! {
    delete, fetch_delete,
    fn delete_dialog_view(props: DeleteDialogProps) -> LoadedView {
        Ok(DeleteDialog(props).into_any())
    }
}

split_point! {
    bulk_delete, fetch_bulk_delete,
    fn bulk_delete_dialog_view(props: BulkDeleteDialogProps) -> LoadedView {
        Ok(BulkDeleteDialog(props).into_any())
    }
}

/// The single delete dialog (a tag's or a digest's): the tag table's and
/// the image page's, in a chunk with the delete engine.
pub fn delete_dialog(
    props: impl Fn() -> DeleteDialogProps + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let on_close = props().on_close;
    view! { <Loaded load=move || Box::pin(delete_dialog_view(props())) on_close/> }
}

/// The bulk delete dialog of the tag table's selection.
pub fn bulk_delete_dialog(
    props: impl Fn() -> BulkDeleteDialogProps + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let on_close = props().on_close;
    view! { <Loaded load=move || Box::pin(bulk_delete_dialog_view(props())) on_close/> }
}

split_point! {
    search, fetch_search,
    fn search_page() -> LoadedView {
        Ok(view! { <crate::search::SearchPage/> }.into_any())
    }
}

split_point! {
    /// A storage scan (the Storage page's, the catalog's and the search's
    /// "scan" buttons): its code, with the storage accounting, in a chunk.
    scan, fetch_scan,
    pub fn scan(
        scan: crate::storage_scan::StorageScan,
        session: Session,
        pattern: String,
    ) -> Result<(), SplitLoaderError> {
        scan.begin(session, pattern);
        Ok(())
    }
}

split_point! {
    /// A catalog row's reads beyond its tag count (last push, description):
    /// the catalog's first rows and tag counts do not wait for this code.
    catalog_reads, fetch_catalog_reads,
    fn catalog_row_read(read: RowRead) -> Result<LocalBoxFuture<'static, RowResult>, SplitLoaderError> {
        Ok(Box::pin(read.run()))
    }
}

/// What a catalog row read beyond its tag count; `Err` when the code did
/// not come.
pub(crate) async fn catalog_row(read: RowRead) -> Result<RowResult, SplitLoaderError> {
    Ok(catalog_row_read(read).await?.await)
}

split_point! {
    /// A tag's vulnerability badge (the tag table's column): reading what
    /// is attached to an image, and the report parsers, in a chunk.
    report_badges, fetch_report_badges,
    fn report_badge_read(
        read: crate::artifacts::badges::BadgeRead,
    ) -> Result<LocalBoxFuture<'static, BadgeResult>, SplitLoaderError> {
        Ok(Box::pin(read.run()))
    }
}

/// A tag's vulnerability badge; `Err` when the code did not come.
pub(crate) async fn report_badge(
    read: crate::artifacts::badges::BadgeRead,
) -> Result<BadgeResult, SplitLoaderError> {
    Ok(report_badge_read(read).await?.await)
}

split_point! {
    catalog_reads, fetch_last_pushes_read,
    fn last_pushes_read(
        base: String,
        scan: crate::storage_scan::StorageScan,
    ) -> Result<LocalBoxFuture<'static, HashMap<String, LastPush>>, SplitLoaderError> {
        Ok(Box::pin(async move {
            crate::pages::catalog::known_last_pushes(&base, scan).await
        }))
    }
}

/// The last pushes a scan or a kept record knows (the catalog's column).
pub async fn last_pushes(
    base: String,
    scan: crate::storage_scan::StorageScan,
) -> Result<HashMap<String, LastPush>, SplitLoaderError> {
    Ok(last_pushes_read(base, scan).await?.await)
}

split_point! {
    /// A repository's description (its header's line), with the catalog
    /// rows' reads: the tag table does not wait for this code.
    catalog_reads, fetch_description_read,
    fn description_read(
        registry: crate::registry::client::Registry,
        transport: crate::transport::WebTransport,
        name: crate::registry::reference::RepositoryName,
        summaries: Vec<crate::registry::image::ImageSummary>,
    ) -> Result<LocalBoxFuture<'static, Option<Description>>, SplitLoaderError> {
        Ok(Box::pin(async move {
            crate::components::description::description_of_newest(
                &registry,
                &transport,
                &name,
                &summaries,
            )
            .await
            .ok()
            .flatten()
        }))
    }
}

/// What the newest of `summaries` says about itself; `None` without a
/// description, when it could not be read, or when that code did not come
/// (a description is never needed to use the page).
pub async fn newest_description(
    registry: crate::registry::client::Registry,
    transport: crate::transport::WebTransport,
    name: crate::registry::reference::RepositoryName,
    summaries: Vec<crate::registry::image::ImageSummary>,
) -> Option<Description> {
    description_read(registry, transport, name, summaries)
        .await
        .ok()?
        .await
}

split_point! {
    /// A second visit's tag table: the rows kept from the first shown, then
    /// checked again (`tag_table::KeptCheck`); in the browser's cache by
    /// then, so a second visit does not wait for the network.
    kept_rows, fetch_kept_rows,
    fn kept_rows(
        check: crate::pages::repository::tag_table::KeptCheck,
    ) -> Result<LocalBoxFuture<'static, ()>, SplitLoaderError> {
        Ok(Box::pin(check.run()))
    }
}

/// Show and check again what a second visit kept; `Err` when that code
/// did not come (the rows then load as on a first visit).
pub(crate) async fn kept_check(
    check: crate::pages::repository::tag_table::KeptCheck,
) -> Result<(), SplitLoaderError> {
    kept_rows(check).await?.await;
    Ok(())
}

split_point! {
    /// The journal read for the header's "to check" count at start-up.
    journal_count, fetch_journal_count,
    fn journal_count() -> Result<LocalBoxFuture<'static, usize>, SplitLoaderError> {
        Ok(Box::pin(crate::deletes::journal::to_check()))
    }
}

split_point! {
    /// Signing out: the untag records' manifests (read with the
    /// credentials) dropped from the journal.
    journal_count, fetch_journal_strip,
    fn journal_strip() -> Result<LocalBoxFuture<'static, ()>, SplitLoaderError> {
        Ok(Box::pin(crate::deletes::journal::strip_contents()))
    }
}

/// Drop what the journal keeps that was read with the credentials;
/// `Err` when that code did not come.
pub async fn strip_journal() -> Result<(), SplitLoaderError> {
    journal_strip().await?.await;
    Ok(())
}

/// How many outcomes, untags and tag writes the journal holds to check;
/// `None` when that code did not come (the count stays as it was; the
/// runs page reads the journal itself).
pub async fn to_check() -> Option<usize> {
    Some(journal_count().await.ok()?.await)
}

/// Fetch every chunk in the background, one after another, once the
/// first screen is drawn: the dialogs of the tag table first, then the
/// pages. A failure here is not shown: the part tries again when it is
/// opened.
pub fn fetch_ahead() {
    leptos::task::spawn_local(async {
        let _ = fetch_catalog_reads().await;
        let _ = fetch_report_badges().await;
        let _ = fetch_kept_rows().await;
        let _ = fetch_journal_count().await;
        let _ = fetch_delete().await;
        let _ = fetch_bulk_delete().await;
        let _ = fetch_scan().await;
        for page in Page::ALL {
            let _ = page.fetch().await;
        }
    });
}

/// A page on demand: "Loading…" while its chunk comes, then the page; if
/// the chunk could not be fetched, why and "Try again".
#[component]
pub fn OnDemand(
    /// Which page.
    page: Page,
) -> impl IntoView {
    view! { <Loaded load=move || page.view()/> }
}

/// A part of a page (a dialog) that lives in a chunk, as [`OnDemand`]
/// shows a page. `on_close` is offered beside "Try again" when it did not
/// come.
#[component]
pub fn Loaded<L>(
    /// Builds the view, fetching its chunk first when it is not in yet.
    load: L,
    /// Closes the part that could not be loaded (a dialog).
    #[prop(optional)]
    on_close: Option<Callback<()>>,
) -> impl IntoView
where
    L: Fn() -> Pin<Box<dyn Future<Output = LoadedView>>> + Clone + Send + Sync + 'static,
{
    let session = Session::expect();
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=move || view! { <p class="loading" data-testid="part-loading">{session.t(text::LOADING)}</p> }>
            {move || {
                attempt.track();
                let view = load();
                // The chunk's loader is not `Send`; the page has one thread.
                Suspend::new(SendWrapper::new(async move {
                    match view.await {
                        Ok(view) => view,
                        Err(_) => view! {
                            <NotLoaded retry=move || attempt.update(|a| *a += 1) on_close/>
                        }
                        .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

/// A chunk that did not come: a page's (with the way back to the
/// repositories) or a dialog's (with Close).
#[component]
fn NotLoaded(retry: impl Fn() + 'static, on_close: Option<Callback<()>>) -> impl IntoView {
    let session = Session::expect();
    let title = match on_close {
        Some(_) => words::DIALOG_NOT_LOADED,
        None => words::PART_NOT_LOADED,
    };
    // A dialog's stands where the dialog would have: over the page.
    let (outer, inner) = match on_close {
        Some(_) => ("overlay", "dialog chunk-dialog"),
        None => ("page", ""),
    };
    view! {
        <section class=outer>
            <div class=inner>
            <div class="error-panel" role="alert" data-testid="chunk-failed">
                <h2>{session.t(title)}</h2>
                <p>{session.t(words::PART_NOT_LOADED_WHY)}</p>
                <p>{session.t(words::PART_NOT_LOADED_FIX)}</p>
                <div class="retry-actions">
                    <button class="button" type="button" data-testid="chunk-retry" on:click=move |_| retry()>
                        {session.t(text::TRY_AGAIN)}
                    </button>
                    {match on_close {
                        Some(close) => view! {
                            <button class="button secondary" type="button" data-testid="chunk-close" on:click=move |_| close.run(())>
                                {session.t(text::CLOSE)}
                            </button>
                        }
                        .into_any(),
                        None => view! {
                            <a href=crate::routes::AppRoute::Catalog.href()>{session.t(text::BACK_TO_THE_REPOSITORIES)}</a>
                        }
                        .into_any(),
                    }}
                </div>
            </div>
            </div>
        </section>
    }
}
