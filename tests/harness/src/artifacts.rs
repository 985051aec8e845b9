//! Artifacts pushed the way their tools push them, through the registry's
//! HTTP API: a Helm chart (`helm push`'s media types, the archive built
//! here), an OCI artifact with a `subject` and the referrers tag schema's
//! index (`sha256-<hex>`, what oras writes where the registry has no
//! referrers API), cosign's tag-schema signature and attestation
//! (`sha256-<hex>.sig` / `.att`), and a BuildKit-style index with an
//! attestation manifest.

use crate::seed::{sha256, Pushed, Pusher, OCI_CONFIG, OCI_EMPTY, OCI_INDEX, OCI_MANIFEST};
use serde_json::{json, Value};
use std::io::{Read, Write};

pub const HELM_CONFIG: &str = "application/vnd.cncf.helm.config.v1+json";
pub const HELM_CHART: &str = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
pub const SPDX: &str = "application/spdx+json";
pub const CYCLONEDX: &str = "application/vnd.cyclonedx+json";
pub const SARIF: &str = "application/sarif+json";
pub const DSSE: &str = "application/vnd.dsse.envelope.v1+json";
pub const IN_TOTO: &str = "application/vnd.in-toto+json";
pub const SIMPLESIGNING: &str = "application/vnd.dev.cosign.simplesigning.v1+json";

/// A `.tgz` of `(path, bytes)` files, and before them, when `zeros` is
/// set, a file of that many zero bytes (a compression bomb: 1 GB of zeros
/// is about a megabyte compressed).
pub fn chart_archive(files: &[(&str, &[u8])], zeros: Option<(&str, u64)>) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let mut builder = tar::Builder::new(gz);
    let header = |size: u64| {
        let mut h = tar::Header::new_gnu();
        h.set_size(size);
        h.set_mode(0o644);
        h.set_mtime(1_700_000_000);
        h.set_cksum();
        h
    };
    if let Some((path, n)) = zeros {
        let mut h = header(n);
        builder
            .append_data(&mut h, path, std::io::repeat(0).take(n))
            .expect("tar");
    }
    for (path, data) in files {
        let mut h = header(data.len() as u64);
        builder.append_data(&mut h, path, *data).expect("tar");
    }
    let mut gz = builder.into_inner().expect("tar");
    gz.flush().expect("gzip");
    gz.finish().expect("gzip")
}

fn descriptor(media_type: &str, digest: &str, size: usize) -> Value {
    json!({"mediaType": media_type, "digest": digest, "size": size})
}

/// Push a Helm chart as `helm push` does: its config (Chart.yaml as JSON)
/// and the archive, tagged with the chart's version.
pub fn push_chart(p: &Pusher, repo: &str, chart: &Value, archive: &[u8]) -> Result<Pushed, String> {
    let config = serde_json::to_vec(chart).unwrap();
    let config_digest = p.blob(repo, &config)?;
    let layer_digest = p.blob(repo, archive)?;
    let manifest = json!({
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": descriptor(HELM_CONFIG, &config_digest, config.len()),
        "layers": [descriptor(HELM_CHART, &layer_digest, archive.len())],
        "annotations": {"org.opencontainers.image.created": "2026-11-01T09:00:00Z"},
    });
    let tag = chart["version"].as_str().unwrap().replace('+', "_");
    p.manifest(
        repo,
        &tag,
        OCI_MANIFEST,
        &serde_json::to_vec(&manifest).unwrap(),
    )
}

/// Push an OCI artifact (one layer of `layer_type` holding `content`),
/// attached to `subject` when given, under its digest (or `tag`).
pub fn push_artifact(
    p: &Pusher,
    repo: &str,
    artifact_type: &str,
    layer_type: &str,
    content: &[u8],
    subject: Option<&Pushed>,
    tag: Option<&str>,
) -> Result<Pushed, String> {
    p.blob(repo, b"{}")?;
    let layer = p.blob(repo, content)?;
    let mut manifest = json!({
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "artifactType": artifact_type,
        "config": descriptor(OCI_EMPTY, &sha256(b"{}"), 2),
        "layers": [descriptor(layer_type, &layer, content.len())],
        "annotations": {"org.opencontainers.image.created": "2026-11-02T10:00:00Z"},
    });
    if let Some(s) = subject {
        manifest["subject"] = s.descriptor();
    }
    let body = serde_json::to_vec(&manifest).unwrap();
    let at = tag.map(String::from).unwrap_or_else(|| sha256(&body));
    p.manifest(repo, &at, OCI_MANIFEST, &body)
}

