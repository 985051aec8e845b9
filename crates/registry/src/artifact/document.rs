//! SBOMs and vulnerability reports, as pushed beside images: SPDX and
//! CycloneDX JSON, SARIF, cosign's `vuln` predicate (Trivy's or Grype's
//! result inside), CycloneDX VEX; bare, as an in-toto statement (BuildKit's
//! attestation layers), or in a DSSE envelope (cosign attestations).
//!
//! Read into only the fields shown, with every list capped while it is
//! parsed: the first [`MAX_PACKAGES`] packages and [`MAX_FINDINGS`]
//! findings are kept, the rest only counted (the parser skips them without
//! building them), so a document with 200,000 packages costs one pass and
//! a few thousand small values.

use super::Format;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::marker::PhantomData;

/// The largest document read (the transport's own answer limit).
pub const MAX_DOCUMENT: u64 = 16 * 1024 * 1024;
/// Packages kept from an SBOM; the rest are counted.
pub const MAX_PACKAGES: usize = 5_000;
/// Findings kept from a report; the rest are counted.
pub const MAX_FINDINGS: usize = 5_000;

pub const PREDICATE_SPDX: &str = "https://spdx.dev/Document";
pub const PREDICATE_CYCLONEDX: &str = "https://cyclonedx.org/bom";
pub const PREDICATE_COSIGN_VULN: &str = "https://cosign.sigstore.dev/attestation/vuln/v1";

/// What a document says: an SBOM, a vulnerability report (a CycloneDX
/// document with `vulnerabilities` is both), or neither (an attestation
/// with another predicate, e.g. SLSA provenance).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The in-toto predicate type, when it came as a statement.
    pub predicate_type: Option<String>,
    pub sbom: Option<Sbom>,
    pub report: Option<Report>,
}

/// An SBOM's packages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sbom {
    pub format: Format,
    /// `spdxVersion` or `specVersion`.
    pub spec: Option<String>,
    /// When it was made (`creationInfo.created`, `metadata.timestamp`).
    pub created: Option<String>,
    /// The first [`MAX_PACKAGES`], in document order.
    pub packages: Vec<Package>,
    /// How many the document lists.
    pub total: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    pub name: String,
    pub version: Option<String>,
    pub licence: Option<String>,
}

impl Package {
    /// Whether `query` (lowercase) is in its name, version or licence.
    pub fn matches(&self, query: &str) -> bool {
        let has = |s: &str| s.to_lowercase().contains(query);
        has(&self.name)
            || self.version.as_deref().is_some_and(has)
            || self.licence.as_deref().is_some_and(has)
    }
}

/// How bad a finding is, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    /// Negligible, informational, or not given.
    Other,
}

impl Severity {
    pub fn parse(s: &str) -> Severity {
        match s.trim().to_ascii_lowercase().as_str() {
            "critical" => Severity::Critical,
            "high" | "important" => Severity::High,
            "medium" | "moderate" => Severity::Medium,
            "low" => Severity::Low,
            _ => Severity::Other,
        }
    }

    /// CVSS score buckets (SARIF's `security-severity`).
    pub fn of_score(score: f64) -> Severity {
        if score >= 9.0 {
            Severity::Critical
        } else if score >= 7.0 {
            Severity::High
        } else if score >= 4.0 {
            Severity::Medium
        } else if score > 0.0 {
            Severity::Low
        } else {
            Severity::Other
        }
    }
}

/// Which kind of report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Sarif,
    /// cosign's vuln predicate.
    CosignVuln,
    /// CycloneDX `vulnerabilities` (VEX).
    CycloneDxVex,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// CVE or rule id.
    pub id: String,
    pub severity: Severity,
    pub package: Option<String>,
    pub version: Option<String>,
    pub title: Option<String>,
    /// A VEX analysis state (`not_affected`, `exploitable`, …).
    pub state: Option<String>,
}

impl Finding {
    /// A VEX statement saying it does not apply: not counted.
    pub fn dismissed(&self) -> bool {
        matches!(
            self.state.as_deref(),
            Some("not_affected" | "false_positive" | "resolved")
        )
    }

    pub fn matches(&self, query: &str) -> bool {
        let has = |s: &str| s.to_lowercase().contains(query);
        has(&self.id)
            || self.package.as_deref().is_some_and(has)
            || self.title.as_deref().is_some_and(has)
    }
}

/// Findings per severity (dismissed VEX entries left out).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub other: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut c = Counts::default();
        for f in findings.iter().filter(|f| !f.dismissed()) {
            *match f.severity {
                Severity::Critical => &mut c.critical,
                Severity::High => &mut c.high,
                Severity::Medium => &mut c.medium,
                Severity::Low => &mut c.low,
                Severity::Other => &mut c.other,
            } += 1;
        }
        c
    }
}

