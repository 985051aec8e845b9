//! The in-app sign-in form for registries that ask for HTTP Basic auth
//! (never the browser's pop-up). Shown where a 401 is explained.

use crate::i18n::text;
use crate::registry::auth::BasicCredentials;
use crate::session::Session;
use leptos::prelude::*;

/// User name, password, "remember for this tab", and a button.
#[component]
pub fn SignIn(
    /// Called after the credentials are set (to retry what failed).
    #[prop(optional)]
    on_done: Option<Callback<()>>,
) -> impl IntoView {
    let session = Session::expect();
    let rejected = session.credentials.get_untracked().is_some();
    let user = RwSignal::new(
        session
            .credentials
            .get_untracked()
            .map(|c| c.user)
            .unwrap_or_default(),
    );
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        session.sign_in(
            BasicCredentials {
                user: user.get_untracked().trim().to_string(),
                password: password.get_untracked(),
            },
            remember.get_untracked(),
        );
        if let Some(done) = on_done {
            done.run(());
        }
    };
    view! {
        <form class="sign-in" data-testid="sign-in" on:submit=submit>
            {rejected.then(|| view! {
                <p class="row-error" data-testid="sign-in-rejected">{session.t(text::CREDENTIALS_NOT_ACCEPTED)}</p>
            })}
            <label>
                <span>{session.t(text::USER_NAME)}</span>
                <input class="filter" data-testid="sign-in-user" autocomplete="username" bind:value=user required/>
            </label>
            <label>
                <span>{session.t(text::PASSWORD)}</span>
                <input class="filter" type="password" data-testid="sign-in-password" autocomplete="current-password" bind:value=password/>
            </label>
            <label class="toggle">
                <input type="checkbox" data-testid="sign-in-remember" bind:checked=remember/>
                {session.t(text::REMEMBER_FOR_THIS_TAB)}
            </label>
            <button class="button" type="submit" data-testid="sign-in-submit">{session.t(text::SIGN_IN)}</button>
        </form>
    }
}
