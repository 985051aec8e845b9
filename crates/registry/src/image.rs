//! What the tag list shows per image: kind, platforms, size, created date,
//! gathered with as few requests as the manifest kind allows.

use super::client::{FetchedManifest, Registry, Transport};
use super::digest::Digest;
use super::error::RegistryError;
use super::manifest::{ImageManifest, Manifest};
use super::reference::{Reference, RepositoryName};
use crate::description::Description;
use crate::time::Timestamp;
use std::collections::BTreeMap;

/// One platform of a multi-arch image.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct PlatformEntry {
    /// `linux/arm64/v8`
    pub platform: String,
    pub digest: String,
    /// Compressed size (config + layers); `None` when the child is missing.
    pub size: Option<u64>,
}

/// What kind of thing a tag points at.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum ImageKind {
    Image,
    Index,
    /// An OCI artifact (signature, SBOM, Helm chart…), with its type.
    Artifact(String),
    /// Schema1 or an unknown document, with its media type if known.
    Other(Option<String>),
}

/// A tag's image at a glance. Serialisable: the browser keeps each
/// repository's summaries by digest, to show a second visit at once.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct ImageSummary {
    pub digest: Digest,
    pub kind: ImageKind,
    /// Platforms of an index (attestations left out), or the one platform of
    /// an image when its config says it.
    pub platforms: Vec<PlatformEntry>,
    pub attestations: usize,
    /// Compressed size; for an index each distinct blob counted once.
    pub size: Option<u64>,
    /// From the config (or the `org.opencontainers.image.created`
    /// annotation), parsed once; `None` when the image has none that reads
    /// as an RFC 3339 time.
    pub created: Option<Timestamp>,
    /// Blob digest → compressed size: config and layers of the image (every
    /// platform of an index that could be read). What garbage collection
    /// may free when this manifest goes.
    pub blobs: BTreeMap<String, u64>,
    /// Manifest digest → bytes: the manifest itself and, for an index,
    /// every manifest it lists (attestations too). The registry stores
    /// them as blobs; the storage accounting counts them. Empty in
    /// summaries kept before it existed.
    #[serde(default)]
    pub manifests: BTreeMap<String, u64>,
    /// The image names a date that does not read as an RFC 3339 time: it
    /// has one, nobody knows which (planning keeps its tags).
    #[serde(default)]
    pub date_unparsed: bool,
    /// What the image says about itself (`org.opencontainers.image.*`),
    /// from what the summary read anyway: the manifest's annotations and
    /// the config's labels; of an index its own annotations, then its
    /// first platform's (and that config's labels when it was read for
    /// the date). `None` in summaries kept before it existed.
    #[serde(default)]
    pub description: Option<Description>,
}

/// A date as the image states it: parsed, and whether a date was given
/// that does not read as one.
fn dated(text: Option<&str>) -> (Option<Timestamp>, bool) {
    match text {
        Some(t) => {
            let parsed = Timestamp::parse(t);
            (parsed, parsed.is_none())
        }
        None => (None, false),
    }
}

const CREATED_ANNOTATION: &str = "org.opencontainers.image.created";

fn blobs(m: &ImageManifest, into: &mut BTreeMap<String, u64>) {
    into.insert(m.config.digest.to_string(), m.config.size);
    for l in &m.layers {
        into.insert(l.digest.to_string(), l.size);
    }
}

