//! The words of tag writes (add a tag, copy, move): the dialog, `/runs`'s
//! list of writes, and every `CopyError` explained, in both languages.

use super::{Explain, Explanation, Lang, Text};
use crate::registry::copy::{CopyError, CopyStep};
use crate::registry::error::RegistryError;

pub mod text {
    use super::Text;

    pub const ADD_TAG_OR_COPY: Text = Text {
        en: "Add tag or copy…",
        zh: "添加标签或复制…",
    };
    pub const TITLE: Text = Text {
        en: "Add a tag, copy or move",
        zh: "添加标签、复制或移动",
    };
    pub const INTRO: Text = Text {
        en: "Writes this image's manifest, byte for byte, under a tag: in this repository, or in another repository of this registry (a copy). The digest stays the same and is checked.",
        zh: "将此镜像的清单逐字节写入一个标签：本镜像库内，或本仓库的另一个镜像库（复制）。摘要保持不变，并会被校验。",
    };
    pub const REPOSITORY: Text = Text {
        en: "Repository",
        zh: "镜像库",
    };
    pub const TAG: Text = Text {
        en: "Tag",
        zh: "标签",
    };
    pub const CHECK: Text = Text {
        en: "Check",
        zh: "检查",
    };
    pub const CHECKING: Text = Text {
        en: "Reading the image and the destination tag…",
        zh: "正在读取镜像和目标标签…",
    };
    pub const NEW_TAG: Text = Text {
        en: "A new tag: nothing is overwritten.",
        zh: "新标签：不会覆盖任何内容。",
    };
    pub const ALREADY_THERE: Text = Text {
        en: "The tag already points at this image: there is nothing to write.",
        zh: "该标签已指向此镜像：无需写入。",
    };
    pub const OLD_BECOMES_UNTAGGED: Text = Text {
        en: "That image then has no tag: a garbage collection with --delete-untagged frees what only it uses.",
        zh: "之后该镜像将没有任何标签：带 --delete-untagged 的垃圾回收会释放仅它使用的空间。",
    };
    pub const TYPE_TAG_TO_MOVE: Text = Text {
        en: "Type the tag to move it:",
        zh: "输入标签名以移动它：",
    };
    pub const WRITE_TAG: Text = Text {
        en: "Write tag",
        zh: "写入标签",
    };
    pub const MOVE_TAG: Text = Text {
        en: "Move tag",
        zh: "移动标签",
    };
    pub const WRITING: Text = Text {
        en: "Writing…",
        zh: "正在写入…",
    };
    pub const CHECKED_AGAIN: Text = Text {
        en: "Right before the write, the tag is read again; if another client changed it since this check, nothing is written.",
        zh: "写入前会再次读取该标签；若此后有其他客户端改动了它，则不会写入任何内容。",
    };
    pub const OPEN_IT: Text = Text {
        en: "Open it",
        zh: "打开",
    };
    pub const CLOSE: Text = Text {
        en: "Close",
        zh: "关闭",
    };
    pub const CANCEL: Text = Text {
        en: "Cancel",
        zh: "取消",
    };
    pub const TAG_WRITES: Text = Text {
        en: "Tag writes",
        zh: "标签写入",
    };
    pub const TAG_WRITES_HELP: Text = Text {
        en: "Tags added, copied or moved from this browser. A write whose end was not seen (the tab closed) can be checked.",
        zh: "在此浏览器中添加、复制或移动的标签。未见结果的写入（标签页已关闭）可以再次检查。",
    };
    pub const CHECK_THE_TAG: Text = Text {
        en: "Check the tag",
        zh: "检查标签",
    };
    pub const STATE_STARTED: Text = Text {
        en: "end not seen",
        zh: "未见结果",
    };
    pub const STATE_WRITTEN: Text = Text {
        en: "written",
        zh: "已写入",
    };
    pub const STATE_NOT_WRITTEN: Text = Text {
        en: "not written",
        zh: "未写入",
    };
    pub const STATE_UNKNOWN: Text = Text {
        en: "unknown",
        zh: "未知",
    };

