//! How a failure looks: what happened, why, what to do, and a retry.

use crate::components::copy::CopyButton;
use crate::components::sign_in::SignIn;
use crate::config::ConfigError;
use crate::i18n::explain::config_problem;
use crate::i18n::text;
use crate::i18n::Explain;
use crate::i18n::Lang;
use crate::registry::auth::Challenge;
use crate::registry::error::RegistryError;
use crate::registry::reference::ReferenceError;
use crate::session::Session;
use leptos::prelude::*;

/// A registry error explained in the user's language, with a retry button.
#[component]
pub fn ErrorPanel(
    /// What went wrong.
    error: RegistryError,
    /// Called when the user asks to try again; no retry button without it
    /// (retrying an invalid name or a refused delete changes nothing).
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let session = Session::expect();
    let kind = error.kind();
    // A 401: sign in right here (Basic, or a token server's realm).
    let sign_in = match &error {
        RegistryError::Unauthorized { challenges } => {
            let realm = challenges.iter().find_map(|c| match c {
                Challenge::Bearer { realm, .. } => Some(realm.clone()),
                _ => None,
            });
            Some(view! {
                {realm.map(|realm| view! {
                    <p class="error-fix" data-testid="token-auth">
                        {session.t(text::TOKEN_AUTH_REALM)} " " <code>{realm}</code>
                    </p>
                })}
                <SignIn on_done=on_retry.unwrap_or(Callback::new(|_| ()))/>
            })
        }
        _ => None,
    };
    let on_retry = if sign_in.is_some() { None } else { on_retry };
    let explain = Signal::derive(move || error.explain(session.lang.get()));
    view! {
        <div class="error-panel" role="alert" data-testid="error" data-kind=kind>
            <ExplanationText explain/>
            {sign_in}
            {on_retry.map(|retry| view! {
                <button class="button" data-testid="retry" on:click=move |_| retry.run(())>
                    {session.t(text::TRY_AGAIN)}
                </button>
            })}
        </div>
    }
}

/// An explanation in words: its title, what happened and what to do, in
/// the current language (inside an `error-panel`).
#[component]
pub fn ExplanationText(
    /// The explanation, in the current language.
    explain: Signal<crate::i18n::Explanation>,
) -> impl IntoView {
    move || {
        let e = explain.get();
        view! {
            <h2 class="error-title">{e.title}</h2>
            <p class="error-detail">{e.detail}</p>
            {e.fix.map(|fix| view! { <p class="error-fix">{fix}</p> })}
            {e.snippet.map(|lines| view! {
                <div class="error-snippet">
                    <pre class="raw" data-testid="error-snippet">{lines.clone()}</pre>
                    <CopyButton text=lines label=crate::i18n::errors::text::COPY_SNIPPET/>
                </div>
            })}
        }
    }
}

/// Shown for an address whose name, tag or digest breaks the grammar.
#[component]
pub fn InvalidAddress(
    /// What the URL held.
    input: String,
    /// Which rule it breaks.
    reason: ReferenceError,
) -> impl IntoView {
    view! {
        <section class="page">
            <ErrorPanel error=RegistryError::InvalidReference { input, reason }/>
        </section>
    }
}

/// Shown instead of the app when the configuration cannot be used.
#[component]
pub fn ConfigProblem(
    /// What is wrong with the configuration.
    error: ConfigError,
    /// The UI language.
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let unreadable = matches!(error, ConfigError::Unreadable { .. });
    view! {
        <main class="main">
            <div class="error-panel" role="alert" data-testid="error" data-kind="config">
                <h2 class="error-title">
                    {move || text::THE_CONFIGURATION_CANNOT_BE_USED.get(lang.get())}
                </h2>
                <p class="error-detail">{move || config_problem(lang.get(), &error)}</p>
                {if unreadable {
                    view! {
                        <p class="error-fix">
                            {move || text::CONFIG_JSON_UNREADABLE_FIX.get(lang.get())}
                        </p>
                        <button
                            class="button"
                            data-testid="config-retry"
                            on:click=|_| {
                                let _ = leptos::prelude::window().location().reload();
                            }
                        >
                            {move || text::TRY_AGAIN.get(lang.get())}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="error-fix">
                            {move || text::FIX_CONFIG_JSON_BESIDE_INDEX.get(lang.get())}
                        </p>
                    }
                        .into_any()
                }}
            </div>
        </main>
    }
}
