//! The catalog page (`/`): the repository list, its filter and namespaces,
//! and, without a usable catalog, why, opening a repository by name and the
//! repositories known from `config.json` or opened here.

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const CATALOG_LINK_HIDDEN: Text = Text {
        en: "This registry hides its Link header from the page, so each page of the catalog after the first was asked for separately (?last=). The list is complete. To page as the registry means to, add 'Link' to Access-Control-Expose-Headers in its http.headers.",
        zh: "此仓库不让本页面读取其 Link 响应头，因此第一页之后的每一页目录都是单独请求的（?last=）。列表是完整的。若要按仓库本身的方式分页，请在其 http.headers 的 Access-Control-Expose-Headers 中加入 'Link'。",
    };
    pub const FILTER_REPOSITORIES: Text = Text {
        en: "Filter repositories",
        zh: "筛选镜像库",
    };
    pub const FILTER_REPOSITORIES_PLACEHOLDER: Text = Text {
        en: "Filter by name…",
        zh: "按名称筛选…",
    };
    pub const THIS_REGISTRY_HAS_NO_REPOSITORIES: Text = Text {
        en: "This registry has no repositories yet. Push an image to see it here.",
        zh: "此仓库还没有镜像库。推送一个镜像后即可在这里看到。",
    };
    pub const NO_NAMESPACE: Text = Text {
        en: "(no namespace)",
        zh: "（无命名空间）",
    };
    pub const EMPTY: Text = Text {
        en: "empty",
        zh: "空",
    };
    pub const NO_TAGS_ALL_WERE_DELETED: Text = Text {
        en: "no tags: all were deleted; the name stays until an operator removes it on the registry host",
        zh: "没有标签：已全部删除；名称会保留，直到管理员在仓库主机上移除",
    };
    pub const CATALOG_UNAVAILABLE: Text = Text {
        en: "The repository list is not available",
        zh: "无法获取镜像库列表",
    };
    pub const CATALOG_NEEDS_SIGN_IN: Text = Text {
        en: "The repository list needs a sign-in",
        zh: "镜像库列表需要登录",
    };
    pub const CATALOG_NEEDS_SIGN_IN_WHY: Text = Text {
        en: "Sign in above to see it (_catalog answered 401). Some registries never list repositories (GitLab, GHCR, Docker Hub), and Harbor lists them only to administrators: with those, open a repository by name below.",
        zh: "请在上方登录后查看（_catalog 返回 401）。有些仓库从不列出镜像库（GitLab、GHCR、Docker Hub），Harbor 只向管理员列出：遇到这些仓库时，请在下方按名称打开镜像库。",
    };
    pub const CATALOG_UNAUTHORIZED: Text = Text {
        en: "The registry wants credentials that may list repositories before it answers the catalog (_catalog answered 401). Many registries (GitLab, GHCR, Docker Hub) never list repositories, and Harbor lists them only to administrators.",
        zh: "仓库要求可列出镜像库的凭据才会返回目录（_catalog 返回 401）。很多仓库（GitLab、GHCR、Docker Hub）从不列出镜像库，Harbor 只向管理员列出。",
    };
    pub const CATALOG_DENIED: Text = Text {
        en: "The registry refuses to list repositories to this account (_catalog answered 403). Harbor lists them only to administrators; GitLab and GHCR list them to no one.",
        zh: "仓库拒绝向此账号列出镜像库（_catalog 返回 403）。Harbor 只向管理员列出；GitLab 和 GHCR 不向任何人列出。",
    };
    pub const CATALOG_NOT_FOUND: Text = Text {
        en: "This registry has no repository list (_catalog answered 404), as GitLab and Docker Hub do not.",
        zh: "此仓库没有镜像库列表（_catalog 返回 404），GitLab 和 Docker Hub 也是如此。",
    };
    pub const CATALOG_UNSUPPORTED: Text = Text {
        en:
            "This registry does not offer a repository list (_catalog answered 405 or UNSUPPORTED).",
        zh: "此仓库不提供镜像库列表（_catalog 返回 405 或 UNSUPPORTED）。",
    };
    pub const CATALOG_UNAVAILABLE_FIX: Text = Text {
        en: "Open a repository by name below; it is remembered in this browser. To list repositories for everyone, add them to this registry's entry in config.json: \"repositories\": [\"team/app\", \"base/*\"].",
        zh: "请在下方按名称打开镜像库；它会记在此浏览器中。要为所有人列出镜像库，请在 config.json 中此仓库的条目里添加：\"repositories\": [\"team/app\", \"base/*\"]。",
    };
    pub const OPEN_BY_NAME: Text = Text {
        en: "Open a repository by name",
        zh: "按名称打开镜像库",
    };
    pub const REPOSITORY_NAME: Text = Text {
        en: "Repository name",
        zh: "镜像库名称",
    };
    pub const REPOSITORY_NAME_PLACEHOLDER: Text = Text {
        en: "for example team/app",
        zh: "例如 team/app",
    };
    pub const OPEN: Text = Text {
        en: "Open",
        zh: "打开",
    };
    pub const KNOWN_REPOSITORIES: Text = Text {
        en: "Repositories listed in config.json or opened here",
        zh: "config.json 中列出或在此打开过的镜像库",
    };
    pub const NO_KNOWN_REPOSITORIES: Text = Text {
        en: "None yet: open a repository by name and it appears here.",
        zh: "暂无：按名称打开一个镜像库后会显示在这里。",
    };
    pub const FROM_CONFIG: Text = Text {
        en: "from config.json",
        zh: "来自 config.json",
    };
    pub const OPENED_HERE: Text = Text {
        en: "opened here",
        zh: "在此打开过",
    };
    pub const PATTERN: Text = Text {
        en: "pattern",
        zh: "模式",
    };
    pub const PATTERN_WITHOUT_CATALOG: Text = Text {
        en: "Shown as entered: without a repository list the pattern cannot be resolved here. Clean-up patterns match over the repositories listed here.",
        zh: "按原样显示：没有镜像库列表时无法在此解析模式。清理模式会匹配这里列出的镜像库。",
    };
    pub const FORGET: Text = Text {
        en: "Forget",
        zh: "忘记",
    };
    pub const FORGET_REPOSITORY: Text = Text {
        en: "Forget this repository in this browser",
        zh: "在此浏览器中忘记此镜像库",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::common::phrase::plural;
    use crate::i18n::Lang;

    pub fn loading_repositories(lang: Lang, so_far: usize) -> String {
        match lang {
            Lang::En => format!("Loading repositories… {so_far} so far"),
            Lang::Zh => format!("正在加载镜像库…已加载 {so_far} 个"),
        }
    }

    /// A filter over a catalog still loading: "3 of 1000 so far, loading more…".
    pub fn repository_count_loading(lang: Lang, shown: usize, so_far: usize) -> String {
        match lang {
            Lang::En => format!("{shown} of {so_far} so far, loading more…"),
            Lang::Zh => format!("{shown} / 已加载 {so_far} 个，仍在加载…"),
        }
    }

    /// "12 repositories" or "3 of 12 repositories".
    pub fn repository_count(lang: Lang, shown: usize, total: usize) -> String {
        match (lang, shown == total) {
            (Lang::En, true) => plural(total, "repository", "repositories"),
            (Lang::En, false) => {
                format!("{shown} of {}", plural(total, "repository", "repositories"))
            }
            (Lang::Zh, true) => format!("共 {total} 个镜像库"),
            (Lang::Zh, false) => format!("{shown} / {total} 个镜像库"),
        }
    }

    pub fn tag_count(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => plural(n, "tag", "tags"),
            Lang::Zh => format!("{n} 个标签"),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("CATALOG_LINK_HIDDEN", text::CATALOG_LINK_HIDDEN),
    ("FILTER_REPOSITORIES", text::FILTER_REPOSITORIES),
    (
        "FILTER_REPOSITORIES_PLACEHOLDER",
        text::FILTER_REPOSITORIES_PLACEHOLDER,
    ),
    (
        "THIS_REGISTRY_HAS_NO_REPOSITORIES",
        text::THIS_REGISTRY_HAS_NO_REPOSITORIES,
    ),
    ("NO_NAMESPACE", text::NO_NAMESPACE),
    ("EMPTY", text::EMPTY),
    ("NO_TAGS_ALL_WERE_DELETED", text::NO_TAGS_ALL_WERE_DELETED),
    ("CATALOG_UNAVAILABLE", text::CATALOG_UNAVAILABLE),
    ("CATALOG_NEEDS_SIGN_IN", text::CATALOG_NEEDS_SIGN_IN),
    ("CATALOG_NEEDS_SIGN_IN_WHY", text::CATALOG_NEEDS_SIGN_IN_WHY),
    ("CATALOG_UNAUTHORIZED", text::CATALOG_UNAUTHORIZED),
    ("CATALOG_DENIED", text::CATALOG_DENIED),
    ("CATALOG_NOT_FOUND", text::CATALOG_NOT_FOUND),
    ("CATALOG_UNSUPPORTED", text::CATALOG_UNSUPPORTED),
    ("CATALOG_UNAVAILABLE_FIX", text::CATALOG_UNAVAILABLE_FIX),
    ("OPEN_BY_NAME", text::OPEN_BY_NAME),
    ("REPOSITORY_NAME", text::REPOSITORY_NAME),
    (
        "REPOSITORY_NAME_PLACEHOLDER",
        text::REPOSITORY_NAME_PLACEHOLDER,
    ),
    ("OPEN", text::OPEN),
    ("KNOWN_REPOSITORIES", text::KNOWN_REPOSITORIES),
    ("NO_KNOWN_REPOSITORIES", text::NO_KNOWN_REPOSITORIES),
    ("FROM_CONFIG", text::FROM_CONFIG),
    ("OPENED_HERE", text::OPENED_HERE),
    ("PATTERN", text::PATTERN),
    ("PATTERN_WITHOUT_CATALOG", text::PATTERN_WITHOUT_CATALOG),
    ("FORGET", text::FORGET),
    ("FORGET_REPOSITORY", text::FORGET_REPOSITORY),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("catalog.rs"), super::ALL);
    }

    #[test]
    fn phrases_count_and_translate() {
        use super::phrase::*;
        use crate::i18n::tests::check_phrases;
        use crate::i18n::Lang;
        assert_eq!(repository_count(Lang::En, 1, 1), "1 repository");
        assert_eq!(repository_count(Lang::En, 2, 12), "2 of 12 repositories");
        assert_eq!(repository_count(Lang::Zh, 12, 12), "共 12 个镜像库");
        check_phrases(&[
            (
                loading_repositories(Lang::En, 3),
                loading_repositories(Lang::Zh, 3),
            ),
            (tag_count(Lang::En, 3), tag_count(Lang::Zh, 3)),
        ]);
    }
}