/// A vulnerability report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub format: ReportFormat,
    /// The scanner's name and version, when it says.
    pub scanner: Option<String>,
    /// When the scan ran, as written.
    pub date: Option<String>,
    /// Counts over the findings kept (all of them unless `total` is more).
    pub counts: Counts,
    /// The first [`MAX_FINDINGS`], worst first.
    pub findings: Vec<Finding>,
    /// How many the report lists.
    pub total: usize,
}

impl Report {
    fn new(
        format: ReportFormat,
        scanner: Option<String>,
        date: Option<String>,
        mut findings: Vec<Finding>,
        total: usize,
    ) -> Report {
        findings.truncate(MAX_FINDINGS);
        crate::sort::sort_by(&mut findings, |a, b| {
            a.severity.cmp(&b.severity).then_with(|| a.id.cmp(&b.id))
        });
        Report {
            format,
            scanner: scanner.filter(|s| !s.trim().is_empty()),
            date: date.filter(|s| !s.trim().is_empty()),
            counts: Counts::of(&findings),
            total: total.max(findings.len()),
            findings,
        }
    }
}

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentError {
    /// Bigger than `limit` bytes.
    TooLarge { size: u64, limit: u64 },
    /// Not JSON, or a field of the wrong shape: what the parser said.
    Malformed { detail: String },
    /// The layer's descriptor names no valid digest (the text it has).
    BadDigest { digest: String },
    /// A DSSE envelope whose payload is not base64.
    BadEnvelope,
    /// JSON, but none of the formats read here.
    Unknown,
}

fn malformed(e: serde_json::Error) -> DocumentError {
    DocumentError::Malformed {
        detail: e.to_string(),
    }
}

/// A JSON list read with the first `N` entries kept and the rest counted.
struct Capped<T, const N: usize> {
    kept: Vec<T>,
    total: usize,
}

impl<T, const N: usize> Default for Capped<T, N> {
    fn default() -> Self {
        Capped {
            kept: Vec::new(),
            total: 0,
        }
    }
}

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for Capped<T, N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const N: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for V<T, N> {
            type Value = Capped<T, N>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Capped::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Capped::<T, N>::default();
                loop {
                    let more = if out.kept.len() < N {
                        match seq.next_element::<T>()? {
                            Some(x) => {
                                out.kept.push(x);
                                true
                            }
                            None => false,
                        }
                    } else {
                        seq.next_element::<IgnoredAny>()?.is_some()
                    };
                    if !more {
                        return Ok(out);
                    }
                    out.total += 1;
                }
            }
        }
        d.deserialize_any(V::<T, N>(PhantomData))
    }
}

/// Standard base64 (padding optional), for DSSE payloads.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// The keys that tell the formats apart, nothing else built.
#[derive(Deserialize)]
struct Sniff<'a> {
    #[serde(default, rename = "payloadType")]
    payload_type: Option<String>,
    #[serde(default)]
    payload: Option<String>,
    #[serde(default, rename = "predicateType")]
    predicate_type: Option<String>,
    #[serde(default, borrow)]
    predicate: Option<&'a RawValue>,
    #[serde(default, rename = "spdxVersion")]
    spdx_version: Option<IgnoredAny>,
    #[serde(default, rename = "bomFormat")]
    bom_format: Option<IgnoredAny>,
    #[serde(default)]
    runs: Option<IgnoredAny>,
    #[serde(default)]
    scanner: Option<IgnoredAny>,
}

/// Read a document (SBOM, report, statement, envelope) from its bytes.
pub fn read_document(bytes: &[u8]) -> Result<Document, DocumentError> {
    if bytes.len() as u64 > MAX_DOCUMENT {
        return Err(DocumentError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_DOCUMENT,
        });
    }
    read_at(bytes, 0)
}

