//! Manifests (Docker schema2, Docker manifest list, OCI image, OCI index,
//! OCI artifacts) and image configs. The kind is decided from the
//! `Content-Type` header, then the body's `mediaType`, then the JSON shape;
//! anything else is kept as raw JSON with its media type.

use super::digest::Digest;
use super::error::{Expected, Got, RegistryError};
use super::response::{excerpt, parse_json_object};
use serde::Deserialize;
use std::collections::BTreeMap;

pub mod media {
    pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
    pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
    pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
    pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
    pub const DOCKER_SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
    pub const DOCKER_SCHEMA1_SIGNED: &str =
        "application/vnd.docker.distribution.manifest.v1+prettyjws";
    pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
    pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
}

/// Which document a manifest is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManifestKind {
    DockerImage,
    DockerList,
    OciImage,
    OciIndex,
}

impl ManifestKind {
    pub fn from_media_type(mt: &str) -> Option<ManifestKind> {
        match mt {
            media::DOCKER_MANIFEST => Some(ManifestKind::DockerImage),
            media::DOCKER_LIST => Some(ManifestKind::DockerList),
            media::OCI_MANIFEST => Some(ManifestKind::OciImage),
            media::OCI_INDEX => Some(ManifestKind::OciIndex),
            _ => None,
        }
    }

    pub fn is_index(self) -> bool {
        matches!(self, ManifestKind::DockerList | ManifestKind::OciIndex)
    }
}

/// Target platform of an image.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Platform {
    #[serde(default)]
    pub architecture: String,
    #[serde(default)]
    pub os: String,
    #[serde(default)]
    pub variant: Option<String>,
    #[serde(default, rename = "os.version")]
    pub os_version: Option<String>,
}

impl Platform {
    /// `linux/arm64/v8`
    pub fn display(&self) -> String {
        match &self.variant {
            Some(v) if !v.is_empty() => format!("{}/{}/{v}", self.os, self.architecture),
            _ => format!("{}/{}", self.os, self.architecture),
        }
    }
}

/// A descriptor's digest, parsed once when the manifest is read: a valid
/// digest, or the text the registry sent (shown as it is, never fetched).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DescriptorDigest {
    Valid(Digest),
    Invalid(String),
}

impl DescriptorDigest {
    pub fn parse(s: &str) -> DescriptorDigest {
        match Digest::parse(s) {
            Ok(d) => DescriptorDigest::Valid(d),
            Err(_) => DescriptorDigest::Invalid(s.to_string()),
        }
    }

    /// A digest's first 12 hex digits; other text cut to 12 characters.
    pub fn short(&self) -> String {
        match self {
            DescriptorDigest::Valid(d) => d.short().to_string(),
            DescriptorDigest::Invalid(s) => s.chars().take(12).collect(),
        }
    }

    /// The digest, when it is one.
    pub fn valid(&self) -> Option<&Digest> {
        match self {
            DescriptorDigest::Valid(d) => Some(d),
            DescriptorDigest::Invalid(_) => None,
        }
    }
}

impl Default for DescriptorDigest {
    fn default() -> Self {
        DescriptorDigest::Invalid(String::new())
    }
}

impl std::fmt::Display for DescriptorDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DescriptorDigest::Valid(d) => d.fmt(f),
            DescriptorDigest::Invalid(s) => f.write_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for DescriptorDigest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(DescriptorDigest::parse(&String::deserialize(d)?))
    }
}

/// A reference to content: media type, digest, size, and optional extras.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    #[serde(default)]
    pub media_type: String,
    pub digest: DescriptorDigest,
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub platform: Option<Platform>,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    #[serde(default)]
    pub artifact_type: Option<String>,
}

impl Descriptor {
    /// A BuildKit attestation entry in an index: not a platform.
    pub fn is_attestation(&self) -> bool {
        self.annotations
            .get("vnd.docker.reference.type")
            .is_some_and(|v| v == "attestation-manifest")
            || self
                .platform
                .as_ref()
                .is_some_and(|p| p.os == "unknown" && p.architecture == "unknown")
    }
}

/// An image manifest (Docker schema2 or OCI, including OCI artifacts).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageManifest {
    #[serde(default)]
    pub schema_version: u32,
    #[serde(default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub artifact_type: Option<String>,
    pub config: Descriptor,
    #[serde(default)]
    pub layers: Vec<Descriptor>,
    #[serde(default)]
    pub subject: Option<Descriptor>,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
}

