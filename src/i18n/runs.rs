//! A delete run as shown (`deletes::RunView`: progress, what became of each
//! digest, the report) and the runs page (`/runs`: this tab's runs, earlier
//! ones, untags left on a placeholder).

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const CANCEL_THE_REST: Text = Text {
        en: "Cancel the rest",
        zh: "取消剩余操作",
    };
    pub const DOWNLOAD_JSON: Text = Text {
        en: "Download JSON",
        zh: "下载 JSON",
    };
    pub const COPY_REPORT: Text = Text {
        en: "Copy report",
        zh: "复制报告",
    };
    pub const CHECK_AGAIN: Text = Text {
        en: "Check again",
        zh: "重新检查",
    };
    pub const HIDE_KEEPS_RUNNING: Text = Text {
        en: "Hide (the run goes on)",
        zh: "隐藏（删除继续进行）",
    };
    pub const RUNS: Text = Text {
        en: "Deletes and tag writes",
        zh: "删除与标签写入",
    };
    pub const RUNS_INTRO: Text = Text {
        en: "Every delete is recorded in this browser before it is sent, and its outcome as soon as it is known. Runs of this tab show live; earlier ones come from the journal.",
        zh: "每个删除请求在发送前都会记录在此浏览器中，结果一经确定也会记录。本标签页的任务实时显示；更早的任务来自日志。",
    };
    pub const NO_RUNS: Text = Text {
        en: "No delete runs are recorded in this browser.",
        zh: "此浏览器中没有删除记录。",
    };
    pub const NO_OTHER_RUNS: Text = Text {
        en: "No other delete runs are recorded in this browser.",
        zh: "此浏览器中没有其他删除记录。",
    };
    pub const THIS_TAB: Text = Text {
        en: "In this tab",
        zh: "本标签页",
    };
    pub const EARLIER_RUNS: Text = Text {
        en: "Earlier (from the journal)",
        zh: "更早（来自日志）",
    };
    pub const UNFINISHED_RUN: Text = Text {
        en: "This run did not finish: the tab was closed or reloaded while it ran. An outcome marked unknown may or may not have happened: check it again.",
        zh: "此任务未完成：运行期间标签页被关闭或刷新。标记为未知的结果可能已发生，也可能未发生：请重新检查。",
    };
    pub const OTHER_REGISTRY_RUN: Text = Text {
        en: "Recorded on another registry: switch to it to check again.",
        zh: "记录于另一个仓库：切换到该仓库后可重新检查。",
    };
    pub const SENT_NO_OUTCOME: Text = Text {
        en: "Unknown: the DELETE was about to be sent or sent, and no answer was recorded",
        zh: "未知：删除请求即将发送或已发送，但没有记录到应答",
    };
    pub const UNTAGS_PENDING: Text = Text {
        en: "Tag removals that stopped half-way",
        zh: "中途停止的标签移除",
    };
    pub const UNTAG_PENDING_HELP: Text = Text {
        en: "Removing only one tag is recorded before anything is sent. These did not end cleanly (an error, a lost answer, a closed tab): on distribution 2.x, which moves the tag onto an empty placeholder manifest and then deletes that, the tag may point at the placeholder; elsewhere it may or may not be gone. Put it back on its image, or finish removing it.",
        zh: "只移除一个标签的操作在发送任何请求之前都会先记录。以下操作未能正常结束（出错、响应丢失或标签页关闭）：在 distribution 2.x 上（会先把标签移到一个空的占位清单上，再删除该清单），标签可能指向占位清单；在其他仓库上，标签可能已被移除，也可能仍在。可以把它放回原镜像，或完成移除。",
    };
    pub const RESTORE_TAG: Text = Text {
        en: "Restore the tag",
        zh: "恢复标签",
    };
    pub const FINISH_UNTAG: Text = Text {
        en: "Finish: remove the tag",
        zh: "完成：移除标签",
    };
    pub const TAG_RESTORED: Text = Text {
        en: "Restored: the tag points at its image again.",
        zh: "已恢复：标签重新指向原镜像。",
    };
    pub const UNTAG_FINISHED: Text = Text {
        en: "Finished: the tag is gone; its image and other tags stay.",
        zh: "已完成：标签已移除；其镜像和其他标签保留。",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::common::phrase::plural;
    use crate::i18n::deletes::phrase::protected_tag;
    use crate::i18n::explain::record_failure;
    use crate::i18n::Lang;

    /// An English title inside a sentence: "Cannot reach…" as "cannot
    /// reach…" (a name such as "DELETE" or "HTTP" stays as it is).
    fn lower_first(title: &str) -> String {
        let mut chars = title.chars();
        match (chars.next(), chars.next()) {
            (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => a
                .to_lowercase()
                .chain(std::iter::once(b))
                .chain(chars)
                .collect(),
            _ => title.to_string(),
        }
    }

    /// What became of one digest in a delete run: a short title, then why.
    pub fn outcome(lang: Lang, outcome: &crate::registry::engine::Outcome) -> String {
        use crate::registry::engine::{Outcome as O, Stop as S};
        let why = |e: &crate::registry::error::RegistryError| {
            crate::i18n::Explain::explain(e, lang).title
        };
        match (lang, outcome) {
            (Lang::En, O::Deleted) => "Deleted (checked: the image and its tags are gone)".into(),
            (Lang::Zh, O::Deleted) => "已删除（已检查：镜像及其标签都已不存在）".into(),
            (Lang::En, O::DeletedUnchecked(e)) => format!("Unknown: the registry answered 202, but the check afterwards failed, so nothing confirms it is gone: {}", why(e)),
            (Lang::Zh, O::DeletedUnchecked(e)) => format!("未知：仓库应答了 202，但事后检查失败，无法确认它已被删除：{}", why(e)),
            (Lang::En, O::StillPresent { tag: None }) => "The registry answered 202, but the image still answers afterwards".into(),
            (Lang::Zh, O::StillPresent { tag: None }) => "仓库应答 202，但事后该镜像仍然存在".into(),
            (Lang::En, O::StillPresent { tag: Some(t) }) => format!("The registry answered 202, but tag {t} still points at the image"),
            (Lang::Zh, O::StillPresent { tag: Some(t) }) => format!("仓库应答 202，但标签 {t} 仍指向该镜像"),
            (Lang::En, O::AlreadyGone) => "Already gone".into(),
            (Lang::Zh, O::AlreadyGone) => "已不存在".into(),
            (Lang::En, O::GoneAfterCheck) => "Deleted (the answer was lost; a check afterwards found it gone)".into(),
            (Lang::Zh, O::GoneAfterCheck) => "已删除（响应丢失；事后检查确认已不存在）".into(),
            (Lang::En, O::Unknown(e)) => format!("Unknown: the DELETE was sent but no clear answer came back ({}), and a check afterwards did not find the image gone. A DELETE held by a proxy may still land: check again later.", lower_first(&why(e))),
            (Lang::Zh, O::Unknown(e)) => format!("未知：删除请求已发送，但没有得到明确的应答（{}），事后检查也未确认镜像已消失。被代理滞留的删除请求仍可能生效：请稍后重新检查。", why(e)),
            (Lang::En, O::Failed(e)) => format!("Not deleted: {}", why(e)),
            (Lang::Zh, O::Failed(e)) => format!("未删除：{}", why(e)),
            (Lang::En, O::KeptAfterCheck) => "Not deleted (checked again: it is still there)".into(),
            (Lang::Zh, O::KeptAfterCheck) => "未删除（重新检查：它仍然存在）".into(),
            (Lang::En, O::NotSent) => "Not sent (cancelled, or the run stopped)".into(),
            (Lang::Zh, O::NotSent) => "未发送（已取消，或运行已停止）".into(),
            (_, O::Stopped(stop)) => {
                let reason = match (lang, stop) {
                    (Lang::En, S::TagListUnreadable(e)) => format!("the tag list could not be read again ({})", why(e)),
                    (Lang::Zh, S::TagListUnreadable(e)) => format!("无法重新读取标签列表（{}）", why(e)),
                    (Lang::En, S::TagUnresolvable { tag, error }) => format!("tag {tag} could not be checked ({}); it might point here", why(error)),
                    (Lang::Zh, S::TagUnresolvable { tag, error }) => format!("无法检查标签 {tag}（{}），它可能指向此镜像", why(error)),
                    (Lang::En, S::IndexUnreadable { tag, error }) => format!("the multi-arch image {tag} could not be read ({}); it might list this one", why(error)),
                    (Lang::Zh, S::IndexUnreadable { tag, error }) => format!("无法读取多架构镜像 {tag}（{}），它可能包含此镜像", why(error)),
                    (Lang::En, S::NewTag { tag }) => format!("new tag {tag} points at it (pushed after you confirmed)"),
                    (Lang::Zh, S::NewTag { tag }) => format!("新标签 {tag} 指向它（在您确认之后推送）"),
                    (Lang::En, S::MovedOnto { tag }) => format!("tag {tag} was moved onto it after you confirmed"),
                    (Lang::Zh, S::MovedOnto { tag }) => format!("标签 {tag} 在您确认之后被移到了它上面"),
                    (Lang::En, S::MovedAway { tag, now }) => format!("tag {tag} now points at {}", now.short()),
                    (Lang::Zh, S::MovedAway { tag, now }) => format!("标签 {tag} 现在指向 {}", now.short()),
                    (Lang::En, S::Blocked { parents }) => format!("a multi-arch image lists it ({})", parents.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", ")),
                    (Lang::Zh, S::Blocked { parents }) => format!("某个多架构镜像包含它（{}）", parents.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join("、")),
                    (Lang::En, S::ParentNotGone { parent }) => format!("the multi-arch image {} that lists it is still there", parent.short()),
                    (Lang::Zh, S::ParentNotGone { parent }) => format!("包含它的多架构镜像 {} 仍然存在", parent.short()),
                    (Lang::En, S::NotRecorded { why }) => format!("the browser could not record it in the journal first ({})", record_failure(lang, *why)),
                    (Lang::Zh, S::NotRecorded { why }) => format!("浏览器无法先将其记入日志（{}）", record_failure(lang, *why)),
                    (_, S::Protected { tag, pattern }) => protected_tag(lang, tag, pattern),
                };
                match lang {
                    Lang::En => format!("Not sent: {reason}"),
                    Lang::Zh => format!("未发送：{reason}"),
                }
            }
        }
    }

    pub fn run_title(lang: Lang, repos: &[String], total: usize, started: &str) -> String {
        let what = repos.join(", ");
        match lang {
            Lang::En => format!("{started} · {what} · {}", plural(total, "image", "images")),
            Lang::Zh => format!("{started} · {what} · {total} 个镜像"),
        }
    }

    pub fn tag_now_elsewhere(lang: Lang, tag: &str, digest: &str) -> String {
        match lang {
            Lang::En => format!("Not touched: {tag} now points at {digest}, which is neither its image nor the placeholder."),
            Lang::Zh => format!("未改动：{tag} 现在指向 {digest}，既不是原镜像也不是占位清单。"),
        }
    }

    pub fn progress(lang: Lang, done: usize, total: usize) -> String {
        match lang {
            Lang::En => format!("{done} of {total} answered"),
            Lang::Zh => format!("已完成 {done} / {total}"),
        }
    }

    pub fn bulk_tally(lang: Lang, gone: usize, not_gone: usize, unknown: usize) -> String {
        match (lang, unknown) {
            (Lang::En, 0) => format!("{gone} deleted or already gone, {not_gone} not deleted."),
            (Lang::Zh, 0) => format!("{gone} 个已删除或本已不存在，{not_gone} 个未删除。"),
            (Lang::En, _) => format!(
                "{gone} deleted or already gone, {not_gone} not deleted, {unknown} unknown (check them again below)."
            ),
            (Lang::Zh, _) => format!(
                "{gone} 个已删除或本已不存在，{not_gone} 个未删除，{unknown} 个结果未知（可在下方重新检查）。"
            ),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("CANCEL_THE_REST", text::CANCEL_THE_REST),
    ("DOWNLOAD_JSON", text::DOWNLOAD_JSON),
    ("COPY_REPORT", text::COPY_REPORT),
    ("CHECK_AGAIN", text::CHECK_AGAIN),
    ("HIDE_KEEPS_RUNNING", text::HIDE_KEEPS_RUNNING),
    ("RUNS", text::RUNS),
    ("RUNS_INTRO", text::RUNS_INTRO),
    ("NO_RUNS", text::NO_RUNS),
    ("NO_OTHER_RUNS", text::NO_OTHER_RUNS),
    ("THIS_TAB", text::THIS_TAB),
    ("EARLIER_RUNS", text::EARLIER_RUNS),
    ("UNFINISHED_RUN", text::UNFINISHED_RUN),
    ("OTHER_REGISTRY_RUN", text::OTHER_REGISTRY_RUN),
    ("SENT_NO_OUTCOME", text::SENT_NO_OUTCOME),
    ("UNTAGS_PENDING", text::UNTAGS_PENDING),
    ("UNTAG_PENDING_HELP", text::UNTAG_PENDING_HELP),
    ("RESTORE_TAG", text::RESTORE_TAG),
    ("FINISH_UNTAG", text::FINISH_UNTAG),
    ("TAG_RESTORED", text::TAG_RESTORED),
    ("UNTAG_FINISHED", text::UNTAG_FINISHED),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("runs.rs"), super::ALL);
    }

    /// An unknown outcome reads as one sentence: the error's title in lower
    /// case inside it, ending with a full stop.
    #[test]
    fn an_unknown_outcome_reads_as_a_sentence() {
        use crate::i18n::Lang;
        use crate::registry::engine::Outcome;
        use crate::registry::error::RegistryError;
        let o = Outcome::Unknown(RegistryError::Timeout {
            url: "http://r/v2/a/manifests/sha256:x".into(),
            seconds: 30,
        });
        let en = super::phrase::outcome(Lang::En, &o);
        assert!(en.ends_with("check again later."), "{en}");
        let inner = en.split('(').nth(1).unwrap_or_default();
        assert!(inner.starts_with(char::is_lowercase), "{en}");
        assert!(super::phrase::outcome(Lang::Zh, &o).ends_with('。'));
    }
}
