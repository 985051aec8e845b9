//! When Shipshape itself breaks: a panic is a bug. Instead of a blank or
//! frozen page, the panic hook puts a plain notice on the page (built with
//! the DOM directly: after a panic the app no longer runs) with the message
//! to copy into a bug report, and logs it to the console as before.

use wasm_bindgen::JsCast;

/// Install the hook. Call first thing at start-up.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
    // A deliberate panic, to check the hook in a real browser: only in
    // debug builds and the builds `cargo xtask build` makes for the demo
    // and the tests (`SHIPSHAPE_TEST_HOOKS`), never in a release a
    // deployment builds with Trunk.
    if cfg!(debug_assertions) || option_env!("SHIPSHAPE_TEST_HOOKS").is_some() {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        if hash == "#shipshape-panic-test" {
            panic!("panic test requested with #shipshape-panic-test");
        }
    }
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let make = |tag: &str, text: &str| {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let Some(panel) = make("div", "") else { return };
    let _ = panel.set_attribute("class", "crash");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "crash");
    let parts = [
        make("h2", "Shipshape hit a bug and stopped / Shipshape 出现错误并已停止"),
        make(
            "p",
            "Nothing was deleted by this. Reload the page to go on, and please report the message below. \
             此错误不会删除任何内容。请刷新页面继续，并报告下面的信息。",
        ),
        make("textarea", &format!("Shipshape panic: {message}")),
        make("button", "Reload / 刷新"),
    ];
    for el in parts.into_iter().flatten() {
        if el.tag_name() == "TEXTAREA" {
            let _ = el.set_attribute("readonly", "");
            let _ = el.set_attribute("rows", "4");
            let _ = el.set_attribute("data-testid", "crash-message");
        }
        if el.tag_name() == "BUTTON" {
            // The same page again: `location.reload()`, never a link built
            // from the address (`//evil.example/` would be another site).
            let reload = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            });
            let _ = el.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
            // The page is over after a panic: the listener lives with it.
            let _ = reload.into_js_value();
            let _ = el.set_attribute("class", "button");
            let _ = el.set_attribute("type", "button");
            let _ = el.set_attribute("data-testid", "crash-reload");
        }
        let _ = panel.append_child(&el);
    }
    let _ = body.append_child(&panel);
    if let Some(area) = panel
        .query_selector("textarea")
        .ok()
        .flatten()
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = area.focus();
    }
}
