//! `TypeToConfirm`: "type X to confirm" and the box it is typed into, as
//! every destructive dialog asks it.

use crate::i18n::Text;
use crate::session::Session;
use leptos::prelude::*;

#[component]
pub fn TypeToConfirm(
    /// "Type … to confirm".
    prompt: Text,
    /// What must be typed.
    #[prop(into)]
    expected: String,
    /// What has been typed.
    typed: RwSignal<String>,
    /// The input's `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    let session = Session::expect();
    view! {
        <label class="confirm-label">
            {session.t(prompt)} " " <code>{expected}</code>
            <input class="filter" data-testid=testid bind:value=typed autocomplete="off"/>
        </label>
    }
}
