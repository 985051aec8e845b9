//! The words of artifact-aware image pages (Helm charts, signatures,
//! attestations, SBOMs, vulnerability reports, pull commands), in both
//! languages. Kept apart from `text` so the feature's texts sit together;
//! the same rules: a `Text` has both languages, the test below checks each
//! is translated.

use super::common::phrase::grouped;
use super::{Lang, Text};
use crate::registry::artifact::certificate::{CertificateError, NameKind};
use crate::registry::artifact::chart::{ChartError, TarFlaw};
use crate::registry::artifact::document::{DocumentError, ReportFormat};
use crate::registry::artifact::Format;
use crate::registry::response::excerpt;

pub const HELM_CHART: Text = Text {
    en: "Helm chart",
    zh: "Helm 图表",
};
pub const CHART_NAME: Text = Text {
    en: "Chart",
    zh: "图表名称",
};
pub const VERSION: Text = Text {
    en: "Version",
    zh: "版本",
};
pub const APP_VERSION: Text = Text {
    en: "App version",
    zh: "应用版本",
};
pub const DESCRIPTION: Text = Text {
    en: "Description",
    zh: "描述",
};
pub const CHART_TYPE: Text = Text {
    en: "Type",
    zh: "类型",
};
pub const HOME: Text = Text {
    en: "Home page",
    zh: "主页",
};
pub const DEPENDENCIES: Text = Text {
    en: "Dependencies",
    zh: "依赖",
};
pub const NO_DEPENDENCIES: Text = Text {
    en: "The chart lists no dependencies.",
    zh: "该图表没有列出依赖。",
};
pub const NAME: Text = Text {
    en: "Name",
    zh: "名称",
};
pub const FROM_REPOSITORY: Text = Text {
    en: "Repository",
    zh: "来源仓库",
};
pub const CONDITION: Text = Text {
    en: "Condition",
    zh: "条件",
};
pub const LOADING_CHART: Text = Text {
    en: "Reading the chart…",
    zh: "正在读取图表…",
};
pub const UNPACKING_CHART: Text = Text {
    en: "Unpacking the chart archive…",
    zh: "正在解包图表归档…",
};
pub const README: Text = Text {
    en: "README (as text, not rendered)",
    zh: "README 自述文件（纯文本，不渲染）",
};
pub const VALUES: Text = Text {
    en: "values.yaml (the chart's defaults)",
    zh: "values.yaml（图表的默认值）",
};
pub const NO_README: Text = Text {
    en: "The chart has no README.",
    zh: "该图表没有 README 自述文件。",
};
pub const NO_VALUES: Text = Text {
    en: "The chart has no values.yaml.",
    zh: "该图表没有 values.yaml 文件。",
};
pub const NO_CHART_LAYER: Text = Text {
    en: "This chart has no chart archive layer.",
    zh: "该图表没有图表归档层。",
};
pub const SIGNATURE: Text = Text {
    en: "Signature (cosign)",
    zh: "签名（cosign）",
};
pub const NOT_VERIFIED: Text = Text {
    en: "Shipshape does not verify signatures. This is what the signature claims, not proof: check it with cosign verify and the key or identity you trust.",
    zh: "Shipshape 不验证签名。以下只是签名所声明的内容，并非证明：请使用 cosign verify 以及您信任的密钥或身份进行验证。",
};
pub const READING_SIGNATURE: Text = Text {
    en: "Reading the signed payload…",
    zh: "正在读取签名内容…",
};
pub const SIGNED_DIGEST: Text = Text {
    en: "Signed digest",
    zh: "所签名的摘要",
};
pub const SIGNED_FOR: Text = Text {
    en: "Signed for",
    zh: "签名对象",
};
pub const SIGNATURE_TYPE: Text = Text {
    en: "Type",
    zh: "类型",
};
pub const CLAIMS: Text = Text {
    en: "Claims added by the signer",
    zh: "签名者添加的声明",
};
pub const HOW_SIGNED: Text = Text {
    en: "How it was signed",
    zh: "签名方式",
};
pub const WITH_CERTIFICATE: Text = Text {
    en: "A signing certificate is attached (keyless signing: it names the signer's identity).",
    zh: "附有签名证书（无密钥签名：证书中写明了签名者身份）。",
};
pub const WITH_KEY: Text = Text {
    en: "No certificate is attached: signed with a key.",
    zh: "未附证书：使用密钥签名。",
};
pub const WITH_BUNDLE: Text = Text {
    en: "A transparency-log (Rekor) entry is attached.",
    zh: "附有透明日志（Rekor）记录。",
};
pub const NO_SIGNATURE_VALUE: Text = Text {
    en: "The layer carries no signature value.",
    zh: "该层没有签名值。",
};
pub const ATTESTATION: Text = Text {
    en: "Attestation (in-toto)",
    zh: "证明（in-toto）",
};
pub const PREDICATE_TYPE: Text = Text {
    en: "Predicate type",
    zh: "谓词类型",
};
pub const NOTHING_MORE_IN_ATTESTATION: Text = Text {
    en: "Shipshape shows SBOMs and vulnerability reports from attestations; this one holds another kind of statement.",
    zh: "Shipshape 会显示证明中的 SBOM 和漏洞报告；此证明包含其他类型的声明。",
};
pub const OCI_ARTIFACT: Text = Text {
    en: "OCI artifact",
    zh: "OCI 制品",
};
pub const FILES: Text = Text {
    en: "Files",
    zh: "文件",
};
pub const UNTITLED: Text = Text {
    en: "(no title)",
    zh: "（无标题）",
};
pub const NO_FILES: Text = Text {
    en: "This artifact has no files.",
    zh: "该制品没有文件。",
};
pub const READING_DOCUMENT: Text = Text {
    en: "Reading the document…",
    zh: "正在读取文档…",
};
pub const READING_ATTACHMENTS: Text = Text {
    en: "Reading the attached SBOMs and reports…",
    zh: "正在读取附加的 SBOM 和报告…",
};
pub const PACKAGES: Text = Text {
    en: "Packages",
    zh: "软件包",
};
pub const PACKAGE: Text = Text {
    en: "Package",
    zh: "软件包",
};
pub const LICENCE: Text = Text {
    en: "Licence",
    zh: "许可证",
};
pub const SEARCH_PACKAGES: Text = Text {
    en: "Search packages by name, version or licence",
    zh: "按名称、版本或许可证搜索软件包",
};
pub const SEARCH_PLACEHOLDER: Text = Text {
    en: "e.g. openssl or MIT",
    zh: "例如 openssl 或 MIT",
};
pub const SBOMS: Text = Text {
    en: "Software bill of materials (SBOM)",
    zh: "软件物料清单（SBOM）",
};
pub const NO_SBOM: Text = Text {
    en: "No SBOM is attached to this image.",
    zh: "此镜像没有附加 SBOM。",
};
pub const CREATED: Text = Text {
    en: "Created",
    zh: "创建时间",
};
pub const VULN_REPORTS: Text = Text {
    en: "Vulnerability reports",
    zh: "漏洞报告",
};
pub const NO_VULN_REPORT: Text = Text {
    en: "No vulnerability report is attached to this image. Shipshape never scans: it shows reports pushed beside an image (SARIF, cosign vuln attestations, CycloneDX VEX).",
    zh: "此镜像没有附加漏洞报告。Shipshape 从不扫描镜像：它只显示与镜像一同推送的报告（SARIF、cosign 漏洞证明、CycloneDX VEX）。",
};
pub const NEVER_SCANS: Text = Text {
    en: "Shipshape never scans: this is the report as it was pushed.",
    zh: "Shipshape 从不扫描：这是推送时的报告原样。",
};
pub const CRITICAL: Text = Text {
    en: "Critical",
    zh: "严重",
};
pub const HIGH: Text = Text {
    en: "High",
    zh: "高危",
};
pub const MEDIUM: Text = Text {
    en: "Medium",
    zh: "中危",
};
pub const LOW: Text = Text {
    en: "Low",
    zh: "低危",
};
pub const OTHER_SEVERITY: Text = Text {
    en: "Other",
    zh: "其他",
};
pub const SCANNER: Text = Text {
    en: "Scanner",
    zh: "扫描器",
};
pub const SCANNED: Text = Text {
    en: "Scanned",
    zh: "扫描时间",
};
pub const UNDATED: Text = Text {
    en: "not dated",
    zh: "未注明日期",
};
pub const VULNERABILITY: Text = Text {
    en: "Vulnerability",
    zh: "漏洞",
};
pub const SEVERITY: Text = Text {
    en: "Severity",
    zh: "严重程度",
};
pub const DETAILS: Text = Text {
    en: "Details",
    zh: "详情",
};
pub const VEX_STATE: Text = Text {
    en: "VEX state",
    zh: "VEX 状态",
};
pub const SEARCH_FINDINGS: Text = Text {
    en: "Search findings by id, package or text",
    zh: "按编号、软件包或文字搜索发现的问题",
};
pub const SEARCH_FINDINGS_PLACEHOLDER: Text = Text {
    en: "e.g. CVE-2024 or openssl",
    zh: "例如 CVE-2024 或 openssl",
};
pub const NO_FINDINGS: Text = Text {
    en: "The report lists no findings.",
    zh: "该报告没有列出任何问题。",
};
pub const NOTHING_MATCHES: Text = Text {
    en: "Nothing matches.",
    zh: "没有匹配项。",
};
pub const PULL_WITH: Text = Text {
    en: "Pull with",
    zh: "拉取工具",
};
pub const PLAIN_REFERENCE: Text = Text {
    en: "reference only",
    zh: "仅引用",
};
pub const SOURCE_ATTACHED: Text = Text {
    en: "attached",
    zh: "附加",
};
pub const SOURCE_ATTESTATION: Text = Text {
    en: "BuildKit attestation",
    zh: "BuildKit 证明",
};
pub const THIS_ARTIFACT: Text = Text {
    en: "What this artifact says",
    zh: "此制品的内容",
};

