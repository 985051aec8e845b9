//! The words of "find and understand": the header's search box, the
//! search page (`/search?q=`), the catalog's last-pushed column and its
//! stale filter, and image descriptions, in both languages.

use super::{Lang, Text};

pub mod text {
    use super::Text;

    pub const SEARCH: Text = Text {
        en: "Search",
        zh: "搜索",
    };
    pub const SEARCH_LABEL: Text = Text {
        en: "Search by digest, tag or package (press /)",
        zh: "按摘要、标签或软件包搜索（按 / 键）",
    };
    pub const SEARCH_PLACEHOLDER: Text = Text {
        en: "sha256:…, a tag or a package",
        zh: "sha256:…、标签或软件包",
    };
    pub const SEARCH_INTRO: Text = Text {
        en: "Where a digest or a tag lives in this registry, and which images contain a package, found in what this browser already holds: the storage scan, the repositories it has shown and the SBOMs it has read. Searching sends no request.",
        zh: "在本浏览器已掌握的内容中查找某个摘要或标签位于本仓库的何处，以及哪些镜像包含某个软件包：存储扫描的结果、已显示过的镜像库和已读取的 SBOM。搜索本身不发送任何请求。",
    };
    pub const SEARCH_EMPTY: Text = Text {
        en: "Paste a digest (sha256:…), an image reference (repository@sha256:…), a tag or a package name into the search box.",
        zh: "请在搜索框中粘贴摘要（sha256:…）、镜像引用（镜像库@sha256:…）、标签或软件包名称。",
    };
    pub const BAD_QUERY: Text = Text {
        en: "This is neither a digest nor a tag",
        zh: "这既不是摘要也不是标签",
    };
    pub const BAD_QUERY_FIX: Text = Text {
        en: "A digest is sha256: followed by 64 hexadecimal digits (or repository@sha256:…); a tag is up to 128 letters, digits, dots, dashes and underscores (or repository:tag).",
        zh: "摘要是 sha256: 后接 64 个十六进制数字（或 镜像库@sha256:…）；标签最多 128 个字母、数字、点、短横线和下划线（或 镜像库:标签）。",
    };
    pub const LOOKING: Text = Text {
        en: "Looking through what this browser holds…",
        zh: "正在查找本浏览器已保存的内容…",
    };
    pub const AS_MANIFEST: Text = Text {
        en: "Tags on this digest",
        zh: "指向此摘要的标签",
    };
    pub const AS_LISTED: Text = Text {
        en: "Multi-arch images that list it",
        zh: "列出它的多架构镜像",
    };
    pub const AS_BLOB: Text = Text {
        en: "Images that use it as a layer or config",
        zh: "将它用作层或配置的镜像",
    };
    pub const WITH_TAG: Text = Text {
        en: "Repositories with this tag",
        zh: "有此标签的镜像库",
    };
    pub const NOT_FOUND: Text = Text {
        en: "Not found in what was searched.",
        zh: "在已搜索的内容中未找到。",
    };
    pub const NOTHING_HELD: Text = Text {
        en: "Nothing to search yet: this browser holds nothing of this registry (no storage scan, and no repository shown).",
        zh: "尚无可搜索的内容：本浏览器还没有保存此仓库的任何内容（没有存储扫描，也没有显示过镜像库）。",
    };
    pub const NO_REPOSITORY_HELD: Text = Text {
        en: "No tag was searched: this browser holds no repository of this registry yet (no storage scan, and no repository shown).",
        zh: "未搜索标签：本浏览器还没有保存此仓库的任何镜像库（没有存储扫描，也没有显示过镜像库）。",
    };
    pub const WHOLE_REGISTRY: Text = Text {
        en: "The storage scan read every repository: the search covers the whole registry as of then.",
        zh: "存储扫描读取了每个镜像库：搜索覆盖了当时的整个仓库。",
    };
    pub const SCAN_OFFER: Text = Text {
        en: "A storage scan reads every repository (tag lists, manifests and configs; what is kept is not read again), then the search covers the whole registry.",
        zh: "存储扫描会读取每个镜像库（标签列表、清单和配置；已保存的不会再读），之后搜索即可覆盖整个仓库。",
    };
    pub const SCAN_REGISTRY: Text = Text {
        en: "Scan the registry",
        zh: "扫描整个仓库",
    };
    pub const SCAN_AGAIN: Text = Text {
        en: "Scan again",
        zh: "重新扫描",
    };
    pub const FROM_SCAN: Text = Text {
        en: "storage scan",
        zh: "存储扫描",
    };
    pub const FROM_KEPT: Text = Text {
        en: "kept from a visit",
        zh: "浏览时保存",
    };
    pub const MULTI_ARCH: Text = Text {
        en: "multi-arch",
        zh: "多架构",
    };
    pub const DIGEST: Text = Text {
        en: "Digest",
        zh: "摘要",
    };

