//! A small button that copies a text to the clipboard and says so.

use crate::components::icon::{Icon, IconKind};
use crate::i18n::{text, Text};
use crate::session::Session;
use leptos::prelude::*;

/// Copies `text` when clicked; shows "Copied" for a moment.
#[component]
pub fn CopyButton(
    /// What to copy.
    text: String,
    /// What the button copies, for screen readers and the tooltip.
    label: Text,
) -> impl IntoView {
    let session = Session::expect();
    let done = RwSignal::new(None::<bool>);
    let text = StoredValue::new(text);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&text.get_value());
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            done.try_set(Some(ok));
        });
    };
    view! {
        <button class="copy" type="button" title=session.t(label) aria-label=session.t(label) on:click=copy>
            <Icon kind=IconKind::Copy/>
            " "
            {move || match done.get() {
                None => session.t(text::COPY)(),
                Some(true) => session.t(text::COPIED)(),
                Some(false) => session.t(text::COPY_FAILED)(),
            }}
        </button>
    }
}
