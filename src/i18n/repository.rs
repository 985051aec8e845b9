//! The repository page's tag table (`/repo/*name`): the toolbar, the rows
//! and their badges, the selection bar.

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const LOADING_TAGS: Text = Text {
        en: "Loading tags…",
        zh: "正在加载标签…",
    };
    pub const FILTER_TAGS: Text = Text {
        en: "Filter tags",
        zh: "筛选标签",
    };
    pub const FILTER_TAGS_PLACEHOLDER: Text = Text {
        en: "Filter tags…",
        zh: "筛选标签…",
    };
    pub const LOAD_ALL_DETAILS: Text = Text {
        en: "Load all details",
        zh: "加载全部详情",
    };
    pub const THIS_REPOSITORY_HAS_NO_TAGS: Text = Text {
        en: "This repository has no tags. Its tags were deleted; the registry keeps the empty repository until an operator removes it on the registry host and runs garbage collection.",
        zh: "此镜像库没有标签：标签已被删除。仓库会保留空镜像库，直到管理员在仓库主机上删除其目录并运行垃圾回收。",
    };
    pub const ATTACHMENT: Text = Text {
        en: "attachment",
        zh: "附件",
    };
    pub const BUILD_ATTESTATIONS_NOT_PLATFORMS: Text = Text {
        en: "Build attestations (not platforms)",
        zh: "构建证明（不是平台）",
    };
    pub const ATTESTATION: Text = Text {
        en: "attestation",
        zh: "证明",
    };
    pub const SIGNED: Text = Text {
        en: "signed",
        zh: "已签名",
    };
    pub const SBOM: Text = Text {
        en: "SBOM",
        zh: "SBOM",
    };
    pub const REFERRERS: Text = Text {
        en: "artifacts attached",
        zh: "附有工件",
    };
    pub const SORT_BY: Text = Text {
        en: "Sort by",
        zh: "排序",
    };
    pub const SELECT_ALL_MATCHING: Text = Text {
        en: "Select every tag that matches the filter",
        zh: "选择所有符合筛选条件的标签",
    };
    pub const DELETE_SELECTED: Text = Text {
        en: "Delete selected…",
        zh: "删除所选…",
    };
    pub const CLEAR_SELECTION: Text = Text {
        en: "Clear selection",
        zh: "清除选择",
    };
    pub const MISSING: Text = Text {
        en: "missing",
        zh: "缺失",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::common::phrase::plural;
    use crate::i18n::Lang;

    pub fn selected_count(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("{} selected", plural(n, "tag", "tags")),
            Lang::Zh => format!("已选择 {n} 个标签"),
        }
    }

    /// "40 tags · details 12/40 · 5 shown"
    pub fn tag_summary(lang: Lang, total: usize, loaded: usize, shown: usize) -> String {
        let shown_part = match (lang, shown == total) {
            (_, true) => String::new(),
            (Lang::En, false) => format!(" · {shown} shown"),
            (Lang::Zh, false) => format!(" · 显示 {shown} 个"),
        };
        match lang {
            Lang::En => format!(
                "{} · details {loaded}/{total}{shown_part}",
                plural(total, "tag", "tags")
            ),
            Lang::Zh => format!("共 {total} 个标签 · 详情 {loaded}/{total}{shown_part}"),
        }
    }

    pub fn show_attachments(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("Show signature and attestation tags ({n})"),
            Lang::Zh => format!("显示签名与证明标签（{n}）"),
        }
    }

    pub fn same_image_as(lang: Lang, tags: &str) -> String {
        match lang {
            Lang::En => format!("same image as {tags}"),
            Lang::Zh => format!("与 {tags} 为同一镜像"),
        }
    }

    /// The server-side steps to remove an emptied repository, which the API
    /// cannot delete.
    pub fn remove_repository_steps(lang: Lang, name: &str) -> String {
        let steps = format!(
            "# 1. stop the registry, or set storage.maintenance.readonly.enabled: true\n\
             # 2. remove the repository's folder under the storage root directory:\n\
             rm -rf <rootdirectory>/docker/registry/v2/repositories/{name}\n\
             # 3. free the space:\n\
             docker-registry garbage-collect /etc/docker/registry/config.yml"
        );
        match lang {
            Lang::En => format!(
                "# The registry API cannot delete a repository. On the registry host:\n{steps}"
            ),
            Lang::Zh => format!("# 仓库 API 无法删除镜像库。请在仓库主机上操作：\n{steps}"),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("LOADING_TAGS", text::LOADING_TAGS),
    ("FILTER_TAGS", text::FILTER_TAGS),
    ("FILTER_TAGS_PLACEHOLDER", text::FILTER_TAGS_PLACEHOLDER),
    ("LOAD_ALL_DETAILS", text::LOAD_ALL_DETAILS),
    (
        "THIS_REPOSITORY_HAS_NO_TAGS",
        text::THIS_REPOSITORY_HAS_NO_TAGS,
    ),
    ("ATTACHMENT", text::ATTACHMENT),
    (
        "BUILD_ATTESTATIONS_NOT_PLATFORMS",
        text::BUILD_ATTESTATIONS_NOT_PLATFORMS,
    ),
    ("ATTESTATION", text::ATTESTATION),
    ("SIGNED", text::SIGNED),
    ("SBOM", text::SBOM),
    ("REFERRERS", text::REFERRERS),
    ("SORT_BY", text::SORT_BY),
    ("SELECT_ALL_MATCHING", text::SELECT_ALL_MATCHING),
    ("DELETE_SELECTED", text::DELETE_SELECTED),
    ("CLEAR_SELECTION", text::CLEAR_SELECTION),
    ("MISSING", text::MISSING),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("repository.rs"), super::ALL);
    }

    #[test]
    fn phrases_count_and_translate() {
        use super::phrase::*;
        use crate::i18n::tests::check_phrases;
        use crate::i18n::Lang;
        assert_eq!(tag_summary(Lang::En, 1, 0, 1), "1 tag · details 0/1");
        assert_eq!(
            tag_summary(Lang::En, 40, 12, 5),
            "40 tags · details 12/40 · 5 shown"
        );
        assert_eq!(
            tag_summary(Lang::Zh, 40, 40, 40),
            "共 40 个标签 · 详情 40/40"
        );
        check_phrases(&[
            (show_attachments(Lang::En, 3), show_attachments(Lang::Zh, 3)),
            (same_image_as(Lang::En, "v1"), same_image_as(Lang::Zh, "v1")),
            (
                remove_repository_steps(Lang::En, "a/b"),
                remove_repository_steps(Lang::Zh, "a/b"),
            ),
        ]);
    }
}
