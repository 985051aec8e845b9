//! A repository's tag summaries, one per digest: every tag that points at a
//! digest shares its summary, also while it is still loading. The tag table
//! asks for rows as they come on screen; this keeps the requests at one
//! per tag plus one summary per distinct digest.
//!
//! How a tag is read the first time is a per-registry choice
//! ([`ManifestReads`]): on Harbor a manifest GET by tag is a pull (it moves
//! the image's pull time, which Harbor's retention reads) and on Docker Hub
//! it counts against the rate limit; a HEAD, and a GET by digest, do not.

use super::client::{FetchedManifest, Registry, Transport};
use super::digest::Digest;
use super::error::RegistryError;
use super::image::ImageSummary;
use super::reference::{Reference, RepositoryName};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// How a tag not seen before is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManifestReads {
    /// A `HEAD` by tag names the digest, then the manifest is fetched by
    /// digest: no read counts as a pull. One request more than
    /// [`ManifestReads::Get`] for a tag seen for the first time (the HEAD
    /// has no body). The default: a registry is read this way unless it is
    /// known to be plain distribution, and only configuration makes it
    /// known (`"manifest_reads": "get"` in its `config.json` entry). Nothing
    /// a registry answers proves it: Harbor, GitLab and zot embed or
    /// emulate distribution and send the same
    /// `Docker-Distribution-Api-Version: registry/2.0`, and zot's
    /// retention also counts pulls. Guessing wrong one way costs a HEAD
    /// per new tag; the other way moves pull times that retention reads.
    #[default]
    HeadThenGet,
    /// One `GET` by tag (digest and manifest in one answer): the cheapest,
    /// for plain distribution, where a GET is not counted.
    Get,
}

type Pending = Shared<LocalBoxFuture<'static, Result<ImageSummary, RegistryError>>>;

/// Summaries of one repository's tags, shared by digest. Cheap to clone
/// (clones share what is known and what is under way).
#[derive(Clone)]
pub struct Summaries<T> {
    registry: Registry,
    transport: T,
    name: RepositoryName,
    reads: ManifestReads,
    by_digest: Rc<RefCell<HashMap<Digest, Pending>>>,
}

