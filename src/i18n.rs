//! The two languages the UI speaks. Plain Rust: every user-facing string is
//! chosen by a `match` on [`Lang`], so a missing translation is a compile error.
//! `text` holds fixed texts, `phrase` texts with numbers or names, `explain`
//! every registry error in words.

pub mod artifacts;
pub mod compare;
pub mod deletes;
pub mod explain;
pub mod find;
pub mod on_demand;
pub mod tag_writes;
pub use explain::{Explain, Explanation};

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Pick a language from a browser language list (`navigator.languages`).
    pub fn from_preferences<'a>(prefs: impl IntoIterator<Item = &'a str>) -> Lang {
        for p in prefs {
            let p = p.to_ascii_lowercase();
            if p.starts_with("zh") {
                return Lang::Zh;
            }
            if p.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::En
    }

    /// `en` or `zh` (also `zh-CN`, `zh-Hans`) as stored or passed in a URL.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The other language, for the switcher.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// The language's own name.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// Pick the string for this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// One UI text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Every UI text, in both languages: the one translation table. A `Text`
/// cannot be built without both, so no language can miss a key.
pub mod text {
    use super::Text;

    pub const PAGE_NOT_FOUND: Text = Text {
        en: "Page not found",
        zh: "页面不存在",
    };
    pub const BACK_TO_THE_REPOSITORIES: Text = Text {
        en: "Back to the repositories",
        zh: "返回镜像库列表",
    };
    pub const COPY: Text = Text {
        en: "Copy",
        zh: "复制",
    };
    pub const COPIED: Text = Text {
        en: "Copied",
        zh: "已复制",
    };
    pub const COPY_FAILED: Text = Text {
        en: "Copy failed",
        zh: "复制失败",
    };
    pub const TRY_AGAIN: Text = Text {
        en: "Try again",
        zh: "重试",
    };
    pub const FRAMED_READ_ONLY: Text = Text {
        en: "Shipshape is shown inside another page, so every delete action is hidden: the page around it could steer your clicks. Open Shipshape in its own tab to delete.",
        zh: "Shipshape 正显示在另一个页面之内，因此所有删除操作均已隐藏：外层页面可能诱导您的点击。要删除，请在单独的标签页中打开 Shipshape。",
    };
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
    pub const CATALOG_LINK_HIDDEN: Text = Text {
        en: "This registry hides its Link header from the page, so each page of the catalog after the first was asked for separately (?last=). The list is complete. To page as the registry means to, add 'Link' to Access-Control-Expose-Headers in its http.headers.",
        zh: "此仓库不让本页面读取其 Link 响应头，因此第一页之后的每一页目录都是单独请求的（?last=）。列表是完整的。若要按仓库本身的方式分页，请在其 http.headers 的 Access-Control-Expose-Headers 中加入 'Link'。",
    };
    pub const REGISTRY: Text = Text {
        en: "Registry",
        zh: "仓库",
    };
    pub const REPOSITORIES: Text = Text {
        en: "Repositories",
        zh: "镜像库",
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
    pub const LOADING_MANIFEST: Text = Text {
        en: "Loading manifest…",
        zh: "正在加载清单…",
    };
    pub const FROM_DOCKER_CONTENT_DIGEST_CHECKED: Text = Text {
        en: "from Docker-Content-Digest, checked against the bytes",
        zh: "来自 Docker-Content-Digest，已与内容核对",
    };
    pub const COMPUTED_FROM_THE_BYTES_HEADER: Text = Text {
        en: "computed from the bytes (header not readable)",
        zh: "由内容计算（无法读取响应头）",
    };
    pub const FROM_DOCKER_CONTENT_DIGEST_SCHEMA1: Text = Text {
        en: "from Docker-Content-Digest (schema1: not checkable)",
        zh: "来自 Docker-Content-Digest（schema1：无法核对）",
    };
    pub const SHIPSHAPE_DOES_NOT_KNOW_THIS: Text = Text {
        en: "Shipshape does not know this kind of manifest; here it is as sent:",
        zh: "Shipshape 不认识这种清单，以下为原始内容：",
    };
    pub const DIGEST: Text = Text {
        en: "Digest",
        zh: "摘要",
    };
    pub const MEDIA_TYPE: Text = Text {
        en: "Media type",
        zh: "媒体类型",
    };
    pub const PULL: Text = Text {
        en: "Pull",
        zh: "拉取",
    };
    pub const RAW_MANIFEST: Text = Text {
        en: "Raw manifest",
        zh: "原始清单",
    };
    pub const ATTACHED_ARTIFACTS: Text = Text {
        en: "Attached artifacts",
        zh: "附加制品",
    };
    pub const LOOKING_FOR_SIGNATURES: Text = Text {
        en: "Looking for signatures…",
        zh: "正在查找签名…",
    };
    pub const NO_SIGNATURES_SBOMS_OR_ATTESTATIONS: Text = Text {
        en: "No signatures, SBOMs or attestations are attached.",
        zh: "没有附加签名、SBOM 或证明。",
    };
    pub const PLATFORMS: Text = Text {
        en: "Platforms",
        zh: "平台",
    };
    pub const ATTESTATIONS: Text = Text {
        en: "Attestations",
        zh: "构建证明",
    };
    pub const PROVENANCE_AND_SBOM_DOCUMENTS_ATTACHED: Text = Text {
        en: "Provenance and SBOM documents attached by the builder; not runnable platforms.",
        zh: "构建器附加的来源证明与 SBOM，不是可运行的平台。",
    };
    pub const SIZE_COMPRESSED: Text = Text {
        en: "Size (compressed)",
        zh: "大小（压缩后）",
    };
    pub const ARTIFACT_TYPE: Text = Text {
        en: "Artifact type",
        zh: "制品类型",
    };
    pub const ATTACHED_TO: Text = Text {
        en: "Attached to",
        zh: "附加于",
    };
    pub const LOADING_CONFIG: Text = Text {
        en: "Loading config…",
        zh: "正在加载配置…",
    };
    pub const RAW_CONFIG: Text = Text {
        en: "Raw config",
        zh: "原始配置",
    };
    pub const LAYERS: Text = Text {
        en: "Layers",
        zh: "层",
    };
    pub const UNKNOWN: Text = Text {
        en: "unknown",
        zh: "未知",
    };
    pub const NO_LAYER: Text = Text {
        en: "no layer",
        zh: "无层",
    };
    pub const LABELS: Text = Text {
        en: "Labels",
        zh: "标签（Labels）",
    };
    pub const THIS_IMAGE_HAS_NO_LABELS: Text = Text {
        en: "This image has no labels.",
        zh: "此镜像没有标签（Labels）。",
    };
    pub const THIS_IMAGE_HAS_NO_ENVIRONMENT: Text = Text {
        en: "This image sets no environment variables.",
        zh: "此镜像未设置环境变量。",
    };
    pub const ENVIRONMENT: Text = Text {
        en: "Environment",
        zh: "环境变量",
    };
    pub const BUILD_HISTORY: Text = Text {
        en: "Build history",
        zh: "构建历史",
    };
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
    pub const LOADING: Text = Text {
        en: "loading…",
        zh: "加载中…",
    };
    pub const BUILD_ATTESTATIONS_NOT_PLATFORMS: Text = Text {
        en: "Build attestations (not platforms)",
        zh: "构建证明（不是平台）",
    };
    pub const ATTESTATION: Text = Text {
        en: "attestation",
        zh: "证明",
    };
    pub const NONE_STATED: Text = Text {
        en: "none stated",
        zh: "未说明",
    };
    pub const THE_REGISTRY_REFUSED: Text = Text {
        en: "The registry refused",
        zh: "仓库拒绝了请求",
    };
    pub const SYSTEM_THEME: Text = Text {
        en: "System theme",
        zh: "跟随系统",
    };
    pub const LIGHT_THEME: Text = Text {
        en: "Light theme",
        zh: "浅色",
    };
    pub const DARK_THEME: Text = Text {
        en: "Dark theme",
        zh: "深色",
    };
    pub const IN_THE_FUTURE: Text = Text {
        en: "in the future",
        zh: "未来时间",
    };
    pub const JUST_NOW: Text = Text {
        en: "just now",
        zh: "刚刚",
    };

    pub const SIGNATURE_COSIGN: Text = Text {
        en: "Signature (cosign)",
        zh: "签名（cosign）",
    };
    pub const ATTESTATION_COSIGN: Text = Text {
        en: "Attestation (cosign)",
        zh: "证明（cosign）",
    };
    pub const SBOM_COSIGN: Text = Text {
        en: "SBOM (cosign)",
        zh: "SBOM 清单（cosign）",
    };
    pub const ARTIFACT: Text = Text {
        en: "Artifact",
        zh: "制品",
    };
    pub const CREATED: Text = Text {
        en: "Created",
        zh: "创建时间",
    };
    pub const PLATFORM: Text = Text {
        en: "Platform",
        zh: "平台",
    };
    pub const ENTRYPOINT: Text = Text {
        en: "Entrypoint",
        zh: "入口点",
    };
    pub const COMMAND: Text = Text {
        en: "Command",
        zh: "命令",
    };
    pub const WORKING_DIR: Text = Text {
        en: "Working dir",
        zh: "工作目录",
    };
    pub const USER: Text = Text {
        en: "User",
        zh: "用户",
    };
    pub const PORTS: Text = Text {
        en: "Ports",
        zh: "端口",
    };
    pub const VOLUMES: Text = Text {
        en: "Volumes",
        zh: "卷",
    };
    pub const TAG: Text = Text {
        en: "Tag",
        zh: "标签",
    };
    pub const SIZE: Text = Text {
        en: "Size",
        zh: "大小",
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

    pub const DELETE: Text = Text {
        en: "Delete",
        zh: "删除",
    };
    pub const DELETE_IMAGE: Text = Text {
        en: "Delete this image",
        zh: "删除此镜像",
    };
    pub const CANCEL: Text = Text {
        en: "Cancel",
        zh: "取消",
    };
    pub const CLOSE: Text = Text {
        en: "Close",
        zh: "关闭",
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
        en: "Every tag pointing at it goes too (the registry cannot delete only one of them):",
        zh: "所有指向它的标签都会一起删除（仓库无法只删除其中一个）：",
    };
    pub const NO_TAGS_POINT: Text = Text {
        en: "No tag points at it.",
        zh: "没有标签指向它。",
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
    pub const DELETED: Text = Text {
        en: "Deleted",
        zh: "已删除",
    };
    pub const ALREADY_GONE: Text = Text {
        en: "Already gone",
        zh: "已不存在",
    };
    pub const FAILED: Text = Text {
        en: "Failed",
        zh: "失败",
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

    pub const NOT_SENT_TAG_MOVED: Text = Text {
        en: "Not sent: a tag moved",
        zh: "未发送：标签已移动",
    };
    pub const NOT_SENT_NEW_TAG: Text = Text {
        en: "Not sent: a new tag points at it",
        zh: "未发送：有新标签指向它",
    };
    pub const NOT_SENT_BLOCKED: Text = Text {
        en: "Not sent: a multi-arch image lists it",
        zh: "未发送：某个多架构镜像包含它",
    };
    pub const NOT_SENT: Text = Text {
        en: "Not sent",
        zh: "未发送",
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
    pub const CANCELLING: Text = Text {
        en: "Cancelling… DELETEs already sent finish and are reported",
        zh: "正在取消…已发送的删除请求会完成并列出结果",
    };
    pub const CANCEL_THE_REST: Text = Text {
        en: "Cancel the rest",
        zh: "取消剩余操作",
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
        en: "Bytes by month first pushed (image creation date)",
        zh: "按首次推送月份统计的字节数（镜像创建日期）",
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
    pub const DOWNLOAD_JSON: Text = Text {
        en: "Download JSON",
        zh: "下载 JSON",
    };
    pub const DOWNLOAD_CSV: Text = Text {
        en: "Download CSV",
        zh: "下载 CSV",
    };
    pub const DOWNLOAD_FAILED: Text = Text {
        en: "The browser refused the download.",
        zh: "浏览器拒绝了下载。",
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
    pub const EXECUTE_PLAN: Text = Text {
        en: "Run the retention plan",
        zh: "执行保留计划",
    };
    pub const TYPE_COUNT_TO_CONFIRM: Text = Text {
        en: "To confirm, type the number of images to delete:",
        zh: "请输入要删除的镜像数量以确认：",
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
    pub const GONE_AFTER_CHECK: Text = Text {
        en: "Deleted (the answer was lost; a check afterwards found it gone)",
        zh: "已删除（响应丢失；事后检查确认已不存在）",
    };
    pub const CREDENTIALS_NOT_ACCEPTED: Text = Text {
        en: "The registry did not accept this user name and password.",
        zh: "仓库不接受此用户名和密码。",
    };
    pub const USER_NAME: Text = Text {
        en: "User name",
        zh: "用户名",
    };
    pub const PASSWORD: Text = Text {
        en: "Password",
        zh: "密码",
    };
    pub const REMEMBER_FOR_THIS_TAB: Text = Text {
        en: "Remember in this tab until it is closed",
        zh: "在此标签页关闭前记住",
    };
    pub const SIGN_IN: Text = Text {
        en: "Sign in",
        zh: "登录",
    };
    pub const SIGN_OUT_HELP: Text = Text {
        en: "Sign out, and remove from this browser what was read from this registry (manifests, configs, tag lists, the catalog). Finished runs keep their outcomes.",
        zh: "退出登录，并从此浏览器中删除从该仓库读取的内容（清单、配置、标签列表、目录）。已完成的运行会保留其结果。",
    };
    pub const SIGN_OUT: Text = Text {
        en: "Sign out",
        zh: "退出登录",
    };
    pub const TOKEN_AUTH_REALM: Text = Text {
        en: "This registry uses a token server. Your user name and password go only to it, to get a token:",
        zh: "此仓库使用令牌服务器。您的用户名和密码只发送给它，用于获取令牌：",
    };
    pub const REGISTRIES: Text = Text {
        en: "Registries",
        zh: "镜像仓库",
    };
    pub const NO_OTHER_REGISTRIES: Text = Text {
        en: "This UI talks to the registry at its own address (or the one in the page URL). Add others below.",
        zh: "此界面连接与其同地址的仓库（或页面 URL 中指定的仓库）。可在下方添加其他仓库。",
    };
    pub const ADD_A_REGISTRY: Text = Text {
        en: "Add a registry",
        zh: "添加仓库",
    };
    pub const DISPLAY_NAME: Text = Text {
        en: "Name",
        zh: "名称",
    };
    pub const API_ADDRESS: Text = Text {
        en: "API address",
        zh: "API 地址",
    };
    pub const ADD_AND_SWITCH: Text = Text {
        en: "Add and switch to it",
        zh: "添加并切换",
    };
    pub const ADDED_REGISTRIES_NOTE: Text = Text {
        en: "Added registries are kept in this browser (localStorage), names and addresses only, never passwords. A registry on another origin must allow this page with CORS headers.",
        zh: "添加的仓库保存在此浏览器中（localStorage），只保存名称和地址，从不保存密码。其他源上的仓库必须通过 CORS 头允许此页面访问。",
    };
    pub const IN_USE: Text = Text {
        en: "In use",
        zh: "使用中",
    };
    pub const READ_ONLY: Text = Text {
        en: "Read-only",
        zh: "只读",
    };
    pub const CHECKING: Text = Text {
        en: "Checking…",
        zh: "正在检查…",
    };
    pub const ANSWERS: Text = Text {
        en: "Answers",
        zh: "可访问",
    };
    pub const USE: Text = Text {
        en: "Use",
        zh: "使用",
    };
    pub const REMOVE: Text = Text {
        en: "Remove",
        zh: "移除",
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
    pub const LEAVE_WHILE_DELETING: Text = Text {
        en: "Deletes are still running. Leave anyway?",
        zh: "删除仍在进行。仍要离开吗？",
    };
    pub const SHOW_RUN: Text = Text {
        en: "Show",
        zh: "查看",
    };
    pub const TREAT_UNDATED_AS_OLDEST: Text = Text {
        en: "Treat undated images as oldest (they can then be deleted)",
        zh: "将无日期的镜像视为最旧（这样它们可能被删除）",
    };
    pub const FACTS_INCOMPLETE: Text = Text {
        en: "Some facts could not be read; the tags they concern are kept:",
        zh: "部分信息无法读取；相关标签将被保留：",
    };
    pub const CHECKING_EXISTS: Text = Text {
        en: "Checking that the image exists…",
        zh: "正在确认镜像是否存在…",
    };
    pub const SENT_NO_OUTCOME: Text = Text {
        en: "Unknown: the DELETE was about to be sent or sent, and no answer was recorded",
        zh: "未知：删除请求即将发送或已发送，但没有记录到应答",
    };
    pub const UNTAGS_PENDING: Text = Text {
        en: "Tags that may be left on a placeholder",
        zh: "可能停留在占位清单上的标签",
    };
    pub const UNTAG_PENDING_HELP: Text = Text {
        en: "Removing only one tag on distribution 2.x moves it onto an empty placeholder manifest, then deletes that. These stopped half-way, so the tag may point at the placeholder. Put it back on its image, or finish removing it.",
        zh: "在 distribution 2.x 上只移除一个标签时，会先把它移到一个空的占位清单上，再删除该清单。以下操作中途停止，标签可能指向占位清单。可以把它放回原镜像，或完成移除。",
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
    pub const COPY_DIGEST: Text = Text {
        en: "Copy digest",
        zh: "复制摘要",
    };
    pub const COPY_PULL_COMMAND: Text = Text {
        en: "Copy pull command",
        zh: "复制拉取命令",
    };
    pub const COPY_MANIFEST_JSON: Text = Text {
        en: "Copy manifest JSON",
        zh: "复制清单 JSON",
    };
    pub const COPY_CONFIG_JSON: Text = Text {
        en: "Copy config JSON",
        zh: "复制配置 JSON",
    };
    pub const MISSING: Text = Text {
        en: "missing",
        zh: "缺失",
    };
    pub const UNTAG_NOT_RECORDED: Text = Text {
        en: "Nothing was changed: this browser could not record the untag first (its journal keeps the original manifest, so the tag can be put back if a step fails). Check that the site may store data (IndexedDB), then try again.",
        zh: "未做任何更改：此浏览器无法先记录本次移除标签（日志会保存原始清单，以便某一步失败时可以恢复标签）。请确认此网站可以存储数据（IndexedDB），然后重试。",
    };
    /// Every entry, for the completeness test.
    pub const CATALOG_UNAVAILABLE: Text = Text {
        en: "The repository list is not available",
        zh: "无法获取镜像库列表",
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
    pub const READS_HEAD_THEN_GET: Text = Text {
        en: "reads: HEAD, then GET by digest",
        zh: "读取：HEAD，再按摘要 GET",
    };
    pub const READS_HEAD_THEN_GET_HELP: Text = Text {
        en: "Tags are resolved with a HEAD and manifests fetched by digest, so browsing never counts as a pull (Harbor's pull time, Docker Hub's rate limit). Set \"manifest_reads\": \"get\" in config.json for plain distribution to save a request per new tag.",
        zh: "标签用 HEAD 解析，清单按摘要获取，因此浏览从不计为拉取（Harbor 的拉取时间、Docker Hub 的速率限制）。对普通 distribution 仓库，可在 config.json 中设置 \"manifest_reads\": \"get\"，每个新标签少一次请求。",
    };
    pub const READS_GET: Text = Text {
        en: "reads: GET by tag",
        zh: "读取：按标签 GET",
    };
    pub const READS_GET_HELP: Text = Text {
        en: "config.json says this is plain distribution: a new tag is read with one GET by tag. On Harbor that counts as a pull, on Docker Hub against the rate limit.",
        zh: "config.json 标明这是普通 distribution 仓库：新标签用一次按标签的 GET 读取。在 Harbor 上这会计为拉取，在 Docker Hub 上会计入速率限制。",
    };

    pub const ALL: &[(&str, Text)] = &[
        ("PAGE_NOT_FOUND", PAGE_NOT_FOUND),
        ("BACK_TO_THE_REPOSITORIES", BACK_TO_THE_REPOSITORIES),
        ("COPY", COPY),
        ("COPIED", COPIED),
        ("COPY_FAILED", COPY_FAILED),
        ("TRY_AGAIN", TRY_AGAIN),
        (
            "THE_CONFIGURATION_CANNOT_BE_USED",
            THE_CONFIGURATION_CANNOT_BE_USED,
        ),
        ("FIX_CONFIG_JSON_BESIDE_INDEX", FIX_CONFIG_JSON_BESIDE_INDEX),
        ("CONFIG_JSON_UNREADABLE_FIX", CONFIG_JSON_UNREADABLE_FIX),
        ("FRAMED_READ_ONLY", FRAMED_READ_ONLY),
        ("REGISTRY", REGISTRY),
        ("REPOSITORIES", REPOSITORIES),
        ("FILTER_REPOSITORIES", FILTER_REPOSITORIES),
        (
            "FILTER_REPOSITORIES_PLACEHOLDER",
            FILTER_REPOSITORIES_PLACEHOLDER,
        ),
        (
            "THIS_REGISTRY_HAS_NO_REPOSITORIES",
            THIS_REGISTRY_HAS_NO_REPOSITORIES,
        ),
        ("NO_NAMESPACE", NO_NAMESPACE),
        ("EMPTY", EMPTY),
        ("NO_TAGS_ALL_WERE_DELETED", NO_TAGS_ALL_WERE_DELETED),
        ("LOADING_MANIFEST", LOADING_MANIFEST),
        (
            "FROM_DOCKER_CONTENT_DIGEST_CHECKED",
            FROM_DOCKER_CONTENT_DIGEST_CHECKED,
        ),
        (
            "COMPUTED_FROM_THE_BYTES_HEADER",
            COMPUTED_FROM_THE_BYTES_HEADER,
        ),
        (
            "FROM_DOCKER_CONTENT_DIGEST_SCHEMA1",
            FROM_DOCKER_CONTENT_DIGEST_SCHEMA1,
        ),
        ("SHIPSHAPE_DOES_NOT_KNOW_THIS", SHIPSHAPE_DOES_NOT_KNOW_THIS),
        ("DIGEST", DIGEST),
        ("MEDIA_TYPE", MEDIA_TYPE),
        ("PULL", PULL),
        ("RAW_MANIFEST", RAW_MANIFEST),
        ("ATTACHED_ARTIFACTS", ATTACHED_ARTIFACTS),
        ("LOOKING_FOR_SIGNATURES", LOOKING_FOR_SIGNATURES),
        (
            "NO_SIGNATURES_SBOMS_OR_ATTESTATIONS",
            NO_SIGNATURES_SBOMS_OR_ATTESTATIONS,
        ),
        ("PLATFORMS", PLATFORMS),
        ("ATTESTATIONS", ATTESTATIONS),
        (
            "PROVENANCE_AND_SBOM_DOCUMENTS_ATTACHED",
            PROVENANCE_AND_SBOM_DOCUMENTS_ATTACHED,
        ),
        ("SIZE_COMPRESSED", SIZE_COMPRESSED),
        ("ARTIFACT_TYPE", ARTIFACT_TYPE),
        ("ATTACHED_TO", ATTACHED_TO),
        ("LOADING_CONFIG", LOADING_CONFIG),
        ("RAW_CONFIG", RAW_CONFIG),
        ("LAYERS", LAYERS),
        ("UNKNOWN", UNKNOWN),
        ("NO_LAYER", NO_LAYER),
        ("LABELS", LABELS),
        ("THIS_IMAGE_HAS_NO_LABELS", THIS_IMAGE_HAS_NO_LABELS),
        (
            "THIS_IMAGE_HAS_NO_ENVIRONMENT",
            THIS_IMAGE_HAS_NO_ENVIRONMENT,
        ),
        ("ENVIRONMENT", ENVIRONMENT),
        ("BUILD_HISTORY", BUILD_HISTORY),
        ("LOADING_TAGS", LOADING_TAGS),
        ("FILTER_TAGS", FILTER_TAGS),
        ("FILTER_TAGS_PLACEHOLDER", FILTER_TAGS_PLACEHOLDER),
        ("LOAD_ALL_DETAILS", LOAD_ALL_DETAILS),
        ("THIS_REPOSITORY_HAS_NO_TAGS", THIS_REPOSITORY_HAS_NO_TAGS),
        ("ATTACHMENT", ATTACHMENT),
        ("LOADING", LOADING),
        (
            "BUILD_ATTESTATIONS_NOT_PLATFORMS",
            BUILD_ATTESTATIONS_NOT_PLATFORMS,
        ),
        ("ATTESTATION", ATTESTATION),
        ("NONE_STATED", NONE_STATED),
        ("THE_REGISTRY_REFUSED", THE_REGISTRY_REFUSED),
        ("SYSTEM_THEME", SYSTEM_THEME),
        ("LIGHT_THEME", LIGHT_THEME),
        ("DARK_THEME", DARK_THEME),
        ("IN_THE_FUTURE", IN_THE_FUTURE),
        ("JUST_NOW", JUST_NOW),
        ("SIGNATURE_COSIGN", SIGNATURE_COSIGN),
        ("ATTESTATION_COSIGN", ATTESTATION_COSIGN),
        ("SBOM_COSIGN", SBOM_COSIGN),
        ("ARTIFACT", ARTIFACT),
        ("CREATED", CREATED),
        ("PLATFORM", PLATFORM),
        ("ENTRYPOINT", ENTRYPOINT),
        ("COMMAND", COMMAND),
        ("WORKING_DIR", WORKING_DIR),
        ("USER", USER),
        ("PORTS", PORTS),
        ("VOLUMES", VOLUMES),
        ("TAG", TAG),
        ("SIZE", SIZE),
        ("SIGNED", SIGNED),
        ("SBOM", SBOM),
        ("REFERRERS", REFERRERS),
        ("DELETE", DELETE),
        ("DELETE_IMAGE", DELETE_IMAGE),
        ("CANCEL", CANCEL),
        ("CLOSE", CLOSE),
        ("CHECKING_WHAT_GOES", CHECKING_WHAT_GOES),
        ("DELETE_WHAT", DELETE_WHAT),
        ("TAGS_THAT_GO", TAGS_THAT_GO),
        ("NO_TAGS_POINT", NO_TAGS_POINT),
        ("CHILDREN_UNTAGGED", CHILDREN_UNTAGGED),
        ("BLOCKED", BLOCKED),
        ("ATTACHED_STAY", ATTACHED_STAY),
        ("ALSO_DELETE_ATTACHED", ALSO_DELETE_ATTACHED),
        ("TYPE_TO_CONFIRM", TYPE_TO_CONFIRM),
        ("DELETING", DELETING),
        ("DELETED", DELETED),
        ("ALREADY_GONE", ALREADY_GONE),
        ("FAILED", FAILED),
        ("TAG_MOVED", TAG_MOVED),
        ("GC_NOTE", GC_NOTE),
        ("GC_UNTAGGED_WARNING", GC_UNTAGGED_WARNING),
        ("BACK_TO_REPOSITORY", BACK_TO_REPOSITORY),
        ("NOT_SENT_TAG_MOVED", NOT_SENT_TAG_MOVED),
        ("NOT_SENT_NEW_TAG", NOT_SENT_NEW_TAG),
        ("NOT_SENT_BLOCKED", NOT_SENT_BLOCKED),
        ("NOT_SENT", NOT_SENT),
        ("RECLAIMING_SPACE", RECLAIMING_SPACE),
        ("TAGS_NO_LONGER_EXIST", TAGS_NO_LONGER_EXIST),
        ("TYPE_REPOSITORY_TO_CONFIRM", TYPE_REPOSITORY_TO_CONFIRM),
        ("ALSO_GOES", ALSO_GOES),
        ("CANCELLING", CANCELLING),
        ("CANCEL_THE_REST", CANCEL_THE_REST),
        ("SELECT_ALL_MATCHING", SELECT_ALL_MATCHING),
        ("DELETE_SELECTED", DELETE_SELECTED),
        ("CLEAR_SELECTION", CLEAR_SELECTION),
        ("CLEAN_UP", CLEAN_UP),
        ("CLEAN_UP_INTRO", CLEAN_UP_INTRO),
        ("REPOSITORIES_PATTERN", REPOSITORIES_PATTERN),
        ("KEEP_NEWEST", KEEP_NEWEST),
        ("KEEP_NEWER_THAN_DAYS", KEEP_NEWER_THAN_DAYS),
        ("ALWAYS_KEEP", ALWAYS_KEEP),
        ("ONLY_CONSIDER", ONLY_CONSIDER),
        ("POLICY_HELP", POLICY_HELP),
        ("NO_KEEP_RULE", NO_KEEP_RULE),
        ("DRY_RUN", DRY_RUN),
        ("DOWNLOAD_JSON", DOWNLOAD_JSON),
        ("DOWNLOAD_CSV", DOWNLOAD_CSV),
        ("DOWNLOAD_FAILED", DOWNLOAD_FAILED),
        ("DOWNLOAD_PLAN_FILE", DOWNLOAD_PLAN_FILE),
        ("DOWNLOAD_PLAN_FILE_HELP", DOWNLOAD_PLAN_FILE_HELP),
        ("LOAD_PLAN_FILE", LOAD_PLAN_FILE),
        ("LOAD_PLAN_FILE_HELP", LOAD_PLAN_FILE_HELP),
        ("READING_PLAN_FILE", READING_PLAN_FILE),
        ("PLAN_FILE", PLAN_FILE),
        ("PLAN_FILE_OLD", PLAN_FILE_OLD),
        ("PLAN_FILE_NOTHING", PLAN_FILE_NOTHING),
        ("POLICY", POLICY),
        ("CONFIRMED_TAGS", CONFIRMED_TAGS),
        ("NO_TAGS_UNTAGGED", NO_TAGS_UNTAGGED),
        ("PLAN_FILE_RAN", PLAN_FILE_RAN),
        ("CLOSE_PLAN_FILE", CLOSE_PLAN_FILE),
        ("EXECUTE_PLAN", EXECUTE_PLAN),
        ("TYPE_COUNT_TO_CONFIRM", TYPE_COUNT_TO_CONFIRM),
        ("ACTION", ACTION),
        ("RULE", RULE),
        ("KEEP", KEEP),
        ("REMOVE_ONLY_THIS_TAG", REMOVE_ONLY_THIS_TAG),
        ("UNTAG_NOT_SUPPORTED", UNTAG_NOT_SUPPORTED),
        ("USE_PLACEHOLDER", USE_PLACEHOLDER),
        ("TAG_UNCHANGED", TAG_UNCHANGED),
        ("TAG_STATE_UNKNOWN", TAG_STATE_UNKNOWN),
        ("GONE_AFTER_CHECK", GONE_AFTER_CHECK),
        ("CREDENTIALS_NOT_ACCEPTED", CREDENTIALS_NOT_ACCEPTED),
        ("USER_NAME", USER_NAME),
        ("PASSWORD", PASSWORD),
        ("REMEMBER_FOR_THIS_TAB", REMEMBER_FOR_THIS_TAB),
        ("SIGN_IN", SIGN_IN),
        ("SIGN_OUT", SIGN_OUT),
        ("SIGN_OUT_HELP", SIGN_OUT_HELP),
        ("TOKEN_AUTH_REALM", TOKEN_AUTH_REALM),
        ("REGISTRIES", REGISTRIES),
        ("NO_OTHER_REGISTRIES", NO_OTHER_REGISTRIES),
        ("ADD_A_REGISTRY", ADD_A_REGISTRY),
        ("DISPLAY_NAME", DISPLAY_NAME),
        ("API_ADDRESS", API_ADDRESS),
        ("ADD_AND_SWITCH", ADD_AND_SWITCH),
        ("ADDED_REGISTRIES_NOTE", ADDED_REGISTRIES_NOTE),
        ("IN_USE", IN_USE),
        ("READ_ONLY", READ_ONLY),
        ("CHECKING", CHECKING),
        ("ANSWERS", ANSWERS),
        ("USE", USE),
        ("REMOVE", REMOVE),
        ("CHECK_BY_HAND", CHECK_BY_HAND),
        ("UNTAG_GO_TO_RUNS", UNTAG_GO_TO_RUNS),
        ("UNTAGS_PENDING", UNTAGS_PENDING),
        ("UNTAG_PENDING_HELP", UNTAG_PENDING_HELP),
        ("RESTORE_TAG", RESTORE_TAG),
        ("FINISH_UNTAG", FINISH_UNTAG),
        ("TAG_RESTORED", TAG_RESTORED),
        ("UNTAG_FINISHED", UNTAG_FINISHED),
        ("SENT_NO_OUTCOME", SENT_NO_OUTCOME),
        ("COPY_REPORT", COPY_REPORT),
        ("COPY_COMMANDS", COPY_COMMANDS),
        ("COPY_DIGEST", COPY_DIGEST),
        ("COPY_PULL_COMMAND", COPY_PULL_COMMAND),
        ("COPY_MANIFEST_JSON", COPY_MANIFEST_JSON),
        ("COPY_CONFIG_JSON", COPY_CONFIG_JSON),
        ("MISSING", MISSING),
        ("UNTAG_NOT_RECORDED", UNTAG_NOT_RECORDED),
        ("CHECK_AGAIN", CHECK_AGAIN),
        ("HIDE_KEEPS_RUNNING", HIDE_KEEPS_RUNNING),
        ("RUNS", RUNS),
        ("RUNS_INTRO", RUNS_INTRO),
        ("NO_RUNS", NO_RUNS),
        ("THIS_TAB", THIS_TAB),
        ("EARLIER_RUNS", EARLIER_RUNS),
        ("UNFINISHED_RUN", UNFINISHED_RUN),
        ("OTHER_REGISTRY_RUN", OTHER_REGISTRY_RUN),
        ("LEAVE_WHILE_DELETING", LEAVE_WHILE_DELETING),
        ("SHOW_RUN", SHOW_RUN),
        ("TREAT_UNDATED_AS_OLDEST", TREAT_UNDATED_AS_OLDEST),
        ("FACTS_INCOMPLETE", FACTS_INCOMPLETE),
        ("CHECKING_EXISTS", CHECKING_EXISTS),
        ("CATALOG_UNAVAILABLE", CATALOG_UNAVAILABLE),
        ("CATALOG_UNAUTHORIZED", CATALOG_UNAUTHORIZED),
        ("CATALOG_DENIED", CATALOG_DENIED),
        ("CATALOG_NOT_FOUND", CATALOG_NOT_FOUND),
        ("CATALOG_UNSUPPORTED", CATALOG_UNSUPPORTED),
        ("CATALOG_UNAVAILABLE_FIX", CATALOG_UNAVAILABLE_FIX),
        ("OPEN_BY_NAME", OPEN_BY_NAME),
        ("REPOSITORY_NAME", REPOSITORY_NAME),
        ("REPOSITORY_NAME_PLACEHOLDER", REPOSITORY_NAME_PLACEHOLDER),
        ("OPEN", OPEN),
        ("KNOWN_REPOSITORIES", KNOWN_REPOSITORIES),
        ("NO_KNOWN_REPOSITORIES", NO_KNOWN_REPOSITORIES),
        ("FROM_CONFIG", FROM_CONFIG),
        ("OPENED_HERE", OPENED_HERE),
        ("PATTERN", PATTERN),
        ("PATTERN_WITHOUT_CATALOG", PATTERN_WITHOUT_CATALOG),
        ("FORGET", FORGET),
        ("FORGET_REPOSITORY", FORGET_REPOSITORY),
        ("READS_HEAD_THEN_GET", READS_HEAD_THEN_GET),
        ("READS_HEAD_THEN_GET_HELP", READS_HEAD_THEN_GET_HELP),
        ("READS_GET", READS_GET),
        ("READS_GET_HELP", READS_GET_HELP),
    ];
}

/// Texts with numbers or names in them, in both languages.
pub mod phrase {
    use super::Lang;

    fn plural(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    pub fn asks_for_sign_in(lang: Lang, schemes: &str) -> String {
        match lang {
            Lang::En => format!("Asks for sign-in ({schemes})"),
            Lang::Zh => format!("需要登录（{schemes}）"),
        }
    }

    pub fn add_registry_problem(lang: Lang, what: crate::config::AddProblem) -> String {
        use crate::config::AddProblem as P;
        match (lang, what) {
            (Lang::En, P::NoName) => "Give it a name.".into(),
            (Lang::Zh, P::NoName) => "请填写名称。".into(),
            (Lang::En, P::NameTaken) => "That name is already in the list.".into(),
            (Lang::Zh, P::NameTaken) => "列表中已有这个名称。".into(),
            (Lang::En, P::NotAnAddress) => {
                "The address must start with http:// or https://.".into()
            }
            (Lang::Zh, P::NotAnAddress) => "地址必须以 http:// 或 https:// 开头。".into(),
        }
    }
    pub fn retrying(lang: Lang, what: &str, wait_ms: u32, attempt: u32, max: u32) -> String {
        let secs = crate::timestamp::tenths(u64::from(wait_ms), 1000);
        match lang {
            Lang::En => format!("{what}: trying again in {secs} s (retry {attempt} of {max})…"),
            Lang::Zh => format!("{what}：{secs} 秒后重试（第 {attempt} / {max} 次）…"),
        }
    }
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

    pub fn execute_summary(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("{} will be deleted, one DELETE each, after each tag is checked again. Tags that moved or appeared since the dry run stop their image.", plural(n, "image", "images")),
            Lang::Zh => format!("将删除 {n} 个镜像，每个一次 DELETE，发送前会再次检查每个标签。自试运行以来移动或新出现的标签会阻止对应镜像的删除。"),
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
            (Lang::En, O::Unknown(e)) => format!("Unknown: the DELETE was sent and no clear answer came ({}); the manifest could not be found gone afterwards, and a DELETE held by a proxy may still land. Check again later", why(e)),
            (Lang::Zh, O::Unknown(e)) => format!("未知：删除请求已发送，但没有得到明确的应答（{}）；事后未能确认清单已消失，而被代理滞留的删除请求仍可能生效。请稍后重新检查", why(e)),
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
                    (Lang::En, S::NotRecorded { detail }) => format!("the browser could not record it in the journal first ({detail})"),
                    (Lang::Zh, S::NotRecorded { detail }) => format!("浏览器无法先将其记入日志（{detail}）"),
                    (_, S::Protected { tag, pattern }) => protected_tag(lang, tag, pattern),
                };
                match lang {
                    Lang::En => format!("Not sent: {reason}"),
                    Lang::Zh => format!("未发送：{reason}"),
                }
            }
        }
    }
    pub fn runs_to_check(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("{} to check", plural(n, "delete", "deletes")),
            Lang::Zh => format!("{n} 个删除待检查"),
        }
    }
    pub fn runs_badge(lang: Lang, runs: usize, done: usize, total: usize) -> String {
        match (lang, runs) {
            (Lang::En, 1) => format!("Deleting {done}/{total}"),
            (Lang::En, _) => format!("{runs} runs deleting {done}/{total}"),
            (Lang::Zh, 1) => format!("正在删除 {done}/{total}"),
            (Lang::Zh, _) => format!("{runs} 个任务正在删除 {done}/{total}"),
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
    pub fn plan_age(lang: Lang, age: &str) -> String {
        match lang {
            Lang::En => format!("This plan was made {age}. Running it checks every image again: only what still matches the plan is deleted."),
            Lang::Zh => format!("此计划制定于{age}。执行时会重新检查每个镜像：只删除仍与计划相符的内容。"),
        }
    }
    pub fn selected_count(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("{} selected", plural(n, "tag", "tags")),
            Lang::Zh => format!("已选择 {n} 个标签"),
        }
    }
    pub fn reclaim_estimate(lang: Lang, e: &crate::registry::storage::Estimate) -> String {
        use crate::timestamp::format_size;
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

    /// "40 tags · details 12/40 · 5 shown"
    /// "3 days ago" / "3 天前", from seconds since the epoch.
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

    /// A length of time, for ages and limits ("3 hours").
    /// A tag no delete may remove.
    pub fn protected_tag(lang: Lang, tag: &str, pattern: &str) -> String {
        match lang {
            Lang::En => format!("tag {tag} is protected (pattern \"{pattern}\" in the configuration): it is never deleted"),
            Lang::Zh => format!("标签 {tag} 受保护（配置中的模式“{pattern}”）：它永远不会被删除"),
        }
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

    pub fn duration(lang: Lang, seconds: i64) -> String {
        let s = seconds.max(0);
        let (n, en, zh) = match s {
            0..=119 => (s, "second", "秒"),
            120..=7_199 => (s / 60, "minute", "分钟"),
            7_200..=172_799 => (s / 3600, "hour", "小时"),
            _ => (s / 86_400, "day", "天"),
        };
        match lang {
            Lang::En => format!("{n} {en}{}", if n == 1 { "" } else { "s" }),
            Lang::Zh => format!("{n} {zh}"),
        }
    }

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
                "Not counted: {}. A layer only they use is missing from the figures, so delete estimates do not use this scan.",
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

    pub fn ago(lang: Lang, now: i64, then: i64) -> String {
        let ago = now - then;
        if ago < 0 {
            return super::text::IN_THE_FUTURE.get(lang).to_string();
        }
        let (n, unit_en, unit_zh) = match ago {
            0..=59 => return super::text::JUST_NOW.get(lang).to_string(),
            60..=3599 => (ago / 60, "minute", "分钟"),
            3600..=86_399 => (ago / 3600, "hour", "小时"),
            86_400..=2_591_999 => (ago / 86_400, "day", "天"),
            2_592_000..=31_535_999 => (ago / 2_592_000, "month", "个月"),
            _ => (ago / 31_536_000, "year", "年"),
        };
        match lang {
            Lang::En => format!("{n} {unit_en}{} ago", if n == 1 { "" } else { "s" }),
            Lang::Zh => format!("{n} {unit_zh}前"),
        }
    }

    /// A second visit's rows, shown from what was kept: when that was, and
    /// how many tags have been checked against the registry since.
    pub fn checking_for_changes(
        lang: Lang,
        as_of: Option<String>,
        checked: usize,
        total: usize,
    ) -> String {
        match (lang, as_of) {
            (Lang::En, Some(ago)) => {
                format!("as of {ago} · checking for changes {checked}/{total}")
            }
            (Lang::En, None) => format!("as last seen · checking for changes {checked}/{total}"),
            (Lang::Zh, Some(ago)) => format!("截至 {ago} · 正在检查变化 {checked}/{total}"),
            (Lang::Zh, None) => format!("上次所见 · 正在检查变化 {checked}/{total}"),
        }
    }

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
                "The registry API cannot delete a repository. On the registry host:\n{steps}"
            ),
            Lang::Zh => format!("仓库 API 无法删除镜像库。请在仓库主机上操作：\n{steps}"),
        }
    }

    pub fn show_all_characters(lang: Lang, n: usize) -> String {
        match lang {
            Lang::En => format!("Show all {n} characters"),
            Lang::Zh => format!("显示全部 {n} 个字符"),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn preferences_pick_the_first_supported_language() {
        assert_eq!(Lang::from_preferences(["zh-CN", "en"]), Lang::Zh);
        assert_eq!(Lang::from_preferences(["fr", "en-GB", "zh"]), Lang::En);
        assert_eq!(Lang::from_preferences(["fr"]), Lang::En);
        assert_eq!(Lang::from_preferences([]), Lang::En);
        assert_eq!(Lang::parse("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::En.other(), Lang::Zh);
    }

    #[test]
    fn phrases_count_and_translate() {
        use phrase::*;
        assert_eq!(repository_count(Lang::En, 1, 1), "1 repository");
        assert_eq!(repository_count(Lang::En, 2, 12), "2 of 12 repositories");
        assert_eq!(repository_count(Lang::Zh, 12, 12), "共 12 个镜像库");
        assert_eq!(tag_summary(Lang::En, 1, 0, 1), "1 tag · details 0/1");
        assert_eq!(
            tag_summary(Lang::En, 40, 12, 5),
            "40 tags · details 12/40 · 5 shown"
        );
        assert_eq!(
            tag_summary(Lang::Zh, 40, 40, 40),
            "共 40 个标签 · 详情 40/40"
        );
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
            "Not counted: 1 tag's image could not be read. A layer only they use is missing from the figures, so delete estimates do not use this scan."
        );
        assert!(scan_gaps(Lang::En, 2, 3).starts_with(
            "Not counted: 2 repositories could not be read, 3 tags' images could not be read."
        ));
        for (en, zh) in [
            (
                loading_repositories(Lang::En, 3),
                loading_repositories(Lang::Zh, 3),
            ),
            (tag_count(Lang::En, 3), tag_count(Lang::Zh, 3)),
            (show_attachments(Lang::En, 3), show_attachments(Lang::Zh, 3)),
            (same_image_as(Lang::En, "v1"), same_image_as(Lang::Zh, "v1")),
            (
                remove_repository_steps(Lang::En, "a/b"),
                remove_repository_steps(Lang::Zh, "a/b"),
            ),
            (
                show_all_characters(Lang::En, 3),
                show_all_characters(Lang::Zh, 3),
            ),
        ] {
            assert_ne!(en, zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }

    /// Every text of a table has both languages, translated (the same in
    /// both only where the word is a name), and is listed once.
    pub(crate) fn check_translated(all: &[(&str, Text)]) {
        const SAME: &[&str] = &["SBOM"];
        let mut seen = std::collections::HashSet::new();
        for (name, t) in all {
            assert!(
                !t.en.trim().is_empty() && !t.zh.trim().is_empty(),
                "{name} is empty"
            );
            assert!(
                t.en != t.zh || SAME.contains(&t.en),
                "{name} is not translated: {:?}",
                t.en
            );
            assert!(
                t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                    || SAME.contains(&t.en),
                "{name}: no Chinese in {:?}",
                t.zh
            );
            assert!(seen.insert(*name), "{name} listed twice");
        }
    }

    #[test]
    fn every_text_has_both_languages_and_is_translated() {
        check_translated(text::ALL);
    }

    #[test]
    fn relative_times_in_both_languages() {
        let now = 1_000_000_000;
        assert_eq!(phrase::ago(Lang::En, now, now - 30), "just now");
        assert_eq!(phrase::ago(Lang::En, now, now - 3 * 86_400), "3 days ago");
        assert_eq!(phrase::ago(Lang::En, now, now - 3600), "1 hour ago");
        assert_eq!(phrase::ago(Lang::Zh, now, now - 3 * 86_400), "3 天前");
        assert_eq!(phrase::ago(Lang::En, now, now - 400 * 86_400), "1 year ago");
        assert_eq!(phrase::ago(Lang::En, now, now + 10), "in the future");
    }
}
