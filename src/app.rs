//! Start-up (read the configuration, then mount) and the top-level view.

use crate::components::error_panel::ConfigProblem;
use crate::config::{resolve_with, ConfigError, Connection};
use crate::header::Header;
use crate::i18n::text;
use crate::i18n::Lang;
use crate::on_demand::{OnDemand, Page};
use crate::pages::catalog::CatalogPage;
use crate::pages::repository::RepositoryPage;
use crate::session::Session;
use crate::theme::Theme;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::JsCast;

const LANG_KEY: &str = "shipshape.lang";
const THEME_KEY: &str = "shipshape.theme";

fn stored(key: &str) -> Option<String> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(key).ok().flatten())
}

fn store(key: &str, value: Option<&str>) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

/// Read the run-time configuration, then mount the app.
pub fn start() {
    // Trunk writes `<base href>` from its public URL; routes live under it.
    let base_path = document()
        .base_uri()
        .ok()
        .flatten()
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|u| u.pathname())
        .unwrap_or_default();
    crate::routes::set_base(&base_path);
    // The app's WebAssembly memory, for `cargo xtask bench` (the JS heap
    // figure leaves it out) and anyone measuring the page in devtools.
    let _ = js_sys::Reflect::set(
        &window(),
        &"shipshapeMemory".into(),
        &wasm_bindgen::memory(),
    );
    wasm_bindgen_futures::spawn_local(async {
        let connection = load_connection().await;
        let ui = connection
            .as_ref()
            .map(|c| c.ui.clone())
            .unwrap_or_default();
        let lang = initial_lang(ui.language());
        let theme = stored(THEME_KEY)
            .map(|t| Theme::parse(&t))
            .or(ui.theme())
            .unwrap_or_default();
        if let Some(title) = ui.title() {
            document().set_title(&format!("{title} · Shipshape"));
        }
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        leptos::mount::mount_to_body(
            move || view! { <App connection=connection.clone() lang=lang theme=theme/> },
        );
    });
}

async fn load_connection() -> Result<Connection, ConfigError> {
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let query = location
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("registry"));
    let file = fetch_config_file().await?;
    resolve_with(
        query.as_deref(),
        file.as_deref(),
        &crate::session::stored_choice(),
        &origin,
    )
}

/// `config.json` beside `index.html`: the file, `None` when there is none,
/// or an error when it could not be read (see
/// [`crate::config::config_file_from`]: that fails closed).
async fn fetch_config_file() -> Result<Option<Vec<u8>>, ConfigError> {
    let Ok(resp) = gloo_net::http::Request::get("config.json")
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
    else {
        return crate::config::config_file_from(None);
    };
    let content_type = resp.headers().get("content-type");
    let Ok(body) = resp.binary().await else {
        return crate::config::config_file_from(None);
    };
    crate::config::config_file_from(Some((resp.status(), content_type.as_deref(), &body)))
}

/// The user's own choice, else `config.json`'s default, else the browser's
/// languages.
fn initial_lang(configured: Option<Lang>) -> Lang {
    let stored = stored(LANG_KEY).and_then(|v| Lang::parse(&v));
    stored.or(configured).unwrap_or_else(|| {
        let langs: Vec<String> = window()
            .navigator()
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        Lang::from_preferences(langs.iter().map(String::as_str))
    })
}