pub const VULNERABILITIES: Text = Text {
    en: "Vulnerabilities",
    zh: "漏洞",
};
pub const NO_REPORT_SHORT: Text = Text {
    en: "no report",
    zh: "无报告",
};
pub const NO_REPORT_TITLE: Text = Text {
    en: "No vulnerability report is attached to this image. Shipshape never scans: it shows the reports pushed beside images (SARIF, cosign vuln, CycloneDX VEX).",
    zh: "此镜像没有附加漏洞报告。Shipshape 从不扫描：它只显示与镜像一同推送的报告（SARIF、cosign 漏洞证明、CycloneDX VEX）。",
};
pub const LOOKING_FOR_REPORTS: Text = Text {
    en: "Looking for attached vulnerability reports",
    zh: "正在查找附加的漏洞报告",
};
pub const REPORT_UNREADABLE_SHORT: Text = Text {
    en: "report unreadable",
    zh: "报告无法读取",
};
pub const REPORT_UNREADABLE_TITLE: Text = Text {
    en: "Something attached to this image may hold a report but could not be read; the image page says why.",
    zh: "此镜像的某个附件可能包含报告，但无法读取；镜像页面会说明原因。",
};
pub const NOT_AN_IMAGE_NO_REPORT: Text = Text {
    en: "Not an image: vulnerability reports describe images.",
    zh: "不是镜像：漏洞报告针对的是镜像。",
};

