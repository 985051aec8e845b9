//! Light, dark, or following the operating system. Plain Rust.

use crate::i18n::text;
use crate::i18n::Lang;

/// The colour theme the user chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// Stored value and `data-theme` attribute (`None` for System).
    pub fn attr(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The next one on the toggle: System → Light → Dark → System.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Theme::System => text::SYSTEM_THEME.get(lang),
            Theme::Light => text::LIGHT_THEME.get(lang),
            Theme::Dark => text::DARK_THEME.get(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_toggle_cycles_and_round_trips() {
        let mut t = Theme::System;
        for _ in 0..3 {
            assert_eq!(Theme::parse(t.attr().unwrap_or("system")), t);
            t = t.next();
        }
        assert_eq!(t, Theme::System);
        assert_eq!(Theme::parse("garbage"), Theme::System);
    }
}
