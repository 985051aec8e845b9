//! Request sequences over any [`Transport`]: pagination, page-size retries,
//! "no tags" normalisation. The browser implements `Transport` with `fetch`;
//! tests implement it with recorded answers.

use super::catalog::{parse_catalog_page, parse_tags_page};
use super::digest::Digest;
use super::error::{ErrorCode, Expected, Got, RegistryError};
use super::manifest::{media, parse_config, parse_manifest, ImageConfig, Manifest};
use super::pagination::{next_link, resolve_same_origin, LinkError};
use super::reference::{paths, Reference, RepositoryName, Tag};
use super::response::{Method, RawResponse, Request, MANIFEST_ACCEPT};
use super::retry::{delay_ms, RetryNotice, MAX_RETRIES};
use std::future::Future;

/// Where a manifest's digest came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestSource {
    /// `Docker-Content-Digest`, checked against the bytes.
    Header,
    /// Computed from the bytes (the header was absent or not exposed).
    Computed,
    /// `Docker-Content-Digest` of a signed schema1 manifest: it covers the
    /// payload without its signatures, so it cannot be checked against the
    /// bytes served.
    HeaderUnverifiable,
}

/// A manifest as served: exact bytes, their digest, and the parsed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedManifest {
    pub digest: Digest,
    pub digest_source: DigestSource,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
    pub manifest: Manifest,
}

/// How a DELETE ended when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// 202: the manifest (and on 2.x every tag pointing at it) is gone.
    Deleted,
    /// 404 `MANIFEST_UNKNOWN`: it was already gone.
    AlreadyGone,
    /// The answer was lost (connection dropped, timeout, proxy error), and
    /// a HEAD afterwards found the manifest gone.
    GoneAfterCheck,
}

/// An artifact attached to an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Referrer {
    /// e.g. `application/vnd.dev.cosign.artifact.sig.v1+json`, or the
    /// cosign tag kind (`sig`, `att`, `sbom`) for the tag schema.
    pub artifact_type: String,
    pub digest: Option<String>,
    /// The tag it is found under (tag schema).
    pub tag: Option<String>,
}

/// The entries of an index of referrers (the API's answer, or the tag
/// schema's index under `tag`).
fn listed_referrers(body: &[u8], tag: Option<&str>) -> Result<Vec<Referrer>, RegistryError> {
    let Manifest::Index { index, .. } = parse_manifest(Some(media::OCI_INDEX), body)? else {
        return Err(RegistryError::Malformed {
            expected: Expected::ReferrersIndex,
            got: Got::Text(super::response::excerpt(
                &String::from_utf8_lossy(body),
                160,
            )),
        });
    };
    Ok(index
        .manifests
        .into_iter()
        .map(|d| Referrer {
            artifact_type: d.artifact_type.unwrap_or(d.media_type),
            digest: Some(d.digest.to_string()),
            tag: tag.map(String::from),
        })
        .collect())
}

fn tag_referrers(digest: &Digest, tags: &[String]) -> Vec<Referrer> {
    let prefix = digest.tag_prefix();
    let mut out: Vec<Referrer> = tags
        .iter()
        .filter_map(|t| {
            let kind = t.strip_prefix(&prefix)?.strip_prefix('.')?;
            matches!(kind, "sig" | "att" | "sbom").then(|| Referrer {
                artifact_type: kind.to_string(),
                digest: None,
                tag: Some(t.clone()),
            })
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| a.tag.cmp(&b.tag));
    out
}

/// What a `HEAD` on a manifest tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestHead {
    /// `None` when `Docker-Content-Digest` is not readable (cross-origin
    /// without `Access-Control-Expose-Headers`).
    pub digest: Option<Digest>,
    pub content_type: Option<String>,
    pub size: Option<u64>,
}

/// Sends one request and returns the raw answer. Network-level failures
/// (no answer at all) are returned as `RegistryError` by the implementation.
pub trait Transport {
    fn send(&self, request: Request) -> impl Future<Output = Result<RawResponse, RegistryError>>;

    /// Wait before a retry. Scripted transports do not wait.
    fn sleep(&self, _ms: u32) -> impl Future<Output = ()> {
        std::future::ready(())
    }

    /// A retry is about to happen (`Some`), or the retried request has
    /// ended (`None`). The browser shows it.
    fn notice(&self, _retry: Option<RetryNotice>) {}

    /// A read failed for good: say more precisely why when the transport
    /// can find out (the browser tells a CORS refusal from no answer).
    fn diagnose(&self, error: RegistryError) -> impl Future<Output = RegistryError> {
        std::future::ready(error)
    }

    /// Milliseconds on a clock that only moves forward (the delete engine
    /// bounds how old its last check may be). Transports without a clock
    /// answer 0: every check counts as fresh.
    fn now_ms(&self) -> f64 {
        0.0
    }

    /// `digest` was deleted: forget anything kept for it, so no page shows
    /// it as present from a cache.
    fn forget(&self, _digest: &Digest) {}

    /// Whether every header of an answer from `url` is readable. A browser
    /// hides headers of cross-origin answers that the server does not
    /// expose, `Link` among them: a page without `Link` then does not
    /// prove it is the last. Unknown transports say no (fail closed: the
    /// page after is asked for).
    fn headers_visible(&self, _url: &str) -> bool {
        false
    }
}

/// A shared transport is a transport.
impl<T: Transport> Transport for std::rc::Rc<T> {
    fn send(&self, request: Request) -> impl Future<Output = Result<RawResponse, RegistryError>> {
        (**self).send(request)
    }
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        (**self).sleep(ms)
    }
    fn notice(&self, retry: Option<RetryNotice>) {
        (**self).notice(retry)
    }
    fn diagnose(&self, error: RegistryError) -> impl Future<Output = RegistryError> {
        (**self).diagnose(error)
    }
    fn now_ms(&self) -> f64 {
        (**self).now_ms()
    }
    fn forget(&self, digest: &Digest) {
        (**self).forget(digest)
    }
    fn headers_visible(&self, url: &str) -> bool {
        (**self).headers_visible(url)
    }
}

/// Catalog page size asked for first: distribution's default `maxentries`.
pub const CATALOG_PAGE: u32 = 1000;
/// Page size after a 400 `PAGINATION_NUMBER_INVALID`.
pub const CATALOG_PAGE_FALLBACK: u32 = 100;
/// Safety stop for a registry whose next links never end.
pub const MAX_PAGES: usize = 10_000;