impl ImageManifest {
    /// Compressed size: config plus layers.
    pub fn total_size(&self) -> u64 {
        self.config.size + self.layers.iter().map(|l| l.size).sum::<u64>()
    }

    /// What this artifact is, if it is one rather than a runnable image.
    pub fn artifact_kind(&self) -> Option<&str> {
        if let Some(t) = &self.artifact_type {
            return Some(t);
        }
        let cfg = self.config.media_type.as_str();
        if cfg != media::DOCKER_CONFIG && cfg != media::OCI_CONFIG && !cfg.is_empty() {
            return Some(cfg);
        }
        None
    }
}

/// A Docker manifest list or OCI index.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Index {
    #[serde(default)]
    pub schema_version: u32,
    #[serde(default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub artifact_type: Option<String>,
    pub manifests: Vec<Descriptor>,
    #[serde(default)]
    pub subject: Option<Descriptor>,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
}

impl Index {
    /// Entries that are real platforms (attestations left out).
    pub fn platforms(&self) -> impl Iterator<Item = &Descriptor> {
        self.manifests.iter().filter(|d| !d.is_attestation())
    }

    pub fn attestations(&self) -> impl Iterator<Item = &Descriptor> {
        self.manifests.iter().filter(|d| d.is_attestation())
    }

    /// The platform entry an attestation describes: BuildKit names its
    /// digest in the `vnd.docker.reference.digest` annotation.
    pub fn attested(&self, attestation: &Descriptor) -> Option<&Descriptor> {
        let named = attestation.annotations.get("vnd.docker.reference.digest")?;
        self.platforms().find(|p| p.digest.to_string() == *named)
    }
}

/// A parsed manifest.
// One per fetched manifest, never in large collections: the size of the
// `Image` variant does not matter, and boxing it would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Manifest {
    Image {
        kind: ManifestKind,
        manifest: ImageManifest,
    },
    Index {
        kind: ManifestKind,
        index: Index,
    },
    /// Schema1, Helm charts, anything else: shown as raw JSON.
    Unsupported {
        media_type: Option<String>,
        raw: String,
    },
}

impl Manifest {
    /// What a summary of it reads next, by digest: an image's config, an
    /// index's platform manifests.
    pub fn referenced(&self) -> Vec<Digest> {
        match self {
            Manifest::Image { manifest, .. } => manifest
                .config
                .digest
                .valid()
                .cloned()
                .into_iter()
                .collect(),
            Manifest::Index { index, .. } => index
                .platforms()
                .filter_map(|d| d.digest.valid().cloned())
                .collect(),
            Manifest::Unsupported { .. } => Vec::new(),
        }
    }
}

pub fn mime_essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Decide the kind and parse. `content_type` is the header value, if readable.
pub fn parse_manifest(content_type: Option<&str>, body: &[u8]) -> Result<Manifest, RegistryError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| RegistryError::Malformed {
            expected: Expected::JsonManifest,
            got: Got::unparsable(body, 160, &e),
        })?;
    if !value.is_object() {
        return Err(RegistryError::Malformed {
            expected: Expected::JsonObject,
            got: Got::Text(excerpt(&value.to_string(), 160)),
        });
    }
    let header_type = content_type.map(mime_essence);
    let body_type = value
        .get("mediaType")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let kind = header_type
        .as_deref()
        .and_then(ManifestKind::from_media_type)
        .or_else(|| body_type.as_deref().and_then(ManifestKind::from_media_type))
        .or_else(|| {
            // Shape, but only when nothing named another known type.
            let named_other = header_type.as_deref().is_some_and(|t| {
                t != "application/json" && t != "application/octet-stream" && !t.is_empty()
            }) || body_type.is_some();
            if named_other {
                return None;
            }
            if value.get("manifests").is_some_and(|m| m.is_array()) {
                Some(ManifestKind::OciIndex)
            } else if value.get("config").is_some() && value.get("layers").is_some() {
                Some(ManifestKind::OciImage)
            } else {
                None
            }
        });
    let shape_error = |e: serde_json::Error| RegistryError::Malformed {
        expected: Expected::ManifestFields,
        got: Got::unparsable(body, 160, &e),
    };
    match kind {
        Some(kind) if kind.is_index() => Ok(Manifest::Index {
            kind,
            index: serde_json::from_value(value).map_err(shape_error)?,
        }),
        Some(kind) => Ok(Manifest::Image {
            kind,
            manifest: serde_json::from_value(value).map_err(shape_error)?,
        }),
        None => Ok(Manifest::Unsupported {
            media_type: header_type
                .filter(|t| !t.is_empty() && t != "application/json")
                .or(body_type),
            raw: String::from_utf8_lossy(body).into_owned(),
        }),
    }
}

