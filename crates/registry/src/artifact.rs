//! What an artifact is and what it says: the kind of a manifest (Helm chart,
//! cosign signature, in-toto attestation, SBOM, vulnerability report, any
//! other OCI artifact, or a runnable image) by its `artifactType`, config
//! and layer media types; a Helm chart's config and the files unpacked from
//! its archive (`chart.rs`, bounded); cosign's simple-signing payload; SBOMs
//! and vulnerability reports (`document.rs`, capped). Registry content is
//! untrusted: every reader here is bounded in what it keeps and expands.

pub mod badge;
pub mod certificate;
pub mod chart;
pub mod document;
#[cfg(test)]
mod tests;

use crate::manifest::{media as manifest_media, Descriptor, ImageManifest};
use serde::Deserialize;
use std::collections::BTreeMap;

pub mod media {
    pub const HELM_CONFIG: &str = "application/vnd.cncf.helm.config.v1+json";
    pub const HELM_CHART: &str = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    pub const HELM_PROVENANCE: &str = "application/vnd.cncf.helm.chart.provenance.v1.prov";
    pub const COSIGN_SIMPLESIGNING: &str = "application/vnd.dev.cosign.simplesigning.v1+json";
    pub const COSIGN_SIG_ARTIFACT: &str = "application/vnd.dev.cosign.artifact.sig.v1+json";
    pub const SIGSTORE_BUNDLE_PREFIX: &str = "application/vnd.dev.sigstore.bundle";
    pub const DSSE: &str = "application/vnd.dsse.envelope.v1+json";
    pub const IN_TOTO: &str = "application/vnd.in-toto+json";
    pub const SPDX_JSON: &str = "application/spdx+json";
    pub const SPDX_JSON_TEXT: &str = "text/spdx+json";
    pub const CYCLONEDX_JSON: &str = "application/vnd.cyclonedx+json";
    pub const SARIF: &str = "application/sarif+json";
    pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
}

/// The annotation naming a layer's file (`oras push` sets it).
pub const TITLE_ANNOTATION: &str = "org.opencontainers.image.title";
/// The predicate type of a cosign attestation layer, and of a BuildKit one.
pub const COSIGN_PREDICATE_ANNOTATION: &str = "predicateType";
pub const BUILDKIT_PREDICATE_ANNOTATION: &str = "in-toto.io/predicate-type";
/// cosign's signature annotations on a simple-signing layer.
pub const COSIGN_SIGNATURE_ANNOTATION: &str = "dev.cosignproject.cosign/signature";
pub const COSIGN_CERTIFICATE_ANNOTATION: &str = "dev.sigstore.cosign/certificate";
pub const COSIGN_BUNDLE_ANNOTATION: &str = "dev.sigstore.cosign/bundle";

/// Which document format an SBOM or report is in, as its type says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Spdx,
    CycloneDx,
    Sarif,
}

impl Format {
    fn of_media_type(t: &str) -> Option<Format> {
        let t = crate::manifest::mime_essence(t);
        match t.as_str() {
            media::SPDX_JSON | media::SPDX_JSON_TEXT => Some(Format::Spdx),
            media::CYCLONEDX_JSON => Some(Format::CycloneDx),
            media::SARIF => Some(Format::Sarif),
            _ if t.contains("spdx") => Some(Format::Spdx),
            _ if t.contains("cyclonedx") => Some(Format::CycloneDx),
            _ if t.contains("sarif") => Some(Format::Sarif),
            _ => None,
        }
    }
}

/// What a manifest holds, decided in this order: Helm chart (config or
/// chart layer), cosign signature (simple-signing layer, or the cosign
/// signature artifact type, or a sigstore bundle), attestation (a DSSE or
/// in-toto layer), SBOM or report (SPDX, CycloneDX, SARIF by artifact or
/// layer type), another artifact (any other `artifactType` or config
/// type), else a runnable image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArtifactKind {
    Image,
    HelmChart,
    Signature,
    Attestation { predicate_type: Option<String> },
    Document(Format),
    Other { artifact_type: String },
}

