//! The image page (`/image/…`): where the digest came from, the manifest
//! and config facts (the compare page shows the same facts), layers,
//! history, copy buttons, the attachments list and the pull command.

use super::Text;

/// The fixed texts (reached as `i18n::text::*`).
pub mod text {
    use crate::i18n::Text;

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
}

/// Texts with names (reached as `i18n::phrase::*`).
pub mod phrase {
    use crate::i18n::Lang;

    /// An index's attestation entry, named for the platform it describes
    /// (BuildKit gives it the platform `unknown/unknown`).
    pub fn attestation_of(lang: Lang, platform: Option<&str>) -> String {
        match (lang, platform) {
            (Lang::En, Some(p)) => format!("Attestation of {p}"),
            (Lang::En, None) => "Attestation".into(),
            (Lang::Zh, Some(p)) => format!("{p} 的证明"),
            (Lang::Zh, None) => "证明".into(),
        }
    }
}

/// Every entry, for the completeness test.
pub const ALL: &[(&str, Text)] = &[
    ("LOADING_MANIFEST", text::LOADING_MANIFEST),
    (
        "FROM_DOCKER_CONTENT_DIGEST_CHECKED",
        text::FROM_DOCKER_CONTENT_DIGEST_CHECKED,
    ),
    (
        "COMPUTED_FROM_THE_BYTES_HEADER",
        text::COMPUTED_FROM_THE_BYTES_HEADER,
    ),
    (
        "FROM_DOCKER_CONTENT_DIGEST_SCHEMA1",
        text::FROM_DOCKER_CONTENT_DIGEST_SCHEMA1,
    ),
    (
        "SHIPSHAPE_DOES_NOT_KNOW_THIS",
        text::SHIPSHAPE_DOES_NOT_KNOW_THIS,
    ),
    ("MEDIA_TYPE", text::MEDIA_TYPE),
    ("PULL", text::PULL),
    ("RAW_MANIFEST", text::RAW_MANIFEST),
    ("ATTACHED_ARTIFACTS", text::ATTACHED_ARTIFACTS),
    ("LOOKING_FOR_SIGNATURES", text::LOOKING_FOR_SIGNATURES),
    (
        "NO_SIGNATURES_SBOMS_OR_ATTESTATIONS",
        text::NO_SIGNATURES_SBOMS_OR_ATTESTATIONS,
    ),
    ("PLATFORMS", text::PLATFORMS),
    ("ATTESTATIONS", text::ATTESTATIONS),
    (
        "PROVENANCE_AND_SBOM_DOCUMENTS_ATTACHED",
        text::PROVENANCE_AND_SBOM_DOCUMENTS_ATTACHED,
    ),
    ("SIZE_COMPRESSED", text::SIZE_COMPRESSED),
    ("ARTIFACT_TYPE", text::ARTIFACT_TYPE),
    ("ATTACHED_TO", text::ATTACHED_TO),
    ("LOADING_CONFIG", text::LOADING_CONFIG),
    ("RAW_CONFIG", text::RAW_CONFIG),
    ("LAYERS", text::LAYERS),
    ("NO_LAYER", text::NO_LAYER),
    ("LABELS", text::LABELS),
    ("THIS_IMAGE_HAS_NO_LABELS", text::THIS_IMAGE_HAS_NO_LABELS),
    (
        "THIS_IMAGE_HAS_NO_ENVIRONMENT",
        text::THIS_IMAGE_HAS_NO_ENVIRONMENT,
    ),
    ("ENVIRONMENT", text::ENVIRONMENT),
    ("BUILD_HISTORY", text::BUILD_HISTORY),
    ("SIGNATURE_COSIGN", text::SIGNATURE_COSIGN),
    ("ATTESTATION_COSIGN", text::ATTESTATION_COSIGN),
    ("SBOM_COSIGN", text::SBOM_COSIGN),
    ("ARTIFACT", text::ARTIFACT),
    ("PLATFORM", text::PLATFORM),
    ("ENTRYPOINT", text::ENTRYPOINT),
    ("COMMAND", text::COMMAND),
    ("WORKING_DIR", text::WORKING_DIR),
    ("USER", text::USER),
    ("PORTS", text::PORTS),
    ("VOLUMES", text::VOLUMES),
    ("COPY_PULL_COMMAND", text::COPY_PULL_COMMAND),
    ("COPY_MANIFEST_JSON", text::COPY_MANIFEST_JSON),
    ("COPY_CONFIG_JSON", text::COPY_CONFIG_JSON),
];

#[cfg(test)]
mod tests {
    #[test]
    fn attestations_are_named_for_their_platform() {
        use super::phrase::attestation_of;
        use crate::i18n::Lang;
        assert_eq!(
            attestation_of(Lang::En, Some("linux/amd64")),
            "Attestation of linux/amd64"
        );
        assert_eq!(attestation_of(Lang::Zh, None), "证明");
    }

    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::tests::check_translated(super::ALL);
        crate::i18n::tests::check_listed(include_str!("image.rs"), super::ALL);
    }
}