pub const CERT_IDENTITY: Text = Text {
    en: "Identity in the certificate",
    zh: "证书中的身份",
};
pub const CERT_SIGNER: Text = Text {
    en: "Signer",
    zh: "签名者",
};
pub const CERT_ISSUER: Text = Text {
    en: "OIDC issuer",
    zh: "OIDC 签发方",
};
pub const CERT_NO_NAMES: Text = Text {
    en: "The certificate names no e-mail address, URI or host.",
    zh: "证书中没有电子邮件地址、URI 或主机名。",
};
pub const CERT_NOT_VERIFIED: Text = Text {
    en: "As written in the certificate: Shipshape checks neither its chain, its dates, the transparency log nor that it made this signature, so it proves nothing here. Verify with cosign verify --certificate-identity … --certificate-oidc-issuer ….",
    zh: "按证书中所写显示：Shipshape 不检查证书链、有效期、透明日志，也不检查它是否生成了此签名，因此在此不能证明任何事。请用 cosign verify --certificate-identity … --certificate-oidc-issuer … 验证。",
};

pub const ALL: &[(&str, Text)] = &[
    ("CERT_IDENTITY", CERT_IDENTITY),
    ("CERT_SIGNER", CERT_SIGNER),
    ("CERT_ISSUER", CERT_ISSUER),
    ("CERT_NO_NAMES", CERT_NO_NAMES),
    ("CERT_NOT_VERIFIED", CERT_NOT_VERIFIED),
    ("VULNERABILITIES", VULNERABILITIES),
    ("NO_REPORT_SHORT", NO_REPORT_SHORT),
    ("NO_REPORT_TITLE", NO_REPORT_TITLE),
    ("LOOKING_FOR_REPORTS", LOOKING_FOR_REPORTS),
    ("REPORT_UNREADABLE_SHORT", REPORT_UNREADABLE_SHORT),
    ("REPORT_UNREADABLE_TITLE", REPORT_UNREADABLE_TITLE),
    ("NOT_AN_IMAGE_NO_REPORT", NOT_AN_IMAGE_NO_REPORT),
    ("HELM_CHART", HELM_CHART),
    ("CHART_NAME", CHART_NAME),
    ("VERSION", VERSION),
    ("APP_VERSION", APP_VERSION),
    ("DESCRIPTION", DESCRIPTION),
    ("CHART_TYPE", CHART_TYPE),
    ("HOME", HOME),
    ("DEPENDENCIES", DEPENDENCIES),
    ("NO_DEPENDENCIES", NO_DEPENDENCIES),
    ("NAME", NAME),
    ("FROM_REPOSITORY", FROM_REPOSITORY),
    ("CONDITION", CONDITION),
    ("LOADING_CHART", LOADING_CHART),
    ("UNPACKING_CHART", UNPACKING_CHART),
    ("README", README),
    ("VALUES", VALUES),
    ("NO_README", NO_README),
    ("NO_VALUES", NO_VALUES),
    ("NO_CHART_LAYER", NO_CHART_LAYER),
    ("SIGNATURE", SIGNATURE),
    ("NOT_VERIFIED", NOT_VERIFIED),
    ("READING_SIGNATURE", READING_SIGNATURE),
    ("SIGNED_DIGEST", SIGNED_DIGEST),
    ("SIGNED_FOR", SIGNED_FOR),
    ("SIGNATURE_TYPE", SIGNATURE_TYPE),
    ("CLAIMS", CLAIMS),
    ("HOW_SIGNED", HOW_SIGNED),
    ("WITH_CERTIFICATE", WITH_CERTIFICATE),
    ("WITH_KEY", WITH_KEY),
    ("WITH_BUNDLE", WITH_BUNDLE),
    ("NO_SIGNATURE_VALUE", NO_SIGNATURE_VALUE),
    ("ATTESTATION", ATTESTATION),
    ("PREDICATE_TYPE", PREDICATE_TYPE),
    ("NOTHING_MORE_IN_ATTESTATION", NOTHING_MORE_IN_ATTESTATION),
    ("OCI_ARTIFACT", OCI_ARTIFACT),
    ("FILES", FILES),
    ("UNTITLED", UNTITLED),
    ("NO_FILES", NO_FILES),
    ("READING_DOCUMENT", READING_DOCUMENT),
    ("READING_ATTACHMENTS", READING_ATTACHMENTS),
    ("PACKAGES", PACKAGES),
    ("PACKAGE", PACKAGE),
    ("LICENCE", LICENCE),
    ("SEARCH_PACKAGES", SEARCH_PACKAGES),
    ("SEARCH_PLACEHOLDER", SEARCH_PLACEHOLDER),
    ("SBOMS", SBOMS),
    ("NO_SBOM", NO_SBOM),
    ("CREATED", CREATED),
    ("VULN_REPORTS", VULN_REPORTS),
    ("NO_VULN_REPORT", NO_VULN_REPORT),
    ("NEVER_SCANS", NEVER_SCANS),
    ("CRITICAL", CRITICAL),
    ("HIGH", HIGH),
    ("MEDIUM", MEDIUM),
    ("LOW", LOW),
    ("OTHER_SEVERITY", OTHER_SEVERITY),
    ("SCANNER", SCANNER),
    ("SCANNED", SCANNED),
    ("UNDATED", UNDATED),
    ("VULNERABILITY", VULNERABILITY),
    ("SEVERITY", SEVERITY),
    ("DETAILS", DETAILS),
    ("VEX_STATE", VEX_STATE),
    ("SEARCH_FINDINGS", SEARCH_FINDINGS),
    ("SEARCH_FINDINGS_PLACEHOLDER", SEARCH_FINDINGS_PLACEHOLDER),
    ("NO_FINDINGS", NO_FINDINGS),
    ("NOTHING_MATCHES", NOTHING_MATCHES),
    ("PULL_WITH", PULL_WITH),
    ("PLAIN_REFERENCE", PLAIN_REFERENCE),
    ("SOURCE_ATTACHED", SOURCE_ATTACHED),
    ("SOURCE_ATTESTATION", SOURCE_ATTESTATION),
    ("THIS_ARTIFACT", THIS_ARTIFACT),
];