fn read_at(bytes: &[u8], depth: u8) -> Result<Document, DocumentError> {
    let sniff: Sniff = serde_json::from_slice(bytes).map_err(malformed)?;
    if let (Some(_), Some(payload), true) = (&sniff.payload_type, &sniff.payload, depth < 2) {
        let inner = base64_decode(payload).ok_or(DocumentError::BadEnvelope)?;
        return read_at(&inner, depth + 1);
    }
    if let (Some(predicate_type), Some(predicate)) = (&sniff.predicate_type, sniff.predicate) {
        let body = predicate.get().as_bytes();
        let mut doc = if predicate_type.starts_with(PREDICATE_COSIGN_VULN) {
            Document {
                report: Some(cosign_vuln(body)?),
                ..Document::default()
            }
        } else if predicate_type.starts_with(PREDICATE_SPDX)
            || predicate_type.starts_with(PREDICATE_CYCLONEDX)
            || depth < 2
        {
            // A known document as the predicate, or another predicate
            // that may hold one (read like a bare document, if it is).
            match read_at(body, 2) {
                Ok(d) => d,
                Err(DocumentError::Unknown) => Document::default(),
                Err(e) => return Err(e),
            }
        } else {
            Document::default()
        };
        doc.predicate_type = Some(predicate_type.clone());
        return Ok(doc);
    }
    if sniff.spdx_version.is_some() {
        return Ok(Document {
            sbom: Some(spdx(bytes)?),
            ..Document::default()
        });
    }
    if sniff.bom_format.is_some() {
        let (sbom, report) = cyclonedx(bytes)?;
        return Ok(Document {
            sbom: Some(sbom),
            report,
            ..Document::default()
        });
    }
    if sniff.runs.is_some() {
        return Ok(Document {
            report: Some(sarif(bytes)?),
            ..Document::default()
        });
    }
    if sniff.scanner.is_some() {
        return Ok(Document {
            report: Some(cosign_vuln(bytes)?),
            ..Document::default()
        });
    }
    Err(DocumentError::Unknown)
}

fn meaningful(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty() && s != "NOASSERTION" && s != "NONE")
}

fn spdx(bytes: &[u8]) -> Result<Sbom, DocumentError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Doc {
        #[serde(default)]
        spdx_version: Option<String>,
        #[serde(default)]
        creation_info: Option<CreationInfo>,
        #[serde(default)]
        packages: Capped<Pkg, MAX_PACKAGES>,
    }
    #[derive(Deserialize)]
    struct CreationInfo {
        #[serde(default)]
        created: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Pkg {
        #[serde(default)]
        name: String,
        #[serde(default)]
        version_info: Option<String>,
        #[serde(default)]
        license_concluded: Option<String>,
        #[serde(default)]
        license_declared: Option<String>,
    }
    let d: Doc = serde_json::from_slice(bytes).map_err(malformed)?;
    Ok(Sbom {
        format: Format::Spdx,
        spec: d.spdx_version,
        created: d.creation_info.and_then(|c| c.created),
        total: d.packages.total,
        packages: d
            .packages
            .kept
            .into_iter()
            .map(|p| Package {
                name: p.name,
                version: meaningful(p.version_info),
                licence: meaningful(p.license_concluded).or(meaningful(p.license_declared)),
            })
            .collect(),
    })
}

fn cyclonedx(bytes: &[u8]) -> Result<(Sbom, Option<Report>), DocumentError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Doc {
        #[serde(default)]
        spec_version: Option<String>,
        #[serde(default)]
        metadata: Option<Metadata>,
        #[serde(default)]
        components: Capped<Component, MAX_PACKAGES>,
        #[serde(default)]
        vulnerabilities: Option<Capped<Vuln, MAX_FINDINGS>>,
    }
    #[derive(Deserialize)]
    struct Metadata {
        #[serde(default)]
        timestamp: Option<String>,
    }
    #[derive(Deserialize)]
    struct Component {
        #[serde(default)]
        name: String,
        #[serde(default)]
        group: Option<String>,
        #[serde(default)]
        version: Option<String>,
        #[serde(default)]
        licenses: Vec<Licence>,
    }
    #[derive(Deserialize)]
    struct Licence {
        #[serde(default)]
        license: Option<LicenceId>,
        #[serde(default)]
        expression: Option<String>,
    }
    #[derive(Deserialize)]
    struct LicenceId {
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        name: Option<String>,
    }
    #[derive(Deserialize)]
    struct Vuln {
        #[serde(default)]
        id: String,
        #[serde(default)]
        ratings: Vec<Rating>,
        #[serde(default)]
        affects: Vec<Affects>,
        #[serde(default)]
        description: Option<String>,
        #[serde(default)]
        analysis: Option<Analysis>,
    }
    #[derive(Deserialize)]
    struct Rating {
        #[serde(default)]
        severity: Option<String>,
    }
    #[derive(Deserialize)]
    struct Affects {
        #[serde(default, rename = "ref")]
        reference: Option<String>,
    }
    #[derive(Deserialize)]
    struct Analysis {
        #[serde(default)]
        state: Option<String>,
    }
    let d: Doc = serde_json::from_slice(bytes).map_err(malformed)?;
    let created = d.metadata.and_then(|m| m.timestamp);
    let sbom = Sbom {
        format: Format::CycloneDx,
        spec: d.spec_version,
        created: created.clone(),
        total: d.components.total,
        packages: d
            .components
            .kept
            .into_iter()
            .map(|c| Package {
                name: match c.group.filter(|g| !g.is_empty()) {
                    Some(g) => format!("{g}/{}", c.name),
                    None => c.name,
                },
                version: c.version.filter(|v| !v.is_empty()),
                licence: {
                    let ids: Vec<String> = c
                        .licenses
                        .into_iter()
                        .filter_map(|l| {
                            l.expression
                                .or_else(|| l.license.and_then(|l| l.id.or(l.name)))
                        })
                        .collect();
                    (!ids.is_empty()).then(|| ids.join(", "))
                },
            })
            .collect(),
    };
    let report = d.vulnerabilities.map(|v| {
        let findings = v
            .kept
            .into_iter()
            .map(|v| Finding {
                severity: v
                    .ratings
                    .iter()
                    .filter_map(|r| r.severity.as_deref().map(Severity::parse))
                    .min()
                    .unwrap_or(Severity::Other),
                id: v.id,
                package: v.affects.into_iter().find_map(|a| a.reference),
                version: None,
                title: v.description,
                state: v.analysis.and_then(|a| a.state),
            })
            .collect();
        Report::new(ReportFormat::CycloneDxVex, None, created, findings, v.total)
    });
    Ok((sbom, report))
}

