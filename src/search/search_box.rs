//! The header's search box: a digest, `repository@digest` or a tag, sent
//! to `/search?q=`. The app's `/` shortcut focuses it (`data-shortcut`).

use crate::i18n::find::text as words;
use crate::routes::AppRoute;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

/// The search box in the top bar, on every page.
#[component]
pub fn SearchBox() -> impl IntoView {
    let session = Session::expect();
    let typed = RwSignal::new(String::new());
    // On the search page the box shows what was searched.
    let location = use_location();
    Effect::new(move |_| {
        let on_search = location.pathname.get().ends_with("/search");
        let q = location
            .query
            .with(|q| q.get("q"))
            .filter(|_| on_search)
            .unwrap_or_default();
        typed.set(q);
    });
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = typed.get_untracked().trim().to_string();
        navigate(&AppRoute::Search(q).href(), Default::default());
    };
    view! {
        <form class="search-box" role="search" data-testid="search-form" on:submit=on_submit>
            <input
                type="search"
                name="q"
                class="mono"
                data-testid="search-box"
                data-shortcut="/"
                aria-label=session.t(words::SEARCH_LABEL)
                title=session.t(words::SEARCH_LABEL)
                placeholder=session.t(words::SEARCH_PLACEHOLDER)
                autocomplete="off"
                spellcheck="false"
                bind:value=typed
            />
        </form>
    }
}
