//! The error panel's fixed words (a `config.json` that cannot be used) and
//! the few `explain.rs` shares; each error's own words are in `explain.rs`.

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const CONFIG_JSON_UNREADABLE_FIX: Text = Text {
        en: "Check the server that serves this page (its logs, or a proxy in front of it), then try again. Without config.json, delete actions would be offered on a registry it may mark read-only.",
        zh: "请检查提供本页面的服务器（其日志，或它前面的代理），然后重试。若没有 config.json，本应被标记为只读的仓库上也会出现删除操作。",
    };
    pub const THE_CONFIGURATION_CANNOT_BE_USED: Text = Text {
        en: "The configuration cannot be used",
        zh: "配置无法使用",
    };
    pub const FIX_CONFIG_JSON_BESIDE_INDEX: Text = Text {
        en: "Fix config.json beside index.html (or the ?registry= address) and reload.",
        zh: "请修正 index.html 旁的 config.json（或 ?registry= 地址）后刷新页面。",
    };
    pub const NONE_STATED: Text = Text {
        en: "none stated",
        zh: "未说明",
    };
    pub const COPY_SNIPPET: Text = Text {
        en: "Copy these lines",
        zh: "复制这几行",
    };
    pub const THE_REGISTRY_REFUSED: Text = Text {
        en: "The registry refused",
        zh: "仓库拒绝了请求",
    };
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("COPY_SNIPPET", text::COPY_SNIPPET),
    (
        "CONFIG_JSON_UNREADABLE_FIX",
        text::CONFIG_JSON_UNREADABLE_FIX,
    ),
    (
        "THE_CONFIGURATION_CANNOT_BE_USED",
        text::THE_CONFIGURATION_CANNOT_BE_USED,
    ),
    (
        "FIX_CONFIG_JSON_BESIDE_INDEX",
        text::FIX_CONFIG_JSON_BESIDE_INDEX,
    ),
    ("NONE_STATED", text::NONE_STATED),
    ("THE_REGISTRY_REFUSED", text::THE_REGISTRY_REFUSED),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("errors.rs"), super::ALL);
    }
}
