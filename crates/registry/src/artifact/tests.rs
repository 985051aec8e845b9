use super::chart::{chart_files, ChartError, TarFlaw, MAX_EXPANDED, MAX_FILE};
use super::document::{
    read_document, DocumentError, ReportFormat, Severity, MAX_FINDINGS, MAX_PACKAGES,
};
use super::*;
use crate::manifest::{parse_manifest, Manifest};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;

/// A ustar archive of `(path, bytes)` entries, two zero blocks at the end.
fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, data) in entries {
        out.extend(tar_header(path, data.len() as u64, b'0'));
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend([0u8; 1024]);
    out
}

fn tar_header(path: &str, size: u64, typeflag: u8) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..path.len()].copy_from_slice(path.as_bytes());
    h[100..107].copy_from_slice(b"0000644");
    h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
    h[136..147].copy_from_slice(b"00000000000");
    h[156] = typeflag;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
    h
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn image(json: &str) -> ImageManifest {
    match parse_manifest(None, json.as_bytes()).unwrap() {
        Manifest::Image { manifest, .. } => manifest,
        other => panic!("not an image: {other:?}"),
    }
}

const D: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

fn manifest_with(
    config_type: &str,
    artifact_type: Option<&str>,
    layers: &[(&str, &str)],
) -> ImageManifest {
    let layers: Vec<String> = layers
        .iter()
        .map(|(t, ann)| {
            format!(r#"{{"mediaType":"{t}","digest":"{D}","size":10,"annotations":{{{ann}}}}}"#)
        })
        .collect();
    let at = artifact_type
        .map(|t| format!(r#""artifactType":"{t}","#))
        .unwrap_or_default();
    image(&format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",{at}"config":{{"mediaType":"{config_type}","digest":"{D}","size":2}},"layers":[{}]}}"#,
        layers.join(",")
    ))
}

#[test]
fn kinds_by_artifact_type_config_and_layers() {
    let oci = crate::manifest::media::OCI_CONFIG;
    let helm = manifest_with(media::HELM_CONFIG, None, &[(media::HELM_CHART, "")]);
    assert_eq!(ArtifactKind::of(&helm), ArtifactKind::HelmChart);
    assert_eq!(ArtifactKind::of(&helm).content_layers(&helm).len(), 1);
    assert_eq!(ArtifactKind::of(&helm).pull_tool(), PullTool::Helm);

    // cosign signs with a plain OCI config: the layer says what it is.
    let sig = manifest_with(
        oci,
        None,
        &[(
            media::COSIGN_SIMPLESIGNING,
            r#""dev.cosignproject.cosign/signature":"MEUC""#,
        )],
    );
    assert_eq!(ArtifactKind::of(&sig), ArtifactKind::Signature);
    assert_eq!(
        SignatureMarks::of(&sig.layers[0]),
        SignatureMarks {
            has_signature: true,
            has_certificate: false,
            has_bundle: false
        }
    );

    let att = manifest_with(
        oci,
        None,
        &[(
            media::DSSE,
            r#""predicateType":"https://spdx.dev/Document""#,
        )],
    );
    assert_eq!(
        ArtifactKind::of(&att),
        ArtifactKind::Attestation {
            predicate_type: Some("https://spdx.dev/Document".into())
        }
    );
    let buildkit = manifest_with(
        oci,
        None,
        &[(
            media::IN_TOTO,
            r#""in-toto.io/predicate-type":"https://slsa.dev/provenance/v0.2""#,
        )],
    );
    assert!(
        matches!(ArtifactKind::of(&buildkit), ArtifactKind::Attestation { predicate_type: Some(p) } if p.contains("slsa"))
    );

    let spdx = manifest_with(
        media::OCI_EMPTY,
        Some(media::SPDX_JSON),
        &[(media::SPDX_JSON, "")],
    );
    assert_eq!(
        ArtifactKind::of(&spdx),
        ArtifactKind::Document(Format::Spdx)
    );
    let cdx = manifest_with(media::OCI_EMPTY, None, &[(media::CYCLONEDX_JSON, "")]);
    assert_eq!(
        ArtifactKind::of(&cdx),
        ArtifactKind::Document(Format::CycloneDx)
    );
    // A SARIF artifact whose layer is generic: the artifact type decides,
    // and the layer is still the one to read.
    let sarif = manifest_with(
        media::OCI_EMPTY,
        Some(media::SARIF),
        &[("application/json", "")],
    );
    assert_eq!(
        ArtifactKind::of(&sarif),
        ArtifactKind::Document(Format::Sarif)
    );
    assert_eq!(ArtifactKind::of(&sarif).content_layers(&sarif).len(), 1);
    assert_eq!(ArtifactKind::of(&sarif).pull_tool(), PullTool::Oras);

    let other = manifest_with(
        media::OCI_EMPTY,
        Some("application/vnd.example.thing"),
        &[(
            "text/plain",
            r#""org.opencontainers.image.title":"notes.txt""#,
        )],
    );
    assert_eq!(
        ArtifactKind::of(&other),
        ArtifactKind::Other {
            artifact_type: "application/vnd.example.thing".into()
        }
    );
    assert_eq!(files(&other)[0].title.as_deref(), Some("notes.txt"));

    let runnable = manifest_with(
        oci,
        None,
        &[("application/vnd.oci.image.layer.v1.tar+gzip", "")],
    );
    assert_eq!(ArtifactKind::of(&runnable), ArtifactKind::Image);
    assert!(has_image_config(&runnable));
}

#[test]
fn pull_commands_fit_the_kind() {
    let full = "reg.example:5000/charts/web";
    assert_eq!(
        artifact_pull_commands(PullTool::Helm, full, ":1.2.3", None, None),
        ["helm pull oci://reg.example:5000/charts/web --version 1.2.3"]
    );
    // By digest: the chart's own version names it.
    assert_eq!(
        artifact_pull_commands(PullTool::Helm, full, &format!("@{D}"), None, Some("1.2.3")),
        ["helm pull oci://reg.example:5000/charts/web --version 1.2.3"]
    );
    assert_eq!(
        artifact_pull_commands(PullTool::Helm, full, &format!("@{D}"), None, None),
        [format!("oras pull {full}@{D}")]
    );
    let at = format!("@{D}");
    assert_eq!(
        artifact_pull_commands(
            PullTool::CosignSignature,
            full,
            ":sha256-00.sig",
            Some(&at),
            None
        )[0],
        format!("cosign download signature {full}@{D}")
    );
    assert_eq!(
        artifact_pull_commands(PullTool::CosignAttestation, full, ":x", Some(&at), None)[0],
        format!("cosign download attestation {full}@{D}")
    );
    assert_eq!(
        artifact_pull_commands(PullTool::Oras, full, ":sbom", None, None),
        [format!("oras pull {full}:sbom")]
    );
    assert_eq!(
        artifact_pull_commands(PullTool::Image, full, ":v1", None, None),
        [
            format!("docker pull {full}:v1"),
            format!("podman pull {full}:v1"),
            format!("nerdctl pull {full}:v1"),
            format!("{full}:v1"),
        ]
    );
    for c in ImageClient::ALL {
        assert_eq!(ImageClient::from_key(c.key()), Some(c));
    }
    assert_eq!(ImageClient::from_key("crane"), None);
}

#[test]
fn helm_config_and_simple_signing_payload() {
    let chart = HelmChart::parse(
        br#"{"apiVersion":"v2","name":"web","version":"1.2.3+build.4","appVersion":"2.0","description":"A web app","dependencies":[{"name":"redis","version":"17.x","repository":"oci://r/charts"}]}"#,
    )
    .unwrap();
    assert_eq!(chart.name, "web");
    assert_eq!(chart.tag(), "1.2.3_build.4");
    assert_eq!(chart.app_version.as_deref(), Some("2.0"));
    assert_eq!(chart.dependencies[0].name, "redis");
    assert_eq!(
        chart.dependencies[0].repository.as_deref(),
        Some("oci://r/charts")
    );
    assert!(HelmChart::parse(b"{\"name\": 3}").is_err());

    let s = SimpleSigning::parse(format!(
        r#"{{"critical":{{"identity":{{"docker-reference":"reg/app"}},"image":{{"docker-manifest-digest":"{D}"}},"type":"cosign container image signature"}},"optional":{{"owner":"team-a","n":3,"gone":null}}}}"#
    ).as_bytes())
    .unwrap();
    assert_eq!(s.signed_digest.as_deref(), Some(D));
    assert_eq!(s.docker_reference.as_deref(), Some("reg/app"));
    assert_eq!(
        s.claims,
        [
            ("n".to_string(), "3".to_string()),
            ("owner".into(), "team-a".into())
        ]
    );
    assert!(SimpleSigning::parse(b"{}").is_err());
}

#[test]
fn a_chart_archive_gives_its_readme_and_values() {
    let archive = gzip(&tar(&[
        ("web/Chart.yaml", b"name: web\n"),
        ("web/charts/redis/values.yaml", b"sub: chart\n"),
        ("web/values.yaml", b"replicas: 2\n"),
        ("web/templates/deploy.yaml", b"kind: Deployment\n"),
        ("web/README.md", b"# Web\n<script>alert(1)</script>\n"),
    ]));
    let files = chart_files(&archive).unwrap();
    let values = files.values.unwrap();
    assert_eq!(values.path, "web/values.yaml");
    assert_eq!(values.text, "replicas: 2\n");
    assert!(!values.cut);
    let readme = files.readme.unwrap();
    assert!(readme.text.contains("<script>"), "kept as text, as written");

    // The path in a PAX header names the entry after it.
    let pax_record = |path: &str| {
        let body = format!("path={path}\n");
        let mut n = body.len() + 3;
        if format!("{n} {body}").len() != n {
            n += 1;
        }
        format!("{n} {body}")
    };
    let mut t = Vec::new();
    for (path, name, data) in [
        ("web/README.md", "PaxHeaders/a", &b"hello"[..]),
        (
            &*format!("web/{}/values.yaml", "x".repeat(120)),
            "PaxHeaders/b",
            &b"deep"[..],
        ),
    ] {
        let record = pax_record(path);
        t.extend(tar_header(name, record.len() as u64, b'x'));
        t.extend(record.as_bytes());
        t.resize(t.len().div_ceil(512) * 512, 0);
        t.extend(tar_header("cut-short-name", data.len() as u64, b'0'));
        t.extend(data);
        t.resize(t.len().div_ceil(512) * 512, 0);
    }
    t.extend([0u8; 1024]);
    let files = chart_files(&gzip(&t)).unwrap();
    let readme = files.readme.unwrap();
    assert_eq!(
        (readme.path.as_str(), readme.text.as_str()),
        ("web/README.md", "hello")
    );
    assert!(
        files.values.is_none(),
        "the long path is deeper than the chart's own"
    );

    // A file past the cut keeps its start.
    let big = vec![b'a'; (MAX_FILE + 10) as usize];
    let files = chart_files(&gzip(&tar(&[("web/values.yaml", &big)]))).unwrap();
    let v = files.values.unwrap();
    assert!(v.cut);
    assert_eq!(v.text.len() as u64, MAX_FILE);
    assert_eq!(v.size, MAX_FILE + 10);
}

#[test]
fn a_chart_that_expands_too_far_is_refused_and_broken_ones_are_named() {
    // Twice the limit in zeros in front of the README (the browser test
    // pushes a 1 GB one; this also runs as wasm): the reader stops at the
    // limit.
    let zeros = vec![0u8; 1 << 20];
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&tar_header("web/blob.bin", 2 * MAX_EXPANDED, b'0'))
        .unwrap();
    for _ in 0..2 * MAX_EXPANDED / (1 << 20) {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 4 << 20, "{} bytes", bomb.len());
    assert_eq!(
        chart_files(&bomb),
        Err(ChartError::ExpandsTooFar {
            limit: MAX_EXPANDED
        })
    );

    assert_eq!(chart_files(b"not gzip"), Err(ChartError::NoGzipHeader));
    let mut broken = tar(&[("web/values.yaml", b"a: 1\n")]);
    broken[148] = b'7';
    assert_eq!(
        chart_files(&gzip(&broken)),
        Err(ChartError::BadTar {
            offset: 0,
            flaw: TarFlaw::Checksum
        })
    );
    let cut_short = gzip(&tar(&[("web/values.yaml", &[b'a'; 2000])])[..1000]);
    assert!(matches!(
        chart_files(&cut_short),
        Err(ChartError::BadTar {
            flaw: TarFlaw::EndsInsideBlock,
            ..
        })
    ));
    let mut gz = gzip(&tar(&[("web/values.yaml", b"a: 1\n")]));
    let n = gz.len();
    gz.truncate(n - 20);
    assert!(matches!(
        chart_files(&gz),
        Err(ChartError::NotGzip { .. }) | Err(ChartError::BadTar { .. })
    ));
}

const SPDX: &str = r#"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","creationInfo":{"created":"2026-11-02T10:00:00Z","creators":["Tool: syft"]},
 "packages":[{"name":"openssl","versionInfo":"3.0.11","licenseConcluded":"Apache-2.0"},
             {"name":"zlib","versionInfo":"1.2.13","licenseConcluded":"NOASSERTION","licenseDeclared":"Zlib"},
             {"name":"busybox","versionInfo":"NOASSERTION"}],
 "files":[{"fileName":"/bin/sh"}]}"#;

