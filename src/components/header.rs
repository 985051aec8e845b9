//! The bar at the top: product name, the registry in use, language switch.

use crate::session::Session;
use leptos::prelude::*;

/// Top bar shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let session = Session::expect();
    let connection = session.connection();
    let lang = session.lang;
    view! {
        <header class="topbar">
            <a class="brand" href=crate::routes::AppRoute::Catalog.href()>
                <span class="brand-mark" aria-hidden="true">"⚓"</span>
                "Shipshape"
            </a>
            <div class="registry-badge" title=connection.registry.base().to_string() data-testid="registry">
                <span class="registry-label">{session.t("Registry", "仓库")}</span>
                <span class="registry-name">{connection.name.clone()}</span>
            </div>
            <button
                class="lang-switch"
                data-testid="lang-switch"
                on:click=move |_| lang.update(|l| *l = l.other())
            >
                {move || lang.get().other().native_name()}
            </button>
        </header>
    }
}
