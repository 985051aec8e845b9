//! Words several pages share: copying, "Try again", the tables' common
//! column names (repositories, digest, size, created, tag), loading,
//! close, cancel and delete, downloads, and times ("3 days ago", "3 hours",
//! "as of … · checking for changes").

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const BACK_TO_THE_REPOSITORIES: Text = Text {
        en: "Back to the repositories",
        zh: "返回镜像库列表",
    };
    pub const COPY: Text = Text {
        en: "Copy",
        zh: "复制",
    };
    pub const COPIED: Text = Text {
        en: "Copied",
        zh: "已复制",
    };
    pub const COPY_FAILED: Text = Text {
        en: "Copy failed",
        zh: "复制失败",
    };
    pub const TRY_AGAIN: Text = Text {
        en: "Try again",
        zh: "重试",
    };
    pub const REPOSITORIES: Text = Text {
        en: "Repositories",
        zh: "镜像库",
    };
    pub const DIGEST: Text = Text {
        en: "Digest",
        zh: "摘要",
    };
    pub const UNKNOWN: Text = Text {
        en: "unknown",
        zh: "未知",
    };
    /// An image (or a repository's images) with no creation date.
    pub const NO_DATE: Text = Text {
        en: "no date",
        zh: "无日期",
    };
    pub const NO_DATE_WHY: Text = Text {
        en: "The image states no creation date that reads as one",
        zh: "该镜像没有可读的创建日期",
    };
    pub const LOADING: Text = Text {
        en: "loading…",
        zh: "加载中…",
    };
    pub const IN_THE_FUTURE: Text = Text {
        en: "in the future",
        zh: "未来时间",
    };
    pub const JUST_NOW: Text = Text {
        en: "just now",
        zh: "刚刚",
    };
    pub const CREATED: Text = Text {
        en: "Created",
        zh: "创建时间",
    };
    pub const TAG: Text = Text {
        en: "Tag",
        zh: "标签",
    };
    pub const SIZE: Text = Text {
        en: "Size",
        zh: "大小",
    };
    pub const DELETE: Text = Text {
        en: "Delete",
        zh: "删除",
    };
    pub const CANCEL: Text = Text {
        en: "Cancel",
        zh: "取消",
    };
    pub const CLOSE: Text = Text {
        en: "Close",
        zh: "关闭",
    };
    pub const CANCELLING: Text = Text {
        en: "Cancelling… DELETEs already sent finish and are reported",
        zh: "正在取消…已发送的删除请求会完成并列出结果",
    };
    pub const DOWNLOAD_CSV: Text = Text {
        en: "Download CSV",
        zh: "下载 CSV",
    };
    pub const DOWNLOAD_FAILED: Text = Text {
        en: "The browser refused the download.",
        zh: "浏览器拒绝了下载。",
    };
    pub const COPY_DIGEST: Text = Text {
        en: "Copy digest",
        zh: "复制摘要",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::{text, Lang};

    /// A count with thousands separators, as both languages write long
    /// counts: "200,000".
    pub fn grouped(n: usize) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    pub(in crate::i18n) fn plural(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// A length of time, for ages and limits ("3 hours").
    pub fn duration(lang: Lang, seconds: i64) -> String {
        let s = seconds.max(0);
        let (n, en, zh) = match s {
            0..=119 => (s, "second", "秒"),
            120..=7_199 => (s / 60, "minute", "分钟"),
            7_200..=172_799 => (s / 3600, "hour", "小时"),
            _ => (s / 86_400, "day", "天"),
        };
        match lang {
            Lang::En => format!("{n} {en}{}", if n == 1 { "" } else { "s" }),
            Lang::Zh => format!("{n} {zh}"),
        }
    }

    /// "3 days ago" / "3 天前", from seconds since the epoch.
    pub fn ago(lang: Lang, now: i64, then: i64) -> String {
        let ago = now - then;
        if ago < 0 {
            return text::IN_THE_FUTURE.get(lang).to_string();
        }
        let (n, unit_en, unit_zh) = match ago {
            0..=59 => return text::JUST_NOW.get(lang).to_string(),
            60..=3599 => (ago / 60, "minute", "分钟"),
            3600..=86_399 => (ago / 3600, "hour", "小时"),
            86_400..=2_591_999 => (ago / 86_400, "day", "天"),
            2_592_000..=31_535_999 => (ago / 2_592_000, "month", "个月"),
            _ => (ago / 31_536_000, "year", "年"),
        };
        match lang {
            Lang::En => format!("{n} {unit_en}{} ago", if n == 1 { "" } else { "s" }),
            Lang::Zh => format!("{n} {unit_zh}前"),
        }
    }

    /// A second visit's rows, shown from what was kept: when that was, and
    /// how many tags have been checked against the registry since.
    pub fn checking_for_changes(
        lang: Lang,
        as_of: Option<String>,
        checked: usize,
        total: usize,
    ) -> String {
        match (lang, as_of) {
            (Lang::En, Some(ago)) => {
                format!("as of {ago} · checking for changes {checked}/{total}")
            }
            (Lang::En, None) => format!("as last seen · checking for changes {checked}/{total}"),
            (Lang::Zh, Some(ago)) => format!("截至 {ago} · 正在检查变化 {checked}/{total}"),
            (Lang::Zh, None) => format!("上次所见 · 正在检查变化 {checked}/{total}"),
        }
    }

    pub fn show_all_characters(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("Show all {n} characters"),
            Lang::Zh => format!("显示全部 {n} 个字符"),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("BACK_TO_THE_REPOSITORIES", text::BACK_TO_THE_REPOSITORIES),
    ("COPY", text::COPY),
    ("COPIED", text::COPIED),
    ("COPY_FAILED", text::COPY_FAILED),
    ("TRY_AGAIN", text::TRY_AGAIN),
    ("REPOSITORIES", text::REPOSITORIES),
    ("DIGEST", text::DIGEST),
    ("UNKNOWN", text::UNKNOWN),
    ("NO_DATE", text::NO_DATE),
    ("NO_DATE_WHY", text::NO_DATE_WHY),
    ("LOADING", text::LOADING),
    ("IN_THE_FUTURE", text::IN_THE_FUTURE),
    ("JUST_NOW", text::JUST_NOW),
    ("CREATED", text::CREATED),
    ("TAG", text::TAG),
    ("SIZE", text::SIZE),
    ("DELETE", text::DELETE),
    ("CANCEL", text::CANCEL),
    ("CLOSE", text::CLOSE),
    ("CANCELLING", text::CANCELLING),
    ("DOWNLOAD_CSV", text::DOWNLOAD_CSV),
    ("DOWNLOAD_FAILED", text::DOWNLOAD_FAILED),
    ("COPY_DIGEST", text::COPY_DIGEST),
];

#[cfg(test)]
mod tests {
    #[test]
    fn long_counts_are_grouped_by_thousands() {
        use super::phrase::grouped;
        for (n, want) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (5_000, "5,000"),
            (200_000, "200,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(grouped(n), want);
        }
    }

    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("common.rs"), super::ALL);
    }

    #[test]
    fn relative_times_in_both_languages() {
        use super::phrase;
        use crate::i18n::Lang;
        let now = 1_000_000_000;
        assert_eq!(phrase::ago(Lang::En, now, now - 30), "just now");
        assert_eq!(phrase::ago(Lang::En, now, now - 3 * 86_400), "3 days ago");
        assert_eq!(phrase::ago(Lang::En, now, now - 3600), "1 hour ago");
        assert_eq!(phrase::ago(Lang::Zh, now, now - 3 * 86_400), "3 天前");
        assert_eq!(phrase::ago(Lang::En, now, now - 400 * 86_400), "1 year ago");
        assert_eq!(phrase::ago(Lang::En, now, now + 10), "in the future");
    }

    #[test]
    fn phrases_translate() {
        use super::phrase::show_all_characters;
        use crate::i18n::Lang;
        crate::i18n::tests::check_phrases(&[(
            show_all_characters(Lang::En, 3),
            show_all_characters(Lang::Zh, 3),
        )]);
    }
}
