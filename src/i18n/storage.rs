//! The storage page (`/storage?repos=`): the scan, what it covers, its
//! charts and tables.

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const STORAGE: Text = Text {
        en: "Storage",
        zh: "存储",
    };
    pub const STORAGE_INTRO: Text = Text {
        en: "How much disk the registry's images take, which repositories make it big, and what a clean-up gives back. Each blob is counted once, as the registry stores it once, whatever the number of images and repositories that use it.",
        zh: "镜像仓库的镜像占用多少磁盘、哪些镜像库占得最多、一次清理能释放多少。每个数据块只计一次，与镜像仓库的存储方式相同：无论有多少镜像和镜像库使用它，都只存一份。",
    };
    pub const SCAN_WHICH: Text = Text {
        en: "Repositories to scan (names or patterns; empty for the whole registry)",
        zh: "要扫描的镜像库（名称或模式；留空则扫描整个镜像仓库）",
    };
    pub const SCAN: Text = Text {
        en: "Scan",
        zh: "扫描",
    };
    pub const NO_SCAN_YET: Text = Text {
        en: "No scan yet. A scan reads every tag list and one HEAD per tag; manifests and configs come from this browser's cache when it has them, so a second scan is much faster.",
        zh: "尚未扫描。扫描会读取每个标签列表，并对每个标签发送一次 HEAD；清单和配置若已在此浏览器的缓存中则直接使用，因此第二次扫描会快得多。",
    };
    pub const LISTING_REPOSITORIES: Text = Text {
        en: "Reading the repository list…",
        zh: "正在读取镜像库列表…",
    };
    pub const UNTAGGED_CAVEAT: Text = Text {
        en: "Untagged manifests (deleted ones, and pushes overwritten under the same tag) are invisible to the API: the disk can hold more than this until garbage collection runs on the registry host.",
        zh: "未打标签的清单（已删除的，以及被同名标签覆盖的推送）无法通过 API 看到：在镜像仓库主机上运行垃圾回收之前，磁盘占用可能比这里更多。",
    };
    pub const BY_REPOSITORY: Text = Text {
        en: "By repository",
        zh: "按镜像库",
    };
    pub const EXCLUSIVE_HELP: Text = Text {
        en: "Exclusive: what garbage collection frees if every tag of the repository goes. Shared: blobs another repository uses too, which stay.",
        zh: "独占：删除该镜像库所有标签后，垃圾回收能释放的空间。共享：其他镜像库也在使用的数据块，会被保留。",
    };
    pub const LARGEST_IMAGES: Text = Text {
        en: "Largest images",
        zh: "最大的镜像",
    };
    pub const MOST_SHARED_LAYERS: Text = Text {
        en: "Layers shared by the most images",
        zh: "被最多镜像共享的层",
    };
    pub const LARGEST_REPOSITORIES: Text = Text {
        en: "Largest repositories",
        zh: "最大的镜像库",
    };
    pub const EXCLUSIVE: Text = Text {
        en: "Exclusive",
        zh: "独占",
    };
    pub const SHARED: Text = Text {
        en: "Shared",
        zh: "共享",
    };
    pub const BY_MONTH: Text = Text {
        en: "Bytes by month the images were built",
        zh: "按镜像构建月份统计的字节数",
    };
    pub const UNDATED: Text = Text {
        en: "no date",
        zh: "无日期",
    };
    pub const REPOSITORY: Text = Text {
        en: "Repository",
        zh: "镜像库",
    };
    pub const IMAGES: Text = Text {
        en: "Images",
        zh: "镜像",
    };
    pub const TAGS: Text = Text {
        en: "Tags",
        zh: "标签",
    };
    pub const TOTAL: Text = Text {
        en: "Total",
        zh: "合计",
    };
    pub const LAYER: Text = Text {
        en: "Layer",
        zh: "层",
    };
    pub const SCAN_THE_REGISTRY: Text = Text {
        en: "Scan the registry's storage",
        zh: "扫描镜像仓库的存储",
    };
    pub const PLAN_A_CLEAN_UP: Text = Text {
        en: "Plan a clean-up",
        zh: "制定清理计划",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::common::phrase::plural;
    use crate::i18n::Lang;

    pub fn scan_progress(lang: Lang, done: usize, total: usize, last: &str) -> String {
        match lang {
            Lang::En => format!("Read {done} of {total} repositories… {last}"),
            Lang::Zh => format!("已读取 {done} / {total} 个镜像库… {last}"),
        }
    }

    pub fn storage_counts(lang: Lang, repositories: usize, images: usize, tags: usize) -> String {
        match lang {
            Lang::En => format!(
                "in {}, {}, {}",
                plural(repositories, "repository", "repositories"),
                plural(images, "image", "images"),
                plural(tags, "tag", "tags")
            ),
            Lang::Zh => format!("分布于 {repositories} 个镜像库、{images} 个镜像、{tags} 个标签"),
        }
    }

    /// What a scan covers: when, how long it took, which repositories.
    #[allow(clippy::too_many_arguments)]
    pub fn scan_scope(
        lang: Lang,
        ago: &str,
        took_tenths: u64,
        pattern: &str,
        read: usize,
        asked: usize,
        cancelled: bool,
        from_catalog: bool,
    ) -> String {
        let took = format!("{}.{}", took_tenths / 10, took_tenths % 10);
        let pattern = pattern.trim();
        let scope = match (lang, pattern.is_empty(), from_catalog) {
            (Lang::En, true, true) => "the whole registry".to_string(),
            (Lang::Zh, true, true) => "整个镜像仓库".to_string(),
            (Lang::En, true, false) => {
                "the repositories configured or opened by name (the registry has no usable catalog)"
                    .to_string()
            }
            (Lang::Zh, true, false) => {
                "已配置或按名称打开过的镜像库（该镜像仓库没有可用的目录）".to_string()
            }
            (Lang::En, false, _) => format!("the repositories matching {pattern}"),
            (Lang::Zh, false, _) => format!("匹配 {pattern} 的镜像库"),
        };
        let mut out = match lang {
            Lang::En => format!("Scanned {ago}, in {took} s: {scope}."),
            Lang::Zh => format!("扫描时间：{ago}，耗时 {took} 秒；范围：{scope}。"),
        };
        if cancelled {
            out.push(' ');
            out.push_str(&match lang {
                Lang::En => format!(
                    "Cancelled after {read} of {asked} repositories: the figures cover only those."
                ),
                Lang::Zh => {
                    format!("已在读取 {read} / {asked} 个镜像库后取消：数字只包含这些镜像库。")
                }
            });
        }
        if !(pattern.is_empty() && from_catalog) || cancelled {
            out.push(' ');
            out.push_str(match lang {
                Lang::En => "A layer used outside them counts here as theirs alone, and delete estimates do not use this scan: scan the whole registry for that.",
                Lang::Zh => "在这些镜像库之外也被使用的层，在此会被算作它们独占；删除时的释放估算也不会使用本次扫描：如需准确估算，请扫描整个镜像仓库。",
            });
        }
        out
    }

    pub fn scan_gaps(lang: Lang, failed: usize, not_counted: usize) -> String {
        let mut parts = Vec::new();
        if failed > 0 {
            parts.push(match lang {
                Lang::En => format!(
                    "{} could not be read",
                    plural(failed, "repository", "repositories")
                ),
                Lang::Zh => format!("{failed} 个镜像库无法读取"),
            });
        }
        if not_counted > 0 {
            parts.push(match lang {
                Lang::En => format!(
                    "{} could not be read",
                    plural(not_counted, "tag's image", "tags' images")
                ),
                Lang::Zh => format!("{not_counted} 个标签的镜像无法读取"),
            });
        }
        match lang {
            Lang::En => format!(
                "Not counted: {}. Layers that nothing else uses are missing from the figures, so delete estimates do not use this scan.",
                parts.join(", ")
            ),
            Lang::Zh => format!(
                "未计入：{}。只有它们使用的层不在统计中，因此删除时的释放估算不会使用本次扫描。",
                parts.join("，")
            ),
        }
    }

    pub fn exclusive_shared(lang: Lang, exclusive: &str, shared: &str) -> String {
        match lang {
            Lang::En => format!("{exclusive} exclusive, {shared} shared"),
            Lang::Zh => format!("独占 {exclusive}，共享 {shared}"),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("STORAGE", text::STORAGE),
    ("STORAGE_INTRO", text::STORAGE_INTRO),
    ("SCAN_WHICH", text::SCAN_WHICH),
    ("SCAN", text::SCAN),
    ("NO_SCAN_YET", text::NO_SCAN_YET),
    ("LISTING_REPOSITORIES", text::LISTING_REPOSITORIES),
    ("UNTAGGED_CAVEAT", text::UNTAGGED_CAVEAT),
    ("BY_REPOSITORY", text::BY_REPOSITORY),
    ("EXCLUSIVE_HELP", text::EXCLUSIVE_HELP),
    ("LARGEST_IMAGES", text::LARGEST_IMAGES),
    ("MOST_SHARED_LAYERS", text::MOST_SHARED_LAYERS),
    ("LARGEST_REPOSITORIES", text::LARGEST_REPOSITORIES),
    ("EXCLUSIVE", text::EXCLUSIVE),
    ("SHARED", text::SHARED),
    ("BY_MONTH", text::BY_MONTH),
    ("UNDATED", text::UNDATED),
    ("REPOSITORY", text::REPOSITORY),
    ("IMAGES", text::IMAGES),
    ("TAGS", text::TAGS),
    ("TOTAL", text::TOTAL),
    ("LAYER", text::LAYER),
    ("SCAN_THE_REGISTRY", text::SCAN_THE_REGISTRY),
    ("PLAN_A_CLEAN_UP", text::PLAN_A_CLEAN_UP),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("storage.rs"), super::ALL);
    }

    #[test]
    fn phrases_say_what_a_scan_covers() {
        use super::phrase::*;
        use crate::i18n::Lang;
        // What a storage scan covers: the whole registry says so, and a
        // pattern or a cancelled scan says estimates do not use it.
        let whole = scan_scope(Lang::En, "just now", 12, "", 5, 5, false, true);
        assert_eq!(whole, "Scanned just now, in 1.2 s: the whole registry.");
        let part = scan_scope(Lang::En, "just now", 3, "team/*", 2, 2, false, true);
        assert!(
            part.contains("matching team/*") && part.contains("do not use this scan"),
            "{part}"
        );
        let cut = scan_scope(Lang::Zh, "刚刚", 3, "", 2, 9, true, true);
        assert!(
            cut.contains("2 / 9") && cut.contains("不会使用本次扫描"),
            "{cut}"
        );
        assert_eq!(
            scan_gaps(Lang::En, 0, 1),
            "Not counted: 1 tag's image could not be read. Layers that nothing else uses are missing from the figures, so delete estimates do not use this scan."
        );
        assert!(scan_gaps(Lang::En, 2, 3).starts_with(
            "Not counted: 2 repositories could not be read, 3 tags' images could not be read."
        ));
    }
}