    pub const ORDER: Text = Text {
        en: "Order",
        zh: "排序",
    };
    pub const ORDER_NAME: Text = Text {
        en: "By name",
        zh: "按名称",
    };
    pub const ORDER_NEWEST: Text = Text {
        en: "Last pushed, newest first",
        zh: "最近推送，最新在前",
    };
    pub const ORDER_OLDEST: Text = Text {
        en: "Last pushed, oldest first",
        zh: "最近推送，最旧在前",
    };
    pub const STALE_LABEL: Text = Text {
        en: "Nothing pushed for (days)",
        zh: "多少天未推送",
    };
    pub const STALE_PLACEHOLDER: Text = Text {
        en: "days",
        zh: "天数",
    };
    pub const PLAN_CLEAN_UP_OF_THESE: Text = Text {
        en: "Plan a clean-up of these",
        zh: "为这些镜像库规划清理",
    };
    pub const NOTHING_PUSHED: Text = Text {
        en: "No tags: nothing to date",
        zh: "没有标签：无从判断日期",
    };
    pub const UNDATED_WHY: Text = Text {
        en: "Its images state no creation date that reads as one",
        zh: "其镜像没有可读的创建日期",
    };
    pub const NOT_READ: Text = Text {
        en: "not read yet",
        zh: "尚未读取",
    };
    pub const NOT_READ_WHY: Text = Text {
        en: "Not read yet: scroll to it, open it, or scan the registry",
        zh: "尚未读取：滚动到该行、打开它，或扫描整个仓库",
    };
    pub const SOURCE: Text = Text {
        en: "Source",
        zh: "源代码",
    };
    pub const DOCUMENTATION: Text = Text {
        en: "Documentation",
        zh: "文档",
    };
    pub const WEBSITE: Text = Text {
        en: "Website",
        zh: "网站",
    };

    pub const PACKAGES_HEADING: Text = Text {
        en: "Images whose SBOM lists a package of this name",
        zh: "SBOM 中列有此名称软件包的镜像",
    };
    pub const NO_SBOM_READ: Text = Text {
        en: "No SBOM has been read in this browser yet, so no package can be found. Open the page of an image with an SBOM attached: its packages are kept in this browser, and this search covers them from then on.",
        zh: "本浏览器尚未读取任何 SBOM，因此找不到软件包。请打开附有 SBOM 的镜像页面：其软件包会保存在本浏览器中，此后本搜索即可涵盖。",
    };
    pub const PACKAGES_HOW_MORE: Text = Text {
        en: "Only the SBOMs read on image pages in this browser are searched (the page never downloads SBOMs to search). To cover another image, open its page: its attached SBOMs are read there.",
        zh: "仅搜索本浏览器在镜像页面上读取过的 SBOM（本页不会为搜索而下载 SBOM）。要涵盖其他镜像，请打开其页面：附加的 SBOM 会在那里读取。",
    };
    pub const UNTAGGED: Text = Text {
        en: "no tag known",
        zh: "无已知标签",
    };

