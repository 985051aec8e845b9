//! The clean-up page (`/clean-up?repos=`): the retention policy, the dry
//! run and why each tag is kept or deleted, plan files.

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const CLEAN_UP: Text = Text {
        en: "Clean up",
        zh: "清理",
    };
    pub const CLEAN_UP_INTRO: Text = Text {
        en: "A retention plan decides, for every tag, keep or delete, and says which rule decided. Nothing is deleted until you run the plan and confirm.",
        zh: "保留策略会为每个标签决定保留或删除，并说明依据的规则。在您执行并确认之前，不会删除任何内容。",
    };
    pub const REPOSITORIES_PATTERN: Text = Text {
        en: "Repositories (a name, or patterns such as team/*)",
        zh: "镜像库（名称，或 team/* 这样的模式）",
    };
    pub const KEEP_NEWEST: Text = Text {
        en: "Keep the newest N tags",
        zh: "保留最新的 N 个标签",
    };
    pub const KEEP_NEWER_THAN_DAYS: Text = Text {
        en: "Keep tags newer than D days",
        zh: "保留 D 天内的标签",
    };
    pub const ALWAYS_KEEP: Text = Text {
        en: "Always keep tags matching",
        zh: "始终保留匹配的标签",
    };
    pub const ONLY_CONSIDER: Text = Text {
        en: "Only consider tags matching (empty: all)",
        zh: "仅考虑匹配的标签（留空：全部）",
    };
    pub const POLICY_HELP: Text = Text {
        en: "Patterns are comma-separated; * matches any text, ? one character. A tag is kept when any rule keeps it; an image that a kept tag also points at is kept. Images without a date rank after dated ones, by tag order.",
        zh: "多个模式用逗号分隔；* 匹配任意文本，? 匹配一个字符。任一规则保留的标签都会保留；被保留标签同样指向的镜像也会保留。没有日期的镜像排在有日期的之后，按标签顺序排列。",
    };
    pub const NO_KEEP_RULE: Text = Text {
        en: "No keep rule (newest N or newer than D days) is set: the plan deletes nothing.",
        zh: "未设置保留规则（最新 N 个或 D 天内）：该计划不会删除任何内容。",
    };
    pub const DRY_RUN: Text = Text {
        en: "Dry run",
        zh: "试运行",
    };
    pub const DOWNLOAD_PLAN_FILE: Text = Text {
        en: "Download plan file",
        zh: "下载计划文件",
    };
    pub const DOWNLOAD_PLAN_FILE_HELP: Text = Text {
        en: "The plan file lists every image this plan deletes with its tags. Load it here later to review or run it, or run it with shipshape-cli apply.",
        zh: "计划文件列出此计划要删除的每个镜像及其标签。之后可在此载入以审阅或执行，也可用 shipshape-cli apply 执行。",
    };
    pub const LOAD_PLAN_FILE: Text = Text {
        en: "Load a plan file…",
        zh: "载入计划文件…",
    };
    pub const LOAD_PLAN_FILE_HELP: Text = Text {
        en: "Review or run a plan file downloaded from this page or written by shipshape-cli plan.",
        zh: "审阅或执行从本页下载、或由 shipshape-cli plan 生成的计划文件。",
    };
    pub const READING_PLAN_FILE: Text = Text {
        en: "Reading the plan file…",
        zh: "正在读取计划文件…",
    };
    pub const PLAN_FILE: Text = Text {
        en: "Plan file",
        zh: "计划文件",
    };
    pub const PLAN_FILE_OLD: Text = Text {
        en: "This plan is more than a day old. Tags may have changed since: an image whose tags differ from the plan's is stopped, not deleted. A new dry run shows the registry as it is now.",
        zh: "此计划已超过一天。标签可能已经变化：标签与计划不一致的镜像会被停止，而不会被删除。重新试运行可查看仓库的当前状态。",
    };
    pub const PLAN_FILE_NOTHING: Text = Text {
        en: "This plan deletes nothing.",
        zh: "此计划不删除任何内容。",
    };
    pub const POLICY: Text = Text {
        en: "Policy:",
        zh: "策略：",
    };
    pub const CONFIRMED_TAGS: Text = Text {
        en: "Tags that go with it",
        zh: "随之删除的标签",
    };
    pub const NO_TAGS_UNTAGGED: Text = Text {
        en: "none (untagged)",
        zh: "无（未打标签）",
    };
    pub const PLAN_FILE_RAN: Text = Text {
        en: "This plan was run. Its report stays under Deletes and tag writes; load the file again to run what is left.",
        zh: "此计划已执行。其报告保留在“删除与标签写入”中；如需执行剩余部分，请重新载入该文件。",
    };
    pub const CLOSE_PLAN_FILE: Text = Text {
        en: "Close the plan file",
        zh: "关闭计划文件",
    };
    pub const ACTION: Text = Text {
        en: "Action",
        zh: "操作",
    };
    pub const RULE: Text = Text {
        en: "Rule",
        zh: "规则",
    };
    pub const KEEP: Text = Text {
        en: "Keep",
        zh: "保留",
    };
    pub const TREAT_UNDATED_AS_OLDEST: Text = Text {
        en: "Treat undated images as oldest (they can then be deleted)",
        zh: "将无日期的镜像视为最旧（这样它们可能被删除）",
    };
    pub const FACTS_INCOMPLETE: Text = Text {
        en: "Some facts could not be read; the tags they concern are kept:",
        zh: "部分信息无法读取；相关标签将被保留：",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::common::phrase::{duration, plural};
    use crate::i18n::Lang;

    pub fn planning(lang: Lang, i: usize, total: usize, name: &str) -> String {
        match lang {
            Lang::En => format!("Reading {name} ({i} of {total})…"),
            Lang::Zh => format!("正在读取 {name}（{i} / {total}）…"),
        }
    }

    pub fn plan_totals(
        lang: Lang,
        repos: usize,
        kept: usize,
        deleted: usize,
        images: usize,
    ) -> String {
        match lang {
            Lang::En => format!(
                "{}: keep {}, delete {} ({}).",
                plural(repos, "repository", "repositories"),
                plural(kept, "tag", "tags"),
                plural(deleted, "tag", "tags"),
                plural(images, "image", "images")
            ),
            Lang::Zh => format!(
                "{repos} 个镜像库：保留 {kept} 个标签，删除 {deleted} 个标签（{images} 个镜像）。"
            ),
        }
    }

    pub fn blocked_count(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!(
                "{} will not be deleted: a tagged multi-arch image lists them.",
                plural(n, "image", "images")
            ),
            Lang::Zh => format!("{n} 个镜像不会被删除：仍有带标签的多架构镜像包含它们。"),
        }
    }

    pub fn keep_delete(lang: Lang, kept: usize, deleted: usize) -> String {
        match lang {
            Lang::En => format!("keep {kept} · delete {deleted}"),
            Lang::Zh => format!("保留 {kept} · 删除 {deleted}"),
        }
    }

    pub fn retention_reason(lang: Lang, reason: &crate::registry::retention::Reason) -> String {
        use crate::registry::retention::Reason as R;
        match (lang, reason) {
            (Lang::En, R::NotConsidered) => "not matched by “only consider”".into(),
            (Lang::Zh, R::NotConsidered) => "不在“仅考虑”范围内".into(),
            (Lang::En, R::AlwaysKept { pattern }) => format!("always kept ({pattern})"),
            (Lang::Zh, R::AlwaysKept { pattern }) => format!("始终保留（{pattern}）"),
            (Lang::En, R::AmongNewest { rank }) => format!("among the newest (#{rank})"),
            (Lang::Zh, R::AmongNewest { rank }) => format!("属于最新的（第 {rank} 个）"),
            (Lang::En, R::NewerThan { days }) => format!("newer than {days} days"),
            (Lang::Zh, R::NewerThan { days }) => format!("在 {days} 天内"),
            (Lang::En, R::NoDate) => "date unknown: the image has none; kept".into(),
            (Lang::Zh, R::NoDate) => "日期未知：镜像没有日期；保留".into(),
            (Lang::En, R::DateUnreadable { why }) => {
                format!("date unknown: it could not be read ({why}); kept")
            }
            (Lang::Zh, R::DateUnreadable { why }) => format!("日期未知：无法读取（{why}），保留"),
            (Lang::En, R::SharesDigestWithKept { tag }) => format!("same image as kept tag {tag}"),
            (Lang::Zh, R::SharesDigestWithKept { tag }) => format!("与保留的标签 {tag} 是同一镜像"),
            (Lang::En, R::Expired { rank }) => format!("no rule keeps it (#{rank} newest)"),
            (Lang::Zh, R::Expired { rank }) => format!("没有规则保留它（第 {rank} 新）"),
            (Lang::En, R::NoRule) => "no keep rule set".into(),
            (Lang::Zh, R::NoRule) => "未设置保留规则".into(),
        }
    }

    pub fn plan_made(lang: Lang, ago: &str, utc: &str) -> String {
        match lang {
            Lang::En => format!("Made {ago} ({utc})"),
            Lang::Zh => format!("制定于 {ago}（{utc}）"),
        }
    }

    pub fn plan_file_for(lang: Lang, registry: &str) -> String {
        match lang {
            Lang::En => format!("for {registry}"),
            Lang::Zh => format!("适用于 {registry}"),
        }
    }

    pub fn plan_file_totals(lang: Lang, repos: usize, images: usize, tags: usize) -> String {
        match lang {
            Lang::En => format!(
                "{}: delete {} ({}).",
                plural(repos, "repository", "repositories"),
                plural(images, "image", "images"),
                plural(tags, "tag", "tags")
            ),
            Lang::Zh => format!("{repos} 个镜像库：删除 {images} 个镜像（{tags} 个标签）。"),
        }
    }

    /// A retention policy in one line, with `patterns` the way the user
    /// wrote them (always keep, only consider).
    pub fn policy_summary(
        lang: Lang,
        policy: &crate::registry::retention::Policy,
        always_keep: &str,
        only_consider: &str,
    ) -> String {
        let mut parts = Vec::new();
        if let Some(n) = policy.keep_newest {
            parts.push(match lang {
                Lang::En => format!("keep the newest {n}"),
                Lang::Zh => format!("保留最新 {n} 个"),
            });
        }
        if let Some(d) = policy.keep_newer_than_days {
            parts.push(match lang {
                Lang::En => format!(
                    "keep images newer than {}",
                    plural(d as usize, "day", "days")
                ),
                Lang::Zh => format!("保留 {d} 天内的镜像"),
            });
        }
        if !always_keep.is_empty() {
            parts.push(match lang {
                Lang::En => format!("always keep {always_keep}"),
                Lang::Zh => format!("始终保留 {always_keep}"),
            });
        }
        if !only_consider.is_empty() {
            parts.push(match lang {
                Lang::En => format!("only consider {only_consider}"),
                Lang::Zh => format!("仅考虑 {only_consider}"),
            });
        }
        parts.push(
            match (lang, policy.undated_as_oldest) {
                (Lang::En, true) => "undated images count as the oldest",
                (Lang::Zh, true) => "无日期的镜像视为最旧",
                (Lang::En, false) => "undated images are kept",
                (Lang::Zh, false) => "无日期的镜像保留",
            }
            .to_string(),
        );
        parts.join(" · ")
    }

    /// The registry's clock is `skew` seconds ahead (or behind) this
    /// browser's: ages were counted by the registry's.
    pub fn clock_skew(lang: Lang, skew: i64) -> String {
        let d = duration(lang, skew.abs());
        match (lang, skew > 0) {
            (Lang::En, true) => format!("The registry's clock is {d} ahead of this browser's: ages are counted by the registry's clock."),
            (Lang::En, false) => format!("The registry's clock is {d} behind this browser's: ages are counted by the registry's clock."),
            (Lang::Zh, true) => format!("仓库的时钟比此浏览器快 {d}：镜像年龄按仓库的时钟计算。"),
            (Lang::Zh, false) => format!("仓库的时钟比此浏览器慢 {d}：镜像年龄按仓库的时钟计算。"),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("CLEAN_UP", text::CLEAN_UP),
    ("CLEAN_UP_INTRO", text::CLEAN_UP_INTRO),
    ("REPOSITORIES_PATTERN", text::REPOSITORIES_PATTERN),
    ("KEEP_NEWEST", text::KEEP_NEWEST),
    ("KEEP_NEWER_THAN_DAYS", text::KEEP_NEWER_THAN_DAYS),
    ("ALWAYS_KEEP", text::ALWAYS_KEEP),
    ("ONLY_CONSIDER", text::ONLY_CONSIDER),
    ("POLICY_HELP", text::POLICY_HELP),
    ("NO_KEEP_RULE", text::NO_KEEP_RULE),
    ("DRY_RUN", text::DRY_RUN),
    ("DOWNLOAD_PLAN_FILE", text::DOWNLOAD_PLAN_FILE),
    ("DOWNLOAD_PLAN_FILE_HELP", text::DOWNLOAD_PLAN_FILE_HELP),
    ("LOAD_PLAN_FILE", text::LOAD_PLAN_FILE),
    ("LOAD_PLAN_FILE_HELP", text::LOAD_PLAN_FILE_HELP),
    ("READING_PLAN_FILE", text::READING_PLAN_FILE),
    ("PLAN_FILE", text::PLAN_FILE),
    ("PLAN_FILE_OLD", text::PLAN_FILE_OLD),
    ("PLAN_FILE_NOTHING", text::PLAN_FILE_NOTHING),
    ("POLICY", text::POLICY),
    ("CONFIRMED_TAGS", text::CONFIRMED_TAGS),
    ("NO_TAGS_UNTAGGED", text::NO_TAGS_UNTAGGED),
    ("PLAN_FILE_RAN", text::PLAN_FILE_RAN),
    ("CLOSE_PLAN_FILE", text::CLOSE_PLAN_FILE),
    ("ACTION", text::ACTION),
    ("RULE", text::RULE),
    ("KEEP", text::KEEP),
    ("TREAT_UNDATED_AS_OLDEST", text::TREAT_UNDATED_AS_OLDEST),
    ("FACTS_INCOMPLETE", text::FACTS_INCOMPLETE),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("clean_up.rs"), super::ALL);
    }
}