/// The catalog as [`Registry::read_catalog`] read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogListing {
    /// Every repository, in the registry's order.
    pub names: Vec<String>,
    /// A full page came without a `Link` header, and asking with `?last=`
    /// found more: the registry (or its CORS settings) hides `Link` from
    /// the page. The list is complete; the user should be told why it was
    /// slower to read, and how to fix it.
    pub link_hidden: bool,
}

/// A registry at `base` (e.g. `http://127.0.0.1:5000`, no trailing slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registry {
    base: String,
    /// Tags no delete ever removes (config.json's `protected`, the CLI's
    /// `--protect`): the engine stops any image carrying one.
    protected: crate::pattern::Pattern,
}

impl Registry {
    pub fn new(base: &str) -> Self {
        Registry {
            base: base.trim_end_matches('/').to_string(),
            protected: crate::pattern::Pattern::default(),
        }
    }

    /// This registry with `protected` tag patterns, which no delete removes.
    pub fn with_protected(mut self, protected: crate::pattern::Pattern) -> Self {
        self.protected = protected;
        self
    }

    /// The protected tag patterns (empty: none).
    pub fn protected(&self) -> &crate::pattern::Pattern {
        &self.protected
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET /v2/`: is this a v2 registry we may read?
    /// Send an idempotent request (GET, HEAD), retrying with backoff what
    /// may pass (see `retry::delay_ms`). Returns the last answer: a 5xx
    /// after the last retry is an `Ok` answer the caller maps as usual.
    pub async fn fetch(
        &self,
        t: &impl Transport,
        request: Request,
    ) -> Result<RawResponse, RegistryError> {
        debug_assert!(matches!(request.method, Method::Get | Method::Head));
        let mut attempt = 0;
        loop {
            let result = t.send(request.clone()).await;
            let failure = match &result {
                Ok(resp) if matches!(resp.status, 429 | 500..=599) => {
                    Some(RegistryError::from_response(resp))
                }
                Ok(_) => None,
                Err(e) => Some(e.clone()),
            };
            let wait = failure.as_ref().and_then(|e| delay_ms(attempt + 1, e));
            match (wait, failure) {
                (Some(wait_ms), Some(error)) => {
                    attempt += 1;
                    t.notice(Some(RetryNotice {
                        attempt,
                        max: MAX_RETRIES,
                        wait_ms,
                        error,
                    }));
                    t.sleep(wait_ms).await;
                }
                _ => {
                    if attempt > 0 {
                        t.notice(None);
                    }
                    return match result {
                        Err(e @ RegistryError::Unreachable { .. }) => Err(t.diagnose(e).await),
                        other => other,
                    };
                }
            }
        }
    }

    /// The registry's clock (its `Date` header on `GET /v2/`), when it
    /// answers and the header is readable (cross-origin only if exposed).
    pub async fn registry_time(&self, t: &impl Transport) -> Option<i64> {
        let resp = self
            .fetch(t, Request::get(self.url(paths::base())).no_store(true))
            .await
            .ok()?;
        resp.header("Date")
            .and_then(|d| crate::time::parse_http_date(&d))
    }

    pub async fn check(&self, t: &impl Transport) -> Result<(), RegistryError> {
        let resp = self.fetch(t, Request::get(self.url(paths::base()))).await?;
        if resp.is_success() {
            Ok(())
        } else {
            Err(RegistryError::from_response(&resp))
        }
    }

    /// Every repository name, following next links to the end.
    /// `on_page` is given each page's names as it arrives, and whether
    /// more pages follow (a long catalog can be shown while it loads).
    pub async fn list_repositories(
        &self,
        t: &impl Transport,
        on_page: impl FnMut(&[String], bool),
    ) -> Result<Vec<String>, RegistryError> {
        self.read_catalog(t, on_page).await.map(|c| c.names)
    }

    /// [`Registry::list_repositories`], saying whether the pages had to be
    /// asked for without the registry's `Link` header. A page exactly as
    /// long as asked for, without `Link`, may not be the last: a registry
    /// on another origin that does not expose `Link` to the page looks just
    /// like that. So the page after it is asked for with `?last=`; names
    /// there mean the header was hidden ([`CatalogListing::link_hidden`]).
    /// A registry that then answers with names not after `last` (it ignores
    /// `last`) cannot be read further: [`RegistryError::LinkHidden`].
    pub async fn read_catalog(
        &self,
        t: &impl Transport,
        mut on_page: impl FnMut(&[String], bool),
    ) -> Result<CatalogListing, RegistryError> {
        // Smaller pages after a 400 PAGINATION_NUMBER_INVALID (a registry
        // with a lower `catalog.maxentries`), then the registry's own size.
        let mut page = Some(CATALOG_PAGE);
        let mut url = self.url(&paths::catalog(page));
        let mut names = Vec::new();
        let mut pages = 0;
        // The last name before a page asked for with `?last=` by us.
        let mut asked_after: Option<String> = None;
        let mut link_hidden = false;
        loop {
            let resp = self.fetch(t, Request::get(url.clone())).await?;
            if resp.status == 400 && page.is_some() && names.is_empty() {
                let err = RegistryError::from_response(&resp);
                if matches!(
                    &err,
                    RegistryError::Rejected {
                        code: Some(ErrorCode::PaginationNumberInvalid),
                        ..
                    }
                ) {
                    page = page
                        .filter(|n| *n > CATALOG_PAGE_FALLBACK)
                        .map(|_| CATALOG_PAGE_FALLBACK);
                    url = self.url(&paths::catalog(page));
                    continue;
                }
                return Err(err);
            }
            if !resp.is_success() {
                return Err(RegistryError::from_response(&resp));
            }
            let page_names = parse_catalog_page(&resp.body)?;
            if let Some(after) = asked_after.take() {
                if page_names.first().is_some_and(|first| *first <= after) {
                    return Err(RegistryError::LinkHidden {
                        page_size: page.unwrap_or_default(),
                        listed: names.len(),
                    });
                }
                link_hidden |= !page_names.is_empty();
            }
            pages += 1;
            let mut next = self.next_page(&url, &resp, pages)?;
            if next.is_none() && pages < MAX_PAGES {
                if let (Some(n), Some(last)) = (page, page_names.last()) {
                    if page_names.len() >= n as usize {
                        next = Some(self.url(&paths::catalog_after(n, last)));
                        asked_after = Some(last.clone());
                    }
                }
            }
            on_page(&page_names, next.is_some());
            names.extend(page_names);
            match next {
                Some(next) => url = next,
                None => return Ok(CatalogListing { names, link_hidden }),
            }
        }
    }

    /// Every tag of a repository, complete or an error. An emptied
    /// repository (`null`, `[]`, or 404 `NAME_UNKNOWN` on some storage) has
    /// no tags.
    ///
    /// `Link` is followed to the end. Where the transport may not see
    /// `Link` (a cross-origin answer that does not expose it), a page
    /// without it may still not be the last, so the page after its last
    /// tag is asked for with `?last=`: nothing there ends the list; only
    /// new tags continue it; the first page again (the registry ignores
    /// `last`, so it sends every tag at once) proves the list was whole.
    /// Anything else is [`RegistryError::TagListIncomplete`]: a delete
    /// decided on part of a list could take a tag on the part not read.
    pub async fn list_tags(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
    ) -> Result<Vec<String>, RegistryError> {
        let mut url = self.url(&paths::tags(name));
        let mut tags: Vec<String> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        // The last tag of the page before one we asked for with `?last=`.
        let mut asked_after: Option<String> = None;
        let mut pages = 0;
        loop {
            let resp = self
                .fetch(t, Request::get(url.clone()).no_store(true))
                .await?;
            if !resp.is_success() {
                return match RegistryError::from_response(&resp) {
                    RegistryError::NotFound {
                        code: Some(ErrorCode::NameUnknown),
                        ..
                    } if pages == 0 => Ok(Vec::new()),
                    e => Err(e),
                };
            }
            let page = parse_tags_page(&resp.body)?;
            if let Some(last) = asked_after.take() {
                if page.is_empty() {
                    return Ok(tags);
                }
                if page.contains(&last) {
                    // `last` ignored: a registry that does not page (2.8)
                    // sends every tag again, and this newer answer is the
                    // list. One that pages by its own size sends the same
                    // number again: only the very same tags prove the list
                    // was one page (`tags` is that page: only one was read).
                    let same_length = page.len() == tags.len();
                    let same_tags = same_length && page.iter().all(|t| seen.contains(t));
                    return if pages == 1 && (same_tags || !same_length) {
                        Ok(page)
                    } else {
                        Err(RegistryError::TagListIncomplete { listed: tags.len() })
                    };
                }
                if page.iter().any(|t| seen.contains(t)) {
                    return Err(RegistryError::TagListIncomplete { listed: tags.len() });
                }
            }
            pages += 1;
            for tag in &page {
                seen.insert(tag.clone());
            }
            let next = self.next_page(&url, &resp, pages)?;
            let last = page.last().cloned();
            tags.extend(page);
            match (next, last) {
                (Some(next), _) => url = next,
                (None, Some(last)) if !t.headers_visible(&url) => {
                    if pages >= MAX_PAGES {
                        return Err(RegistryError::TagListIncomplete { listed: tags.len() });
                    }
                    url = self.url(&paths::tags_after(name, &last));
                    asked_after = Some(last);
                }
                (None, _) => return Ok(tags),
            }
        }
    }

    /// `GET` a manifest with all four manifest types accepted. Tag-addressed
    /// manifests bypass the HTTP cache. The bytes are hashed: a manifest
    /// fetched by digest must match it, and a `Docker-Content-Digest` header
    /// must match the bytes.
    pub async fn get_manifest(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        reference: &Reference,
    ) -> Result<FetchedManifest, RegistryError> {
        let request = Request::get(self.url(&paths::manifest(name, reference)))
            .accept(MANIFEST_ACCEPT)
            .no_store(reference.is_mutable());
        let resp = self.fetch(t, request).await?;
        if !resp.is_success() {
            return Err(RegistryError::from_response(&resp));
        }
        let header = resp
            .header("Docker-Content-Digest")
            .and_then(|h| Digest::parse(h.trim()).ok());
        let content_type = resp.header("Content-Type");
        let schema1_signed = content_type
            .as_deref()
            .is_some_and(|t| t.starts_with(media::DOCKER_SCHEMA1_SIGNED));
        let digest = match (reference, &header) {
            (Reference::Tag(_), Some(announced)) if schema1_signed => announced.clone(),
            (Reference::Digest(expected), _) => {
                expected
                    .verify(&resp.body)
                    .map_err(|actual| RegistryError::DigestMismatch {
                        expected: expected.clone(),
                        actual,
                    })?;
                expected.clone()
            }
            (Reference::Tag(_), Some(announced)) => {
                announced
                    .verify(&resp.body)
                    .map_err(|actual| RegistryError::DigestMismatch {
                        expected: announced.clone(),
                        actual,
                    })?;
                announced.clone()
            }
            (Reference::Tag(_), None) => Digest::sha256_of(&resp.body),
        };
        let digest_source = match (&header, schema1_signed) {
            (Some(_), true) => DigestSource::HeaderUnverifiable,
            (Some(_), false) => DigestSource::Header,
            (None, _) => DigestSource::Computed,
        };
        let manifest = parse_manifest(content_type.as_deref(), &resp.body)?;
        Ok(FetchedManifest {
            digest,
            digest_source,
            content_type,
            bytes: resp.body,
            manifest,
        })
    }

    /// A manifest as the registry holds it now. By digest, whether it
    /// exists is asked first with an uncached HEAD: bytes kept in the
    /// browser never stand in for a manifest that was deleted.
    pub async fn get_manifest_now(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        reference: &Reference,
    ) -> Result<FetchedManifest, RegistryError> {
        if let Reference::Digest(d) = reference {
            if !self.present(t, name, d).await? {
                return Err(RegistryError::NotFound {
                    code: Some(ErrorCode::ManifestUnknown),
                    message: format!("{d} is not in {name} (any more)"),
                });
            }
        }
        self.get_manifest(t, name, reference).await
    }

    /// A `HEAD` of a manifest with the full `Accept` list; `no_store` when
    /// the answer must be about now (tags move; a deleted digest is gone).
    pub(super) fn manifest_head(
        &self,
        name: &RepositoryName,
        reference: &Reference,
        no_store: bool,
    ) -> Request {
        Request::get(self.url(&paths::manifest(name, reference)))
            .with_method(Method::Head)
            .accept(MANIFEST_ACCEPT)
            .no_store(no_store)
    }

    /// `HEAD` a manifest: its digest, type and size without the body.
    pub async fn head_manifest(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        reference: &Reference,
    ) -> Result<ManifestHead, RegistryError> {
        let resp = self
            .fetch(
                t,
                self.manifest_head(name, reference, reference.is_mutable()),
            )
            .await?;
        if !resp.is_success() {
            return Err(RegistryError::from_response(&resp));
        }
        Ok(ManifestHead {
            digest: resp
                .header("Docker-Content-Digest")
                .and_then(|h| Digest::parse(h.trim()).ok()),
            content_type: resp.header("Content-Type"),
            size: resp
                .header("Content-Length")
                .and_then(|l| l.trim().parse().ok()),
        })
    }

    /// The digest a reference points at now: from a `HEAD`, or, when the
    /// header is not readable, from the bytes of a `GET`.
    pub async fn resolve_digest(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        reference: &Reference,
    ) -> Result<Digest, RegistryError> {
        match self.head_manifest(t, name, reference).await?.digest {
            Some(d) => Ok(d),
            None => Ok(self.get_manifest(t, name, reference).await?.digest),
        }
    }

    /// What a tag points at now, in one request where possible: a `HEAD`
    /// when its manifest is probably kept already (`expect_kept`: the tag
    /// was seen before), else a `GET` by tag, which names the digest and
    /// brings the manifest in the same answer. The manifest comes back when
    /// it was fetched.
    pub async fn resolve_tag(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        reference: &Reference,
        expect_kept: bool,
    ) -> Result<(Digest, Option<FetchedManifest>), RegistryError> {
        if expect_kept {
            if let Some(d) = self.head_manifest(t, name, reference).await?.digest {
                return Ok((d, None));
            }
        }
        let fetched = self.get_manifest(t, name, reference).await?;
        Ok((fetched.digest.clone(), Some(fetched)))
    }

    /// `DELETE /v2/<name>/manifests/<tag>`: on distribution 3.x (and the OCI
    /// spec) this removes only the tag; 2.x answers 400 `DIGEST_INVALID`.
    /// Only a 202 counts as done. Sent once. Deletes by digest go through
    /// the delete engine (`engine.rs`), never through here.
    pub async fn delete_tag(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
    ) -> Result<DeleteOutcome, RegistryError> {
        let request = Request::new(
            Method::Delete,
            self.url(&paths::manifest(name, &Reference::Tag(tag.clone()))),
        );
        let resp = t.send(request).await?;
        match (resp.status, RegistryError::from_response(&resp)) {
            (202, _) => Ok(DeleteOutcome::Deleted),
            (
                _,
                RegistryError::NotFound {
                    code: Some(ErrorCode::ManifestUnknown),
                    ..
                },
            ) => Ok(DeleteOutcome::AlreadyGone),
            (s, _) if (200..300).contains(&s) => Err(RegistryError::Malformed {
                expected: Expected::Accepted,
                got: Got::answer(&resp),
            }),
            (_, e) => Err(e),
        }
    }

    /// An image config blob, verified against its digest.
    pub async fn get_config(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
    ) -> Result<ImageConfig, RegistryError> {
        parse_config(&self.get_blob(t, name, digest).await?)
    }

    /// A blob's bytes, verified against its digest.
    pub async fn get_blob(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
    ) -> Result<Vec<u8>, RegistryError> {
        let resp = self
            .fetch(t, Request::get(self.url(&paths::blob(name, digest))))
            .await?;
        if !resp.is_success() {
            return Err(RegistryError::from_response(&resp));
        }
        digest
            .verify(&resp.body)
            .map_err(|actual| RegistryError::DigestMismatch {
                expected: digest.clone(),
                actual,
            })?;
        Ok(resp.body)
    }

    /// Artifacts attached to `digest` (signatures, SBOMs, attestations),
    /// from every place tools put them:
    /// - the OCI referrers API, where the registry has it;
    /// - else, or when the API answers an empty list while the tag exists,
    ///   the referrers tag schema: the tag `sha256-<hex>` in `tags`, an
    ///   index of the referrers (a registry may answer the API without
    ///   knowing what was pushed before it had the API);
    /// - cosign's digest tags (`sha256-<hex>.sig`, `.att`, `.sbom`).
    ///
    /// Each artifact once (by digest).
    pub async fn referrers(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
        tags: &[String],
    ) -> Result<Vec<Referrer>, RegistryError> {
        // A probe with a fallback: not retried.
        let resp = t
            .send(Request::get(self.url(&paths::referrers(name, digest))).accept(media::OCI_INDEX))
            .await;
        let mut out = match resp {
            Ok(r) if r.is_success() => listed_referrers(&r.body, None)?,
            // 2.8 has no such route: a bare 404 (cross-origin without CORS
            // headers, so fetch fails). Fall back to the tag schema.
            Ok(r) if r.status == 404 => Vec::new(),
            Err(RegistryError::Unreachable { .. }) => Vec::new(),
            Ok(r) => return Err(RegistryError::from_response(&r)),
            Err(e) => return Err(e),
        };
        let schema_tag = digest.tag_prefix();
        if out.is_empty() && tags.contains(&schema_tag) {
            let tag = Tag::parse(&schema_tag)
                .map_err(|e| RegistryError::invalid_reference(&schema_tag, e))?;
            let fetched = self.get_manifest(t, name, &Reference::Tag(tag)).await?;
            out = listed_referrers(&fetched.bytes, Some(&schema_tag))?;
        }
        for r in tag_referrers(digest, tags) {
            out.push(r);
        }
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|r| r.digest.as_ref().is_none_or(|d| seen.insert(d.clone())));
        Ok(out)
    }

    fn next_page(
        &self,
        url: &str,
        resp: &RawResponse,
        pages: usize,
    ) -> Result<Option<String>, RegistryError> {
        let Some(link) = resp.header("Link").and_then(|h| next_link(&h)) else {
            return Ok(None);
        };
        if pages >= MAX_PAGES {
            return Err(RegistryError::Malformed {
                expected: Expected::PageLimit { max: MAX_PAGES },
                got: Got::Text(link),
            });
        }
        let next = resolve_same_origin(url, &link).map_err(|e| match e {
            LinkError::ForeignOrigin(l) | LinkError::BadBase(l) => {
                RegistryError::ForeignLink { link: l }
            }
        })?;
        if next == url {
            return Err(RegistryError::Malformed {
                expected: Expected::NewPage,
                got: Got::Text(link),
            });
        }
        Ok(Some(next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::NoAnswer;
    use crate::testing::{block_on, ok, status, with_headers, Scripted};
    use std::cell::RefCell;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const BASE: &str = "http://127.0.0.1:5000";

    #[test]
    fn a_manifest_by_digest_is_asked_for_afresh_before_it_is_read() {
        let name = RepositoryName::parse("app").unwrap();
        let body = br#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1},"layers":[]}"#;
        let d = Digest::sha256_of(body);
        let t = Scripted::new(vec![status(
            404,
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"x"}]}"#,
        )]);
        let r = block_on(Registry::new(BASE).get_manifest_now(
            &t,
            &name,
            &Reference::Digest(d.clone()),
        ));
        assert!(matches!(r, Err(RegistryError::NotFound { .. })), "{r:?}");
        let head = &t.asked.borrow()[0];
        assert_eq!(head.method, Method::Head);
        assert!(head.no_store, "the presence check bypasses every cache");
        let t = Scripted::new(vec![
            status(200, ""),
            with_headers(body, &[("Content-Type", media::OCI_MANIFEST)]),
        ]);
        let r = block_on(Registry::new(BASE).get_manifest_now(&t, &name, &Reference::Digest(d)));
        assert!(r.is_ok(), "{r:?}");
    }

    /// A full catalog page (as many names as `n`) as a registry body.
    fn full_page(from: usize, n: usize) -> String {
        let names: Vec<String> = (from..from + n).map(|i| format!("\"r{i:05}\"")).collect();
        format!(r#"{{"repositories":[{}]}}"#, names.join(","))
    }

    #[test]
    fn a_full_catalog_page_without_link_is_followed_with_last_and_reported() {
        // The Link header hidden (cross-origin, not exposed): the page
        // after the last name is asked for, and its names make the list.
        let t = Scripted::new(vec![
            ok(&full_page(0, 1000), None),
            ok(&full_page(1000, 1000), None),
            ok(&full_page(2000, 5), None),
        ]);
        let mut progress = vec![];
        let listing = block_on(
            Registry::new(BASE).read_catalog(&t, |page, more| progress.push((page.len(), more))),
        )
        .unwrap();
        assert_eq!(listing.names.len(), 2005);
        assert_eq!(listing.names[2004], "r02004");
        assert!(listing.link_hidden);
        assert_eq!(progress, vec![(1000, true), (1000, true), (5, false)]);
        let urls: Vec<String> = t.asked.borrow().iter().map(|r| r.url.clone()).collect();
        assert_eq!(
            urls,
            vec![
                format!("{BASE}/v2/_catalog?n=1000"),
                format!("{BASE}/v2/_catalog?n=1000&last=r00999"),
                format!("{BASE}/v2/_catalog?n=1000&last=r01999"),
            ]
        );

        // Exactly one full page and nothing after it: complete, nothing to
        // report (the probe costs one request).
        let t = Scripted::new(vec![
            ok(&full_page(0, 1000), None),
            ok(r#"{"repositories":[]}"#, None),
        ]);
        let listing = block_on(Registry::new(BASE).read_catalog(&t, |_, _| {})).unwrap();
        assert_eq!((listing.names.len(), listing.link_hidden), (1000, false));

        // A short page is the last: no probe.
        let t = Scripted::new(vec![ok(&full_page(0, 999), None)]);
        let listing = block_on(Registry::new(BASE).read_catalog(&t, |_, _| {})).unwrap();
        assert_eq!((listing.names.len(), listing.link_hidden), (999, false));
        assert_eq!(t.asked.borrow().len(), 1);

        // With Link exposed, Link is followed and nothing is reported.
        let t = Scripted::new(vec![
            ok(&full_page(0, 1000), Some("/v2/_catalog?last=r00999&n=1000")),
            ok(&full_page(1000, 3), None),
        ]);
        let listing = block_on(Registry::new(BASE).read_catalog(&t, |_, _| {})).unwrap();
        assert_eq!((listing.names.len(), listing.link_hidden), (1003, false));
    }

    #[test]
    fn a_registry_ignoring_last_without_link_is_an_error_not_a_short_list() {
        // The same first page again: the rest cannot be read, and a list
        // that silently stopped at 1,000 would hide repositories.
        let t = Scripted::new(vec![
            ok(&full_page(0, 1000), None),
            ok(&full_page(0, 1000), None),
        ]);
        let r = block_on(Registry::new(BASE).list_repositories(&t, |_, _| {}));
        assert_eq!(
            r,
            Err(RegistryError::LinkHidden {
                page_size: 1000,
                listed: 1000
            })
        );
    }

    #[test]
    fn catalog_follows_every_next_link() {
        let t = Scripted::new(vec![
            ok(
                r#"{"repositories":["a","b"]}"#,
                Some("/v2/_catalog?last=b&n=1000"),
            ),
            ok(
                r#"{"repositories":["c"]}"#,
                Some("/v2/_catalog?last=c&n=1000"),
            ),
            ok(r#"{"repositories":[]}"#, None),
        ]);
        let mut progress = vec![];
        let names = block_on(
            Registry::new(BASE)
                .list_repositories(&t, |page, more| progress.push((page.len(), more))),
        )
        .unwrap();
        assert_eq!(names, vec!["a", "b", "c"]);
        assert_eq!(progress, vec![(2, true), (1, true), (0, false)]);
        let urls: Vec<String> = t.asked.borrow().iter().map(|r| r.url.clone()).collect();
        assert_eq!(
            urls,
            vec![
                "http://127.0.0.1:5000/v2/_catalog?n=1000",
                "http://127.0.0.1:5000/v2/_catalog?last=b&n=1000",
                "http://127.0.0.1:5000/v2/_catalog?last=c&n=1000",
            ]
        );
    }

    #[test]
    fn catalog_retries_with_a_smaller_page_when_n_is_refused() {
        let t = Scripted::new(vec![
            status(
                400,
                r#"{"errors":[{"code":"PAGINATION_NUMBER_INVALID","message":"invalid number of results requested"}]}"#,
            ),
            ok(r#"{"repositories":["a"]}"#, None),
        ]);
        let names = block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})).unwrap();
        assert_eq!(names, vec!["a"]);
        assert_eq!(
            t.asked.borrow()[1].url,
            "http://127.0.0.1:5000/v2/_catalog?n=100"
        );
        // Below 100 (`maxentries: 2`): the registry's own page size.
        let refused = || {
            status(
                400,
                r#"{"errors":[{"code":"PAGINATION_NUMBER_INVALID","message":"invalid number of results requested"}]}"#,
            )
        };
        let t = Scripted::new(vec![
            refused(),
            refused(),
            ok(r#"{"repositories":["a"]}"#, None),
        ]);
        let names = block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})).unwrap();
        assert_eq!(names, vec!["a"]);
        assert_eq!(t.asked.borrow()[2].url, "http://127.0.0.1:5000/v2/_catalog");
        // Refused even then: said, not looped.
        let t = Scripted::new(vec![refused(), refused(), refused()]);
        assert!(block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})).is_err());
        assert_eq!(t.asked.borrow().len(), 3);
    }

    #[test]
    fn catalog_refuses_foreign_and_looping_links() {
        let t = Scripted::new(vec![ok(
            r#"{"repositories":["a"]}"#,
            Some("http://evil.example/v2/_catalog"),
        )]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})),
            Err(RegistryError::ForeignLink { .. })
        ));
        let t = Scripted::new(vec![ok(
            r#"{"repositories":["a"]}"#,
            Some("/v2/_catalog?n=1000"),
        )]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})),
            Err(RegistryError::Malformed { .. })
        ));
    }

    /// Records retry notices.
    struct Noting {
        inner: Scripted,
        notices: RefCell<Vec<Option<RetryNotice>>>,
    }

    impl Transport for Noting {
        async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
            self.inner.send(request).await
        }
        fn notice(&self, retry: Option<RetryNotice>) {
            self.notices.borrow_mut().push(retry);
        }
    }

    #[test]
    fn reads_are_retried_through_proxy_errors_and_rate_limits_then_the_notice_clears() {
        let mut limited = status(
            429,
            r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"x"}]}"#,
        )
        .unwrap();
        limited.headers.push(("Retry-After".into(), "2".into()));
        let t = Noting {
            inner: Scripted::new(vec![
                status(503, "busy"),
                Ok(limited),
                ok(r#"{"repositories":["a"]}"#, None),
            ]),
            notices: RefCell::default(),
        };
        let repos = block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})).unwrap();
        assert_eq!(repos, vec!["a"]);
        let waits: Vec<Option<u32>> = t
            .notices
            .borrow()
            .iter()
            .map(|n| n.as_ref().map(|n| n.wait_ms))
            .collect();
        assert_eq!(waits, vec![Some(500), Some(2000), None]);
        // A 503 that does not pass: four tries, then the error.
        let t = Scripted::new((0..4).map(|_| status(503, "busy")).collect());
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})),
            Err(RegistryError::Server { status: 503, .. })
        ));
        assert_eq!(t.asked.borrow().len(), 4);
    }

    #[test]
    fn catalog_errors_pass_through_typed() {
        // Unreachable is retried once, then shown.
        let unreachable = || {
            Err(RegistryError::Unreachable {
                url: "u".into(),
                detail: NoAnswer::Failed("TypeError".into()),
            })
        };
        let t = Scripted::new(vec![unreachable(), unreachable()]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})),
            Err(RegistryError::Unreachable { .. })
        ));
        let t = Scripted::new(vec![status(401, "")]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})),
            Err(RegistryError::Unauthorized { .. })
        ));
        let t = Scripted::new(vec![ok("<html>proxy login</html>", None)]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_, _| {})),
            Err(RegistryError::Malformed { .. })
        ));
    }

    #[test]
    fn emptied_repositories_have_no_tags_in_every_dialect() {
        let name = RepositoryName::parse("team/app").unwrap();
        for answer in [
            ok(r#"{"name":"team/app","tags":null}"#, None),
            ok(r#"{"name":"team/app","tags":[]}"#, None),
            status(
                404,
                r#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}"#,
            ),
        ] {
            let t = Scripted::new(vec![answer]);
            assert_eq!(
                block_on(Registry::new(BASE).list_tags(&t, &name)).unwrap(),
                Vec::<String>::new()
            );
            let asked = t.asked.borrow();
            assert_eq!(asked[0].url, "http://127.0.0.1:5000/v2/team/app/tags/list");
            assert!(asked[0].no_store);
        }
    }

    #[test]
    fn tags_paginate_when_the_registry_does() {
        let name = RepositoryName::parse("a").unwrap();
        let t = Scripted::new(vec![
            ok(
                r#"{"name":"a","tags":["1"]}"#,
                Some("/v2/a/tags/list?last=1&n=1"),
            ),
            ok(r#"{"name":"a","tags":["2"]}"#, None),
        ]);
        assert_eq!(
            block_on(Registry::new(BASE).list_tags(&t, &name)).unwrap(),
            vec!["1", "2"]
        );
    }

    fn tag_page(tags: &[&str]) -> String {
        let quoted: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        format!(r#"{{"name":"a","tags":[{}]}}"#, quoted.join(","))
    }

    #[test]
    fn a_tag_page_without_visible_link_is_followed_with_last() {
        // Cross-origin with Link not exposed: the registry pages by 2, the
        // page cannot tell. The page after the last tag is asked for.
        let name = RepositoryName::parse("a").unwrap();
        let t = Scripted::new(vec![
            ok(&tag_page(&["a", "b"]), None),
            ok(&tag_page(&["prod", "x"]), None),
            ok(&tag_page(&[]), None),
        ])
        .hiding_headers();
        let tags = block_on(Registry::new(BASE).list_tags(&t, &name)).unwrap();
        assert_eq!(tags, vec!["a", "b", "prod", "x"]);
        let urls: Vec<String> = t.asked.borrow().iter().map(|r| r.url.clone()).collect();
        assert_eq!(
            urls,
            vec![
                format!("{BASE}/v2/a/tags/list"),
                format!("{BASE}/v2/a/tags/list?last=b"),
                format!("{BASE}/v2/a/tags/list?last=x"),
            ]
        );
        assert!(t.asked.borrow().iter().all(|r| r.no_store));

        // distribution 2.8 ignores `last` and sends every tag again: whole.
        let t = Scripted::new(vec![
            ok(&tag_page(&["a", "b"]), None),
            ok(&tag_page(&["a", "b"]), None),
        ])
        .hiding_headers();
        let tags = block_on(Registry::new(BASE).list_tags(&t, &name)).unwrap();
        assert_eq!(tags, vec!["a", "b"]);

        // `last` ignored, and the list grew or shrank between the two reads
        // (a delete of the same run): a registry that does not page, and
        // the newer answer is the list.
        let t = Scripted::new(vec![
            ok(&tag_page(&["a", "b"]), None),
            ok(&tag_page(&["a", "b", "c"]), None),
        ])
        .hiding_headers();
        assert_eq!(
            block_on(Registry::new(BASE).list_tags(&t, &name)).unwrap(),
            vec!["a", "b", "c"]
        );
        // As many tags, but others: it may page by its own size while
        // ignoring `last`. Not known to be whole.
        let t = Scripted::new(vec![
            ok(&tag_page(&["a", "b"]), None),
            ok(&tag_page(&["a", "c"]), None),
        ])
        .hiding_headers();
        assert_eq!(
            block_on(Registry::new(BASE).list_tags(&t, &name)),
            Err(RegistryError::TagListIncomplete { listed: 2 })
        );

        // Tags already listed on the page after: inconsistent.
        let t = Scripted::new(vec![
            ok(&tag_page(&["a", "b"]), None),
            ok(&tag_page(&["b", "c"]), None),
        ])
        .hiding_headers();
        assert_eq!(
            block_on(Registry::new(BASE).list_tags(&t, &name)),
            Err(RegistryError::TagListIncomplete { listed: 2 })
        );

        // A failed probe fails the list: nothing is assumed.
        let t = Scripted::new(vec![ok(&tag_page(&["a"]), None), status(400, "")]).hiding_headers();
        let r = block_on(Registry::new(BASE).list_tags(&t, &name));
        assert!(matches!(r, Err(RegistryError::Rejected { .. })), "{r:?}");

        // Headers visible (same origin, native): no Link is the end.
        let t = Scripted::new(vec![ok(&tag_page(&["a", "b"]), None)]);
        let tags = block_on(Registry::new(BASE).list_tags(&t, &name)).unwrap();
        assert_eq!((tags.len(), t.asked.borrow().len()), (2, 1));

        // An empty list needs no probe.
        let t = Scripted::new(vec![ok(r#"{"name":"a","tags":null}"#, None)]).hiding_headers();
        assert!(block_on(Registry::new(BASE).list_tags(&t, &name))
            .unwrap()
            .is_empty());
    }

    const IMAGE: &str = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":0},"layers":[]}"#;
    const OCI: &str = "application/vnd.oci.image.manifest.v1+json";

    fn name() -> RepositoryName {
        RepositoryName::parse("team/app").unwrap()
    }

    #[test]
    fn manifests_by_tag_accept_all_types_bypass_the_cache_and_use_the_header() {
        let digest = Digest::sha256_of(IMAGE.as_bytes()).to_string();
        let t = Scripted::new(vec![with_headers(
            IMAGE.as_bytes(),
            &[("Content-Type", OCI), ("Docker-Content-Digest", &digest)],
        )]);
        let m = block_on(Registry::new(BASE).get_manifest(
            &t,
            &name(),
            &Reference::parse("v1").unwrap(),
        ))
        .unwrap();
        assert_eq!(m.digest.to_string(), digest);
        assert_eq!(m.digest_source, DigestSource::Header);
        assert!(matches!(m.manifest, Manifest::Image { .. }));
        let asked = &t.asked.borrow()[0];
        assert_eq!(asked.url, "http://127.0.0.1:5000/v2/team/app/manifests/v1");
        assert_eq!(asked.accept, Some(MANIFEST_ACCEPT));
        assert!(asked.no_store);
    }

    #[test]
    fn a_missing_digest_header_is_computed_from_the_bytes() {
        let t = Scripted::new(vec![with_headers(
            IMAGE.as_bytes(),
            &[("Content-Type", OCI)],
        )]);
        let m = block_on(Registry::new(BASE).get_manifest(
            &t,
            &name(),
            &Reference::parse("v1").unwrap(),
        ))
        .unwrap();
        assert_eq!(m.digest, Digest::sha256_of(IMAGE.as_bytes()));
        assert_eq!(m.digest_source, DigestSource::Computed);
    }

    #[test]
    fn a_tag_seen_before_costs_a_head_and_a_new_one_a_single_get() {
        let digest = Digest::sha256_of(IMAGE.as_bytes()).to_string();
        let headers = [("Content-Type", OCI), ("Docker-Content-Digest", &digest)];
        let v1 = Reference::parse("v1").unwrap();
        let r = Registry::new(BASE);
        // Seen before: a HEAD names the digest, nothing is fetched.
        let t = Scripted::new(vec![with_headers(b"", &headers)]);
        let (d, fetched) = block_on(r.resolve_tag(&t, &name(), &v1, true)).unwrap();
        assert_eq!(d.to_string(), digest);
        assert!(fetched.is_none());
        assert_eq!(t.asked.borrow()[0].method, Method::Head);
        // New: one GET by tag brings the digest and the manifest.
        let t = Scripted::new(vec![with_headers(IMAGE.as_bytes(), &headers)]);
        let (d, fetched) = block_on(r.resolve_tag(&t, &name(), &v1, false)).unwrap();
        assert_eq!(d.to_string(), digest);
        assert_eq!(fetched.unwrap().bytes, IMAGE.as_bytes());
        let asked = t.asked.borrow();
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].method, Method::Get);
        assert!(
            asked[0].no_store,
            "a tag's manifest is never taken from the HTTP cache"
        );
        // A HEAD whose digest header cannot be read falls back to the GET.
        let t = Scripted::new(vec![
            with_headers(b"", &[("Content-Type", OCI)]),
            with_headers(IMAGE.as_bytes(), &headers),
        ]);
        let (d, fetched) = block_on(r.resolve_tag(&t, &name(), &v1, true)).unwrap();
        assert_eq!(d.to_string(), digest);
        assert!(fetched.is_some());
        assert_eq!(t.asked.borrow().len(), 2);
    }

    #[test]
    fn a_wrong_digest_header_is_a_mismatch() {
        let wrong = Digest::sha256_of(b"other");
        let t = Scripted::new(vec![with_headers(
            IMAGE.as_bytes(),
            &[
                ("Content-Type", OCI),
                ("Docker-Content-Digest", &wrong.to_string()),
            ],
        )]);
        let e = block_on(Registry::new(BASE).get_manifest(
            &t,
            &name(),
            &Reference::parse("v1").unwrap(),
        ))
        .unwrap_err();
        assert_eq!(
            e,
            RegistryError::DigestMismatch {
                expected: wrong,
                actual: Digest::sha256_of(IMAGE.as_bytes())
            }
        );
    }

    #[test]
    fn manifests_by_digest_are_verified_and_cacheable() {
        let requested = Digest::sha256_of(b"what we asked for");
        let t = Scripted::new(vec![with_headers(
            IMAGE.as_bytes(),
            &[("Content-Type", OCI)],
        )]);
        let e = block_on(Registry::new(BASE).get_manifest(
            &t,
            &name(),
            &Reference::Digest(requested.clone()),
        ))
        .unwrap_err();
        assert!(
            matches!(e, RegistryError::DigestMismatch { expected, .. } if expected == requested)
        );
        assert!(!t.asked.borrow()[0].no_store);
        let good = Digest::sha256_of(IMAGE.as_bytes());
        let t = Scripted::new(vec![with_headers(IMAGE.as_bytes(), &[])]);
        let m = block_on(Registry::new(BASE).get_manifest(
            &t,
            &name(),
            &Reference::Digest(good.clone()),
        ))
        .unwrap();
        assert_eq!(m.digest, good);
    }

    #[test]
    fn head_reads_digest_size_and_type_and_falls_back_to_get() {
        let digest = Digest::sha256_of(IMAGE.as_bytes());
        let t = Scripted::new(vec![with_headers(
            b"",
            &[
                ("Docker-Content-Digest", &digest.to_string()),
                ("Content-Length", "245"),
                ("Content-Type", OCI),
            ],
        )]);
        let h = block_on(Registry::new(BASE).head_manifest(
            &t,
            &name(),
            &Reference::parse("v1").unwrap(),
        ))
        .unwrap();
        assert_eq!((h.digest, h.size), (Some(digest.clone()), Some(245)));
        assert_eq!(t.asked.borrow()[0].method, Method::Head);
        // Header not exposed: resolve_digest GETs and hashes.
        let t = Scripted::new(vec![
            with_headers(b"", &[]),
            with_headers(IMAGE.as_bytes(), &[]),
        ]);
        let d = block_on(Registry::new(BASE).resolve_digest(
            &t,
            &name(),
            &Reference::parse("v1").unwrap(),
        ))
        .unwrap();
        assert_eq!(d, digest);
        assert_eq!(t.asked.borrow()[1].method, Method::Get);
    }

    #[test]
    fn config_blobs_are_verified() {
        let cfg = br#"{"created":"2026-01-01T00:00:00Z","os":"linux","architecture":"amd64"}"#;
        let d = Digest::sha256_of(cfg);
        let t = Scripted::new(vec![with_headers(cfg, &[])]);
        let c = block_on(Registry::new(BASE).get_config(&t, &name(), &d)).unwrap();
        assert_eq!(c.architecture, "amd64");
        assert_eq!(
            t.asked.borrow()[0].url,
            format!("http://127.0.0.1:5000/v2/team/app/blobs/{d}")
        );
        let t = Scripted::new(vec![with_headers(b"{}", &[])]);
        assert!(matches!(
            block_on(Registry::new(BASE).get_config(&t, &name(), &d)),
            Err(RegistryError::DigestMismatch { .. })
        ));
    }

    #[test]
    fn referrers_from_the_api_or_from_digest_tags() {
        let d = Digest::sha256_of(b"image");
        let api = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/spdx+json","digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":5}]}"#;
        let t = Scripted::new(vec![with_headers(api.as_bytes(), &[])]);
        let r = block_on(Registry::new(BASE).referrers(&t, &name(), &d, &[])).unwrap();
        assert_eq!(r[0].artifact_type, "application/spdx+json");
        assert!(t.asked.borrow()[0]
            .url
            .ends_with(&format!("/v2/team/app/referrers/{d}")));
        let tags: Vec<String> = vec![
            "latest".into(),
            format!("{}.sig", d.tag_prefix()),
            format!("{}.sbom", d.tag_prefix()),
            format!("{}.sig", Digest::sha256_of(b"other").tag_prefix()),
        ];
        for answer in [
            status(404, "404 page not found"),
            Err(RegistryError::Unreachable {
                url: "u".into(),
                detail: NoAnswer::Failed("TypeError".into()),
            }),
        ] {
            let t = Scripted::new(vec![answer]);
            let r = block_on(Registry::new(BASE).referrers(&t, &name(), &d, &tags)).unwrap();
            let kinds: Vec<&str> = r.iter().map(|x| x.artifact_type.as_str()).collect();
            assert_eq!(kinds, vec!["sbom", "sig"]);
        }
        let t = Scripted::new(vec![status(401, "")]);
        assert!(block_on(Registry::new(BASE).referrers(&t, &name(), &d, &tags)).is_err());
    }

    #[test]
    fn the_referrers_tag_schema_is_read_and_an_empty_api_answer_is_not_trusted_over_it() {
        let d = Digest::sha256_of(b"image");
        let sbom = Digest::sha256_of(b"sbom");
        let index = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/spdx+json","digest":"{sbom}","size":5}}]}}"#
        );
        let schema_tag = d.tag_prefix();
        let tags = vec![
            "latest".to_string(),
            schema_tag.clone(),
            format!("{schema_tag}.sig"),
        ];
        let empty = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#;
        for api in [
            with_headers(empty.as_bytes(), &[]),
            status(404, "404 page not found"),
        ] {
            let t = Scripted::new(vec![
                api,
                with_headers(
                    index.as_bytes(),
                    &[("Content-Type", "application/vnd.oci.image.index.v1+json")],
                ),
            ]);
            let r = block_on(Registry::new(BASE).referrers(&t, &name(), &d, &tags)).unwrap();
            let got: Vec<(&str, Option<&str>)> = r
                .iter()
                .map(|x| (x.artifact_type.as_str(), x.tag.as_deref()))
                .collect();
            assert_eq!(
                got,
                vec![
                    ("application/spdx+json", Some(schema_tag.as_str())),
                    ("sig", Some(format!("{schema_tag}.sig").as_str())),
                ]
            );
            assert!(t.asked.borrow()[1]
                .url
                .ends_with(&format!("/v2/team/app/manifests/{schema_tag}")));
        }
        // Without the tag, an empty answer is the answer: no second request.
        let t = Scripted::new(vec![with_headers(empty.as_bytes(), &[])]);
        let r =
            block_on(Registry::new(BASE).referrers(&t, &name(), &d, &["latest".into()])).unwrap();
        assert!(r.is_empty());
        assert_eq!(t.asked.borrow().len(), 1);
    }

    #[test]
    fn manifest_errors_are_typed() {
        let t = Scripted::new(vec![status(
            404,
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"nope"}}]}"#,
        )]);
        assert!(matches!(
            block_on(Registry::new(BASE).get_manifest(
                &t,
                &name(),
                &Reference::parse("nope").unwrap()
            )),
            Err(RegistryError::NotFound {
                code: Some(ErrorCode::ManifestUnknown),
                ..
            })
        ));
    }
}
