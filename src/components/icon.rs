//! Inline SVG icons (no icon font, no extra request).

use leptos::prelude::*;

/// Which icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconKind {
    Ship,
    Copy,
    Sun,
    Moon,
    Monitor,
    Globe,
}

/// An icon drawn with the current text colour; hidden from screen readers
/// (the control around it carries the label).
#[component]
pub fn Icon(kind: IconKind) -> impl IntoView {
    let paths: &'static [&'static str] = match kind {
        IconKind::Ship => &[
            "M2 21c.6.5 1.2 1 2.5 1 2.5 0 2.5-2 5-2 1.3 0 1.9.5 2.5 1s1.2 1 2.5 1c2.5 0 2.5-2 5-2 1.3 0 1.9.5 2.5 1",
            "M19.38 20A11.6 11.6 0 0 0 21 14l-9-4-9 4c0 2.9.94 5.34 2.81 7.76",
            "M19 13V7a2 2 0 0 0-2-2H7a2 2 0 0 0-2 2v6",
            "M12 10v4",
            "M12 2v3",
        ],
        IconKind::Copy => &[
            "M8 8h12v12H8z",
            "M4 16V6a2 2 0 0 1 2-2h10",
        ],
        IconKind::Sun => &[
            "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z",
            "M12 2v2M12 20v2M4.93 4.93l1.41 1.41M17.66 17.66l1.41 1.41M2 12h2M20 12h2M6.34 17.66l-1.41 1.41M19.07 4.93l-1.41 1.41",
        ],
        IconKind::Moon => &["M12 3a6 6 0 0 0 9 9 9 9 0 1 1-9-9z"],
        IconKind::Monitor => &["M3 4h18v12H3z", "M8 20h8M12 16v4"],
        IconKind::Globe => &[
            "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z",
            "M2 12h20",
            "M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z",
        ],
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            {paths.iter().map(|d| view! { <path d=*d/> }).collect_view()}
        </svg>
    }
}
