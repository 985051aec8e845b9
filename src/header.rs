//! The bar at the top: product name, the registry in use, language switch.
//! The app's frame, not a generic widget: it shows the delete runs and the
//! search box, so it sits beside `app.rs` rather than in `components/`
//! (which the delete dialogs use).

use crate::components::icon::{Icon, IconKind};
use crate::i18n::Explain;
use crate::i18n::{phrase, text};
use crate::session::Session;
use crate::theme::Theme;
use leptos::prelude::*;

/// Top bar shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let session = Session::expect();
    let connection = session.connection();
    let lang = session.lang;
    let theme = session.theme;
    let title = connection.ui.title().map(str::to_string);
    view! {
        <header class="topbar">
            <a class="brand" href=crate::routes::AppRoute::Catalog.href()>
                <Icon kind=IconKind::Ship/>
                <span class="brand-name" data-testid="brand">{title.unwrap_or_else(|| "Shipshape".into())}</span>
            </a>
            <a class="registry-badge" href=crate::routes::AppRoute::Registries.href() title=connection.registry.base().to_string() data-testid="registry">
                <span class="registry-label">{session.t(text::REGISTRY)}</span>
                <span class="registry-name">{connection.name.clone()}</span>
                <span class="registry-label" aria-hidden="true">"▾"</span>
            </a>
            <RunsBadge/>
            <crate::search::SearchBox/>
            <div class="top-actions">
                {move || session.credentials.get().map(|c| view! {
                    <span class="signed-in" data-testid="signed-in" title=c.user.clone()>{c.user.clone()}</span>
                    <button class="button secondary small" type="button" data-testid="sign-out" title=session.t(text::SIGN_OUT_HELP) on:click=move |_| session.sign_out(async {
                        // In a chunk: the journal's code is not on the first screen.
                        let _ = crate::on_demand::strip_journal().await;
                    })>
                        {session.t(text::SIGN_OUT)}
                    </button>
                })}
                <button
                    class="icon-button"
                    type="button"
                    data-testid="theme-switch"
                    title=move || theme.get().label(lang.get())
                    aria-label=move || theme.get().label(lang.get())
                    on:click=move |_| theme.update(|t| *t = t.next())
                >
                    {move || match theme.get() {
                        Theme::System => view! { <Icon kind=IconKind::Monitor/> },
                        Theme::Light => view! { <Icon kind=IconKind::Sun/> },
                        Theme::Dark => view! { <Icon kind=IconKind::Moon/> },
                    }}
                </button>
                <button
                    class="icon-button"
                    type="button"
                    data-testid="lang-switch"
                    lang=move || lang.get().other().code()
                    on:click=move |_| lang.update(|l| *l = l.other())
                >
                    <Icon kind=IconKind::Globe/>
                    {move || lang.get().other().native_name()}
                </button>
            </div>
        </header>
        {move || session.retrying.get().map(|n| {
            let title = n.error.explain(lang.get()).title;
            view! {
                <div class="retry-banner" role="status" data-testid="retrying" data-kind=n.error.kind() data-wait-ms=n.wait_ms.to_string()>
                    {phrase::retrying(lang.get(), &title, n.wait_ms, n.attempt, n.max)}
                </div>
            }
        })}
    }
}

/// A delete run in progress: how far, and the way back to it.
#[component]
fn RunsBadge() -> impl IntoView {
    let session = Session::expect();
    let runs = crate::deletes::runs::Runs::expect();
    let lang = session.lang;
    move || {
        let (n, done, total) = runs.in_progress();
        let to_check = runs.to_check.get();
        if n > 0 {
            view! {
                <a class="runs-badge" href=crate::routes::AppRoute::Runs.href() data-testid="runs-badge" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    {phrase::runs_badge(lang.get(), n, done, total)}
                </a>
            }
            .into_any()
        } else if to_check > 0 {
            view! {
                <a class="runs-badge" href=crate::routes::AppRoute::Runs.href() data-testid="runs-to-check">
                    {phrase::runs_to_check(lang.get(), to_check)}
                </a>
            }
            .into_any()
        } else {
            ().into_any()
        }
    }
}