/// The referrers tag schema: the tag `sha256-<hex of subject>` on an index
/// of the artifacts that name it as their subject.
pub fn push_referrers_index(
    p: &Pusher,
    repo: &str,
    subject: &Pushed,
    artifacts: &[(&Pushed, &str)],
) -> Result<Pushed, String> {
    let manifests: Vec<Value> = artifacts
        .iter()
        .map(|(a, artifact_type)| {
            let mut d = a.descriptor();
            d["artifactType"] = json!(artifact_type);
            d
        })
        .collect();
    let index = json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": manifests});
    let tag = subject.digest.replace(':', "-");
    p.manifest(repo, &tag, OCI_INDEX, &serde_json::to_vec(&index).unwrap())
}

/// A manifest whose layers are `(media type, bytes, annotations)`, with a
/// small OCI config, as cosign writes signatures and attestations.
pub fn push_cosign_style(
    p: &Pusher,
    repo: &str,
    tag: &str,
    layers: &[(&str, Vec<u8>, Value)],
) -> Result<Pushed, String> {
    let config = br#"{"architecture":"","config":{},"created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":[]}}"#;
    let config_digest = p.blob(repo, config)?;
    let mut descs = Vec::new();
    for (t, bytes, annotations) in layers {
        let d = p.blob(repo, bytes)?;
        let mut desc = descriptor(t, &d, bytes.len());
        desc["annotations"] = annotations.clone();
        descs.push(desc);
    }
    let manifest = json!({
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": descriptor(OCI_CONFIG, &config_digest, config.len()),
        "layers": descs,
    });
    p.manifest(
        repo,
        tag,
        OCI_MANIFEST,
        &serde_json::to_vec(&manifest).unwrap(),
    )
}

/// A DSSE envelope around an in-toto statement.
pub fn dsse(statement: &Value) -> Vec<u8> {
    let payload = shipshape_csp::base64(&serde_json::to_vec(statement).unwrap());
    serde_json::to_vec(&json!({
        "payloadType": IN_TOTO,
        "payload": payload,
        "signatures": [{"keyid": "", "sig": "MEUCIQ=="}],
    }))
    .unwrap()
}

/// An in-toto statement about `subject` with this predicate.
pub fn statement(subject: &str, predicate_type: &str, predicate: Value) -> Value {
    let hex = subject.trim_start_matches("sha256:");
    json!({
        "_type": "https://in-toto.io/Statement/v0.1",
        "predicateType": predicate_type,
        "subject": [{"name": "image", "digest": {"sha256": hex}}],
        "predicate": predicate,
    })
}

/// A BuildKit-style index: `platform` and its attestation manifest (an
/// in-toto SPDX statement layer), tagged `tag`.
pub fn push_index_with_attestation(
    p: &Pusher,
    repo: &str,
    tag: &str,
    platform: &Pushed,
    spdx: &Value,
) -> Result<Pushed, String> {
    let st = statement(&platform.digest, "https://spdx.dev/Document", spdx.clone());
    let layer = serde_json::to_vec(&st).unwrap();
    let attestation = push_cosign_style(
        p,
        repo,
        &format!("att-{}", &platform.digest[7..19]),
        &[(
            IN_TOTO,
            layer,
            json!({"in-toto.io/predicate-type": "https://spdx.dev/Document"}),
        )],
    )?;
    let mut platform_desc = platform.descriptor();
    platform_desc["platform"] = json!({"os": "linux", "architecture": "amd64"});
    let mut att_desc = attestation.descriptor();
    att_desc["platform"] = json!({"os": "unknown", "architecture": "unknown"});
    att_desc["annotations"] = json!({
        "vnd.docker.reference.type": "attestation-manifest",
        "vnd.docker.reference.digest": platform.digest,
    });
    let index =
        json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [platform_desc, att_desc]});
    p.manifest(repo, tag, OCI_INDEX, &serde_json::to_vec(&index).unwrap())
}