impl ArtifactKind {
    pub fn of(m: &ImageManifest) -> ArtifactKind {
        let artifact_type = m.artifact_type.as_deref().unwrap_or("");
        let config = m.config.media_type.as_str();
        let has_layer = |t: &str| m.layers.iter().any(|l| l.media_type == t);
        if config == media::HELM_CONFIG
            || artifact_type == media::HELM_CONFIG
            || has_layer(media::HELM_CHART)
        {
            return ArtifactKind::HelmChart;
        }
        if has_layer(media::COSIGN_SIMPLESIGNING)
            || artifact_type == media::COSIGN_SIG_ARTIFACT
            || artifact_type.starts_with(media::SIGSTORE_BUNDLE_PREFIX)
        {
            return ArtifactKind::Signature;
        }
        if has_layer(media::DSSE) || has_layer(media::IN_TOTO) || artifact_type == media::IN_TOTO {
            let predicate_type = m.layers.iter().find_map(|l| {
                l.annotations
                    .get(COSIGN_PREDICATE_ANNOTATION)
                    .or_else(|| l.annotations.get(BUILDKIT_PREDICATE_ANNOTATION))
                    .cloned()
            });
            return ArtifactKind::Attestation { predicate_type };
        }
        if let Some(format) = Format::of_media_type(artifact_type)
            .or_else(|| Format::of_media_type(config))
            .or_else(|| {
                m.layers
                    .iter()
                    .find_map(|l| Format::of_media_type(&l.media_type))
            })
        {
            return ArtifactKind::Document(format);
        }
        match m.artifact_kind() {
            Some(t) => ArtifactKind::Other {
                artifact_type: t.to_string(),
            },
            None => ArtifactKind::Image,
        }
    }

    /// The layers whose contents say what this artifact says: the chart
    /// archive, the signed payload, the attestation envelopes, the document.
    pub fn content_layers<'m>(&self, m: &'m ImageManifest) -> Vec<&'m Descriptor> {
        let of_type = |t: &str| m.layers.iter().filter(|l| l.media_type == t).collect();
        match self {
            ArtifactKind::HelmChart => of_type(media::HELM_CHART),
            ArtifactKind::Signature => of_type(media::COSIGN_SIMPLESIGNING),
            ArtifactKind::Attestation { .. } => m
                .layers
                .iter()
                .filter(|l| l.media_type == media::DSSE || l.media_type == media::IN_TOTO)
                .collect(),
            ArtifactKind::Document(_) => {
                let typed: Vec<_> = m
                    .layers
                    .iter()
                    .filter(|l| Format::of_media_type(&l.media_type).is_some())
                    .collect();
                // An artifact typed by `artifactType` may carry its document
                // under a generic layer type: then every non-empty layer.
                if typed.is_empty() {
                    m.layers
                        .iter()
                        .filter(|l| l.media_type != media::OCI_EMPTY)
                        .collect()
                } else {
                    typed
                }
            }
            ArtifactKind::Image | ArtifactKind::Other { .. } => Vec::new(),
        }
    }

    /// Whether an attachment of this kind may hold an SBOM or a report.
    pub fn may_hold_document(&self) -> bool {
        matches!(
            self,
            ArtifactKind::Attestation { .. } | ArtifactKind::Document(_)
        )
    }
}

/// A file of a generic OCI artifact: a layer named by its title annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtifactFile {
    /// `None` when the layer has no title.
    pub title: Option<String>,
    pub media_type: String,
    pub size: u64,
    pub digest: String,
}

/// Every layer as a file.
pub fn files(m: &ImageManifest) -> Vec<ArtifactFile> {
    m.layers
        .iter()
        .map(|l| ArtifactFile {
            title: l.annotations.get(TITLE_ANNOTATION).cloned(),
            media_type: l.media_type.clone(),
            size: l.size,
            digest: l.digest.to_string(),
        })
        .collect()
}

/// Whether a config descriptor is one of the image config types (so the
/// config blob is an image config, not an artifact's own).
pub fn has_image_config(m: &ImageManifest) -> bool {
    let t = m.config.media_type.as_str();
    t == manifest_media::DOCKER_CONFIG || t == manifest_media::OCI_CONFIG
}

/// A Helm chart's config (`Chart.yaml` as JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HelmChart {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub app_version: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub api_version: Option<String>,
    #[serde(default, rename = "type")]
    pub chart_type: Option<String>,
    #[serde(default)]
    pub home: Option<String>,
    #[serde(default)]
    pub dependencies: Vec<HelmDependency>,
}

/// A dependency listed in a chart's config.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct HelmDependency {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub repository: Option<String>,
    #[serde(default)]
    pub condition: Option<String>,
}

/// Why a small JSON document (chart config, signature payload) could not
/// be read: what the parser said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub detail: String,
}

impl HelmChart {
    pub fn parse(bytes: &[u8]) -> Result<HelmChart, Unreadable> {
        serde_json::from_slice(bytes).map_err(|e| Unreadable {
            detail: e.to_string(),
        })
    }

    /// The tag Helm pushes a version under (`+` is not allowed in tags).
    pub fn tag(&self) -> String {
        self.version.replace('+', "_")
    }
}

