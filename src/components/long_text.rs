//! Registry text of any length, shown as text: long values are cut with a
//! way to see all of it.

use crate::session::Session;
use leptos::prelude::*;

/// Characters shown before a value is cut.
pub const SHOWN_CHARS: usize = 300;

/// `text` as a text node; past [`SHOWN_CHARS`] cut, with "show all".
#[component]
pub fn LongText(
    /// The untrusted text.
    text: String,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let count = text.chars().count();
    if count <= SHOWN_CHARS {
        return view! { <span class="bidi">{text}</span> }.into_any();
    }
    let head: String = text.chars().take(SHOWN_CHARS).collect();
    view! {
        <span class="bidi">{head}"…"</span>
        <details class="long-text">
            <summary>{move || crate::i18n::phrase::show_all_characters(lang.get(), count)}</summary>
            <span class="bidi">{text}</span>
        </details>
    }
    .into_any()
}
