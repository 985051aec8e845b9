//! The words of pages loaded on demand (`on_demand.rs`): a page whose part
//! of the app could not be fetched.

use super::Text;

pub const PART_NOT_LOADED: Text = Text {
    en: "This page could not be loaded",
    zh: "无法加载此页面",
};
pub const DIALOG_NOT_LOADED: Text = Text {
    en: "This dialog could not be loaded",
    zh: "无法加载此对话框",
};
pub const PART_NOT_LOADED_WHY: Text = Text {
    en: "Shipshape fetches the code of each page and dialog the first time it is used, and this one did not arrive: the network or a proxy failed, or Shipshape was updated on the server since this tab opened.",
    zh: "Shipshape 会在首次使用某个页面或对话框时获取它的代码，而这次未能获取：网络或代理出错，或者自此标签页打开以来服务器上的 Shipshape 已更新。",
};
pub const PART_NOT_LOADED_FIX: Text = Text {
    en: "Try again. If it fails again, reload the page (nothing you have done is lost: every delete and tag write is kept in this browser's journal, on the “Deletes and tag writes” page).",
    zh: "请重试。如果仍然失败，请重新加载页面（不会丢失任何操作：每次删除和标签写入都记录在此浏览器的日志中，见“删除与标签写入”页面）。",
};

pub const SCAN_NOT_LOADED: Text = Text {
    en: "The scan did not start: its part of Shipshape could not be fetched (the network or a proxy failed, or Shipshape was updated on the server). Start it again; if it fails again, reload the page.",
    zh: "扫描未能开始：无法获取 Shipshape 中执行扫描的部分（网络或代理出错，或服务器上的 Shipshape 已更新）。请重新开始扫描；如果仍然失败，请重新加载页面。",
};

pub const ALL: &[(&str, Text)] = &[
    ("PART_NOT_LOADED", PART_NOT_LOADED),
    ("DIALOG_NOT_LOADED", DIALOG_NOT_LOADED),
    ("PART_NOT_LOADED_WHY", PART_NOT_LOADED_WHY),
    ("PART_NOT_LOADED_FIX", PART_NOT_LOADED_FIX),
    ("SCAN_NOT_LOADED", SCAN_NOT_LOADED),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
    }
}