fn size(n: u64) -> String {
    crate::timestamp::format_size(n)
}

/// Why the chart archive was not unpacked.
pub fn chart_error(lang: Lang, e: &ChartError) -> String {
    match (lang, e) {
        (Lang::En, ChartError::TooLarge { size: s, limit }) => format!(
            "The chart archive is {}; Shipshape unpacks archives up to {} in the page. Pull it with helm to read it.",
            size(*s),
            size(*limit)
        ),
        (Lang::Zh, ChartError::TooLarge { size: s, limit }) => format!(
            "图表归档大小为 {}；Shipshape 在页面中只解包不超过 {} 的归档。请用 helm 拉取后阅读。",
            size(*s),
            size(*limit)
        ),
        (Lang::En, ChartError::ExpandsTooFar { limit }) => format!(
            "Refused: the chart archive expands to more than {} before its README and values.yaml are found. Shipshape stopped unpacking it (it may be a compression bomb).",
            size(*limit)
        ),
        (Lang::Zh, ChartError::ExpandsTooFar { limit }) => format!(
            "已拒绝：在找到 README 和 values.yaml 之前，图表归档解压后已超过 {}。Shipshape 已停止解包（可能是压缩炸弹）。",
            size(*limit)
        ),
        (Lang::En, ChartError::NotGzip { detail }) => {
            format!("The chart archive is not a readable gzip file ({detail}).")
        }
        (Lang::Zh, ChartError::NotGzip { detail }) => {
            format!("图表归档不是可读取的 gzip 文件（{detail}）。")
        }
        (Lang::En, ChartError::NoGzipHeader) => {
            "The chart archive is not a gzip file (it does not start with a gzip header).".into()
        }
        (Lang::Zh, ChartError::NoGzipHeader) => "图表归档不是 gzip 文件（开头没有 gzip 头）。".into(),
        (Lang::En, ChartError::BadTar { offset, flaw }) => {
            format!("The chart archive is broken at byte {offset}: {}.", tar_flaw(lang, *flaw))
        }
        (Lang::Zh, ChartError::BadTar { offset, flaw }) => {
            format!("图表归档在第 {offset} 字节处损坏：{}。", tar_flaw(lang, *flaw))
        }
    }
}