impl Registry {
    /// Summarise what `fetched` (a manifest already fetched) describes,
    /// fetching configs and index children as needed.
    pub async fn summarize(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        fetched: FetchedManifest,
    ) -> Result<ImageSummary, RegistryError> {
        let digest = fetched.digest.clone();
        let this_manifest = (digest.to_string(), fetched.bytes.len() as u64);
        match fetched.manifest {
            Manifest::Image { manifest, .. } => {
                if let Some(kind) = manifest.artifact_kind() {
                    let mut own = BTreeMap::new();
                    blobs(&manifest, &mut own);
                    let (created, date_unparsed) = dated(
                        manifest
                            .annotations
                            .get(CREATED_ANNOTATION)
                            .map(String::as_str),
                    );
                    return Ok(ImageSummary {
                        date_unparsed,
                        description: Some(Description::of(&[&manifest.annotations])),
                        blobs: own,
                        manifests: BTreeMap::from([this_manifest]),
                        digest,
                        kind: ImageKind::Artifact(kind.to_string()),
                        platforms: vec![],
                        attestations: 0,
                        size: Some(manifest.total_size()),
                        created,
                    });
                }
                let config = match manifest.config.digest.valid() {
                    Some(d) => Some(self.get_config(t, name, d).await?),
                    None => None,
                };
                let platforms = config
                    .as_ref()
                    .filter(|c| !c.os.is_empty())
                    .map(|c| {
                        let p = match c.variant.as_deref() {
                            Some(v) if !v.is_empty() => format!("{}/{}/{v}", c.os, c.architecture),
                            _ => format!("{}/{}", c.os, c.architecture),
                        };
                        vec![PlatformEntry {
                            platform: p,
                            digest: digest.to_string(),
                            size: Some(manifest.total_size()),
                        }]
                    })
                    .unwrap_or_default();
                let mut own = BTreeMap::new();
                blobs(&manifest, &mut own);
                let labels = config
                    .as_ref()
                    .and_then(|c| c.config.as_ref())
                    .and_then(|c| c.labels.clone())
                    .unwrap_or_default();
                let description = Description::of(&[&manifest.annotations, &labels]);
                // The config's date when it has one; else the annotation.
                let text = config
                    .and_then(|c| c.created)
                    .or_else(|| manifest.annotations.get(CREATED_ANNOTATION).cloned());
                let (created, date_unparsed) = dated(text.as_deref());
                Ok(ImageSummary {
                    blobs: own,
                    manifests: BTreeMap::from([this_manifest]),
                    digest,
                    kind: ImageKind::Image,
                    platforms,
                    attestations: 0,
                    size: Some(manifest.total_size()),
                    created,
                    date_unparsed,
                    description: Some(description),
                })
            }
            Manifest::Index { index, .. } => {
                let mut manifests = BTreeMap::from([this_manifest]);
                for entry in &index.manifests {
                    manifests.insert(entry.digest.to_string(), entry.size);
                }
                let mut all_blobs = BTreeMap::new();
                let mut platforms = Vec::new();
                // The first date found (the index's annotation, else the
                // first platform's config) counts, readable or not.
                let mut date: Option<String> = index.annotations.get(CREATED_ANNOTATION).cloned();
                let mut complete = true;
                // The first platform's annotations and labels (labels when
                // its config is read for the date).
                let mut first: Option<(BTreeMap<String, String>, BTreeMap<String, String>)> = None;
                for entry in index.platforms() {
                    let platform = entry
                        .platform
                        .as_ref()
                        .map(|p| p.display())
                        .unwrap_or_else(|| "?".into());
                    let child = match entry.digest.valid() {
                        Some(d) => match self
                            .get_manifest(t, name, &Reference::Digest(d.clone()))
                            .await
                        {
                            Ok(c) => Some(c),
                            // A partial copy: the child is missing. Show what exists.
                            Err(RegistryError::NotFound { .. }) => None,
                            Err(e) => return Err(e),
                        },
                        None => None,
                    };
                    let size = match child.map(|c| c.manifest) {
                        Some(Manifest::Image { manifest, .. }) => {
                            blobs(&manifest, &mut all_blobs);
                            let mut labels = BTreeMap::new();
                            if date.is_none() {
                                if let Some(cd) = manifest.config.digest.valid() {
                                    // A config that cannot be read is an
                                    // error, not "undated": an undated
                                    // image may be planned as the oldest.
                                    let config = self.get_config(t, name, cd).await?;
                                    date = config.created;
                                    labels =
                                        config.config.and_then(|c| c.labels).unwrap_or_default();
                                }
                            }
                            if first.is_none() {
                                first = Some((manifest.annotations.clone(), labels));
                            }
                            Some(manifest.total_size())
                        }
                        _ => {
                            complete = false;
                            None
                        }
                    };
                    platforms.push(PlatformEntry {
                        platform,
                        digest: entry.digest.to_string(),
                        size,
                    });
                }
                let (created, date_unparsed) = dated(date.as_deref());
                let (annotations, labels) = first.unwrap_or_default();
                let description = Description::of(&[&index.annotations, &annotations, &labels]);
                Ok(ImageSummary {
                    description: Some(description),
                    digest,
                    kind: ImageKind::Index,
                    platforms,
                    attestations: index.attestations().count(),
                    size: complete.then(|| all_blobs.values().sum()),
                    created,
                    date_unparsed,
                    blobs: all_blobs,
                    manifests,
                })
            }
            Manifest::Unsupported { media_type, .. } => Ok(ImageSummary {
                digest,
                kind: ImageKind::Other(media_type),
                platforms: vec![],
                attestations: 0,
                size: None,
                created: None,
                date_unparsed: false,
                blobs: BTreeMap::new(),
                manifests: BTreeMap::from([this_manifest]),
                description: Some(Description::default()),
            }),
        }
    }

