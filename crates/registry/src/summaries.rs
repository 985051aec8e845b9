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
use super::manifest::parse_manifest;
use super::reference::{Reference, RepositoryName};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use futures::StreamExt;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
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

/// Rounds of [`KeptStore::preload`]: a tag's manifest, then its config or
/// its platforms' manifests, then those configs.
const PRELOAD_ROUNDS: usize = 3;
/// How many kept digests are summarised from the store at once (no request
/// is sent for what the store has).
const FROM_STORE_AT_ONCE: usize = 64;

/// What the browser kept of what a repository's tags pointed at (the
/// browser's side of [`Summaries::check_kept`]).
pub trait KeptStore {
    /// Read the kept manifests and configs of `digests` ahead, in one go,
    /// so that the summaries by digest read them without a request (the
    /// transport answers from what was read); the ones found, as bytes and
    /// content type.
    fn preload(&self, digests: &[Digest]) -> impl Future<Output = Vec<(Vec<u8>, Option<String>)>>;
    /// What [`KeptStore::preload`] read is not needed any more.
    fn forget_preloaded(&self) {}
    /// `tag` points at `digest` now (also when its summary then fails).
    fn set(&self, tag: &str, digest: &Digest);
    /// Keep `summary` (of a digest some tag has) with the tags.
    fn keep(&self, summary: &ImageSummary);
}

/// Where [`Summaries::check_kept`] says what it finds (the view).
pub trait KeptObserver {
    /// The rows known from what was kept, to show at once; answers the
    /// tags to check again, in the order to check them (rows on screen
    /// first), or `None` when nobody watches any more (then nothing is
    /// checked). Called with no rows when nothing was kept.
    fn show(&self, rows: Vec<(String, ImageSummary)>) -> Option<Vec<String>>;
    /// `checked` of `total` tags checked again so far (first with 0).
    fn progress(&self, checked: usize, total: usize);
    /// A tag checked again points at another image now (its summary), or
    /// could not be read (it vanished: `NotFound`; or another error).
    fn changed(&self, tag: String, now: Result<ImageSummary, RegistryError>);
}