/// How the tar inside a chart archive is broken.
fn tar_flaw(lang: Lang, flaw: TarFlaw) -> &'static str {
    match flaw {
        TarFlaw::EndsInsideBlock => {
            lang.pick("the archive ends inside a block", "归档在数据块中间结束")
        }
        TarFlaw::EndsInsideFile => {
            lang.pick("the archive ends inside a file", "归档在文件中间结束")
        }
        TarFlaw::Checksum => lang.pick("a header's checksum is wrong", "文件头的校验和错误"),
        TarFlaw::Size => lang.pick("a size is not a number", "大小字段不是数字"),
    }
}

/// Why a document (SBOM, report, attestation) was not read.
pub fn document_error(lang: Lang, e: &DocumentError) -> String {
    match (lang, e) {
        (Lang::En, DocumentError::TooLarge { size: s, limit }) => format!(
            "Not read: the document is {}; Shipshape reads documents up to {} in the page.",
            size(*s),
            size(*limit)
        ),
        (Lang::Zh, DocumentError::TooLarge { size: s, limit }) => format!(
            "未读取：文档大小为 {}；Shipshape 在页面中只读取不超过 {} 的文档。",
            size(*s),
            size(*limit)
        ),
        (Lang::En, DocumentError::Malformed { detail }) => {
            format!("The document cannot be read: it is not valid JSON of its kind ({detail}).")
        }
        (Lang::Zh, DocumentError::Malformed { detail }) => {
            format!("无法读取该文档：它不是该类型的有效 JSON（{detail}）。")
        }
        (Lang::En, DocumentError::BadDigest { digest }) => format!(
            "The document cannot be read: its descriptor names no valid digest ({}).",
            excerpt(digest, 200)
        ),
        (Lang::Zh, DocumentError::BadDigest { digest }) => format!(
            "无法读取该文档：其描述符没有有效的摘要（{}）。",
            excerpt(digest, 200)
        ),
        (Lang::En, DocumentError::BadEnvelope) => {
            "The attestation envelope's payload is not base64.".into()
        }
        (Lang::Zh, DocumentError::BadEnvelope) => "证明信封中的内容不是 base64 编码。".into(),
        (Lang::En, DocumentError::Unknown) => {
            "A JSON document Shipshape does not know (not SPDX, CycloneDX, SARIF or a cosign vuln report).".into()
        }
        (Lang::Zh, DocumentError::Unknown) => {
            "Shipshape 不认识的 JSON 文档（不是 SPDX、CycloneDX、SARIF 或 cosign 漏洞报告）。".into()
        }
    }
}