    pub const ALL: &[(&str, Text)] = &[
        ("PACKAGES_HEADING", PACKAGES_HEADING),
        ("NO_SBOM_READ", NO_SBOM_READ),
        ("PACKAGES_HOW_MORE", PACKAGES_HOW_MORE),
        ("UNTAGGED", UNTAGGED),
        ("SEARCH", SEARCH),
        ("SEARCH_LABEL", SEARCH_LABEL),
        ("SEARCH_PLACEHOLDER", SEARCH_PLACEHOLDER),
        ("SEARCH_INTRO", SEARCH_INTRO),
        ("SEARCH_EMPTY", SEARCH_EMPTY),
        ("BAD_QUERY", BAD_QUERY),
        ("BAD_QUERY_FIX", BAD_QUERY_FIX),
        ("LOOKING", LOOKING),
        ("AS_MANIFEST", AS_MANIFEST),
        ("AS_LISTED", AS_LISTED),
        ("AS_BLOB", AS_BLOB),
        ("WITH_TAG", WITH_TAG),
        ("NOT_FOUND", NOT_FOUND),
        ("NOTHING_HELD", NOTHING_HELD),
        ("NO_REPOSITORY_HELD", NO_REPOSITORY_HELD),
        ("WHOLE_REGISTRY", WHOLE_REGISTRY),
        ("SCAN_OFFER", SCAN_OFFER),
        ("SCAN_REGISTRY", SCAN_REGISTRY),
        ("SCAN_AGAIN", SCAN_AGAIN),
        ("FROM_SCAN", FROM_SCAN),
        ("FROM_KEPT", FROM_KEPT),
        ("MULTI_ARCH", MULTI_ARCH),
        ("DIGEST", DIGEST),
        ("ORDER", ORDER),
        ("ORDER_NAME", ORDER_NAME),
        ("ORDER_NEWEST", ORDER_NEWEST),
        ("ORDER_OLDEST", ORDER_OLDEST),
        ("STALE_LABEL", STALE_LABEL),
        ("STALE_PLACEHOLDER", STALE_PLACEHOLDER),
        ("PLAN_CLEAN_UP_OF_THESE", PLAN_CLEAN_UP_OF_THESE),
        ("NOTHING_PUSHED", NOTHING_PUSHED),
        ("UNDATED_WHY", UNDATED_WHY),
        ("NOT_READ", NOT_READ),
        ("NOT_READ_WHY", NOT_READ_WHY),
        ("SOURCE", SOURCE),
        ("DOCUMENTATION", DOCUMENTATION),
        ("WEBSITE", WEBSITE),
    ];
}

/// What a search covered: the scan's repositories (and how long ago it
/// ran) and the repositories kept from visits (the oldest record's age).
pub fn coverage(
    lang: Lang,
    scanned: Option<(usize, &str)>,
    kept: usize,
    oldest_kept: Option<&str>,
) -> String {
    let repos = |n: usize| match lang {
        Lang::En if n == 1 => "1 repository".to_string(),
        Lang::En => format!("{n} repositories"),
        Lang::Zh => format!("{n} 个镜像库"),
    };
    let from_scan = |ago: &str| match lang {
        Lang::En => format!("from the storage scan of {ago}"),
        Lang::Zh => format!("来自 {ago} 的存储扫描"),
    };
    let from_kept = || {
        let oldest = oldest_kept.map(|a| match lang {
            Lang::En => format!(" (the oldest {a})"),
            Lang::Zh => format!("（最早的是 {a}）"),
        });
        match lang {
            Lang::En => format!(
                "as this browser last showed them{}",
                oldest.unwrap_or_default()
            ),
            Lang::Zh => format!("为本浏览器上次显示时的样子{}", oldest.unwrap_or_default()),
        }
    };
    match (scanned, kept) {
        (Some((n, ago)), 0) => match lang {
            Lang::En => format!("Searched {} {}.", repos(n), from_scan(ago)),
            Lang::Zh => format!("已搜索 {}，{}。", repos(n), from_scan(ago)),
        },
        (Some((n, ago)), k) => match lang {
            Lang::En => format!(
                "Searched {}: {n} {}, {k} {}.",
                repos(n + k),
                from_scan(ago),
                from_kept()
            ),
            Lang::Zh => format!(
                "已搜索 {}：{n} 个{}，{k} 个{}。",
                repos(n + k),
                from_scan(ago),
                from_kept()
            ),
        },
        (None, k) => match lang {
            Lang::En => format!("Searched {} {}.", repos(k), from_kept()),
            Lang::Zh => format!("已搜索 {}，{}。", repos(k), from_kept()),
        },
    }
}

