//! The two languages the UI speaks. Plain Rust: every user-facing string is
//! chosen by a `match` on [`Lang`], so a missing translation is a compile error.
//! The words are grouped by the page or feature that shows them, one file
//! each in `i18n/`: in most, `text` holds fixed texts and `phrase` texts with
//! numbers or names; `explain` says every registry error in words. The
//! `text` and `phrase` modules here gather the groups' `text` and `phrase`,
//! so a view writes `i18n::text::NAME` or `i18n::phrase::name` whichever
//! file holds it.

pub mod artifacts;
pub mod catalog;
pub mod clean_up;
pub mod common;
pub mod compare;
pub mod deletes;
pub mod errors;
pub mod explain;
pub mod find;
pub mod header;
pub mod image;
pub mod on_demand;
pub mod registries;
pub mod repository;
pub mod runs;
pub mod storage;
pub mod tag_writes;
pub use explain::{Explain, Explanation};

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Pick a language from a browser language list (`navigator.languages`).
    pub fn from_preferences<'a>(prefs: impl IntoIterator<Item = &'a str>) -> Lang {
        for p in prefs {
            let p = p.to_ascii_lowercase();
            if p.starts_with("zh") {
                return Lang::Zh;
            }
            if p.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::En
    }

    /// `en` or `zh` (also `zh-CN`, `zh-Hans`) as stored or passed in a URL.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The other language, for the switcher.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// The language's own name.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// Pick the string for this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// One UI text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Every fixed UI text, in both languages, as one table: the groups'
/// `text` modules. A `Text` cannot be built without both, so no language
/// can miss a key.
pub mod text {
    pub use super::catalog::text::*;
    pub use super::clean_up::text::*;
    pub use super::common::text::*;
    pub use super::deletes::text::*;
    pub use super::errors::text::*;
    pub use super::header::text::*;
    pub use super::image::text::*;
    pub use super::registries::text::*;
    pub use super::repository::text::*;
    pub use super::runs::text::*;
    pub use super::storage::text::*;
}

/// Texts with numbers or names in them, in both languages: the groups'
/// `phrase` modules.
pub mod phrase {
    pub use super::catalog::phrase::*;
    pub use super::clean_up::phrase::*;
    pub use super::common::phrase::*;
    pub use super::deletes::phrase::*;
    pub use super::header::phrase::*;
    pub use super::image::phrase::*;
    pub use super::registries::phrase::*;
    pub use super::repository::phrase::*;
    pub use super::runs::phrase::*;
    pub use super::storage::phrase::*;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn preferences_pick_the_first_supported_language() {
        assert_eq!(Lang::from_preferences(["zh-CN", "en"]), Lang::Zh);
        assert_eq!(Lang::from_preferences(["fr", "en-GB", "zh"]), Lang::En);
        assert_eq!(Lang::from_preferences(["fr"]), Lang::En);
        assert_eq!(Lang::from_preferences([]), Lang::En);
        assert_eq!(Lang::parse("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::En.other(), Lang::Zh);
    }

    /// Every text of a table has both languages, translated (the same in
    /// both only where the word is a name), and is listed once.
    pub(crate) fn check_translated(all: &[(&str, Text)]) {
        const SAME: &[&str] = &["SBOM"];
        let mut seen = std::collections::HashSet::new();
        for (name, t) in all {
            assert!(
                !t.en.trim().is_empty() && !t.zh.trim().is_empty(),
                "{name} is empty"
            );
            assert!(
                t.en != t.zh || SAME.contains(&t.en),
                "{name} is not translated: {:?}",
                t.en
            );
            assert!(
                t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                    || SAME.contains(&t.en),
                "{name}: no Chinese in {:?}",
                t.zh
            );
            assert!(seen.insert(*name), "{name} listed twice");
        }
    }

    /// Every `pub const NAME: Text` a group's source declares is in its
    /// table, so the completeness test sees it.
    pub(crate) fn check_listed(source: &str, all: &[(&str, Text)]) {
        let declared: Vec<&str> = source
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub const "))
            .filter_map(|l| l.strip_suffix(": Text = Text {"))
            .collect();
        for name in &declared {
            assert!(
                all.iter().any(|(n, _)| n == name),
                "{name} is not listed in its table"
            );
        }
        assert_eq!(declared.len(), all.len(), "a table lists a text twice");
    }

    /// Chinese is written in Chinese characters (and differs from the
    /// English), for phrase tests.
    pub(crate) fn check_phrases(pairs: &[(String, String)]) {
        for (en, zh) in pairs {
            assert_ne!(en, zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }
}