/// "1,234 packages".
pub fn package_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En if n == 1 => "1 package".into(),
        Lang::En => format!("{} packages", grouped(n)),
        Lang::Zh => format!("{} 个软件包", grouped(n)),
    }
}

/// What a long document lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    /// An SBOM's packages.
    Packages,
    /// A report's findings.
    Findings,
}

/// The list was cut while it was read: `kept` of `total`.
pub fn capped(lang: Lang, listed: Listed, kept: usize, total: usize) -> String {
    let (total, kept) = (grouped(total), grouped(kept));
    match (lang, listed) {
        (Lang::En, Listed::Packages) => format!(
            "The document lists {total} packages; Shipshape read the first {kept} (search and counts cover those) so the page stays responsive."
        ),
        (Lang::En, Listed::Findings) => format!(
            "The report lists {total} findings; Shipshape read the first {kept} (search and counts cover those) so the page stays responsive."
        ),
        (Lang::Zh, Listed::Packages) => format!(
            "文档共列出 {total} 个软件包；为保持页面流畅，Shipshape 只读取了前 {kept} 个（搜索与统计仅涵盖这些）。"
        ),
        (Lang::Zh, Listed::Findings) => format!(
            "报告共列出 {total} 个问题；为保持页面流畅，Shipshape 只读取了前 {kept} 个（搜索与统计仅涵盖这些）。"
        ),
    }
}

/// "Showing 100 of 5,000 matching".
pub fn showing(lang: Lang, shown: usize, matching: usize) -> String {
    let (shown, matching) = (grouped(shown), grouped(matching));
    match lang {
        Lang::En => format!("Showing {shown} of {matching}; search to narrow the list."),
        Lang::Zh => format!("显示 {matching} 项中的 {shown} 项；可搜索以缩小范围。"),
    }
}

/// A file cut at the reading limit.
pub fn file_cut(lang: Lang, shown: u64, total: u64) -> String {
    match lang {
        Lang::En => format!("Showing the first {} of {}.", size(shown), size(total)),
        Lang::Zh => format!("仅显示 {} 中的前 {}。", size(total), size(shown)),
    }
}

/// Which other images read in this tab list a matching package: `hits`
/// of the `searched` others.
pub fn elsewhere(lang: Lang, searched: usize, hits: usize) -> String {
    let (n, found) = (grouped(searched), grouped(hits));
    match (lang, hits > 0, searched == 1) {
        (Lang::En, true, true) => {
            "Also in another image whose SBOM you have viewed in this browser:".into()
        }
        (Lang::En, true, false) => format!(
            "Also in {found} of the {n} other images whose SBOMs you have viewed in this browser:"
        ),
        (Lang::En, false, true) => {
            "Not in the other image whose SBOM you have viewed in this browser.".into()
        }
        (Lang::En, false, false) => format!(
            "Not in any of the {n} other images whose SBOMs you have viewed in this browser."
        ),
        (Lang::Zh, true, true) => "你在本浏览器中查看过 SBOM 的另一个镜像也包含它：".into(),
        (Lang::Zh, true, false) => {
            format!("你在本浏览器中查看过 SBOM 的其他 {n} 个镜像中，有 {found} 个也包含它：")
        }
        (Lang::Zh, false, true) => "你在本浏览器中查看过 SBOM 的另一个镜像不包含它。".into(),
        (Lang::Zh, false, false) => {
            format!("你在本浏览器中查看过 SBOM 的其他 {n} 个镜像都不包含它。")
        }
    }
}