const CYCLONEDX: &str = r#"{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"timestamp":"2026-11-03T08:00:00Z"},
 "components":[{"name":"log4j-core","group":"org.apache.logging.log4j","version":"2.14.1","licenses":[{"license":{"id":"Apache-2.0"}}]},
               {"name":"musl","version":"1.2.4","licenses":[{"expression":"MIT OR BSD-2-Clause"}]}],
 "vulnerabilities":[{"id":"CVE-2021-44228","ratings":[{"severity":"critical"}],"affects":[{"ref":"log4j"}],"analysis":{"state":"exploitable"}},
                    {"id":"CVE-2023-0001","ratings":[{"severity":"low"},{"severity":"high"}]},
                    {"id":"CVE-2022-9999","ratings":[{"severity":"medium"}],"analysis":{"state":"not_affected"}}]}"#;

#[test]
fn spdx_and_cyclonedx_sboms() {
    let d = read_document(SPDX.as_bytes()).unwrap();
    let s = d.sbom.unwrap();
    assert_eq!(s.format, Format::Spdx);
    assert_eq!(s.total, 3);
    assert_eq!(s.created.as_deref(), Some("2026-11-02T10:00:00Z"));
    assert_eq!(s.packages[0].licence.as_deref(), Some("Apache-2.0"));
    assert_eq!(
        s.packages[1].licence.as_deref(),
        Some("Zlib"),
        "declared when nothing was concluded"
    );
    assert_eq!(s.packages[2].version, None);
    assert!(s.packages[1].matches("zlib") && s.packages[0].matches("apache"));
    assert!(d.report.is_none());

    let d = read_document(CYCLONEDX.as_bytes()).unwrap();
    let s = d.sbom.unwrap();
    assert_eq!(s.format, Format::CycloneDx);
    assert_eq!(s.packages[0].name, "org.apache.logging.log4j/log4j-core");
    assert_eq!(
        s.packages[1].licence.as_deref(),
        Some("MIT OR BSD-2-Clause")
    );
    let r = d.report.unwrap();
    assert_eq!(r.format, ReportFormat::CycloneDxVex);
    assert_eq!(r.date.as_deref(), Some("2026-11-03T08:00:00Z"));
    assert_eq!(
        (
            r.counts.critical,
            r.counts.high,
            r.counts.medium,
            r.counts.low
        ),
        (1, 1, 0, 0)
    );
    assert_eq!(r.findings[0].id, "CVE-2021-44228");
    assert!(r.findings.iter().any(|f| f.dismissed()));
}