/// The whole app: header and routed pages, or the configuration problem.
#[component]
pub fn App(
    /// The registry to talk to, or why the configuration is unusable.
    connection: Result<Connection, ConfigError>,
    /// The language to start in.
    lang: Lang,
    /// The theme to start with.
    theme: Theme,
) -> impl IntoView {
    let lang = RwSignal::new(lang);
    let theme = RwSignal::new(theme);
    Effect::new(move || {
        let l = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.code());
        }
        store(LANG_KEY, Some(l.code()));
    });
    Effect::new(move || {
        let t = theme.get();
        if let Some(root) = document().document_element() {
            let _ = match t.attr() {
                Some(a) => root.set_attribute("data-theme", a),
                None => root.remove_attribute("data-theme"),
            };
        }
        // "system" is stored too: a choice the configured default must not
        // override on the next visit.
        store(THEME_KEY, Some(t.attr().unwrap_or("system")));
    });
    // `/` focuses the header's search box, as on most sites with one.
    let keys = window_event_listener(leptos::ev::keydown, |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = document()
            .active_element()
            .map(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
            .unwrap_or(false);
        // An open dialog owns the keyboard: nothing behind it is focused.
        let dialog_open = document()
            .query_selector("[aria-modal=true]")
            .ok()
            .flatten()
            .is_some();
        if typing || dialog_open {
            return;
        }
        if let Some(filter) = document()
            .query_selector("input[data-shortcut='/']")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            ev.prevent_default();
            let _ = filter.focus();
        }
    });
    on_cleanup(move || keys.remove());
    match connection {
        Ok(connection) => {
            provide_context(Session::new(connection, lang, theme));
            crate::storage_scan::StorageScan::provide();
            let runs = crate::deletes::runs::Runs::provide();
            // Closing or reloading the tab while DELETEs are in flight asks
            // first: their outcomes would be unknown.
            let leaving = window_event_listener(leptos::ev::beforeunload, move |ev| {
                if runs.busy() {
                    ev.prevent_default();
                    ev.set_return_value(text::LEAVE_WHILE_DELETING.get(lang.get_untracked()));
                }
            });
            on_cleanup(move || leaving.remove());
            // The pages and dialogs loaded on demand come in the background
            // once the first screen has had its start: a click rarely waits.
            set_timeout(
                crate::on_demand::fetch_ahead,
                std::time::Duration::from_millis(1500),
            );
            let framed = expect_context::<Session>().framed;
            view! {
                <Router base=crate::routes::base()>
                    <Header/>
                    {framed.then(|| view! {
                        <p class="notice framed-notice" role="status" data-testid="framed-notice">
                            {move || text::FRAMED_READ_ONLY.get(lang.get())}
                        </p>
                    })}
                    <main class="main">
                        // `path!` takes only literals: these are
                        // `routes::ROUTE_PATTERNS`, which the tests in
                        // routes.rs tie to this list and to `AppRoute::path`.
                        <Routes fallback=|| view! { <NotFound/> }>
                            <Route path=path!("/") view=CatalogPage/>
                            <Route path=path!("/repo/*name") view=RepositoryPage/>
                            <Route path=path!("/image/*reference") view=|| view! { <OnDemand page=Page::Image/> }/>
                            <Route path=path!("/clean-up") view=|| view! { <OnDemand page=Page::CleanUp/> }/>
                            <Route path=path!("/storage") view=|| view! { <OnDemand page=Page::Storage/> }/>
                            <Route path=path!("/registries") view=|| view! { <OnDemand page=Page::Registries/> }/>
                            <Route path=path!("/runs") view=|| view! { <OnDemand page=Page::Runs/> }/>
                            <Route path=path!("/compare/*spec") view=|| view! { <OnDemand page=Page::Compare/> }/>
                            <Route path=path!("/search") view=|| view! { <OnDemand page=Page::Search/> }/>
                        </Routes>
                    </main>
                </Router>
            }
            .into_any()
        }
        Err(error) => view! { <ConfigProblem error=error lang=lang/> }.into_any(),
    }
}

/// Shown for a URL that matches no page.
#[component]
fn NotFound() -> impl IntoView {
    let session = Session::expect();
    view! {
        <section class="page">
            <h1>{session.t(text::PAGE_NOT_FOUND)}</h1>
            <p><a href=crate::routes::AppRoute::Catalog.href()>{session.t(text::BACK_TO_THE_REPOSITORIES)}</a></p>
        </section>
    }
}