fn sarif(bytes: &[u8]) -> Result<Report, DocumentError> {
    #[derive(Deserialize)]
    struct Doc {
        #[serde(default)]
        runs: Vec<Run>,
    }
    #[derive(Deserialize)]
    struct Run {
        #[serde(default)]
        tool: Option<Tool>,
        #[serde(default)]
        results: Capped<SarifResult, MAX_FINDINGS>,
        #[serde(default)]
        invocations: Vec<Invocation>,
    }
    #[derive(Deserialize)]
    struct Tool {
        #[serde(default)]
        driver: Option<Driver>,
    }
    #[derive(Deserialize)]
    struct Driver {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        version: Option<String>,
        #[serde(default)]
        rules: Capped<Rule, 50_000>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Rule {
        #[serde(default)]
        id: String,
        #[serde(default)]
        properties: Option<RuleProperties>,
        #[serde(default)]
        short_description: Option<Message>,
    }
    #[derive(Deserialize)]
    struct RuleProperties {
        #[serde(default, rename = "security-severity")]
        security_severity: Option<serde_json::Value>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct SarifResult {
        #[serde(default)]
        rule_id: Option<String>,
        #[serde(default)]
        level: Option<String>,
        #[serde(default)]
        message: Option<Message>,
    }
    #[derive(Deserialize)]
    struct Message {
        #[serde(default)]
        text: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Invocation {
        #[serde(default)]
        end_time_utc: Option<String>,
        #[serde(default)]
        start_time_utc: Option<String>,
    }
    let d: Doc = serde_json::from_slice(bytes).map_err(malformed)?;
    let (mut scanner, mut date, mut findings, mut total) = (None, None, Vec::new(), 0);
    for run in d.runs {
        let driver = run.tool.and_then(|t| t.driver);
        let mut rules = std::collections::BTreeMap::new();
        if let Some(driver) = driver {
            if scanner.is_none() {
                scanner = driver
                    .name
                    .map(|n| format!("{n} {}", driver.version.unwrap_or_default()))
                    .map(|s| s.trim().to_string());
            }
            for r in driver.rules.kept {
                let score = r.properties.and_then(|p| match p.security_severity {
                    Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
                    Some(serde_json::Value::Number(n)) => n.as_f64(),
                    _ => None,
                });
                rules.insert(r.id, (score, r.short_description.and_then(|m| m.text)));
            }
        }
        if date.is_none() {
            date = run
                .invocations
                .into_iter()
                .find_map(|i| i.end_time_utc.or(i.start_time_utc));
        }
        total += run.results.total;
        for r in run.results.kept {
            let id = r.rule_id.unwrap_or_default();
            let rule = rules.get(&id);
            let severity = match rule.and_then(|(s, _)| *s) {
                Some(score) => Severity::of_score(score),
                None => match r.level.as_deref() {
                    Some("error") => Severity::High,
                    Some("warning") => Severity::Medium,
                    Some("note") => Severity::Low,
                    _ => Severity::Other,
                },
            };
            findings.push(Finding {
                severity,
                title: r
                    .message
                    .and_then(|m| m.text)
                    .or_else(|| rule.and_then(|(_, t)| t.clone())),
                id,
                package: None,
                version: None,
                state: None,
            });
        }
    }
    Ok(Report::new(
        ReportFormat::Sarif,
        scanner,
        date,
        findings,
        total,
    ))
}

/// cosign's vuln predicate: scanner, scan times, and the scanner's own
/// result (Trivy's `Results`, Grype's `matches`, or SARIF `runs`).
fn cosign_vuln(bytes: &[u8]) -> Result<Report, DocumentError> {
    #[derive(Deserialize)]
    struct Predicate<'a> {
        #[serde(default, borrow)]
        scanner: Option<Scanner<'a>>,
        #[serde(default)]
        metadata: Option<Metadata>,
    }
    #[derive(Deserialize)]
    struct Scanner<'a> {
        #[serde(default)]
        uri: Option<String>,
        #[serde(default)]
        version: Option<String>,
        #[serde(default, borrow)]
        result: Option<&'a RawValue>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Metadata {
        #[serde(default)]
        scan_finished_on: Option<String>,
        #[serde(default)]
        scan_started_on: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Trivy {
        #[serde(default)]
        results: Option<Vec<TrivyTarget>>,
        #[serde(default, rename = "matches")]
        grype: Option<Capped<GrypeMatch, MAX_FINDINGS>>,
        #[serde(default, rename = "runs")]
        sarif: Option<IgnoredAny>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct TrivyTarget {
        #[serde(default)]
        vulnerabilities: Option<Capped<TrivyVuln, MAX_FINDINGS>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct TrivyVuln {
        #[serde(default, rename = "VulnerabilityID")]
        id: String,
        #[serde(default)]
        pkg_name: Option<String>,
        #[serde(default)]
        installed_version: Option<String>,
        #[serde(default)]
        severity: Option<String>,
        #[serde(default)]
        title: Option<String>,
    }
    #[derive(Deserialize)]
    struct GrypeMatch {
        #[serde(default)]
        vulnerability: Option<GrypeVuln>,
        #[serde(default)]
        artifact: Option<GrypeArtifact>,
    }
    #[derive(Deserialize)]
    struct GrypeVuln {
        #[serde(default)]
        id: String,
        #[serde(default)]
        severity: Option<String>,
        #[serde(default)]
        description: Option<String>,
    }
    #[derive(Deserialize)]
    struct GrypeArtifact {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        version: Option<String>,
    }
    let p: Predicate = serde_json::from_slice(bytes).map_err(malformed)?;
    let date = p
        .metadata
        .and_then(|m| m.scan_finished_on.or(m.scan_started_on));
    let (scanner, result) = match p.scanner {
        Some(s) => (
            s.uri.map(|u| {
                format!("{u} {}", s.version.unwrap_or_default())
                    .trim()
                    .to_string()
            }),
            s.result,
        ),
        None => (None, None),
    };
    let mut findings = Vec::new();
    let mut total = 0;
    if let Some(result) = result {
        let body = result.get().as_bytes();
        let r: Trivy = serde_json::from_slice(body).map_err(malformed)?;
        if r.sarif.is_some() {
            let mut report = sarif(body)?;
            report.format = ReportFormat::CosignVuln;
            if report.date.is_none() {
                report.date = date;
            }
            report.scanner = report.scanner.or(scanner);
            return Ok(report);
        }
        for target in r.results.unwrap_or_default() {
            let Some(v) = target.vulnerabilities else {
                continue;
            };
            total += v.total;
            findings.extend(v.kept.into_iter().map(|v| {
                Finding {
                    id: v.id,
                    severity: v
                        .severity
                        .as_deref()
                        .map_or(Severity::Other, Severity::parse),
                    package: v.pkg_name,
                    version: v.installed_version,
                    title: v.title,
                    state: None,
                }
            }));
        }
        if let Some(m) = r.grype {
            total += m.total;
            findings.extend(m.kept.into_iter().map(|m| {
                let (id, severity, title) = match m.vulnerability {
                    Some(v) => (
                        v.id,
                        v.severity
                            .as_deref()
                            .map_or(Severity::Other, Severity::parse),
                        v.description,
                    ),
                    None => (String::new(), Severity::Other, None),
                };
                let (package, version) = match m.artifact {
                    Some(a) => (a.name, a.version),
                    None => (None, None),
                };
                Finding {
                    id,
                    severity,
                    package,
                    version,
                    title,
                    state: None,
                }
            }));
        }
    }
    Ok(Report::new(
        ReportFormat::CosignVuln,
        scanner,
        date,
        findings,
        total,
    ))
}