/// Repositories of the catalog the search did not cover.
pub fn not_covered(lang: Lang, n: usize, of: usize) -> String {
    match lang {
        Lang::En => format!("Not covered: {n} of the {of} repositories in the catalog."),
        Lang::Zh => format!("未覆盖：目录中 {of} 个镜像库里的 {n} 个。"),
    }
}

/// The repository written before the `@`: a digest is searched everywhere.
pub fn named_repository(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!(
            "Written with the repository {name}; the same digest is searched in every repository."
        ),
        Lang::Zh => format!("查询中写了镜像库 {name}；同一摘要会在所有镜像库中搜索。"),
    }
}

/// How many images were found.
pub fn found(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En if n == 1 => "1 image".to_string(),
        Lang::En => format!("{n} images"),
        Lang::Zh => format!("{n} 个镜像"),
    }
}

/// The stale filter's result.
pub fn stale_count(lang: Lang, n: usize, days: u32) -> String {
    match lang {
        Lang::En if n == 1 => format!("1 repository with nothing pushed for {days} days"),
        Lang::En => format!("{n} repositories with nothing pushed for {days} days"),
        Lang::Zh => format!("{n} 个镜像库已有 {days} 天未推送"),
    }
}

/// The catalog's repositories without a last push to sort or filter by,
/// in the words their rows use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dateless {
    /// Read, and their images carry no creation date ("no date").
    pub undated: usize,
    /// Not read yet ("not read yet").
    pub unread: usize,
    /// No tags ("empty").
    pub empty: usize,
}

impl Dateless {
    pub fn total(self) -> usize {
        self.undated + self.unread + self.empty
    }
}

/// The note on the repositories without a date: listed last when the
/// catalog is ordered by date, left out while the stale filter is on
/// (`filtering`).
pub fn dateless(lang: Lang, d: Dateless, filtering: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    match lang {
        Lang::En => {
            let repos = |n: usize| {
                if n == 1 {
                    "1 repository".to_string()
                } else {
                    format!("{n} repositories")
                }
            };
            if d.undated > 0 {
                let whose = if d.undated == 1 { "its" } else { "their" };
                parts.push(format!(
                    "{} with no date on {whose} images",
                    repos(d.undated)
                ));
            }
            if d.unread > 0 {
                let who = if parts.is_empty() {
                    repos(d.unread)
                } else {
                    d.unread.to_string()
                };
                parts.push(format!("{who} not read yet"));
            }
            if d.empty > 0 {
                parts.push(match (parts.is_empty(), d.empty) {
                    (true, 1) => "1 empty repository".to_string(),
                    (true, n) => format!("{n} empty repositories"),
                    (false, n) => format!("{n} empty"),
                });
            }
            let listed = match parts.len() {
                0 | 1 => parts.concat(),
                n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
            };
            if filtering {
                format!("Without a date, so not in this list: {listed}.")
            } else {
                format!("Without a date, so listed last: {listed}.")
            }
        }
        Lang::Zh => {
            if d.undated > 0 {
                parts.push(format!("{} 个镜像库的镜像无日期", d.undated));
            }
            if d.unread > 0 {
                let who = if parts.is_empty() {
                    "个镜像库"
                } else {
                    "个"
                };
                parts.push(format!("{} {who}尚未读取", d.unread));
            }
            if d.empty > 0 {
                let who = if parts.is_empty() {
                    "个镜像库"
                } else {
                    "个"
                };
                parts.push(format!("{} {who}为空", d.empty));
            }
            let listed = parts.join("，");
            if filtering {
                format!("没有日期，因此不在此列表中：{listed}。")
            } else {
                format!("没有日期，因此排在最后：{listed}。")
            }
        }
    }
}

/// The package search's part of what was searched: the SBOMs of `n`
/// images read in this browser.
pub fn sboms_searched(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En if n == 1 => {
            "Packages: searched the one image whose SBOM this browser has read.".to_string()
        }
        Lang::En => format!("Packages: searched the {n} images whose SBOMs this browser has read."),
        Lang::Zh => format!("软件包：已搜索本浏览器读取过 SBOM 的 {n} 个镜像。"),
    }
}

