//! Which rows are on screen, from one shared `IntersectionObserver`, so that
//! lists fetch details for what the user sees first.

use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Attribute that carries a row's key.
const KEY_ATTR: &str = "data-visibility-key";

/// The observer and the closure it calls, kept together: the closure lives
/// exactly as long as the observer may call it.
struct Observer {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

/// Tracks which keyed elements intersect the viewport (with a margin).
#[derive(Clone, Copy)]
pub struct Visibility {
    /// Keys currently on (or near) the screen.
    pub visible: RwSignal<HashSet<String>>,
    observer: StoredValue<Option<Observer>, LocalStorage>,
}

impl Visibility {
    /// A tracker for the current view; disconnected when the view goes away.
    pub fn for_view() -> Self {
        let visible = RwSignal::new(HashSet::new());
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            visible.try_update(|set| {
                for entry in entries.iter() {
                    let entry: IntersectionObserverEntry = entry.unchecked_into();
                    let Some(key) = entry.target().get_attribute(KEY_ATTR) else {
                        continue;
                    };
                    if entry.is_intersecting() {
                        set.insert(key);
                    } else {
                        set.remove(&key);
                    }
                }
            });
        });
        let init = IntersectionObserverInit::new();
        init.set_root_margin("200px 0px");
        let observer =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init)
                .ok()
                .map(|observer| Observer {
                    observer,
                    _callback: callback,
                });
        let observer = StoredValue::new_local(observer);
        // Cleanups run before the owner's values are dropped: disconnect,
        // discard what is queued (so nothing calls the closure later), then
        // drop the closure.
        on_cleanup(move || {
            if let Some(Some(o)) = observer.try_update_value(Option::take) {
                o.observer.disconnect();
                o.observer.take_records();
            }
        });
        Visibility { visible, observer }
    }

    /// Start tracking `el` under `key`.
    pub fn observe(&self, el: &Element, key: &str) {
        let _ = el.set_attribute(KEY_ATTR, key);
        self.observer.try_with_value(|o| {
            if let Some(o) = o {
                o.observer.observe(el);
            }
        });
    }

    /// Track the element behind `node` under `key` once it is mounted, and
    /// stop when the row goes away.
    pub fn track<E>(&self, node: NodeRef<E>, key: String)
    where
        E: leptos::html::ElementType + 'static,
        E::Output: JsCast + Clone + 'static,
    {
        let this = *self;
        let observed = key.clone();
        Effect::new(move |_| {
            if let Some(el) = node.get() {
                this.observe(el.unchecked_ref(), &observed);
            }
        });
        on_cleanup(move || {
            if let Some(el) = node.get_untracked() {
                this.unobserve(el.unchecked_ref(), &key);
            }
        });
    }

    /// Stop tracking `el`.
    pub fn unobserve(&self, el: &Element, key: &str) {
        self.observer.try_with_value(|o| {
            if let Some(o) = o {
                o.observer.unobserve(el);
            }
        });
        self.visible.try_update(|s| s.remove(key));
    }
}
