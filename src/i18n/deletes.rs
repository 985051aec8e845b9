//! The words of deleting (`deletes/`): the delete, bulk, untag and
//! plan-execute dialogs and the garbage-collection panel. Why the journal
//! could not record a step is said by `explain::record_failure`.

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

    pub const RESUME_NOT_RECORDED: Text = Text {
        en: "Nothing was sent: this browser could not record the step in its journal first. Check that the site may store data (IndexedDB), then try again.",
        zh: "未发送任何请求：此浏览器无法先在日志中记录这一步。请确认此网站可以存储数据（IndexedDB），然后重试。",
    };

    pub const DELETE_IMAGE: Text = Text {
        en: "Delete this image",
        zh: "删除此镜像",
    };
    pub const CHECKING_WHAT_GOES: Text = Text {
        en: "Checking what the delete would remove…",
        zh: "正在检查删除会移除哪些内容…",
    };
    pub const DELETE_WHAT: Text = Text {
        en: "This deletes the manifest",
        zh: "将删除清单",
    };
    pub const TAGS_THAT_GO: Text = Text {
        en: "Every tag pointing at it goes too (a delete by digest spares none of them):",
        zh: "所有指向它的标签都会一起删除（按摘要删除不会保留其中任何一个）：",
    };
    pub const NO_TAGS_POINT: Text = Text {
        en: "No tag points at it directly.",
        zh: "没有标签直接指向它。",
    };
    pub const CHILDREN_UNTAGGED: Text = Text {
        en: "It is a multi-platform index. These manifests become untagged. A normal garbage collection keeps them and their layers; only garbage-collect --delete-untagged removes them, and on distribution 2.8 that flag also removes the platforms of multi-arch images that are still tagged:",
        zh: "这是一个多平台索引。以下清单将失去标签。普通的垃圾回收会保留它们及其层；只有 garbage-collect --delete-untagged 会删除它们，而在 distribution 2.8 上该选项还会删除仍有标签的多架构镜像的平台：",
    };
    pub const BLOCKED: Text = Text {
        en: "Blocked: this manifest is a platform of a tagged multi-arch image. Deleting it would break that image. Delete the index instead.",
        zh: "已阻止：此清单是某个带标签的多架构镜像的一个平台，删除它会破坏该镜像。请改为删除该索引。",
    };
    pub const ATTACHED_STAY: Text = Text {
        en: "Attached signatures and attestations are separate manifests and stay unless you also delete them:",
        zh: "附加的签名和证明是独立的清单，除非一并删除，否则会保留：",
    };
    pub const ALSO_DELETE_ATTACHED: Text = Text {
        en: "Also delete the attached artifacts",
        zh: "同时删除附加制品",
    };
    pub const TYPE_TO_CONFIRM: Text = Text {
        en: "To confirm, type the tag:",
        zh: "请输入标签以确认：",
    };
    pub const DELETING: Text = Text {
        en: "Deleting…",
        zh: "正在删除…",
    };
    pub const TAG_MOVED: Text = Text {
        en: "Nothing was deleted: the tag now points at another image than the one you confirmed. Reload and check again.",
        zh: "未删除任何内容：该标签现在指向的镜像与您确认的不同。请刷新后重新检查。",
    };
    pub const GC_NOTE: Text = Text {
        en: "Disk space returns only after garbage collection on the registry host. Run it with the registry stopped or read-only, dry run first:",
        zh: "磁盘空间只有在仓库主机上运行垃圾回收后才会释放。请在仓库停止或只读时运行，先进行试运行：",
    };
    pub const GC_UNTAGGED_WARNING: Text = Text {
        en: "Do not add --delete-untagged on distribution 2.8: it removes the platforms of multi-arch images.",
        zh: "在 distribution 2.8 上不要加 --delete-untagged：它会删除多架构镜像的各个平台。",
    };
    pub const BACK_TO_REPOSITORY: Text = Text {
        en: "Back to the repository",
        zh: "返回镜像库",
    };
    pub const NOT_SENT_BLOCKED: Text = Text {
        en: "Not sent: a multi-arch image lists it",
        zh: "未发送：某个多架构镜像包含它",
    };
    pub const RECLAIMING_SPACE: Text = Text {
        en: "Reclaiming disk space",
        zh: "回收磁盘空间",
    };
    pub const TAGS_NO_LONGER_EXIST: Text = Text {
        en: "These selected tags no longer exist (nothing to delete):",
        zh: "以下选中的标签已不存在（无需删除）：",
    };
    pub const TYPE_REPOSITORY_TO_CONFIRM: Text = Text {
        en: "To confirm, type the repository name:",
        zh: "请输入镜像库名称以确认：",
    };
    pub const ALSO_GOES: Text = Text {
        en: "Not selected, but it points at the same image and goes too",
        zh: "未选中，但指向同一镜像，也会被删除",
    };
    pub const EXECUTE_PLAN: Text = Text {
        en: "Run the retention plan",
        zh: "执行保留计划",
    };
    pub const TYPE_COUNT_TO_CONFIRM: Text = Text {
        en: "To confirm, type the number of images to delete:",
        zh: "请输入要删除的镜像数量以确认：",
    };
    pub const REMOVE_ONLY_THIS_TAG: Text = Text {
        en: "Remove only this tag",
        zh: "仅移除此标签",
    };
    pub const UNTAG_NOT_SUPPORTED: Text = Text {
        en: "This registry cannot remove a tag on its own (distribution 2.x answers a DELETE by tag with 400 DIGEST_INVALID). Nothing was changed.",
        zh: "此仓库无法单独移除标签（distribution 2.x 对按标签的 DELETE 返回 400 DIGEST_INVALID）。未做任何更改。",
    };
    pub const USE_PLACEHOLDER: Text = Text {
        en: "Remove it with a placeholder",
        zh: "通过占位清单移除",
    };
    pub const TAG_UNCHANGED: Text = Text {
        en: "The tag was not changed: it still points at the image.",
        zh: "标签未被更改：它仍指向该镜像。",
    };
    pub const TAG_STATE_UNKNOWN: Text = Text {
        en: "The registry gave no clear answer, so the tag may point at the image, at the placeholder, or be gone. Reload the tag list to see.",
        zh: "仓库没有给出明确答复，标签可能仍指向该镜像、指向占位清单或已被移除。请刷新标签列表查看。",
    };
    pub const UNTAG_GO_TO_RUNS: Text = Text {
        en: "Open the Deletes and tag writes page to put the tag back on its image, or to finish removing it.",
        zh: "打开“删除与标签写入”页面，可以把标签放回原镜像，或完成移除。",
    };
    pub const CHECK_BY_HAND: Text = Text {
        en: "To check by hand (404 means it is gone):",
        zh: "手动检查（返回 404 表示已删除）：",
    };
    pub const COPY_COMMANDS: Text = Text {
        en: "Copy commands",
        zh: "复制命令",
    };
    pub const UNTAG_NOT_RECORDED: Text = Text {
        en: "Nothing was changed: this browser could not record the untag first (its journal keeps the original manifest, so the tag can be put back if a step fails). Check that the site may store data (IndexedDB), then try again.",
        zh: "未做任何更改：此浏览器无法先记录本次移除标签（日志会保存原始清单，以便某一步失败时可以恢复标签）。请确认此网站可以存储数据（IndexedDB），然后重试。",
    };
}