/// How [`Summaries::check_kept`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeptChecked {
    /// Nothing was kept, or nobody watched the rows: nothing checked.
    NothingToCheck,
    /// Every tag shown from what was kept was checked again (what was
    /// kept is confirmed as of now).
    AllChecked { total: usize },
    /// Stopped early (the requests were cancelled): `checked` of `total`.
    Stopped { checked: usize, total: usize },
}

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

    /// A second visit: every tag in `kept` (a tag listed now → the digest
    /// it had when last seen) is shown at once from what was kept, then
    /// checked again, `concurrency` at a time, in the order the observer
    /// answers.
    ///
    /// 1. From what was kept, no request for what the store has: a row
    ///    whose digest has a kept summary (`kept_summaries`) as it is; for
    ///    any other digest its manifest and config read ahead from the
    ///    store ([`KeptStore::preload`], up to three rounds following
    ///    [`super::manifest::Manifest::referenced`]), then summarised by
    ///    digest (the transport answers from the store) and kept. A digest
    ///    that cannot be summarised so is left for the check.
    /// 2. Each tag checked again with a HEAD ([`Summaries::of_tag`]); a tag
    ///    that moved is reported with its new summary (and kept), one that
    ///    vanished or failed with its error. `Cancelled` stops the check.
    pub async fn check_kept(
        &self,
        kept: HashMap<String, Digest>,
        kept_summaries: Vec<ImageSummary>,
        store: &impl KeptStore,
        observer: &impl KeptObserver,
        concurrency: usize,
    ) -> KeptChecked {
        if kept.is_empty() {
            observer.show(Vec::new());
            return KeptChecked::NothingToCheck;
        }
        let by_digest: HashMap<Digest, ImageSummary> = kept_summaries
            .into_iter()
            .map(|s| (s.digest.clone(), s))
            .collect();
        let mut read: Vec<(String, ImageSummary)> = Vec::with_capacity(kept.len());
        let mut missing: BTreeSet<Digest> = BTreeSet::new();
        for (t, d) in &kept {
            match by_digest.get(d) {
                Some(s) => read.push((t.clone(), s.clone())),
                None => {
                    missing.insert(d.clone());
                }
            }
        }
        for s in by_digest.into_values() {
            self.know(s);
        }
        let mut round: Vec<Digest> = missing.iter().cloned().collect();
        for _ in 0..PRELOAD_ROUNDS {
            if round.is_empty() {
                break;
            }
            let found = store.preload(&round).await;
            round = found
                .iter()
                .filter_map(|(bytes, ct)| parse_manifest(ct.as_deref(), bytes).ok())
                .flat_map(|m| m.referenced())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
        }
        let from_store = kept.iter().filter(|(_, d)| missing.contains(d));
        let summarised: Vec<(String, ImageSummary)> = futures::stream::iter(from_store)
            .map(|(t, d)| async move { self.of_digest(d).await.ok().map(|v| (t.clone(), v)) })
            .buffer_unordered(FROM_STORE_AT_ONCE)
            .filter_map(|x| async move { x })
            .collect()
            .await;
        store.forget_preloaded();
        for (_, s) in &summarised {
            store.keep(s);
        }
        read.extend(summarised);
        let Some(taken) = observer.show(read) else {
            return KeptChecked::NothingToCheck;
        };
        if taken.is_empty() {
            return KeptChecked::NothingToCheck;
        }
        let total = taken.len();
        observer.progress(0, total);
        let (checked, stopped) = (Cell::new(0), Cell::new(false));
        let kept = &kept;
        let (checked_ref, stopped_ref) = (&checked, &stopped);
        futures::stream::iter(taken)
            .for_each_concurrent(concurrency.max(1), |tag| async move {
                if stopped_ref.get() {
                    return;
                }
                let remember = |d: &Digest| store.set(&tag, d);
                match self.of_tag(&tag, true, remember).await {
                    Ok((now, summary)) => {
                        if kept.get(&tag) != Some(&now) {
                            store.keep(&summary);
                            observer.changed(tag, Ok(summary));
                        }
                    }
                    Err(RegistryError::Cancelled) => {
                        stopped_ref.set(true);
                        return;
                    }
                    Err(e) => observer.changed(tag, Err(e)),
                }
                checked_ref.set(checked_ref.get() + 1);
                observer.progress(checked_ref.get(), total);
            })
            .await;
        match checked.get() {
            n if n == total => KeptChecked::AllChecked { total },
            checked => KeptChecked::Stopped { checked, total },
        }
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

    /// Runs a future whose stream combinators may yield on the way
    /// (nothing here ever waits for a timer or the network).
    fn run<F: std::future::Future>(f: F) -> F::Output {
        use std::pin::pin;
        use std::task::{Context, Poll, Waker};
        let mut f = pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..1000 {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
        panic!("a scripted future kept waiting")
    }

    /// The browser's store, in memory: what it holds by digest, and what
    /// it was asked and told.
    #[derive(Default)]
    struct Store {
        holds: HashMap<Digest, (Vec<u8>, Option<String>)>,
        preloads: RefCell<Vec<Vec<Digest>>>,
        forgot: Cell<bool>,
        set: RefCell<Vec<(String, Digest)>>,
        kept: RefCell<Vec<Digest>>,
    }

    impl KeptStore for Store {
        async fn preload(&self, digests: &[Digest]) -> Vec<(Vec<u8>, Option<String>)> {
            self.preloads.borrow_mut().push(digests.to_vec());
            digests
                .iter()
                .filter_map(|d| self.holds.get(d).cloned())
                .collect()
        }
        fn forget_preloaded(&self) {
            self.forgot.set(true);
        }
        fn set(&self, tag: &str, digest: &Digest) {
            self.set.borrow_mut().push((tag.into(), digest.clone()));
        }
        fn keep(&self, summary: &ImageSummary) {
            self.kept.borrow_mut().push(summary.digest.clone());
        }
    }

    /// The view: what it was shown and told, and how many requests had
    /// been sent when the kept rows were shown.
    struct View {
        transport: Rc<Scripted>,
        gone: bool,
        shown: RefCell<Option<Vec<(String, ImageSummary)>>>,
        asked_when_shown: Cell<usize>,
        progress: RefCell<Vec<(usize, usize)>>,
        changed: RefCell<Vec<(String, Result<ImageSummary, RegistryError>)>>,
    }

    impl View {
        fn of(transport: &Rc<Scripted>) -> Self {
            View {
                transport: transport.clone(),
                gone: false,
                shown: RefCell::default(),
                asked_when_shown: Cell::new(0),
                progress: RefCell::default(),
                changed: RefCell::default(),
            }
        }
    }

    impl KeptObserver for View {
        fn show(&self, rows: Vec<(String, ImageSummary)>) -> Option<Vec<String>> {
            self.asked_when_shown
                .set(self.transport.asked.borrow().len());
            let mut tags: Vec<String> = rows.iter().map(|(t, _)| t.clone()).collect();
            tags.sort();
            *self.shown.borrow_mut() = Some(rows);
            (!self.gone).then_some(tags)
        }
        fn progress(&self, checked: usize, total: usize) {
            self.progress.borrow_mut().push((checked, total));
        }
        fn changed(&self, tag: String, now: Result<ImageSummary, RegistryError>) {
            self.changed.borrow_mut().push((tag, now));
        }
    }

    /// A second image (another config), its digest, bytes and config.
    fn other_image() -> (Digest, Vec<u8>, Vec<u8>) {
        let cfg = br#"{"created":"2026-02-02T00:00:00Z","os":"linux","architecture":"arm64"}"#;
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

    fn head_of(d: &Digest) -> Result<crate::response::RawResponse, RegistryError> {
        with_headers(
            b"",
            &[
                ("Content-Type", media::OCI_MANIFEST),
                ("Docker-Content-Digest", &d.to_string()),
            ],
        )
    }

    fn summary_of(d: &Digest, image: &[u8], cfg: &[u8]) -> ImageSummary {
        let t = Rc::new(Scripted::new(vec![
            with_headers(image, &[("Content-Type", media::OCI_MANIFEST)]),
            with_headers(cfg, &[]),
        ]));
        block_on(
            Summaries::new(
                Registry::new("http://r"),
                t,
                RepositoryName::parse("app").unwrap(),
            )
            .of_digest(d),
        )
        .unwrap()
    }

    fn summaries_over(t: &Rc<Scripted>) -> Summaries<Rc<Scripted>> {
        Summaries::new(
            Registry::new("http://r"),
            t.clone(),
            RepositoryName::parse("app").unwrap(),
        )
    }

    fn kept(v: &[(&str, &Digest)]) -> HashMap<String, Digest> {
        v.iter()
            .map(|(t, d)| (t.to_string(), (*d).clone()))
            .collect()
    }

    const MANIFEST_UNKNOWN: &str =
        r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#;

    #[test]
    fn kept_rows_show_without_a_request_and_a_moved_or_vanished_tag_is_reported() {
        let (a, a_image, a_cfg) = one_image();
        let (b, b_image, b_cfg) = other_image();
        let a_summary = summary_of(&a, &a_image, &a_cfg);
        let b_summary = summary_of(&b, &b_image, &b_cfg);
        // Checked in the view's order: "gone", "moved", "same".
        let t = Rc::new(Scripted::new(vec![
            crate::testing::status(404, MANIFEST_UNKNOWN),
            // "moved" now on b: its HEAD, then b by digest and its config.
            head_of(&b),
            with_headers(&b_image, &[("Content-Type", media::OCI_MANIFEST)]),
            with_headers(&b_cfg, &[]),
            head_of(&a),
        ]));
        let (store, view) = (Store::default(), View::of(&t));
        let out = run(summaries_over(&t).check_kept(
            kept(&[("same", &a), ("moved", &a), ("gone", &a)]),
            vec![a_summary.clone()],
            &store,
            &view,
            1,
        ));
        assert_eq!(out, KeptChecked::AllChecked { total: 3 });
        // Every kept row shown before any request.
        assert_eq!(view.asked_when_shown.get(), 0);
        let mut shown = view.shown.borrow().clone().unwrap();
        shown.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(
            shown,
            vec![
                ("gone".to_string(), a_summary.clone()),
                ("moved".to_string(), a_summary.clone()),
                ("same".to_string(), a_summary.clone()),
            ]
        );
        assert!(store.preloads.borrow().is_empty(), "all were known");
        let changed = view.changed.borrow();
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert_eq!(changed[0].0, "gone");
        assert!(matches!(changed[0].1, Err(RegistryError::NotFound { .. })));
        assert_eq!(changed[1], ("moved".to_string(), Ok(b_summary)));
        assert_eq!(*store.kept.borrow(), vec![b.clone()]);
        assert_eq!(
            *store.set.borrow(),
            vec![("moved".to_string(), b), ("same".to_string(), a)]
        );
        assert_eq!(
            *view.progress.borrow(),
            vec![(0, 3), (1, 3), (2, 3), (3, 3)]
        );
        let methods: Vec<Method> = t.asked.borrow().iter().map(|r| r.method).collect();
        assert_eq!(
            methods,
            vec![
                Method::Head,
                Method::Head,
                Method::Get,
                Method::Get,
                Method::Head
            ]
        );
    }

    #[test]
    fn a_digest_without_a_kept_summary_is_read_ahead_from_the_store_and_kept() {
        let (a, a_image, a_cfg) = one_image();
        let cfg_digest = Digest::sha256_of(&a_cfg);
        let store = Store {
            holds: HashMap::from([(
                a.clone(),
                (a_image.clone(), Some(media::OCI_MANIFEST.to_string())),
            )]),
            ..Store::default()
        };
        // The transport answers the summary by digest as it would from the
        // store (the preloaded entries), then the check's HEAD.
        let t = Rc::new(Scripted::new(vec![
            with_headers(&a_image, &[("Content-Type", media::OCI_MANIFEST)]),
            with_headers(&a_cfg, &[]),
            head_of(&a),
        ]));
        let view = View::of(&t);
        let out = run(summaries_over(&t).check_kept(kept(&[("v1", &a)]), vec![], &store, &view, 6));
        assert_eq!(out, KeptChecked::AllChecked { total: 1 });
        // The manifest, then what it references (its config).
        assert_eq!(
            *store.preloads.borrow(),
            vec![vec![a.clone()], vec![cfg_digest]]
        );
        assert!(store.forgot.get());
        assert_eq!(*store.kept.borrow(), vec![a.clone()]);
        assert_eq!(view.asked_when_shown.get(), 2);
        assert_eq!(
            view.shown.borrow().as_ref().unwrap()[0],
            ("v1".to_string(), summary_of(&a, &a_image, &a_cfg))
        );
        assert!(view.changed.borrow().is_empty());
    }

    #[test]
    fn errors_of_the_check_are_reported_not_swallowed() {
        let (a, a_image, a_cfg) = one_image();
        let t = Rc::new(Scripted::new(vec![crate::testing::status(403, "")]));
        let view = View::of(&t);
        let out = run(summaries_over(&t).check_kept(
            kept(&[("v1", &a)]),
            vec![summary_of(&a, &a_image, &a_cfg)],
            &Store::default(),
            &view,
            6,
        ));
        assert_eq!(out, KeptChecked::AllChecked { total: 1 });
        let changed = view.changed.borrow();
        assert_eq!(changed.len(), 1);
        assert!(matches!(changed[0].1, Err(RegistryError::Denied { .. })));
    }

    #[test]
    fn a_cancelled_check_stops() {
        let (a, a_image, a_cfg) = one_image();
        let t = Rc::new(Scripted::new(vec![Err(RegistryError::Cancelled)]));
        let view = View::of(&t);
        let out = run(summaries_over(&t).check_kept(
            kept(&[("a", &a), ("b", &a), ("c", &a)]),
            vec![summary_of(&a, &a_image, &a_cfg)],
            &Store::default(),
            &view,
            1,
        ));
        assert_eq!(
            out,
            KeptChecked::Stopped {
                checked: 0,
                total: 3
            }
        );
        assert_eq!(t.asked.borrow().len(), 1, "nothing sent after the cancel");
        assert!(view.changed.borrow().is_empty(), "a cancel is no failure");
        assert_eq!(*view.progress.borrow(), vec![(0, 3)]);
    }

    #[test]
    fn nothing_kept_or_nobody_watching_checks_nothing() {
        let (a, a_image, a_cfg) = one_image();
        let t = Rc::new(Scripted::new(vec![]));
        let view = View::of(&t);
        let out =
            run(summaries_over(&t).check_kept(HashMap::new(), vec![], &Store::default(), &view, 6));
        assert_eq!(out, KeptChecked::NothingToCheck);
        assert_eq!(view.shown.borrow().as_deref(), Some(&[][..]));
        let gone = View {
            gone: true,
            ..View::of(&t)
        };
        let out = run(summaries_over(&t).check_kept(
            kept(&[("v1", &a)]),
            vec![summary_of(&a, &a_image, &a_cfg)],
            &Store::default(),
            &gone,
            6,
        ));
        assert_eq!(out, KeptChecked::NothingToCheck);
        assert!(t.asked.borrow().is_empty());
    }
}
