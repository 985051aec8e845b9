//! The catalog: every repository in the registry, with an instant filter.

use crate::components::error_panel::ErrorPanel;
use crate::registry::reference::RepositoryName;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;

/// Link to a repository's tags; a name the registry should never have sent
/// (invalid grammar) links to the page that explains it.
fn repository_href(name: &str) -> String {
    match RepositoryName::parse(name) {
        Ok(n) => AppRoute::Repository(n).href(),
        Err(_) => format!("/repo/{}", name.replace(['/', '?', '#'], "_")),
    }
}

/// Lists every repository (all catalog pages).
#[component]
pub fn CatalogPage() -> impl IntoView {
    let session = Session::expect();
    let loaded = RwSignal::new(0usize);
    let reload = RwSignal::new(0u32);
    let transport = WebTransport::for_view();
    let repositories = LocalResource::new(move || {
        reload.track();
        loaded.set(0);
        let transport = transport.clone();
        let registry = session.registry();
        async move {
            registry
                .list_repositories(&transport, |n| loaded.set(n))
                .await
        }
    });
    let lang = session.lang;
    let loading = move || match lang.get() {
        crate::i18n::Lang::En => format!("Loading repositories… {} so far", loaded.get()),
        crate::i18n::Lang::Zh => format!("正在加载镜像库…已加载 {} 个", loaded.get()),
    };
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="loading" data-testid="loading">{loading}</p> }>
                {move || Suspend::new(async move {
                    match repositories.await {
                        Ok(names) => view! { <RepositoryList names=names/> }.into_any(),
                        Err(error) => view! {
                            <ErrorPanel error=error on_retry=move || reload.update(|n| *n += 1)/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The filterable list of repository names.
#[component]
fn RepositoryList(
    /// Every repository name, in the registry's (lexical) order.
    names: Vec<String>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let total = names.len();
    let names = StoredValue::new(names);
    let filter = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        names.with_value(|all| {
            all.iter()
                .filter(|n| needle.is_empty() || n.to_lowercase().contains(&needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let count = move || {
        let n = shown.with(Vec::len);
        match (lang.get(), n == total) {
            (crate::i18n::Lang::En, true) => format!("{total} repositories"),
            (crate::i18n::Lang::En, false) => format!("{n} of {total} repositories"),
            (crate::i18n::Lang::Zh, true) => format!("共 {total} 个镜像库"),
            (crate::i18n::Lang::Zh, false) => format!("{n} / {total} 个镜像库"),
        }
    };
    view! {
        <div class="page-head">
            <h1>{session.t("Repositories", "镜像库")}</h1>
            <span class="count" data-testid="repo-count">{count}</span>
        </div>
        <input
            class="filter"
            type="search"
            data-testid="repo-filter"
            aria-label=session.t("Filter repositories", "筛选镜像库")
            placeholder=session.t("Filter by name…", "按名称筛选…")
            bind:value=filter
        />
        <Show
            when=move || { total > 0 }
            fallback=move || view! {
                <p class="empty" data-testid="catalog-empty">
                    {session.t("This registry has no repositories yet. Push an image to see it here.",
                               "此仓库还没有镜像库。推送一个镜像后即可在这里看到。")}
                </p>
            }
        >
            <ul class="repo-list" data-testid="repo-list">
                <For each=move || shown.get() key=|name| name.clone() let:name>
                    <li class="repo-row">
                        <A href=repository_href(&name) attr:class="repo-name" attr:data-testid="repo-name">{name}</A>
                    </li>
                </For>
            </ul>
        </Show>
    }
}