    pub const ALL: &[(&str, Text)] = &[
        ("ADD_TAG_OR_COPY", ADD_TAG_OR_COPY),
        ("TITLE", TITLE),
        ("INTRO", INTRO),
        ("REPOSITORY", REPOSITORY),
        ("TAG", TAG),
        ("CHECK", CHECK),
        ("CHECKING", CHECKING),
        ("NEW_TAG", NEW_TAG),
        ("ALREADY_THERE", ALREADY_THERE),
        ("OLD_BECOMES_UNTAGGED", OLD_BECOMES_UNTAGGED),
        ("TYPE_TAG_TO_MOVE", TYPE_TAG_TO_MOVE),
        ("WRITE_TAG", WRITE_TAG),
        ("MOVE_TAG", MOVE_TAG),
        ("WRITING", WRITING),
        ("CHECKED_AGAIN", CHECKED_AGAIN),
        ("OPEN_IT", OPEN_IT),
        ("CLOSE", CLOSE),
        ("CANCEL", CANCEL),
        ("TAG_WRITES", TAG_WRITES),
        ("TAG_WRITES_HELP", TAG_WRITES_HELP),
        ("CHECK_THE_TAG", CHECK_THE_TAG),
        ("STATE_STARTED", STATE_STARTED),
        ("STATE_WRITTEN", STATE_WRITTEN),
        ("STATE_NOT_WRITTEN", STATE_NOT_WRITTEN),
        ("STATE_UNKNOWN", STATE_UNKNOWN),
    ];
}

pub mod phrase {
    use super::Lang;

    /// "Copying 5 blobs (12.3 MB), mounted …; 2 platform manifests first."
    pub fn copy_brings(
        lang: Lang,
        blobs: usize,
        size: &str,
        from: &str,
        platforms: usize,
    ) -> String {
        match lang {
            Lang::En => {
                let mut s = format!(
                    "A copy to another repository: {blobs} blob{} ({size}) mounted from {from} (or uploaded from it where the registry does not mount)",
                    if blobs == 1 { "" } else { "s" }
                );
                if platforms > 0 {
                    s.push_str(&format!(
                        ", and {platforms} platform manifests written before the index"
                    ));
                }
                s.push('.');
                s
            }
            Lang::Zh => {
                let mut s = format!(
                    "复制到另一个镜像库：{blobs} 个数据块（{size}）从 {from} 挂载（仓库不支持挂载时从它上传）"
                );
                if platforms > 0 {
                    s.push_str(&format!("，并在索引之前写入 {platforms} 个平台清单"));
                }
                s.push('。');
                s
            }
        }
    }

    /// "prod points at sha256:… now; writing moves it onto this image."
    /// A no-break space ties the digest to the word before it, so a narrow
    /// line breaks inside the digest rather than leaving that word alone.
    pub fn moves(lang: Lang, target: &str, old: &str) -> String {
        match lang {
            Lang::En => format!(
                "{target} exists and points at\u{a0}{old} now: writing moves it onto this image."
            ),
            Lang::Zh => format!("{target} 已存在，目前指向\u{a0}{old}：写入会把它移到此镜像。"),
        }
    }

    pub fn old_keeps(lang: Lang, tags: &str) -> String {
        match lang {
            Lang::En => format!("That image keeps its other tags: {tags}."),
            Lang::Zh => format!("该镜像保留它的其他标签：{tags}。"),
        }
    }

    pub fn blob_progress(lang: Lang, done: usize, total: usize) -> String {
        match lang {
            Lang::En => format!("Blob {done} of {total} in the destination…"),
            Lang::Zh => format!("目标中已有第 {done}/{total} 个数据块…"),
        }
    }

    pub fn written(lang: Lang, target: &str) -> String {
        match lang {
            Lang::En => format!("{target} now points at this image (digest checked)."),
            Lang::Zh => format!("{target} 现在指向此镜像（摘要已校验）。"),
        }
    }

    pub fn copied_counts(
        lang: Lang,
        present: usize,
        mounted: usize,
        uploaded: usize,
        platforms: usize,
    ) -> String {
        match lang {
            Lang::En => {
                let mut s = format!(
                    "Blobs: {mounted} mounted, {uploaded} uploaded, {present} already there"
                );
                if platforms > 0 {
                    s.push_str(&format!("; {platforms} platform manifests written"));
                }
                s.push('.');
                s
            }
            Lang::Zh => {
                let mut s =
                    format!("数据块：挂载 {mounted} 个，上传 {uploaded} 个，已存在 {present} 个");
                if platforms > 0 {
                    s.push_str(&format!("；写入平台清单 {platforms} 个"));
                }
                s.push('。');
                s
            }
        }
    }

