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
pub const RESUME_NOT_RECORDED: Text = Text {
    en: "Nothing was sent: this browser could not record the step in its journal first. Check that the site may store data (IndexedDB), then try again.",
    zh: "未发送任何请求：此浏览器无法先在日志中记录这一步。请确认此网站可以存储数据（IndexedDB），然后重试。",
};

pub const ALL: &[(&str, Text)] = &[
    ("JOURNAL_UNAVAILABLE", JOURNAL_UNAVAILABLE),
    ("JOURNAL_WRITE_FAILED", JOURNAL_WRITE_FAILED),
    ("RESUME_NOT_RECORDED", RESUME_NOT_RECORDED),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
    }
}