    /// Fetch a tag's manifest and summarise it.
    pub async fn summarize_tag(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        reference: &Reference,
    ) -> Result<ImageSummary, RegistryError> {
        let fetched = self.get_manifest(t, name, reference).await?;
        self.summarize(t, name, fetched).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{block_on, status, with_headers, Scripted};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(bytes: &[u8]) -> String {
        Digest::sha256_of(bytes).to_string()
    }

    #[test]
    fn an_index_whose_date_cannot_be_read_is_an_error_not_undated() {
        let cfg = br#"{"created":"2026-01-01T00:00:00+01:00","os":"linux","architecture":"amd64"}"#;
        let child = format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"digest":"{}","size":{}}},"layers":[]}}"#,
            d(cfg),
            cfg.len()
        );
        let index = format!(
            r#"{{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {{"digest":"{}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}}]}}"#,
            d(child.as_bytes())
        );
        let name = RepositoryName::parse("a").unwrap();
        let r = Registry::new("http://r");
        // The config answers 400 (not retried): the summary fails.
        let t = Scripted::new(vec![
            with_headers(index.as_bytes(), &[]),
            with_headers(child.as_bytes(), &[]),
            status(400, ""),
        ]);
        let s = block_on(r.summarize_tag(&t, &name, &Reference::parse("v1").unwrap()));
        assert!(matches!(s, Err(RegistryError::Rejected { .. })), "{s:?}");
        // Read: an offset is a time like any other.
        let t = Scripted::new(vec![
            with_headers(index.as_bytes(), &[]),
            with_headers(child.as_bytes(), &[]),
            with_headers(cfg, &[]),
        ]);
        let s = block_on(r.summarize_tag(&t, &name, &Reference::parse("v1").unwrap())).unwrap();
        assert_eq!(s.created, Timestamp::parse("2025-12-31T23:00:00Z"));
        assert!(!s.date_unparsed);
    }

    #[test]
    fn a_summary_carries_what_the_image_says_about_itself_without_more_requests() {
        use crate::description::{DESCRIPTION, DOCUMENTATION, SOURCE};
        let cfg = format!(
            r#"{{"created":"2026-01-01T00:00:00Z","os":"linux","architecture":"amd64","config":{{"Labels":{{"{DESCRIPTION}":"from the label","{DOCUMENTATION}":"https://docs.example"}}}}}}"#
        );
        let child = format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"digest":"{}","size":{}}},"layers":[],"annotations":{{"{SOURCE}":"https://git.example/child"}}}}"#,
            d(cfg.as_bytes()),
            cfg.len()
        );
        let name = RepositoryName::parse("a").unwrap();
        let r = Registry::new("http://r");
        // An image: its annotations, then its config's labels.
        let t = Scripted::new(vec![
            with_headers(child.as_bytes(), &[]),
            with_headers(cfg.as_bytes(), &[]),
        ]);
        let s = block_on(r.summarize_tag(&t, &name, &Reference::parse("v1").unwrap())).unwrap();
        let said = s.description.unwrap();
        assert_eq!(said.description.as_deref(), Some("from the label"));
        assert_eq!(said.source.as_deref(), Some("https://git.example/child"));
        assert_eq!(said.documentation.as_deref(), Some("https://docs.example"));
        // An index: its own annotations first, then its first platform's
        // manifest and config (read for the date anyway: three requests).
        let index = format!(
            r#"{{"mediaType":"application/vnd.oci.image.index.v1+json","annotations":{{"{DESCRIPTION}":"from the index"}},"manifests":[
              {{"digest":"{}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}}]}}"#,
            d(child.as_bytes())
        );
        let t = Scripted::new(vec![
            with_headers(index.as_bytes(), &[]),
            with_headers(child.as_bytes(), &[]),
            with_headers(cfg.as_bytes(), &[]),
        ]);
        let s = block_on(r.summarize_tag(&t, &name, &Reference::parse("v1").unwrap())).unwrap();
        let said = s.description.unwrap();
        assert_eq!(said.description.as_deref(), Some("from the index"));
        assert_eq!(said.source.as_deref(), Some("https://git.example/child"));
        assert_eq!(said.documentation.as_deref(), Some("https://docs.example"));
    }

    #[test]
    fn a_date_that_does_not_read_is_marked_not_silently_undated() {
        assert_eq!(dated(None), (None, false));
        assert_eq!(dated(Some("yesterday")), (None, true));
        assert_eq!(
            dated(Some("2026-01-02T03:04:05.5-02:30")),
            (Timestamp::parse("2026-01-02T05:34:05Z"), false)
        );
    }

    #[test]
    fn an_index_counts_shared_blobs_once_and_marks_missing_children() {
        let cfg = br#"{"created":"2026-01-01T00:00:00Z","os":"linux","architecture":"amd64"}"#;
        let child = format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"digest":"{}","size":{}}},"layers":[{{"digest":"{}","size":1000}}]}}"#,
            d(cfg),
            cfg.len(),
            d(b"shared layer")
        );
        let child2 = format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"digest":"{}","size":{}}},"layers":[{{"digest":"{}","size":1000}},{{"digest":"{}","size":7}}]}}"#,
            d(cfg),
            cfg.len(),
            d(b"shared layer"),
            d(b"own layer")
        );
        let index = format!(
            r#"{{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {{"digest":"{}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}},
              {{"digest":"{}","size":1,"platform":{{"os":"linux","architecture":"arm64"}}}},
              {{"digest":"{}","size":1,"platform":{{"os":"unknown","architecture":"unknown"}}}}]}}"#,
            d(child.as_bytes()),
            d(child2.as_bytes()),
            d(b"att")
        );
        let name = RepositoryName::parse("a").unwrap();
        let t = Scripted::new(vec![
            with_headers(index.as_bytes(), &[]),
            with_headers(child.as_bytes(), &[]),
            with_headers(cfg, &[]),
            with_headers(child2.as_bytes(), &[]),
        ]);
        let r = Registry::new("http://r");
        let s = block_on(r.summarize_tag(&t, &name, &Reference::parse("v1").unwrap())).unwrap();
        assert_eq!(s.kind, ImageKind::Index);
        assert_eq!(s.platforms.len(), 2);
        assert_eq!(s.attestations, 1);
        assert_eq!(s.size, Some(cfg.len() as u64 + 1000 + 7));
        assert_eq!(s.created, Timestamp::parse("2026-01-01T00:00:00Z"));
        // The index itself and every manifest it lists (the attestation
        // too), as the registry stores them.
        assert_eq!(
            s.manifests,
            BTreeMap::from([
                (d(index.as_bytes()), index.len() as u64),
                (d(child.as_bytes()), 1),
                (d(child2.as_bytes()), 1),
                (d(b"att"), 1),
            ])
        );

        // The arm64 child is missing: shown, size unknown, total unknown.
        let t = Scripted::new(vec![
            with_headers(index.as_bytes(), &[]),
            with_headers(child.as_bytes(), &[]),
            with_headers(cfg, &[]),
            status(
                404,
                r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#,
            ),
        ]);
        let s = block_on(r.summarize_tag(&t, &name, &Reference::parse("v1").unwrap())).unwrap();
        assert_eq!(s.platforms[1].size, None);
        assert_eq!(s.size, None);
    }

    #[test]
    fn an_image_takes_platform_and_date_from_its_config() {
        let cfg = br#"{"created":"2026-02-03T04:05:06Z","os":"linux","architecture":"arm","variant":"v7"}"#;
        let m = format!(
            r#"{{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{}","size":{}}},"layers":[{{"digest":"{}","size":10}}]}}"#,
            d(cfg),
            cfg.len(),
            d(b"l")
        );
        let t = Scripted::new(vec![
            with_headers(m.as_bytes(), &[]),
            with_headers(cfg, &[]),
        ]);
        let s = block_on(Registry::new("http://r").summarize_tag(
            &t,
            &RepositoryName::parse("a").unwrap(),
            &Reference::parse("v1").unwrap(),
        ))
        .unwrap();
        assert_eq!(s.kind, ImageKind::Image);
        assert_eq!(s.platforms[0].platform, "linux/arm/v7");
        assert_eq!(s.size, Some(cfg.len() as u64 + 10));
        assert_eq!(s.created, Timestamp::parse("2026-02-03T04:05:06Z"));
    }

    #[test]
    fn the_config_date_comes_first_and_an_unreadable_one_leaves_the_image_undated() {
        let summarize = |config: &[u8]| {
            let manifest = format!(
                r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"digest":"{}","size":{}}},"layers":[],"annotations":{{"org.opencontainers.image.created":"2026-05-05T00:00:00Z"}}}}"#,
                d(config),
                config.len()
            );
            let t = Scripted::new(vec![
                with_headers(manifest.as_bytes(), &[]),
                with_headers(config, &[]),
            ]);
            let name = RepositoryName::parse("a").unwrap();
            block_on(Registry::new("http://r").summarize_tag(
                &t,
                &name,
                &Reference::parse("v1").unwrap(),
            ))
            .unwrap()
            .created
        };
        assert_eq!(
            summarize(br#"{"created":"2026-01-01T00:00:00Z","os":"linux","architecture":"amd64"}"#),
            Timestamp::parse("2026-01-01T00:00:00Z")
        );
        assert_eq!(
            summarize(br#"{"created":"last tuesday","os":"linux","architecture":"amd64"}"#),
            None
        );
        assert_eq!(
            summarize(br#"{"os":"linux","architecture":"amd64"}"#),
            Timestamp::parse("2026-05-05T00:00:00Z")
        );
    }
}