/// cosign's simple-signing payload: what was signed, and the claims beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleSigning {
    /// `critical.image.docker-manifest-digest`: the digest the signature covers.
    pub signed_digest: Option<String>,
    /// `critical.identity.docker-reference`: the repository it was signed for.
    pub docker_reference: Option<String>,
    /// `critical.type`.
    pub kind: Option<String>,
    /// `optional`: the signer's own claims (`-a key=value`), as text.
    pub claims: Vec<(String, String)>,
}

impl SimpleSigning {
    pub fn parse(bytes: &[u8]) -> Result<SimpleSigning, Unreadable> {
        #[derive(Deserialize)]
        struct Payload {
            critical: Critical,
            #[serde(default)]
            optional: Option<BTreeMap<String, serde_json::Value>>,
        }
        #[derive(Deserialize)]
        struct Critical {
            #[serde(default)]
            identity: Option<Identity>,
            #[serde(default)]
            image: Option<Image>,
            #[serde(default, rename = "type")]
            kind: Option<String>,
        }
        #[derive(Deserialize)]
        struct Identity {
            #[serde(default, rename = "docker-reference")]
            docker_reference: Option<String>,
        }
        #[derive(Deserialize)]
        struct Image {
            #[serde(default, rename = "docker-manifest-digest")]
            digest: Option<String>,
        }
        let p: Payload = serde_json::from_slice(bytes).map_err(|e| Unreadable {
            detail: e.to_string(),
        })?;
        let claims = p
            .optional
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect();
        Ok(SimpleSigning {
            signed_digest: p.critical.image.and_then(|i| i.digest),
            docker_reference: p.critical.identity.and_then(|i| i.docker_reference),
            kind: p.critical.kind,
            claims,
        })
    }
}

/// What a signature layer's annotations say about how it was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignatureMarks {
    pub has_signature: bool,
    /// Keyless: a Fulcio certificate names the signer's identity.
    pub has_certificate: bool,
    /// A transparency-log (Rekor) bundle.
    pub has_bundle: bool,
}

impl SignatureMarks {
    pub fn of(layer: &Descriptor) -> SignatureMarks {
        let has = |k: &str| layer.annotations.get(k).is_some_and(|v| !v.is_empty());
        SignatureMarks {
            has_signature: has(COSIGN_SIGNATURE_ANNOTATION),
            has_certificate: has(COSIGN_CERTIFICATE_ANNOTATION),
            has_bundle: has(COSIGN_BUNDLE_ANNOTATION),
        }
    }
}

/// Which command pulls it, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullTool {
    /// `helm pull oci://…`
    Helm,
    /// `cosign download signature <subject>`
    CosignSignature,
    /// `cosign download attestation <subject>`
    CosignAttestation,
    /// `oras pull <ref>`
    Oras,
    /// A runnable image: the user's choice of client.
    Image,
}

impl ArtifactKind {
    pub fn pull_tool(&self) -> PullTool {
        match self {
            ArtifactKind::HelmChart => PullTool::Helm,
            ArtifactKind::Signature => PullTool::CosignSignature,
            ArtifactKind::Attestation { .. } => PullTool::CosignAttestation,
            ArtifactKind::Document(_) | ArtifactKind::Other { .. } => PullTool::Oras,
            ArtifactKind::Image => PullTool::Image,
        }
    }
}

/// The clients an image can be pulled with, and a plain reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageClient {
    Docker,
    Podman,
    Nerdctl,
    Reference,
}

impl ImageClient {
    pub const ALL: [ImageClient; 4] = [
        ImageClient::Docker,
        ImageClient::Podman,
        ImageClient::Nerdctl,
        ImageClient::Reference,
    ];

    /// Its name as stored and as the command starts.
    pub fn key(self) -> &'static str {
        match self {
            ImageClient::Docker => "docker",
            ImageClient::Podman => "podman",
            ImageClient::Nerdctl => "nerdctl",
            ImageClient::Reference => "reference",
        }
    }

    pub fn from_key(s: &str) -> Option<ImageClient> {
        ImageClient::ALL.into_iter().find(|c| c.key() == s)
    }

    /// The command for `reference` (`host/name:tag` or `host/name@digest`).
    pub fn command(self, reference: &str) -> String {
        match self {
            ImageClient::Reference => reference.to_string(),
            c => format!("{} pull {reference}", c.key()),
        }
    }
}