/// A repository with too many tags to read here for a date.
pub fn too_many_tags(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} tags: too many to read here for a date. Open the repository, or scan the registry."),
        Lang::Zh => format!("{n} 个标签：太多，无法在此读取日期。请打开该镜像库，或扫描整个仓库。"),
    }
}

/// How many of the images with an SBOM read list the package.
pub fn packages_found(lang: Lang, found: usize, searched: usize) -> String {
    match lang {
        Lang::En if searched == 1 => {
            format!("Found in {found} of the one image whose SBOM this browser has read.")
        }
        Lang::En => {
            format!("Found in {found} of the {searched} images whose SBOMs this browser has read.")
        }
        Lang::Zh => format!("本浏览器已读取 SBOM 的 {searched} 个镜像中，有 {found} 个包含。"),
    }
}

/// More matching packages in one image than are listed.
pub fn more_packages(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("and {n} more"),
        Lang::Zh => format!("另有 {n} 个"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages() {
        crate::i18n::tests::check_translated(text::ALL);
        // Every `pub const` of the table is in ALL (less ALL itself and the
        // pattern in the line below).
        let declared = include_str!("find.rs").matches("pub const ").count() - 2;
        assert_eq!(declared, text::ALL.len());
    }

    #[test]
    fn the_dateless_note_counts_each_state_in_its_rows_words() {
        let d = |undated, unread, empty| Dateless {
            undated,
            unread,
            empty,
        };
        assert_eq!(
            dateless(Lang::En, d(1, 1, 0), false),
            "Without a date, so listed last: 1 repository with no date on its images and 1 not read yet."
        );
        assert_eq!(
            dateless(Lang::En, d(0, 2, 1), true),
            "Without a date, so not in this list: 2 repositories not read yet and 1 empty."
        );
        assert_eq!(
            dateless(Lang::En, d(2, 1, 3), true),
            "Without a date, so not in this list: 2 repositories with no date on their images, 1 not read yet and 3 empty."
        );
        assert_eq!(
            dateless(Lang::En, d(0, 0, 1), false),
            "Without a date, so listed last: 1 empty repository."
        );
        assert_eq!(
            dateless(Lang::Zh, d(1, 1, 0), true),
            "没有日期，因此不在此列表中：1 个镜像库的镜像无日期，1 个尚未读取。"
        );
        assert_eq!(d(2, 1, 3).total(), 6);
        // The rows' words.
        assert!(!dateless(Lang::En, d(1, 0, 0), false).contains(text::NOT_READ.en));
        assert!(dateless(Lang::En, d(0, 1, 0), false).contains(text::NOT_READ.en));
        assert!(dateless(Lang::Zh, d(0, 1, 0), false).contains(text::NOT_READ.zh));
    }

    #[test]
    fn coverage_says_where_from_in_both_languages() {
        assert_eq!(
            coverage(Lang::En, Some((3, "5 minutes ago")), 1, Some("2 days ago")),
            "Searched 4 repositories: 3 from the storage scan of 5 minutes ago, 1 as this browser last showed them (the oldest 2 days ago)."
        );
        assert_eq!(
            coverage(Lang::En, None, 2, None),
            "Searched 2 repositories as this browser last showed them."
        );
        for s in [
            coverage(Lang::Zh, Some((3, "5 分钟前")), 1, None),
            not_covered(Lang::Zh, 2, 5),
            named_repository(Lang::Zh, "app"),
            found(Lang::Zh, 2),
            stale_count(Lang::Zh, 3, 90),
            dateless(
                Lang::Zh,
                Dateless {
                    undated: 1,
                    unread: 1,
                    empty: 0,
                },
                true,
            ),
            sboms_searched(Lang::Zh, 2),
            too_many_tags(Lang::Zh, 40),
            packages_found(Lang::Zh, 1, 3),
            more_packages(Lang::Zh, 2),
        ] {
            assert!(
                s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{s}"
            );
        }
    }
}