impl<T: Transport + Clone + 'static> Summaries<T> {
    pub fn new(registry: Registry, transport: T, name: RepositoryName) -> Self {
        Summaries {
            registry,
            transport,
            name,
            reads: ManifestReads::default(),
            by_digest: Rc::default(),
        }
    }

    /// How tags not seen before are read (default
    /// [`ManifestReads::HeadThenGet`]).
    pub fn with_reads(mut self, reads: ManifestReads) -> Self {
        self.reads = reads;
        self
    }

    /// What `tag` points at now, and that image's summary. `seen`: the tag
    /// was seen on an earlier visit, so its manifest is probably kept by
    /// digest: a `HEAD`, then the manifest by digest. A new tag follows the
    /// registry's [`ManifestReads`]: the same `HEAD` then `GET` by digest,
    /// or one `GET` by tag (digest and manifest in one answer). When a HEAD
    /// names no digest (a cross-origin registry that does not expose
    /// `Docker-Content-Digest`), the tag is fetched by tag. A digest already
    /// summarised, or being summarised, is not asked again.
    /// `resolved` hears the digest as soon as it is known, also when the
    /// summary then fails.
    pub async fn of_tag(
        &self,
        tag: &str,
        seen: bool,
        resolved: impl FnOnce(&Digest),
    ) -> Result<(Digest, ImageSummary), RegistryError> {
        let reference =
            Reference::parse(tag).map_err(|e| RegistryError::invalid_reference(tag, e))?;
        let (digest, fetched) = self
            .registry
            .resolve_tag(
                &self.transport,
                &self.name,
                &reference,
                seen || self.reads == ManifestReads::HeadThenGet,
            )
            .await?;
        resolved(&digest);
        let summary = self.summary(&digest, fetched).await?;
        Ok((digest, summary))
    }

    /// The summary of the image `digest` names, from its manifest by
    /// digest (kept by the transport when it keeps content by digest: a
    /// second visit shows what it saw without asking the registry). Says
    /// nothing about which tags point at it now.
    pub async fn of_digest(&self, digest: &Digest) -> Result<ImageSummary, RegistryError> {
        self.summary(digest, None).await
    }

    /// One summary per digest, shared by every tag (and caller) asking.
    async fn summary(
        &self,
        digest: &Digest,
        fetched: Option<FetchedManifest>,
    ) -> Result<ImageSummary, RegistryError> {
        let known = self.by_digest.borrow().get(digest).cloned();
        let pending = match known {
            Some(p) => p,
            None => {
                let (registry, transport, name, d) = (
                    self.registry.clone(),
                    self.transport.clone(),
                    self.name.clone(),
                    digest.clone(),
                );
                let fut: LocalBoxFuture<'static, _> = Box::pin(async move {
                    let fetched = match fetched {
                        Some(f) => f,
                        // By digest: kept, or fetched and kept.
                        None => {
                            registry
                                .get_manifest(&transport, &name, &Reference::Digest(d))
                                .await?
                        }
                    };
                    registry.summarize(&transport, &name, fetched).await
                });
                let shared = fut.shared();
                self.by_digest
                    .borrow_mut()
                    .insert(digest.clone(), shared.clone());
                shared
            }
        };
        pending.await
    }

    /// A summary known already (kept from an earlier visit): a tag that
    /// turns out to point at its digest is not read again. A summary
    /// depends on its digest alone (a manifest and its config never change
    /// under their digests), so what was kept stays true.
    pub fn know(&self, summary: ImageSummary) {
        self.by_digest
            .borrow_mut()
            .entry(summary.digest.clone())
            .or_insert_with(|| futures::future::ready(Ok(summary)).boxed_local().shared());
    }

    /// How many distinct digests were asked for.
    #[cfg(test)]
    fn digests(&self) -> usize {
        self.by_digest.borrow().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::media;
    use crate::response::Method;
    use crate::testing::{block_on, with_headers, Scripted};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn tags_that_share_a_digest_share_one_summary() {
        let cfg = br#"{"created":"2026-01-01T00:00:00Z","os":"linux","architecture":"amd64"}"#;
        let image = format!(
            r#"{{"mediaType":"{}","config":{{"digest":"{}","size":{}}},"layers":[{{"digest":"{}","size":1000}}]}}"#,
            media::OCI_MANIFEST,
            Digest::sha256_of(cfg),
            cfg.len(),
            Digest::sha256_of(b"layer")
        );
        let d = Digest::sha256_of(image.as_bytes());
        let get = || {
            with_headers(
                image.as_bytes(),
                &[
                    ("Content-Type", media::OCI_MANIFEST),
                    ("Docker-Content-Digest", &d.to_string()),
                ],
            )
        };
        let head = with_headers(
            b"",
            &[
                ("Content-Type", media::OCI_MANIFEST),
                ("Docker-Content-Digest", &d.to_string()),
            ],
        );
        let t = Rc::new(Scripted::new(vec![
            // "v1", new: one GET by tag, then its config.
            get(),
            with_headers(cfg, &[]),
            // "latest", new, same digest: its GET only.
            get(),
            // "stable", seen before: a HEAD only.
            head,
        ]));
        let name = RepositoryName::parse("app").unwrap();
        let s = Summaries::new(Registry::new("http://r"), t.clone(), name)
            .with_reads(ManifestReads::Get);
        let (d1, a) = block_on(s.of_tag("v1", false, |_| {})).unwrap();
        let (d2, b) = block_on(s.of_tag("latest", false, |_| {})).unwrap();
        let mut heard = None;
        let (d3, c) = block_on(s.of_tag("stable", true, |d| heard = Some(d.clone()))).unwrap();
        assert_eq!(heard.as_ref(), Some(&d));
        assert_eq!((&d1, &d2, &d3), (&d, &d, &d));
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a.size, Some(cfg.len() as u64 + 1000));
        assert_eq!(s.digests(), 1);
        let asked: Vec<Method> = t.asked.borrow().iter().map(|r| r.method).collect();
        assert_eq!(
            asked,
            vec![Method::Get, Method::Get, Method::Get, Method::Head]
        );
    }

    #[test]
    fn a_summary_known_already_costs_its_tag_one_head() {
        let (d, image, cfg) = one_image();
        // Summarised once (as an earlier visit did), kept, made known.
        let earlier = Rc::new(Scripted::new(vec![
            with_headers(&image, &[("Content-Type", media::OCI_MANIFEST)]),
            with_headers(&cfg, &[]),
        ]));
        let name = RepositoryName::parse("app").unwrap();
        let kept = block_on(
            Summaries::new(Registry::new("http://r"), earlier, name.clone()).of_digest(&d),
        )
        .unwrap();
        let text = serde_json::to_string(&kept).unwrap();
        let read: ImageSummary = serde_json::from_str(&text).unwrap();
        assert_eq!(read, kept);
        let t = Rc::new(Scripted::new(vec![with_headers(
            b"",
            &[
                ("Content-Type", media::OCI_MANIFEST),
                ("Docker-Content-Digest", &d.to_string()),
            ],
        )]));
        let s = Summaries::new(Registry::new("http://r"), t.clone(), name);
        s.know(read);
        let (now, summary) = block_on(s.of_tag("v1", true, |_| {})).unwrap();
        assert_eq!((now, summary), (d, kept));
        let asked: Vec<Method> = t.asked.borrow().iter().map(|r| r.method).collect();
        assert_eq!(asked, vec![Method::Head]);
        // A kept summary whose digest does not parse is not read back.
        let bad = text.replacen("sha256:", "sha256:zz", 1);
        assert!(serde_json::from_str::<ImageSummary>(&bad).is_err());
    }

    #[test]
    fn a_digest_seen_before_is_summarised_by_digest_and_shared_with_its_tag() {
        let (d, image, cfg) = one_image();
        let t = Rc::new(Scripted::new(vec![
            // The summary by digest: the manifest by digest, its config.
            with_headers(&image, &[("Content-Type", media::OCI_MANIFEST)]),
            with_headers(&cfg, &[]),
            // The tag checked afterwards: a HEAD, nothing more.
            with_headers(
                b"",
                &[
                    ("Content-Type", media::OCI_MANIFEST),
                    ("Docker-Content-Digest", &d.to_string()),
                ],
            ),
        ]));
        let s = Summaries::new(
            Registry::new("http://r"),
            t.clone(),
            RepositoryName::parse("app").unwrap(),
        );
        let early = block_on(s.of_digest(&d)).unwrap();
        let (now, checked) = block_on(s.of_tag("v1", true, |_| {})).unwrap();
        assert_eq!(now, d);
        assert_eq!(early, checked);
        assert_eq!(s.digests(), 1);
        let asked: Vec<(Method, String)> = t
            .asked
            .borrow()
            .iter()
            .map(|r| (r.method, r.url.clone()))
            .collect();
        assert_eq!(asked.len(), 3, "{asked:?}");
        assert_eq!(
            asked[0],
            (Method::Get, format!("http://r/v2/app/manifests/{d}"))
        );
        assert_eq!(
            asked[2],
            (Method::Head, "http://r/v2/app/manifests/v1".into())
        );
    }

    /// An image manifest and its config, and the answers a HEAD and a GET
    /// of it get.
    fn one_image() -> (Digest, Vec<u8>, Vec<u8>) {
        let cfg = br#"{"created":"2026-01-01T00:00:00Z","os":"linux","architecture":"amd64"}"#;
        let image = format!(
            r#"{{"mediaType":"{}","config":{{"digest":"{}","size":{}}},"layers":[]}}"#,
            media::OCI_MANIFEST,
            Digest::sha256_of(cfg),
            cfg.len(),
        );
        (
            Digest::sha256_of(image.as_bytes()),
            image.into_bytes(),
            cfg.to_vec(),
        )
    }

    /// `(method, by digest?)` of every manifest request sent.
    fn manifest_requests(t: &Scripted) -> Vec<(Method, bool)> {
        t.asked
            .borrow()
            .iter()
            .filter(|r| r.url.contains("/manifests/"))
            .map(|r| (r.method, r.url.contains("sha256:")))
            .collect()
    }

    #[test]
    fn head_then_get_never_gets_a_manifest_by_tag() {
        let (d, image, cfg) = one_image();
        let headers = [
            ("Content-Type", media::OCI_MANIFEST),
            ("Docker-Content-Digest", &d.to_string()),
        ];
        let t = Rc::new(Scripted::new(vec![
            // "v1", new: HEAD by tag, GET by digest, config.
            with_headers(b"", &headers),
            with_headers(&image, &headers),
            with_headers(&cfg, &[]),
            // "latest", new, same digest: its HEAD only.
            with_headers(b"", &headers),
        ]));
        let s = Summaries::new(
            Registry::new("http://r"),
            t.clone(),
            RepositoryName::parse("app").unwrap(),
        );
        assert_eq!(s.reads, ManifestReads::HeadThenGet, "the default");
        let (d1, a) = block_on(s.of_tag("v1", false, |_| {})).unwrap();
        let (d2, b) = block_on(s.of_tag("latest", false, |_| {})).unwrap();
        assert_eq!((&d1, &d2), (&d, &d));
        assert_eq!(a, b);
        assert_eq!(
            manifest_requests(&t),
            vec![
                (Method::Head, false),
                (Method::Get, true),
                (Method::Head, false)
            ]
        );
        assert_eq!(t.asked.borrow().len(), 4);
    }

    #[test]
    fn get_by_tag_reads_a_new_tag_in_one_request_and_a_seen_one_with_a_head() {
        let (d, image, cfg) = one_image();
        let headers = [
            ("Content-Type", media::OCI_MANIFEST),
            ("Docker-Content-Digest", &d.to_string()),
        ];
        let t = Rc::new(Scripted::new(vec![
            with_headers(&image, &headers),
            with_headers(&cfg, &[]),
            with_headers(b"", &headers),
        ]));
        let s = Summaries::new(
            Registry::new("http://r"),
            t.clone(),
            RepositoryName::parse("app").unwrap(),
        )
        .with_reads(ManifestReads::Get);
        block_on(s.of_tag("v1", false, |_| {})).unwrap();
        block_on(s.of_tag("stable", true, |_| {})).unwrap();
        assert_eq!(
            manifest_requests(&t),
            vec![(Method::Get, false), (Method::Head, false)]
        );
    }

    #[test]
    fn a_head_without_a_digest_falls_back_to_a_get_by_tag() {
        // Cross-origin without `Docker-Content-Digest` exposed: the HEAD
        // cannot name the digest, so the manifest is fetched by tag.
        let (d, image, cfg) = one_image();
        let t = Rc::new(Scripted::new(vec![
            with_headers(b"", &[("Content-Type", media::OCI_MANIFEST)]),
            with_headers(&image, &[("Content-Type", media::OCI_MANIFEST)]),
            with_headers(&cfg, &[]),
        ]));
        let s = Summaries::new(
            Registry::new("http://r"),
            t.clone(),
            RepositoryName::parse("app").unwrap(),
        );
        let (got, _) = block_on(s.of_tag("v1", false, |_| {})).unwrap();
        assert_eq!(got, d);
        assert_eq!(
            manifest_requests(&t),
            vec![(Method::Head, false), (Method::Get, false)]
        );
    }

    #[test]
    fn the_setting_reads_as_config_json_spells_it() {
        let r: ManifestReads = serde_json::from_str(r#""head-then-get""#).unwrap();
        assert_eq!(r, ManifestReads::HeadThenGet);
        let r: ManifestReads = serde_json::from_str(r#""get""#).unwrap();
        assert_eq!(r, ManifestReads::Get);
        assert!(serde_json::from_str::<ManifestReads>(r#""head""#).is_err());
    }

    #[test]
    fn a_bad_tag_is_refused_before_sending() {
        let t = Rc::new(Scripted::new(vec![]));
        let s = Summaries::new(
            Registry::new("http://r"),
            t.clone(),
            RepositoryName::parse("app").unwrap(),
        );
        assert!(matches!(
            block_on(s.of_tag("-bad", false, |_| {})),
            Err(RegistryError::InvalidReference { .. })
        ));
        assert!(t.asked.borrow().is_empty());
    }
}
