//! Long lists render only the rows on (and near) the screen: the rows above
//! and below are replaced by two empty spacers of the same height, so the
//! page scrolls as if every row were there and the DOM stays small. The
//! arithmetic is plain Rust (tested natively); [`watch_scroll`] is the
//! browser part.

use leptos::prelude::*;

/// Lists up to this long are rendered whole (find-in-page works, and
/// nothing is gained).
pub const VIRTUAL_FROM: usize = 200;
/// Rows rendered beyond each edge of the screen.
pub const OVERSCAN: usize = 15;

/// The rows to render, `start..end`, and the spacer heights around them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slice {
    pub start: usize,
    pub end: usize,
    pub above_px: f64,
    pub below_px: f64,
}

impl Slice {
    /// Every row, no spacers.
    pub fn all(total: usize) -> Slice {
        Slice {
            start: 0,
            end: total,
            above_px: 0.0,
            below_px: 0.0,
        }
    }
}

/// The slice of `total` rows of `row_px` each whose list starts `list_top`
/// px below the top of a viewport `viewport_px` tall (negative once
/// scrolled past).
pub fn slice(total: usize, row_px: f64, list_top: f64, viewport_px: f64, overscan: usize) -> Slice {
    if total <= VIRTUAL_FROM || row_px <= 0.0 || !row_px.is_finite() {
        return Slice::all(total);
    }
    let first = ((-list_top).max(0.0) / row_px).floor() as usize;
    let first = first.min(total.saturating_sub(1));
    let on_screen = (viewport_px.max(0.0) / row_px).ceil() as usize + 1;
    let start = first.saturating_sub(overscan);
    let end = (first + on_screen + overscan).min(total);
    Slice {
        start,
        end,
        above_px: start as f64 * row_px,
        below_px: (total - end) as f64 * row_px,
    }
}

/// A counter bumped on every scroll and resize of the window, for slices to
/// recompute.
pub fn watch_scroll() -> RwSignal<u64> {
    let tick = RwSignal::new(0u64);
    let scroll = window_event_listener(leptos::ev::scroll, move |_| {
        tick.try_update(|n| *n += 1);
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        tick.try_update(|n| *n += 1);
    });
    on_cleanup(move || {
        scroll.remove();
        resize.remove();
    });
    tick
}

/// The slice of a list of `total()` rows inside `container` (any element
/// whose top is the first row's top), recomputed on `scroll` ticks, with
/// the row height learnt from the first rendered `row_selector` (starting
/// from `default_row_px`).
pub fn visible_slice(
    container: impl Fn() -> Option<web_sys::Element> + Send + Sync + 'static,
    total: impl Fn() -> usize + Send + Sync + 'static,
    scroll: RwSignal<u64>,
    row_selector: &'static str,
    default_row_px: f64,
) -> Memo<Slice> {
    use wasm_bindgen::JsCast;
    let container = std::sync::Arc::new(container);
    let row_px = RwSignal::new(default_row_px);
    let slice = Memo::new({
        let container = container.clone();
        move |_| {
            scroll.track();
            let top = container()
                .map(|c| c.get_bounding_client_rect().top())
                .unwrap_or(0.0);
            let viewport = window()
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(800.0);
            slice(total(), row_px.get(), top, viewport, OVERSCAN)
        }
    });
    Effect::new(move |_| {
        slice.track();
        let measured = container()
            .and_then(|c| c.query_selector(row_selector).ok().flatten())
            .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|r| f64::from(r.offset_height()))
            .filter(|h| *h > 0.0);
        if let Some(h) = measured {
            if (h - row_px.get_untracked()).abs() > 0.5 {
                row_px.set(h);
            }
        }
    });
    slice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_are_whole() {
        assert_eq!(slice(150, 40.0, -5000.0, 800.0, 10), Slice::all(150));
    }

    #[test]
    fn the_slice_follows_the_scroll_and_spacers_keep_the_height() {
        let total = 10_000;
        let top = slice(total, 40.0, 300.0, 800.0, 10);
        assert_eq!((top.start, top.end), (0, 31));
        assert_eq!(top.above_px, 0.0);
        // Scrolled 100 rows into the list.
        let mid = slice(total, 40.0, -4000.0, 800.0, 10);
        assert_eq!((mid.start, mid.end), (90, 131));
        assert_eq!(
            mid.above_px + mid.below_px + (mid.end - mid.start) as f64 * 40.0,
            total as f64 * 40.0
        );
        // Past the end: the last rows, never out of range.
        let end = slice(total, 40.0, -1e9, 800.0, 10);
        assert_eq!(end.end, total);
        assert!(end.start < end.end);
        assert_eq!(end.below_px, 0.0);
        // At most a screenful plus overscan, whatever the length.
        for n in [201, 5_000, 100_000] {
            let s = slice(n, 40.0, -1234.0, 800.0, 15);
            assert!(s.end - s.start <= 21 + 30, "{s:?}");
        }
    }
}