#[test]
fn statements_envelopes_and_buildkit_predicates() {
    let statement = format!(
        r#"{{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document","subject":[{{"name":"x","digest":{{"sha256":"00"}}}}],"predicate":{SPDX}}}"#
    );
    let d = read_document(statement.as_bytes()).unwrap();
    assert_eq!(
        d.predicate_type.as_deref(),
        Some("https://spdx.dev/Document")
    );
    assert_eq!(d.sbom.unwrap().total, 3);

    let envelope = format!(
        r#"{{"payloadType":"application/vnd.in-toto+json","payload":"{}","signatures":[{{"sig":"MEUC"}}]}}"#,
        crate::auth::base64(statement.as_bytes())
    );
    assert_eq!(
        read_document(envelope.as_bytes())
            .unwrap()
            .sbom
            .unwrap()
            .total,
        3
    );
    assert_eq!(
        read_document(br#"{"payloadType":"x","payload":"!!not base64"}"#),
        Err(DocumentError::BadEnvelope)
    );

    let provenance = r#"{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"builder":{"id":"x"}}}"#;
    let d = read_document(provenance.as_bytes()).unwrap();
    assert!(d.sbom.is_none() && d.report.is_none());
    assert_eq!(
        d.predicate_type.as_deref(),
        Some("https://slsa.dev/provenance/v0.2")
    );
}

#[test]
fn sarif_and_cosign_vuln_reports() {
    let sarif = r#"{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{
        "tool":{"driver":{"name":"Trivy","version":"0.50.0","rules":[
            {"id":"CVE-2024-1","properties":{"security-severity":"9.8"},"shortDescription":{"text":"bad"}},
            {"id":"CVE-2024-2","properties":{"security-severity":"7.5"}},
            {"id":"CVE-2024-3","properties":{"security-severity":"5.0"}}]}},
        "invocations":[{"endTimeUtc":"2026-11-04T12:00:00Z"}],
        "results":[{"ruleId":"CVE-2024-1","level":"error","message":{"text":"openssl 3.0.1"}},
                   {"ruleId":"CVE-2024-2","level":"error","message":{"text":"zlib"}},
                   {"ruleId":"CVE-2024-3","level":"warning","message":{"text":"x"}},
                   {"ruleId":"LINT-1","level":"note","message":{"text":"y"}}]}]}"#;
    let r = read_document(sarif.as_bytes()).unwrap().report.unwrap();
    assert_eq!(r.format, ReportFormat::Sarif);
    assert_eq!(r.scanner.as_deref(), Some("Trivy 0.50.0"));
    assert_eq!(r.date.as_deref(), Some("2026-11-04T12:00:00Z"));
    assert_eq!(
        (
            r.counts.critical,
            r.counts.high,
            r.counts.medium,
            r.counts.low
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(r.findings[0].severity, Severity::Critical);
    assert_eq!(r.total, 4);

    let trivy = r#"{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://cosign.sigstore.dev/attestation/vuln/v1","predicate":{
        "invocation":{},"scanner":{"uri":"pkg:github/aquasecurity/trivy","version":"0.50.0","result":{"Results":[
            {"Target":"debian","Vulnerabilities":[{"VulnerabilityID":"CVE-1","PkgName":"libc","InstalledVersion":"2.36","Severity":"HIGH","Title":"t"},
                                                 {"VulnerabilityID":"CVE-2","PkgName":"libz","Severity":"CRITICAL"}]},
            {"Target":"app","Vulnerabilities":null}]}},
        "metadata":{"scanStartedOn":"2026-11-05T00:00:00Z","scanFinishedOn":"2026-11-05T00:01:00Z"}}}"#;
    let r = read_document(trivy.as_bytes()).unwrap().report.unwrap();
    assert_eq!(r.format, ReportFormat::CosignVuln);
    assert_eq!(r.date.as_deref(), Some("2026-11-05T00:01:00Z"));
    assert_eq!((r.counts.critical, r.counts.high), (1, 1));
    assert_eq!(r.findings[0].package.as_deref(), Some("libz"));

    let grype = r#"{"scanner":{"uri":"grype","result":{"matches":[{"vulnerability":{"id":"GHSA-1","severity":"Medium"},"artifact":{"name":"lodash","version":"4.17.0"}}]}}}"#;
    let r = read_document(grype.as_bytes()).unwrap().report.unwrap();
    assert_eq!(r.counts.medium, 1);
    assert_eq!(r.findings[0].version.as_deref(), Some("4.17.0"));
}