    pub fn carry_attachments(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!(
                "Also copy its {n} attachment{} (signatures, SBOMs, attestations under tags); one that exists there is never overwritten",
                if n == 1 { "" } else { "s" }
            ),
            Lang::Zh => format!("同时复制它的 {n} 个附件（以标签保存的签名、SBOM、证明）；目标中已存在的永不覆盖"),
        }
    }

    pub fn write_title(lang: Lang, source: &str, target: &str) -> String {
        match lang {
            Lang::En => format!("{source} → {target}"),
            Lang::Zh => format!("{source} → {target}"),
        }
    }
}

/// What a user reads when a write did not happen, or may not have.
pub fn copy_error(lang: Lang, e: &CopyError) -> Explanation {
    let l = |en: &str, zh: &str| lang.pick(en, zh).to_string();
    let step = |s: &CopyStep| match (lang, s) {
        (Lang::En, CopyStep::Read) => "Reading the image and the destination tag".to_string(),
        (Lang::Zh, CopyStep::Read) => "读取镜像和目标标签".to_string(),
        (Lang::En, CopyStep::Blob(d)) => {
            format!("Bringing blob {} into the destination", d.short())
        }
        (Lang::Zh, CopyStep::Blob(d)) => format!("将数据块 {} 放入目标", d.short()),
        (Lang::En, CopyStep::Manifest(d)) => format!("Writing platform manifest {}", d.short()),
        (Lang::Zh, CopyStep::Manifest(d)) => format!("写入平台清单 {}", d.short()),
        (Lang::En, CopyStep::Check) => "Reading the tag again before the write".to_string(),
        (Lang::Zh, CopyStep::Check) => "写入前再次读取标签".to_string(),
        (Lang::En, CopyStep::Tag) => "Writing the tag".to_string(),
        (Lang::Zh, CopyStep::Tag) => "写入标签".to_string(),
    };
    let short = |d: &Option<crate::registry::digest::Digest>| match d {
        Some(d) => d.short().to_string(),
        None => l("absent", "不存在"),
    };
    match e {
        CopyError::Failed { step: s, error } => {
            let inner = error.explain(lang);
            let refused_write = matches!(
                error,
                RegistryError::Unauthorized { .. } | RegistryError::Denied { .. }
            ) && !matches!(s, CopyStep::Read | CopyStep::Check);
            Explanation {
                title: match lang {
                    Lang::En => format!("{} failed: {}", step(s), inner.title),
                    Lang::Zh => format!("{}失败：{}", step(s), inner.title),
                },
                detail: format!(
                    "{} {}",
                    l("The tag was not written.", "标签未被写入。"),
                    inner.detail
                ),
                fix: if refused_write {
                    Some(l(
                        "Writing needs push rights: the scope repository:<destination>:push (and pull on the source). Sign in as a user who has them.",
                        "写入需要推送权限：repository:<目标>:push 范围（以及对源的 pull）。请以拥有这些权限的用户登录。",
                    ))
                } else {
                    inner.fix
                },
                snippet: inner.snippet,
            }
        }
        CopyError::NotCopyable { media_type } => Explanation {
            snippet: None,
            title: l("This manifest cannot be copied byte for byte", "此清单无法逐字节复制"),
            detail: match lang {
                Lang::En => format!(
                    "Its type ({}) is a signed schema 1 manifest or one whose blobs Shipshape does not know.",
                    media_type.as_deref().unwrap_or("none")
                ),
                Lang::Zh => format!(
                    "其类型（{}）是已签名的 schema 1 清单，或 Shipshape 不知道其数据块的类型。",
                    media_type.as_deref().unwrap_or("无")
                ),
            },
            fix: Some(l(
                "Copy it with a tool that converts it (skopeo copy); its digest will change.",
                "请使用会转换它的工具（skopeo copy）复制；其摘要会改变。",
            )),
        },
        CopyError::TooDeep => Explanation {
            snippet: None,
            title: l("Indexes nested too deep", "索引嵌套过深"),
            detail: l(
                "Indexes of indexes are followed 4 deep; this one goes further. Nothing was written.",
                "索引的索引最多跟随 4 层；此镜像更深。未写入任何内容。",
            ),
            fix: None,
        },
        CopyError::Protected { tag, pattern } => Explanation {
            snippet: None,
            title: l("A protected tag is never overwritten", "受保护的标签永不被覆盖"),
            detail: match lang {
                Lang::En => format!("{tag} exists and matches the protected pattern \"{pattern}\". Nothing was written."),
                Lang::Zh => format!("{tag} 已存在，且匹配受保护的模式“{pattern}”。未写入任何内容。"),
            },
            fix: Some(l(
                "Choose another tag, or change the protected patterns in config.json.",
                "请选择其他标签，或修改 config.json 中受保护的模式。",
            )),
        },
        CopyError::Moved { tag, expected, now } => Explanation {
            snippet: None,
            title: l("The tag changed since you looked", "标签在您查看后已改变"),
            detail: match lang {
                Lang::En => format!(
                    "{tag} was {} when checked and is {} now: another client wrote it. Nothing was written to it.",
                    short(expected),
                    short(now)
                ),
                Lang::Zh => format!(
                    "检查时 {tag} 为 {}，现在为 {}：其他客户端写入了它。未向它写入任何内容。",
                    short(expected),
                    short(now)
                ),
            },
            fix: Some(l(
                "Check again to see what it points at now, then decide.",
                "请再次检查它现在指向什么，然后再决定。",
            )),
        },
        CopyError::Exists { tag, now } => Explanation {
            snippet: None,
            title: l("Not copied: the tag exists there", "未复制：目标中已有该标签"),
            detail: match lang {
                Lang::En => format!("{tag} exists in the destination and points at {}. Attachments never overwrite.", now.short()),
                Lang::Zh => format!("目标中已有 {tag}，指向 {}。附件永不覆盖。", now.short()),
            },
            fix: None,
        },
        CopyError::NotRecorded { why } => Explanation {
            snippet: None,
            title: l("The write could not be recorded first", "无法先记录此写入"),
            detail: match lang {
                Lang::En => format!(
                    "This browser's journal could not record it ({}), so nothing was sent.",
                    super::explain::record_failure(lang, *why)
                ),
                Lang::Zh => format!(
                    "此浏览器的日志无法记录它（{}），因此未发送任何内容。",
                    super::explain::record_failure(lang, *why)
                ),
            },
            fix: None,
        },
        CopyError::Unknown { error } => Explanation {
            snippet: None,
            title: l("Unknown: the write may or may not have landed", "未知：写入可能已生效，也可能没有"),
            detail: match lang {
                Lang::En => format!(
                    "The tag was sent, but no clear answer came ({}), and a look did not find it written. A write held by a proxy may still land.",
                    error.explain(lang).title
                ),
                Lang::Zh => format!(
                    "标签已发送，但没有得到明确的回应（{}），随后的查看也未发现已写入。被代理挂起的写入仍可能生效。",
                    error.explain(lang).title
                ),
            },
            fix: Some(l(
                "Check the tag on the runs page before writing again.",
                "再次写入之前，请在运行记录页面检查该标签。",
            )),
        },
        CopyError::DigestChanged { expected, actual } => Explanation {
            snippet: None,
            title: l("The registry stored other bytes", "仓库存储了不同的内容"),
            detail: match lang {
                Lang::En => format!("The tag points at {} instead of {}: the registry converted the manifest.", actual.short(), expected.short()),
                Lang::Zh => format!("该标签指向 {} 而不是 {}：仓库转换了清单。", actual.short(), expected.short()),
            },
            fix: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::digest::Digest;

    #[test]
    fn every_text_has_both_languages() {
        crate::i18n::tests::check_translated(text::ALL);
    }

    #[test]
    fn every_copy_error_reads_in_both_languages() {
        let d = Digest::sha256_of(b"x");
        let errors = [
            CopyError::Failed {
                step: CopyStep::Tag,
                error: RegistryError::Denied {
                    message: "no".into(),
                },
            },
            CopyError::NotCopyable { media_type: None },
            CopyError::TooDeep,
            CopyError::Protected {
                tag: "v1".into(),
                pattern: "v*".into(),
            },
            CopyError::Moved {
                tag: "prod".into(),
                expected: None,
                now: Some(d.clone()),
            },
            CopyError::Exists {
                tag: "sha256-x.sig".into(),
                now: d.clone(),
            },
            CopyError::NotRecorded {
                why: crate::registry::error::RecordFailure::Quota,
            },
            CopyError::Unknown {
                error: RegistryError::Cancelled,
            },
            CopyError::DigestChanged {
                expected: d.clone(),
                actual: d,
            },
        ];
        for e in &errors {
            let (en, zh) = (copy_error(Lang::En, e), copy_error(Lang::Zh, e));
            assert!(!en.title.is_empty() && !zh.title.is_empty());
            assert_ne!(en.title, zh.title, "{e:?}");
            assert!(
                zh.title
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{e:?}"
            );
        }
        // A refused push says which right it needs.
        let push = copy_error(Lang::En, &errors[0]);
        assert!(push.fix.unwrap().contains("push"));
    }
}
