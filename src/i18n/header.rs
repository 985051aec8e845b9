//! The app's frame: the header (the registry, retrying, the runs badge),
//! the themes, the not-found page, the read-only notice in a frame and the
//! prompt when leaving while a delete runs.

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const PAGE_NOT_FOUND: Text = Text {
        en: "Page not found",
        zh: "页面不存在",
    };
    pub const FRAMED_READ_ONLY: Text = Text {
        en: "Shipshape is shown inside another page, so every delete action is hidden: the page around it could steer your clicks. Open Shipshape in its own tab to delete.",
        zh: "Shipshape 正显示在另一个页面之内，因此所有删除操作均已隐藏：外层页面可能诱导您的点击。要删除，请在单独的标签页中打开 Shipshape。",
    };
    pub const REGISTRY: Text = Text {
        en: "Registry",
        zh: "仓库",
    };
    pub const SYSTEM_THEME: Text = Text {
        en: "System theme",
        zh: "跟随系统",
    };
    pub const LIGHT_THEME: Text = Text {
        en: "Light theme",
        zh: "浅色",
    };
    pub const DARK_THEME: Text = Text {
        en: "Dark theme",
        zh: "深色",
    };
    pub const LEAVE_WHILE_DELETING: Text = Text {
        en: "Deletes are still running. Leave anyway?",
        zh: "删除仍在进行。仍要离开吗？",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::common::phrase::plural;
    use crate::i18n::Lang;

    pub fn retrying(lang: Lang, what: &str, wait_ms: u32, attempt: u32, max: u32) -> String {
        let secs = crate::timestamp::tenths(u64::from(wait_ms), 1000);
        match lang {
            Lang::En => format!("{what}: trying again in {secs} s (retry {attempt} of {max})…"),
            Lang::Zh => format!("{what}：{secs} 秒后重试（第 {attempt} / {max} 次）…"),
        }
    }

    pub fn runs_to_check(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("{} to check", plural(n, "delete", "deletes")),
            Lang::Zh => format!("{n} 个删除待检查"),
        }
    }

    pub fn runs_badge(lang: Lang, runs: usize, done: usize, total: usize) -> String {
        match (lang, runs) {
            (Lang::En, 1) => format!("Deleting {done}/{total}"),
            (Lang::En, _) => format!("{runs} runs deleting {done}/{total}"),
            (Lang::Zh, 1) => format!("正在删除 {done}/{total}"),
            (Lang::Zh, _) => format!("{runs} 个任务正在删除 {done}/{total}"),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("PAGE_NOT_FOUND", text::PAGE_NOT_FOUND),
    ("FRAMED_READ_ONLY", text::FRAMED_READ_ONLY),
    ("REGISTRY", text::REGISTRY),
    ("SYSTEM_THEME", text::SYSTEM_THEME),
    ("LIGHT_THEME", text::LIGHT_THEME),
    ("DARK_THEME", text::DARK_THEME),
    ("LEAVE_WHILE_DELETING", text::LEAVE_WHILE_DELETING),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("header.rs"), super::ALL);
    }
}