/// The pull commands of an artifact: `full` is `host/name`, `at` the tag
/// (`:tag`) or digest (`@sha256:…`) part, `subject` the image a signature
/// or attestation is attached to (`@sha256:…`), `chart_version` the
/// chart's version when the page is addressed by digest.
pub fn artifact_pull_commands(
    tool: PullTool,
    full: &str,
    at: &str,
    subject: Option<&str>,
    chart_version: Option<&str>,
) -> Vec<String> {
    match tool {
        PullTool::Helm => {
            let version = at
                .strip_prefix(':')
                .map(str::to_string)
                .or_else(|| chart_version.map(|v| v.to_string()));
            match version {
                Some(v) => vec![format!("helm pull oci://{full} --version {v}")],
                // helm names a chart by version only: by digest, oras
                // fetches the same archive.
                None => vec![format!("oras pull {full}{at}")],
            }
        }
        PullTool::CosignSignature | PullTool::CosignAttestation => {
            let what = if tool == PullTool::CosignSignature {
                "signature"
            } else {
                "attestation"
            };
            let mut out = Vec::new();
            if let Some(s) = subject {
                out.push(format!("cosign download {what} {full}{s}"));
            }
            out.push(format!("oras pull {full}{at}"));
            out
        }
        PullTool::Oras => vec![format!("oras pull {full}{at}")],
        PullTool::Image => ImageClient::ALL
            .into_iter()
            .map(|c| c.command(&format!("{full}{at}")))
            .collect(),
    }
}

/// Why one document of an artifact was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    Registry(crate::error::RegistryError),
    Document(document::DocumentError),
}

/// The most content layers of one artifact read.
pub const MAX_LAYERS_READ: usize = 8;
/// The annotation an artifact's creation date is in.
pub const CREATED_ANNOTATION: &str = "org.opencontainers.image.created";

/// An attached artifact as read: what it is, when it was made, and what
/// its documents say (only for attestations, SBOMs and reports).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub digest: crate::digest::Digest,
    pub kind: ArtifactKind,
    pub created: Option<String>,
    pub documents: Vec<Result<document::Document, ReadError>>,
}

impl crate::client::Registry {
    /// The documents an artifact holds (its content layers, at most
    /// [`MAX_LAYERS_READ`], each refused unread past
    /// [`document::MAX_DOCUMENT`] by its descriptor).
    pub async fn documents(
        &self,
        t: &impl crate::client::Transport,
        name: &crate::reference::RepositoryName,
        m: &ImageManifest,
    ) -> Vec<Result<document::Document, ReadError>> {
        let mut out = Vec::new();
        for layer in ArtifactKind::of(m)
            .content_layers(m)
            .into_iter()
            .take(MAX_LAYERS_READ)
        {
            out.push(self.document(t, name, layer).await);
        }
        out
    }

    async fn document(
        &self,
        t: &impl crate::client::Transport,
        name: &crate::reference::RepositoryName,
        layer: &Descriptor,
    ) -> Result<document::Document, ReadError> {
        if layer.size > document::MAX_DOCUMENT {
            return Err(ReadError::Document(document::DocumentError::TooLarge {
                size: layer.size,
                limit: document::MAX_DOCUMENT,
            }));
        }
        let Some(digest) = layer.digest.valid() else {
            return Err(ReadError::Document(document::DocumentError::BadDigest {
                digest: layer.digest.to_string(),
            }));
        };
        let bytes = self
            .get_blob(t, name, digest)
            .await
            .map_err(ReadError::Registry)?;
        document::read_document(&bytes).map_err(ReadError::Document)
    }

    /// An attached artifact (by its digest or tag): its manifest, its kind,
    /// and its documents when it may hold an SBOM or a report.
    pub async fn attachment(
        &self,
        t: &impl crate::client::Transport,
        name: &crate::reference::RepositoryName,
        reference: &crate::reference::Reference,
    ) -> Result<Attachment, crate::error::RegistryError> {
        let fetched = self.get_manifest(t, name, reference).await?;
        let (kind, created, documents) = match &fetched.manifest {
            crate::manifest::Manifest::Image { manifest, .. } => {
                let kind = ArtifactKind::of(manifest);
                let documents = if kind.may_hold_document() {
                    self.documents(t, name, manifest).await
                } else {
                    Vec::new()
                };
                let created = manifest.annotations.get(CREATED_ANNOTATION).cloned();
                (kind, created, documents)
            }
            other => (
                ArtifactKind::Other {
                    artifact_type: match other {
                        crate::manifest::Manifest::Unsupported { media_type, .. } => {
                            media_type.clone().unwrap_or_default()
                        }
                        _ => fetched.content_type.clone().unwrap_or_default(),
                    },
                },
                None,
                Vec::new(),
            ),
        };
        Ok(Attachment {
            digest: fetched.digest,
            kind,
            created,
            documents,
        })
    }
}