/// Texts with numbers or names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::common::phrase::plural;
    use crate::i18n::Lang;

    pub fn remove_tag_title(lang: Lang, tag: &str) -> String {
        match lang {
            Lang::En => format!("Remove the tag {tag}"),
            Lang::Zh => format!("移除标签 {tag}"),
        }
    }

    pub fn untag_explain(lang: Lang, tag: &str, siblings: &str) -> String {
        match lang {
            Lang::En => format!("Remove the tag {tag} and keep the image: {siblings} still point at it afterwards. The tag is checked again right before."),
            Lang::Zh => format!("移除标签 {tag} 并保留镜像：之后 {siblings} 仍指向该镜像。发送前会再次检查该标签。"),
        }
    }

    pub fn untag_done(lang: Lang, tag: &str, siblings: &str) -> String {
        match lang {
            Lang::En => format!("The tag {tag} is removed. The image stays, with {siblings}."),
            Lang::Zh => format!("标签 {tag} 已移除。镜像保留，仍有 {siblings}。"),
        }
    }

    pub fn placeholder_explain(lang: Lang, tag: &str) -> String {
        match lang {
            Lang::En => format!("Workaround (needs push rights): Shipshape pushes a tiny, unique placeholder manifest (an empty config, no layers) to {tag}, checks its digest, then deletes that placeholder by digest. The tag goes with it; the image and its other tags are not touched."),
            Lang::Zh => format!("替代方案（需要推送权限）：Shipshape 向 {tag} 推送一个极小且唯一的占位清单（空配置、无层），核对其摘要后按摘要删除该占位清单。标签随之移除，镜像及其其他标签不受影响。"),
        }
    }

    pub fn tag_at_placeholder(lang: Lang, tag: &str, placeholder: &str) -> String {
        match lang {
            Lang::En => format!("The tag {tag} now points at the placeholder {placeholder}. The image and its other tags are intact. Delete the placeholder by digest to finish, or push the image to {tag} again to undo."),
            Lang::Zh => format!("标签 {tag} 现在指向占位清单 {placeholder}。镜像及其其他标签完好无损。按摘要删除该占位清单即可完成，或重新推送镜像到 {tag} 以撤销。"),
        }
    }

    pub fn tag_at_other(lang: Lang, tag: &str, digest: &str) -> String {
        match lang {
            Lang::En => format!("The tag {tag} now points at {digest}, which is not the placeholder Shipshape made; it was not deleted."),
            Lang::Zh => format!("标签 {tag} 现在指向 {digest}，这不是 Shipshape 创建的占位清单；未删除它。"),
        }
    }

    pub fn placeholder_step_failed(
        lang: Lang,
        step: crate::registry::untag::PlaceholderStep,
    ) -> String {
        use crate::registry::untag::PlaceholderStep as S;
        let what = match (lang, step) {
            (Lang::En, S::Recheck) => "checking the tag",
            (Lang::Zh, S::Recheck) => "检查标签",
            (Lang::En, S::CheckDelete) => "checking that deletes are allowed",
            (Lang::Zh, S::CheckDelete) => "检查是否允许删除",
            (Lang::En, S::UploadConfig) => "uploading the empty config blob",
            (Lang::Zh, S::UploadConfig) => "上传空配置数据块",
            (Lang::En, S::PushPlaceholder) => "pushing the placeholder",
            (Lang::Zh, S::PushPlaceholder) => "推送占位清单",
            (Lang::En, S::VerifyDigest) => "checking the placeholder's digest",
            (Lang::Zh, S::VerifyDigest) => "核对占位清单摘要",
            (Lang::En, S::DeletePlaceholder) => "deleting the placeholder",
            (Lang::Zh, S::DeletePlaceholder) => "删除占位清单",
        };
        match lang {
            Lang::En => format!("The workaround stopped while {what}."),
            Lang::Zh => format!("替代方案在“{what}”这一步停止。"),
        }
    }

    pub fn execute_summary(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("{} will be deleted, one DELETE each, after each tag is checked again. Tags that moved or appeared since the dry run stop their image.", plural(n, "image", "images")),
            Lang::Zh => format!("将删除 {n} 个镜像，每个一次 DELETE，发送前会再次检查每个标签。自试运行以来移动或新出现的标签会阻止对应镜像的删除。"),
        }
    }

    pub fn plan_age(lang: Lang, age: &str) -> String {
        match lang {
            Lang::En => format!("This plan was made {age}. Running it checks every image again: only what still matches the plan is deleted."),
            Lang::Zh => format!("此计划制定于{age}。执行时会重新检查每个镜像：只删除仍与计划相符的内容。"),
        }
    }

    pub fn reclaim_estimate(lang: Lang, e: &crate::registry::storage::Estimate) -> String {
        use crate::timestamp::format_size;
        // Nothing counted at all: "up to 0 B" would read as "nothing".
        if e.blobs == 0 && e.shared_bytes == 0 && e.unseen > 0 {
            return match lang {
                Lang::En => format!(
                    "Shipshape did not read {} here, so it cannot say what garbage collection frees. A storage scan of the whole registry makes this exact.",
                    if e.unseen == 1 { "the deleted image".to_string() } else { format!("the {} deleted images", e.unseen) }
                ),
                Lang::Zh => format!(
                    "Shipshape 未在此读取{}，因此无法估计垃圾回收会释放多少空间。对整个镜像仓库做一次存储扫描可使此数字准确。",
                    if e.unseen == 1 { "被删除的镜像".to_string() } else { format!("这 {} 个被删除的镜像", e.unseen) }
                ),
            };
        }
        let mut out = match (lang, e.whole_registry) {
            (Lang::En, true) => format!(
                "Garbage collection should free {} ({}), counted over the whole registry (the last storage scan, with what this page has read since): layers any other image uses stay.",
                format_size(e.bytes),
                plural(e.blobs, "blob", "blobs")
            ),
            (Lang::Zh, true) => format!(
                "垃圾回收预计释放 {}（{} 个数据块），按整个镜像仓库计算（最近一次存储扫描，加上此页之后读取的内容）：其他镜像仍在使用的层不会释放。",
                format_size(e.bytes),
                e.blobs
            ),
            (Lang::En, false) => format!(
                "Garbage collection should free up to {} ({}), counting only the images Shipshape has seen here: a layer another repository uses stays, so it can be less. A storage scan of the whole registry makes this exact.",
                format_size(e.bytes),
                plural(e.blobs, "blob", "blobs")
            ),
            (Lang::Zh, false) => format!(
                "垃圾回收预计最多释放 {}（{} 个数据块），仅按 Shipshape 在此读取过的镜像计算：其他镜像库仍在使用的层不会释放，实际可能更少。对整个镜像仓库做一次存储扫描可使此数字准确。",
                format_size(e.bytes),
                e.blobs
            ),
        };
        if e.shared_bytes > 0 {
            out.push(' ');
            out.push_str(&match lang {
                Lang::En => format!(
                    "{} stay because remaining images use them.",
                    format_size(e.shared_bytes)
                ),
                Lang::Zh => format!(
                    "{} 仍被剩余镜像使用，不会释放。",
                    format_size(e.shared_bytes)
                ),
            });
        }
        if e.untagged_bytes > 0 {
            out.push(' ');
            out.push_str(&match lang {
                Lang::En => format!(
                    "The platforms of the deleted multi-arch images stay, untagged, with {} of layers: the recommended garbage-collect keeps them. --delete-untagged would free them too, but on distribution 2.8 it also deletes the platforms of multi-arch images that are still tagged, breaking them.",
                    format_size(e.untagged_bytes)
                ),
                Lang::Zh => format!(
                    "已删除的多架构镜像的各平台清单仍会保留（未打标签），连同 {} 的层：推荐的 garbage-collect 命令不会删除它们。--delete-untagged 也会释放它们，但在 distribution 2.8 上它同时会删除仍有标签的多架构镜像的平台，导致其损坏。",
                    format_size(e.untagged_bytes)
                ),
            });
        }
        if e.unseen > 0 {
            out.push(' ');
            out.push_str(&match lang {
                Lang::En => format!(
                    "{} not loaded and {} not counted.",
                    plural(e.unseen, "deleted image was", "deleted images were"),
                    if e.unseen == 1 { "is" } else { "are" }
                ),
                Lang::Zh => format!("有 {} 个已删除的镜像未加载，未计入。", e.unseen),
            });
        }
        out
    }

    pub fn delete_selected_title(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("Delete {}", plural(n, "selected tag", "selected tags")),
            Lang::Zh => format!("删除 {n} 个选中的标签"),
        }
    }

    pub fn bulk_summary(lang: Lang, digests: usize, tags: usize, siblings: usize) -> String {
        match lang {
            Lang::En => format!(
                "{} (one DELETE each). {} go{}.",
                plural(digests, "image", "images"),
                plural(tags, "tag", "tags"),
                if siblings > 0 {
                    format!(", {siblings} of them not selected but pointing at the same images (marked +)")
                } else {
                    String::new()
                }
            ),
            Lang::Zh => format!(
                "{digests} 个镜像（每个一次 DELETE）。将删除 {tags} 个标签{}。",
                if siblings > 0 {
                    format!("，其中 {siblings} 个未选中但指向同一镜像（标有 +）")
                } else {
                    String::new()
                }
            ),
        }
    }

    pub fn delete_images(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("Delete {}", plural(n, "image", "images")),
            Lang::Zh => format!("删除 {n} 个镜像"),
        }
    }

    pub fn children_untagged(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!(
                "{} become untagged (a normal garbage collection keeps them)",
                plural(n, "index child", "index children")
            ),
            Lang::Zh => format!("{n} 个子清单将失去标签（普通垃圾回收会保留它们）"),
        }
    }

    pub fn attachments_stay(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!(
                "{} stay (separate manifests)",
                plural(n, "attached artifact", "attached artifacts")
            ),
            Lang::Zh => format!("{n} 个附加制品保留（独立清单）"),
        }
    }

    /// A tag no delete may remove.
    pub fn protected_tag(lang: Lang, tag: &str, pattern: &str) -> String {
        match lang {
            Lang::En => format!("tag {tag} is protected (pattern \"{pattern}\" in the configuration): it is never deleted"),
            Lang::Zh => format!("标签 {tag} 受保护（配置中的模式“{pattern}”）：它永远不会被删除"),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("RESUME_NOT_RECORDED", text::RESUME_NOT_RECORDED),
    ("DELETE_IMAGE", text::DELETE_IMAGE),
    ("CHECKING_WHAT_GOES", text::CHECKING_WHAT_GOES),
    ("DELETE_WHAT", text::DELETE_WHAT),
    ("TAGS_THAT_GO", text::TAGS_THAT_GO),
    ("NO_TAGS_POINT", text::NO_TAGS_POINT),
    ("CHILDREN_UNTAGGED", text::CHILDREN_UNTAGGED),
    ("BLOCKED", text::BLOCKED),
    ("ATTACHED_STAY", text::ATTACHED_STAY),
    ("ALSO_DELETE_ATTACHED", text::ALSO_DELETE_ATTACHED),
    ("TYPE_TO_CONFIRM", text::TYPE_TO_CONFIRM),
    ("DELETING", text::DELETING),
    ("TAG_MOVED", text::TAG_MOVED),
    ("GC_NOTE", text::GC_NOTE),
    ("GC_UNTAGGED_WARNING", text::GC_UNTAGGED_WARNING),
    ("BACK_TO_REPOSITORY", text::BACK_TO_REPOSITORY),
    ("NOT_SENT_BLOCKED", text::NOT_SENT_BLOCKED),
    ("RECLAIMING_SPACE", text::RECLAIMING_SPACE),
    ("TAGS_NO_LONGER_EXIST", text::TAGS_NO_LONGER_EXIST),
    (
        "TYPE_REPOSITORY_TO_CONFIRM",
        text::TYPE_REPOSITORY_TO_CONFIRM,
    ),
    ("ALSO_GOES", text::ALSO_GOES),
    ("EXECUTE_PLAN", text::EXECUTE_PLAN),
    ("TYPE_COUNT_TO_CONFIRM", text::TYPE_COUNT_TO_CONFIRM),
    ("REMOVE_ONLY_THIS_TAG", text::REMOVE_ONLY_THIS_TAG),
    ("UNTAG_NOT_SUPPORTED", text::UNTAG_NOT_SUPPORTED),
    ("USE_PLACEHOLDER", text::USE_PLACEHOLDER),
    ("TAG_UNCHANGED", text::TAG_UNCHANGED),
    ("TAG_STATE_UNKNOWN", text::TAG_STATE_UNKNOWN),
    ("UNTAG_GO_TO_RUNS", text::UNTAG_GO_TO_RUNS),
    ("CHECK_BY_HAND", text::CHECK_BY_HAND),
    ("COPY_COMMANDS", text::COPY_COMMANDS),
    ("UNTAG_NOT_RECORDED", text::UNTAG_NOT_RECORDED),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("deletes.rs"), super::ALL);
    }

    /// With nothing counted, the estimate says it cannot tell, never
    /// "up to 0 B".
    #[test]
    fn an_estimate_that_counted_nothing_says_so() {
        use super::phrase::reclaim_estimate;
        use crate::i18n::Lang;
        use crate::registry::storage::Estimate;
        let none = Estimate {
            unseen: 1,
            ..Estimate::default()
        };
        for lang in [Lang::En, Lang::Zh] {
            let said = reclaim_estimate(lang, &none);
            assert!(!said.contains("0 B"), "{said}");
        }
        assert!(reclaim_estimate(Lang::En, &none).contains("cannot say"));
        let counted = Estimate {
            bytes: 1_100,
            blobs: 2,
            unseen: 1,
            ..Estimate::default()
        };
        let said = reclaim_estimate(Lang::En, &counted);
        assert!(
            said.contains("1.1 kB") && said.contains("not counted"),
            "{said}"
        );
    }
}