/// The document's kind, e.g. "SPDX SBOM".
pub fn sbom_format(lang: Lang, f: Format) -> &'static str {
    match (lang, f) {
        (Lang::En, Format::Spdx) => "SPDX SBOM",
        (Lang::Zh, Format::Spdx) => "SPDX 物料清单",
        (Lang::En, Format::CycloneDx) => "CycloneDX SBOM",
        (Lang::Zh, Format::CycloneDx) => "CycloneDX 物料清单",
        (Lang::En, Format::Sarif) => "SARIF report",
        (Lang::Zh, Format::Sarif) => "SARIF 报告",
    }
}

pub fn report_format(lang: Lang, f: ReportFormat) -> &'static str {
    match (lang, f) {
        (Lang::En, ReportFormat::Sarif) => "SARIF report",
        (Lang::Zh, ReportFormat::Sarif) => "SARIF 报告",
        (Lang::En, ReportFormat::CosignVuln) => "cosign vuln attestation",
        (Lang::Zh, ReportFormat::CosignVuln) => "cosign 漏洞证明",
        (Lang::En, ReportFormat::CycloneDxVex) => "CycloneDX VEX",
        (Lang::Zh, ReportFormat::CycloneDxVex) => "CycloneDX VEX 漏洞声明",
    }
}

/// A tag's badge: the newest report's critical and high counts.
pub fn badge_counts(lang: Lang, critical: usize, high: usize) -> String {
    match lang {
        Lang::En => format!("{critical} critical · {high} high"),
        Lang::Zh => format!("严重 {critical} · 高危 {high}"),
    }
}

/// The badge's longer explanation: which report it is from.
pub fn badge_title(lang: Lang, reports: usize, capped: bool) -> String {
    let mut s = match (lang, reports) {
        (Lang::En, 1) => {
            "From the report attached to this image; its page shows the findings.".to_string()
        }
        (Lang::En, n) => format!(
            "From the newest of the {n} reports attached to this image; its page shows them all."
        ),
        (Lang::Zh, 1) => "来自此镜像附加的报告；镜像页面列出各项发现。".to_string(),
        (Lang::Zh, n) => format!("来自此镜像附加的 {n} 份报告中最新的一份；镜像页面列出全部。"),
    };
    if capped {
        s.push_str(match lang {
            Lang::En => " The report is long: the counts cover the findings Shipshape read.",
            Lang::Zh => " 报告很长：统计仅涵盖 Shipshape 读取的发现。",
        });
    }
    s
}

/// A subject alternative name's kind.
pub fn name_kind(lang: Lang, k: NameKind) -> &'static str {
    match (lang, k) {
        (Lang::En, NameKind::Email) => "e-mail",
        (Lang::Zh, NameKind::Email) => "电子邮件",
        (_, NameKind::Uri) => "URI",
        (Lang::En, NameKind::Dns) => "host",
        (Lang::Zh, NameKind::Dns) => "主机名",
    }
}

