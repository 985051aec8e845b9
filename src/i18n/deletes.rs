//! The words of deleting (`deletes/`) added since the words were grouped
//! by feature; the older ones are still in `i18n.rs`.

use super::Text;

pub const JOURNAL_UNAVAILABLE: Text = Text {
    en:
        "this browser offers no IndexedDB here (it may be disabled, or refused in a private window)",
    zh: "此浏览器在此处不提供 IndexedDB（可能已被禁用，或在隐私窗口中被拒绝）",
};
pub const JOURNAL_WRITE_FAILED: Text = Text {
    en: "the browser accepted the journal write, then it failed",
    zh: "浏览器接受了日志写入，随后写入失败",
};

pub const ALL: &[(&str, Text)] = &[
    ("JOURNAL_UNAVAILABLE", JOURNAL_UNAVAILABLE),
    ("JOURNAL_WRITE_FAILED", JOURNAL_WRITE_FAILED),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
    }
}
