//! One repository: every tag with its digest, platforms, size and date,
//! sortable and filterable over all tags.
//!
//! The tag table is in `repository/`: `tag_table.rs` (`TagTable`, which
//! owns the state, and `TagTableState`, the signals its pieces share),
//! `toolbar.rs` (`TagToolbar`), `selection_bar.rs` (`SelectionBar`),
//! `head.rs` (`TagTableHead`), `rows.rs` (`TagRows`, `TagRow`).

mod head;
mod rows;
mod selection_bar;
pub(crate) mod tag_table;
mod toolbar;

use crate::components::awaited::Awaited;
use crate::components::error_panel::InvalidAddress;
use crate::deletes::dialogs::bulk::BulkDeleteDialogProps;
use crate::digest_cache::LastDigests;
use crate::i18n::text;
use crate::registry::digest::Digest;
use crate::registry::image::ImageSummary;
use crate::registry::reference::RepositoryName;
use crate::repo::Repo;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;
use tag_table::TagTable;

/// Tags chosen for a bulk delete, and the image summaries the table has
/// loaded (for the reclaim estimate).
type BulkRequest = (Vec<String>, Signal<BTreeMap<Digest, ImageSummary>>);

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
    // Leaving the page saves what was read since the last save.
    on_cleanup(move || {
        if let Some(l) = last_digests.try_get_value() {
            l.flush();
        }
    });
    let repo = Repo::new(name.clone(), registry.clone(), transport.clone());
    let tags = LocalResource::new(move || {
        let (name, registry, transport) = repo.parts();
        async move { registry.list_tags(&transport, &name).await }
    });
    let reload = Callback::new(move |_| tags.refetch());
    // What the newest image says about itself, once the table has every
    // tag's summary (from them: no request of its own).
    let newest: RwSignal<Option<Vec<ImageSummary>>> = RwSignal::new(None);
    let description = LocalResource::new(move || {
        let summaries = newest.get();
        let (name, registry, transport) = repo.parts();
        async move {
            let summaries = summaries?;
            crate::on_demand::newest_description(registry, transport.background(), name, summaries)
                .await
        }
    });
    let title = name.to_string();
    let clean_up_href = AppRoute::CleanUp(Some(name.to_string())).href();
    // The bulk delete dialog lives above the table, so it stays open (with
    // its report) while the list reloads behind it.
    let bulk: RwSignal<Option<BulkRequest>> = RwSignal::new(None);
    let bulk_dialog = {
        let name = name.clone();
        move || {
            bulk.get().map(|(selection, seen)| {
                let name = name.clone();
                crate::on_demand::bulk_delete_dialog(move || {
                    BulkDeleteDialogProps::builder()
                        .name(name.clone())
                        .selection(selection.clone())
                        .seen(seen)
                        .on_close(Callback::new(move |_| bulk.set(None)))
                        .on_done(reload)
                        .build()
                })
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
            {move || description.get().flatten().map(|description| view! {
                <crate::components::description::DescriptionView description/>
            })}
            <Awaited resource=tags loading=text::LOADING_TAGS on_retry=reload ok=move |tags| {
                let (name, registry, transport) = repo.parts();
                view! { <TagTable name tags transport registry reload bulk last_digests all_summaries=newest/> }
            }/>
        </section>
    }
}