/// Why the signature's certificate was not read.
pub fn certificate_error(lang: Lang, e: &CertificateError) -> String {
    match (lang, e) {
        (Lang::En, CertificateError::TooLarge { size: s, limit }) => format!(
            "The certificate annotation is {}; Shipshape reads up to {}.",
            size(*s as u64),
            size(*limit as u64)
        ),
        (Lang::Zh, CertificateError::TooLarge { size: s, limit }) => format!(
            "证书注解大小为 {}；Shipshape 最多读取 {}。",
            size(*s as u64),
            size(*limit as u64)
        ),
        (Lang::En, CertificateError::NotPem) => {
            "The certificate annotation is not a PEM certificate.".into()
        }
        (Lang::Zh, CertificateError::NotPem) => "证书注解不是 PEM 格式的证书。".into(),
        (Lang::En, CertificateError::BadBase64) => {
            "The certificate annotation's base64 is broken.".into()
        }
        (Lang::Zh, CertificateError::BadBase64) => "证书注解的 base64 已损坏。".into(),
        (Lang::En, CertificateError::BadDer { at }) => {
            format!("The certificate is broken (at its {at}).")
        }
        (Lang::Zh, CertificateError::BadDer { at }) => format!("证书已损坏（位于 {at}）。"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages_and_is_translated() {
        crate::i18n::tests::check_translated(ALL);
        let source = include_str!("artifacts.rs");
        let declared = source.matches("pub const ").count() - 2;
        assert_eq!(declared, ALL.len());
    }

    #[test]
    fn phrases_in_both_languages() {
        let has_chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for e in [
            ChartError::TooLarge { size: 5, limit: 4 },
            ChartError::ExpandsTooFar { limit: 16 },
            ChartError::NotGzip { detail: "x".into() },
            ChartError::NoGzipHeader,
            ChartError::BadTar {
                offset: 1,
                flaw: TarFlaw::EndsInsideBlock,
            },
            ChartError::BadTar {
                offset: 1,
                flaw: TarFlaw::EndsInsideFile,
            },
            ChartError::BadTar {
                offset: 1,
                flaw: TarFlaw::Checksum,
            },
            ChartError::BadTar {
                offset: 1,
                flaw: TarFlaw::Size,
            },
        ] {
            assert!(has_chinese(&chart_error(Lang::Zh, &e)));
            assert!(!has_chinese(&chart_error(Lang::En, &e)));
        }
        for e in [
            DocumentError::TooLarge { size: 5, limit: 4 },
            DocumentError::Malformed { detail: "x".into() },
            DocumentError::BadDigest { digest: "x".into() },
            DocumentError::BadEnvelope,
            DocumentError::Unknown,
        ] {
            assert!(has_chinese(&document_error(Lang::Zh, &e)));
        }
        assert_eq!(package_count(Lang::En, 1), "1 package");
        assert_eq!(package_count(Lang::En, 3), "3 packages");
        assert_eq!(package_count(Lang::En, 200_000), "200,000 packages");
        assert!(capped(Lang::En, Listed::Packages, 5000, 200000)
            .starts_with("The document lists 200,000 packages; Shipshape read the first 5,000 "));
        assert!(capped(Lang::En, Listed::Findings, 5000, 200000).contains("200,000 findings"));
        assert!(has_chinese(&capped(Lang::Zh, Listed::Packages, 1, 2)));
        assert!(has_chinese(&capped(Lang::Zh, Listed::Findings, 1, 2)));
        assert_eq!(
            showing(Lang::En, 100, 5000),
            "Showing 100 of 5,000; search to narrow the list."
        );
        assert!(has_chinese(&showing(Lang::Zh, 1, 2)));
        assert!(has_chinese(&file_cut(Lang::Zh, 1, 2)));
        assert!(has_chinese(&elsewhere(Lang::Zh, 2, 1)));
        assert!(has_chinese(&elsewhere(Lang::Zh, 2, 0)));
        assert!(has_chinese(&elsewhere(Lang::Zh, 1, 1)));
        assert!(has_chinese(&elsewhere(Lang::Zh, 1, 0)));
        assert!(elsewhere(Lang::En, 2, 0).starts_with("Not in any of the 2 other images"));
        assert!(elsewhere(Lang::En, 3, 2).starts_with("Also in 2 of the 3 other images"));
        assert!(elsewhere(Lang::En, 1, 1).starts_with("Also in another image"));
        assert!(elsewhere(Lang::En, 1, 0).starts_with("Not in the other image"));
        for e in [
            CertificateError::TooLarge { size: 5, limit: 4 },
            CertificateError::NotPem,
            CertificateError::BadBase64,
            CertificateError::BadDer { at: "extension" },
        ] {
            assert!(has_chinese(&certificate_error(Lang::Zh, &e)));
            assert!(!has_chinese(&certificate_error(Lang::En, &e)));
        }
        assert!(has_chinese(name_kind(Lang::Zh, NameKind::Email)));
        assert_eq!(badge_counts(Lang::En, 1, 2), "1 critical · 2 high");
        assert!(has_chinese(&badge_counts(Lang::Zh, 1, 2)));
        assert!(has_chinese(&badge_title(Lang::Zh, 2, true)));
        assert!(badge_title(Lang::En, 2, false).contains("newest of the 2"));
        for f in [Format::Spdx, Format::CycloneDx, Format::Sarif] {
            assert!(has_chinese(sbom_format(Lang::Zh, f)));
        }
        for f in [
            ReportFormat::Sarif,
            ReportFormat::CosignVuln,
            ReportFormat::CycloneDxVex,
        ] {
            assert!(has_chinese(report_format(Lang::Zh, f)));
        }
    }
}
