//! The one dialog every confirmation uses: a backdrop, `role="dialog"`
//! labelled by its title, Escape to close when the dialog allows it, focus
//! moved in when it opens, kept inside (Tab and Shift+Tab wrap) and given
//! back when it closes.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Node};

/// What Tab can reach inside the dialog.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), summary, \
    [tabindex]:not([tabindex='-1'])";

/// A modal dialog over the page.
#[component]
pub fn Modal(
    /// The `id` of the title heading (the dialog's `aria-labelledby`).
    title_id: &'static str,
    /// The title, shown as the dialog's heading.
    #[prop(into)]
    title: Signal<String>,
    /// The dialog element's `data-testid`.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The wider layout, for lists of targets.
    #[prop(optional)]
    wide: bool,
    /// Asked to close: Escape, while `can_close` allows it.
    on_close: Callback<()>,
    /// Whether Escape may close the dialog now (not while a delete runs).
    #[prop(into)]
    can_close: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Div>::new();
    // Given its focus back when the dialog goes.
    let before = StoredValue::new_local(
        document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok()),
    );
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            let _ = el.focus();
        }
    });
    let key = move |ev: &KeyboardEvent| {
        let Some(el) = dialog.try_get_untracked().flatten() else {
            return;
        };
        match ev.key().as_str() {
            "Escape" if can_close.try_get_untracked().unwrap_or(false) => {
                ev.prevent_default();
                on_close.run(());
            }
            "Tab" => wrap_tab(ev, &el),
            _ => {}
        }
    };
    // Keys pressed while the focus is outside the dialog (the focused
    // button was replaced by the next step, leaving it on the page's body)
    // still reach it; keys inside are the dialog's own handler's.
    let outside = window_event_listener(leptos::ev::keydown, move |ev| {
        let inside = dialog.try_get_untracked().flatten().is_some_and(|el| {
            ev.target()
                .and_then(|t| t.dyn_into::<Node>().ok())
                .is_some_and(|t| contains(&el, &t))
        });
        if !inside {
            key(&ev);
        }
    });
    on_cleanup(move || {
        outside.remove();
        if let Some(Some(el)) = before.try_update_value(Option::take) {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <div class="overlay">
            <div
                class="dialog"
                class:wide=wide
                role="dialog"
                aria-modal="true"
                aria-labelledby=title_id
                data-testid=testid
                tabindex="-1"
                node_ref=dialog
                on:keydown=move |ev| key(&ev)
            >
                <h2 id=title_id>{move || title.get()}</h2>
                {children()}
            </div>
        </div>
    }
}

/// Whether `node` is `outer` or inside it.
fn contains(outer: &Node, node: &Node) -> bool {
    outer.contains(Some(node))
}

/// Tab from the last focusable element goes to the first, Shift+Tab from
/// the first (or from the dialog itself) to the last; from outside the
/// dialog, either comes back in.
fn wrap_tab(ev: &KeyboardEvent, dialog: &HtmlElement) {
    let items: Vec<HtmlElement> = dialog
        .query_selector_all(FOCUSABLE)
        .map(|list| {
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
                // Not rendered (`display: none`): Tab skips it.
                .filter(|e| e.offset_parent().is_some())
                .collect()
        })
        .unwrap_or_default();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        let _ = dialog.focus();
        return;
    };
    let active = document().active_element();
    let is = |e: &HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(e)));
    let within = active
        .as_ref()
        .is_some_and(|a| contains(dialog, a) && !dialog.is_same_node(Some(a)));
    if ev.shift_key() {
        if !within || is(first) {
            ev.prevent_default();
            let _ = last.focus();
        }
    } else if !within || is(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