/// One step of the image's build history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct HistoryEntry {
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub empty_layer: bool,
}

/// The runtime settings inside an image config.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerConfig {
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    pub env: Option<Vec<String>>,
    #[serde(default)]
    pub entrypoint: Option<Vec<String>>,
    #[serde(default)]
    pub cmd: Option<Vec<String>>,
    #[serde(default)]
    pub volumes: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    pub working_dir: Option<String>,
    #[serde(default)]
    pub labels: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RootFs {
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub diff_ids: Vec<String>,
}

/// An image config blob.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ImageConfig {
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub architecture: String,
    #[serde(default)]
    pub os: String,
    #[serde(default)]
    pub variant: Option<String>,
    #[serde(default)]
    pub config: Option<ContainerConfig>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    #[serde(default)]
    pub rootfs: Option<RootFs>,
}

pub fn parse_config(body: &[u8]) -> Result<ImageConfig, RegistryError> {
    parse_json_object(body).map_err(|e| RegistryError::Malformed {
        expected: Expected::ImageConfig,
        got: Got::unparsable(body, 160, &e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn invalid_utf8_in_a_label_is_shown_with_replacement_characters() {
        let mut body =
            br#"{"architecture":"amd64","os":"linux","config":{"Labels":{"maintainer":"caf"#
                .to_vec();
        body.extend_from_slice(&[0xC3, 0x28, 0xFF]);
        body.extend_from_slice(br#""}}}"#);
        let config = parse_config(&body).unwrap();
        let label = config.config.unwrap().labels.unwrap()["maintainer"].clone();
        assert_eq!(label, "caf\u{FFFD}(\u{FFFD}");
    }

    const D: &str = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn a_manifest_names_what_its_summary_reads_next() {
        let image = format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"digest":"{D}","size":2}},"layers":[]}}"#
        );
        let m = parse_manifest(None, image.as_bytes()).unwrap();
        assert_eq!(m.referenced(), vec![Digest::parse(D).unwrap()]);
        let child = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
        let att = "sha256:0000000000000000000000000000000000000000000000000000000000000002";
        let index = format!(
            r#"{{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{child}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}},
              {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{att}","size":1,"annotations":{{"vnd.docker.reference.type":"attestation-manifest"}},"platform":{{"os":"unknown","architecture":"unknown"}}}}
            ]}}"#
        );
        let m = parse_manifest(None, index.as_bytes()).unwrap();
        assert_eq!(m.referenced(), vec![Digest::parse(child).unwrap()]);
    }

    fn image_body(media_type: Option<&str>) -> String {
        let mt = media_type
            .map(|m| format!(r#""mediaType":"{m}","#))
            .unwrap_or_default();
        format!(
            r#"{{"schemaVersion":2,{mt}"config":{{"mediaType":"{}","digest":"{D}","size":10}},"layers":[{{"mediaType":"x","digest":"{D}","size":5}},{{"digest":"{D}","size":7}}],"newField":true}}"#,
            media::OCI_CONFIG
        )
    }

    #[test]
    fn kind_comes_from_content_type_first() {
        let body = image_body(Some(media::OCI_MANIFEST));
        let m = parse_manifest(
            Some("application/vnd.docker.distribution.manifest.v2+json; charset=utf-8"),
            body.as_bytes(),
        )
        .unwrap();
        assert!(matches!(
            m,
            Manifest::Image {
                kind: ManifestKind::DockerImage,
                ..
            }
        ));
    }

    #[test]
    fn then_from_media_type_then_from_shape() {
        let body = image_body(Some(media::DOCKER_MANIFEST));
        let m = parse_manifest(Some("application/json"), body.as_bytes()).unwrap();
        assert!(matches!(
            m,
            Manifest::Image {
                kind: ManifestKind::DockerImage,
                ..
            }
        ));
        let body = image_body(None);
        match parse_manifest(None, body.as_bytes()).unwrap() {
            Manifest::Image { kind, manifest } => {
                assert_eq!(kind, ManifestKind::OciImage);
                assert_eq!(manifest.total_size(), 22);
                assert_eq!(manifest.artifact_kind(), None);
            }
            other => panic!("{other:?}"),
        }
        let index = format!(
            r#"{{"schemaVersion":2,"manifests":[{{"digest":"{D}","size":1,"platform":{{"os":"linux","architecture":"arm64","variant":"v8"}}}}]}}"#
        );
        match parse_manifest(None, index.as_bytes()).unwrap() {
            Manifest::Index { kind, index } => {
                assert_eq!(kind, ManifestKind::OciIndex);
                assert_eq!(
                    index
                        .platforms()
                        .next()
                        .unwrap()
                        .platform
                        .as_ref()
                        .unwrap()
                        .display(),
                    "linux/arm64/v8"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn schema1_helm_and_unknown_kinds_are_kept_raw() {
        let schema1 = r#"{"schemaVersion":1,"name":"a","tag":"b","fsLayers":[]}"#;
        assert_eq!(
            parse_manifest(Some(media::DOCKER_SCHEMA1_SIGNED), schema1.as_bytes()).unwrap(),
            Manifest::Unsupported {
                media_type: Some(media::DOCKER_SCHEMA1_SIGNED.into()),
                raw: schema1.into()
            }
        );
        let helm = r#"{"mediaType":"application/vnd.cncf.helm.chart.v1+json","x":1}"#;
        assert!(matches!(
            parse_manifest(None, helm.as_bytes()).unwrap(),
            Manifest::Unsupported { media_type: Some(t), .. } if t == "application/vnd.cncf.helm.chart.v1+json"
        ));
    }

    #[test]
    fn attestations_are_not_platforms() {
        let body = format!(
            r#"{{"mediaType":"{}","manifests":[
              {{"digest":"{D}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}},
              {{"digest":"{D}","size":1,"platform":{{"os":"unknown","architecture":"unknown"}},
                "annotations":{{"vnd.docker.reference.type":"attestation-manifest","vnd.docker.reference.digest":"{D}"}}}}]}}"#,
            media::OCI_INDEX
        );
        let Manifest::Index { index, .. } = parse_manifest(None, body.as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(index.platforms().count(), 1);
        assert_eq!(index.attestations().count(), 1);
        let attestation = index.attestations().next().unwrap();
        let platform = index.attested(attestation).unwrap();
        assert_eq!(platform.platform.as_ref().unwrap().display(), "linux/amd64");
        // Without the annotation, or naming no platform entry: none.
        assert!(index.attested(platform).is_none());
    }

    #[test]
    fn artifacts_are_recognised_by_artifact_type_or_config_type() {
        let sig = format!(
            r#"{{"mediaType":"{}","artifactType":"application/vnd.dev.cosign.artifact.sig.v1+json","config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{D}","size":2}},"layers":[],"subject":{{"mediaType":"{}","digest":"{D}","size":3}}}}"#,
            media::OCI_MANIFEST,
            media::OCI_MANIFEST
        );
        let Manifest::Image { manifest, .. } = parse_manifest(None, sig.as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(
            manifest.artifact_kind(),
            Some("application/vnd.dev.cosign.artifact.sig.v1+json")
        );
        assert_eq!(manifest.subject.unwrap().size, 3);
    }

    #[test]
    fn hostile_manifests_are_errors_not_panics() {
        for body in [
            &b""[..],
            b"{",
            b"[]",
            b"42",
            br#"{"manifests":[{"size":"big"}]}"#,
            br#"{"config":1,"layers":[]}"#,
        ] {
            assert!(
                matches!(
                    parse_manifest(None, body),
                    Err(RegistryError::Malformed { .. })
                ),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn config_fields_parse_and_missing_ones_are_tolerated() {
        let cfg = br#"{"created":"2026-01-02T03:04:05Z","architecture":"amd64","os":"linux",
          "config":{"Env":["PATH=/bin"],"Cmd":["sh"],"Labels":{"org.opencontainers.image.source":"https://x","k":"\u4e2d"},"ExposedPorts":{"80/tcp":{}},"WorkingDir":"/app","User":"1000"},
          "history":[{"created_by":"RUN x","empty_layer":true},{"comment":"c"}],"rootfs":{"type":"layers","diff_ids":["sha256:1"]}}"#;
        let c = parse_config(cfg).unwrap();
        assert_eq!(c.created.as_deref(), Some("2026-01-02T03:04:05Z"));
        let cc = c.config.unwrap();
        assert_eq!(cc.labels.unwrap()["k"], "中");
        assert_eq!(cc.working_dir.as_deref(), Some("/app"));
        assert!(c.history[0].empty_layer);
        assert_eq!(parse_config(b"{}").unwrap(), ImageConfig::default());
        assert!(parse_config(b"<html>").is_err());
        assert!(parse_config(b"[]").is_err());
    }
}