#[test]
fn two_hundred_thousand_packages_are_counted_and_capped() {
    let mut doc = String::from(r#"{"spdxVersion":"SPDX-2.3","packages":["#);
    for i in 0..200_000 {
        if i > 0 {
            doc.push(',');
        }
        doc.push_str(&format!(r#"{{"name":"pkg-{i}","versionInfo":"1.{i}"}}"#));
    }
    doc.push_str("]}");
    let s = read_document(doc.as_bytes()).unwrap().sbom.unwrap();
    assert_eq!(s.total, 200_000);
    assert_eq!(s.packages.len(), MAX_PACKAGES);
    assert_eq!(
        s.packages[MAX_PACKAGES - 1].name,
        format!("pkg-{}", MAX_PACKAGES - 1)
    );

    let mut sarif = String::from(r#"{"runs":[{"results":["#);
    for i in 0..(MAX_FINDINGS + 10) {
        if i > 0 {
            sarif.push(',');
        }
        sarif.push_str(r#"{"ruleId":"R","level":"error"}"#);
    }
    sarif.push_str("]}]}");
    let r = read_document(sarif.as_bytes()).unwrap().report.unwrap();
    assert_eq!(
        (r.total, r.findings.len()),
        (MAX_FINDINGS + 10, MAX_FINDINGS)
    );
}

#[test]
fn malformed_and_unknown_documents_are_named() {
    assert!(matches!(
        read_document(b"{\"spdxVersion\": \"2.3\", \"packages\": ["),
        Err(DocumentError::Malformed { .. })
    ));
    assert!(matches!(
        read_document(b"<html>"),
        Err(DocumentError::Malformed { .. })
    ));
    assert!(matches!(
        read_document(br#"{"spdxVersion":"SPDX-2.3","packages":[{"name":7}]}"#),
        Err(DocumentError::Malformed { .. })
    ));
    assert_eq!(read_document(b"{\"hello\":1}"), Err(DocumentError::Unknown));
    assert!(matches!(
        read_document(b"[1,2]"),
        Err(DocumentError::Malformed { .. })
    ));
}

#[test]
fn an_attachment_is_read_with_its_documents_and_an_oversized_one_is_not_fetched() {
    use crate::client::Registry;
    use crate::digest::Digest;
    use crate::reference::{Reference, RepositoryName};
    use crate::testing::{with_headers, Scripted};
    use futures::executor::block_on;

    let name = RepositoryName::parse("team/app").unwrap();
    let sbom = SPDX.as_bytes();
    let sbom_digest = Digest::sha256_of(sbom);
    let manifest = |size: usize| {
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/spdx+json","config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{D}","size":2}},"layers":[{{"mediaType":"application/spdx+json","digest":"{sbom_digest}","size":{size}}}],"annotations":{{"org.opencontainers.image.created":"2026-11-02T10:00:00Z"}}}}"#
        )
    };
    let m = manifest(sbom.len());
    let m_digest = Digest::sha256_of(m.as_bytes());
    let t = Scripted::new(vec![
        with_headers(
            m.as_bytes(),
            &[("Content-Type", "application/vnd.oci.image.manifest.v1+json")],
        ),
        with_headers(sbom, &[]),
    ]);
    let a = block_on(Registry::new("http://r.example").attachment(
        &t,
        &name,
        &Reference::Digest(m_digest.clone()),
    ))
    .unwrap();
    assert_eq!(a.digest, m_digest);
    assert_eq!(a.kind, ArtifactKind::Document(Format::Spdx));
    assert_eq!(a.created.as_deref(), Some("2026-11-02T10:00:00Z"));
    assert_eq!(a.documents.len(), 1);
    assert_eq!(
        a.documents[0]
            .as_ref()
            .unwrap()
            .sbom
            .as_ref()
            .unwrap()
            .total,
        3
    );
    assert!(t.asked.borrow()[1]
        .url
        .ends_with(&format!("/blobs/{sbom_digest}")));

    // Past the limit by its descriptor: refused without a request.
    let m = manifest(64 * 1024 * 1024);
    let t = Scripted::new(vec![with_headers(
        m.as_bytes(),
        &[("Content-Type", "application/vnd.oci.image.manifest.v1+json")],
    )]);
    let a = block_on(Registry::new("http://r.example").attachment(
        &t,
        &name,
        &Reference::Digest(Digest::sha256_of(m.as_bytes())),
    ))
    .unwrap();
    assert!(matches!(
        a.documents[0],
        Err(ReadError::Document(DocumentError::TooLarge {
            limit: document::MAX_DOCUMENT,
            ..
        }))
    ));
    assert_eq!(t.asked.borrow().len(), 1);
}
