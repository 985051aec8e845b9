//! Writing tags without a Docker daemon, on one registry: add a tag to an
//! image, copy an image to another repository (promote `team/app:rc-17` to
//! `prod/app:1.4.0`), move a tag onto another image.
//!
//! The manifest's exact bytes are written, with the `Content-Type` they
//! were served with, so the digest never changes; every answer is checked
//! against it. Across repositories, every blob is brought first (already
//! there, mounted from the source, or, when the registry answers a mount
//! with 202, uploaded from the source in chunks), and an index's platform
//! manifests are pushed by digest before the index.
//!
//! Overwriting is never silent: [`CopyPlan::replaces`] is what the
//! destination tag pointed at when the plan was read, and right before the
//! tag is written it is resolved again; when it moved, nothing is written
//! to it ([`CopyError::Moved`]). A protected tag is never overwritten. An
//! error while checking stops the write.

use super::client::{Registry, Transport};
use super::digest::Digest;
use super::error::{Expected, Got, RecordFailure, RegistryError};
use super::manifest::{Descriptor, Manifest};
use super::pagination::{resolve_same_origin, LinkError};
use super::reference::{paths, ImageReference, Reference, RepositoryName, Tag};
use super::response::{Method, RawResponse, Request};
use super::tags::{attachment, AttachmentKind};
use std::future::Future;

/// A blob bigger than this is read from the source and uploaded in chunks
/// of this size (each one request, well under the transports' answer
/// limit).
pub const CHUNK_BYTES: u64 = 8 * 1024 * 1024;

/// Indexes of indexes are followed this deep.
pub const MAX_DEPTH: usize = 4;

const OCTET_STREAM: &str = "application/octet-stream";

/// A blob a manifest needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blob {
    pub digest: Digest,
    pub size: u64,
}

/// A manifest to write by digest before the tagged one (an index's
/// platforms), with the blobs it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub digest: Digest,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub blobs: Vec<Blob>,
}

/// What a write will do, read before the user confirms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyPlan {
    pub source: RepositoryName,
    /// How the user named the source (`rc-17` or a digest).
    pub source_reference: Reference,
    /// The image written: its manifest's digest, type and exact bytes.
    pub digest: Digest,
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// Whether it is a multi-platform index.
    pub is_index: bool,
    pub dest: RepositoryName,
    pub tag: Tag,
    /// What `dest:tag` pointed at when the plan was read; `None`: no such
    /// tag. The write happens only while it still does.
    pub replaces: Option<Digest>,
    /// Manifests written by digest first, deepest first (only across
    /// repositories).
    pub children: Vec<Piece>,
    /// The blobs of the image itself (only across repositories).
    pub blobs: Vec<Blob>,
}

/// What kind of write a plan is, for its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteKind {
    /// A new tag in the image's own repository.
    AddTag,
    /// A new tag in another repository.
    Copy,
    /// An existing tag pointed at another image.
    Move,
    /// The tag already points at this image: nothing to write.
    AlreadyThere,
}

impl CopyPlan {
    pub fn same_repository(&self) -> bool {
        self.source == self.dest
    }

    /// The source as the user named it (`name:tag` or `name@digest`).
    pub fn source_image(&self) -> ImageReference {
        ImageReference {
            name: self.source.clone(),
            reference: self.source_reference.clone(),
        }
    }

    pub fn kind(&self) -> WriteKind {
        match &self.replaces {
            Some(d) if *d == self.digest => WriteKind::AlreadyThere,
            Some(_) => WriteKind::Move,
            None if self.same_repository() => WriteKind::AddTag,
            None => WriteKind::Copy,
        }
    }

    /// Every distinct blob the copy needs, once.
    pub fn all_blobs(&self) -> Vec<Blob> {
        let mut out: Vec<Blob> = Vec::new();
        for b in self
            .children
            .iter()
            .flat_map(|p| p.blobs.iter())
            .chain(self.blobs.iter())
        {
            if !out.iter().any(|o| o.digest == b.digest) {
                out.push(b.clone());
            }
        }
        out
    }

    /// The bytes of every distinct blob (what an upload would send at
    /// most; mounts send nothing).
    pub fn blob_bytes(&self) -> u64 {
        self.all_blobs().iter().map(|b| b.size).sum()
    }
}

/// Which write a failure happened at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyStep {
    /// Reading the source or the destination tag.
    Read,
    /// Bringing a blob into the destination repository.
    Blob(Digest),
    /// Writing a platform manifest by digest.
    Manifest(Digest),
    /// Reading the destination tag again right before writing it.
    Check,
    /// Writing the tag.
    Tag,
}

/// Why a write did not happen, or may not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyError {
    /// A step failed or was refused; the tag was not written (blobs or
    /// platform manifests written before stay, unreferenced, until garbage
    /// collection).
    Failed {
        step: CopyStep,
        error: RegistryError,
    },
    /// The source cannot be written again byte for byte elsewhere: a
    /// signed schema 1 manifest (its digest is not over its bytes), or a
    /// manifest type whose blobs are unknown, across repositories.
    NotCopyable { media_type: Option<String> },
    /// Indexes nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The destination tag matches a protected pattern and exists:
    /// protected tags are never overwritten.
    Protected { tag: String, pattern: String },
    /// The destination tag changed since the plan was read: nothing was
    /// written to it. `None`: no such tag.
    Moved {
        tag: String,
        expected: Option<Digest>,
        now: Option<Digest>,
    },
    /// An attachment's tag exists in the destination and points at
    /// another manifest: attachments never overwrite.
    Exists { tag: String, now: Digest },
    /// The write could not be recorded first (the page's journal), so it
    /// was not sent: why.
    NotRecorded { why: RecordFailure },
    /// The tag's write was sent and its answer lost (or a proxy answered
    /// 5xx), and a check could not show it landed: it may still land.
    Unknown { error: RegistryError },
    /// The registry stored the tag under another digest than the bytes
    /// sent (it converted the manifest).
    DigestChanged { expected: Digest, actual: Digest },
}

impl CopyError {
    /// The registry error behind it, if any (for 401/403/405 words).
    pub fn registry_error(&self) -> Option<&RegistryError> {
        match self {
            CopyError::Failed { error, .. } | CopyError::Unknown { error } => Some(error),
            _ => None,
        }
    }

    /// A short stable name (`data-kind`, reports).
    pub fn kind(&self) -> &'static str {
        match self {
            CopyError::Failed { .. } => "failed",
            CopyError::NotCopyable { .. } => "not-copyable",
            CopyError::TooDeep => "too-deep",
            CopyError::Protected { .. } => "protected",
            CopyError::Moved { .. } => "moved",
            CopyError::Exists { .. } => "exists",
            CopyError::NotRecorded { .. } => "not-recorded",
            CopyError::Unknown { .. } => "unknown",
            CopyError::DigestChanged { .. } => "digest-changed",
        }
    }
}

fn read_failed(error: RegistryError) -> CopyError {
    CopyError::Failed {
        step: CopyStep::Read,
        error,
    }
}

/// How a blob got into the destination repository.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlobWay {
    AlreadyThere,
    Mounted,
    /// Read from the source and uploaded (the registry answered the mount
    /// with 202).
    Uploaded,
}

/// What a finished write did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopyOutcome {
    /// The tag points at the image now; `false`: it already did, nothing
    /// was written.
    pub written: bool,
    /// What the tag pointed at before.
    pub previous: Option<Digest>,
    pub blobs_present: usize,
    pub blobs_mounted: usize,
    pub blobs_uploaded: usize,
    pub bytes_uploaded: u64,
    /// Platform manifests written by digest.
    pub manifests: usize,
}

/// An attachment carried along with a copy, and how its write went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentCopy {
    pub tag: Tag,
    pub kind: AttachmentKind,
    pub result: Result<CopyOutcome, CopyError>,
}

/// Watches a write: the page journals it before anything is sent and shows
/// progress.
pub trait CopyObserver {
    /// Right before the first write: record the intent. An error stops the
    /// copy before anything is written.
    fn writing(&self, _plan: &CopyPlan) -> impl Future<Output = Result<(), RecordFailure>> {
        std::future::ready(Ok(()))
    }
    /// A blob is in the destination (`done` of `total`).
    fn blob(&self, _done: usize, _total: usize, _way: BlobWay) {}
    /// How the copy ended (every end, also one before anything was
    /// written).
    fn finished(&self, _result: &Result<CopyOutcome, CopyError>) {}
}

/// Nobody watches.
pub struct Unwatched;
impl CopyObserver for Unwatched {}

/// `url` with `digest=<digest>` added to its query.
pub(crate) fn with_digest_param(url: &str, digest: &Digest) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}digest={digest}")
}

/// The blobs an image manifest needs: its config and layers (foreign
/// layers, which live elsewhere, are not copied).
fn blobs_of(descriptors: &[&Descriptor]) -> Result<Vec<Blob>, RegistryError> {
    let mut out = Vec::new();
    for d in descriptors {
        if d.media_type.contains("foreign") {
            continue;
        }
        let digest = d
            .digest
            .valid()
            .cloned()
            .ok_or_else(|| RegistryError::Malformed {
                expected: Expected::DescriptorDigests,
                got: Got::Text(d.digest.short()),
            })?;
        out.push(Blob {
            digest,
            size: d.size,
        });
    }
    Ok(out)
}

impl Registry {
    /// What `dest:tag` points at now (uncached): `None` when there is no
    /// such tag. Any other error is an error (fail closed).
    pub async fn tag_now(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
    ) -> Result<Option<Digest>, RegistryError> {
        match self
            .resolve_digest(t, name, &Reference::Tag(tag.clone()))
            .await
        {
            Ok(d) => Ok(Some(d)),
            Err(RegistryError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every tag of `name` that points at `digest` now (a tag list read
    /// whole and every tag resolved): what keeps an image a move leaves.
    pub async fn tags_on(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
    ) -> Result<Vec<String>, RegistryError> {
        let tags = self.list_tags(t, name).await?;
        Ok(self.survey(t, name, &tags).await?.tags_of(digest))
    }

    /// Read what writing `source:reference` to `dest:tag` takes: the
    /// manifest's exact bytes, across repositories every platform manifest
    /// and blob, and what the tag points at now.
    pub async fn plan_copy(
        &self,
        t: &impl Transport,
        source: &RepositoryName,
        reference: &Reference,
        dest: &RepositoryName,
        tag: &Tag,
    ) -> Result<CopyPlan, CopyError> {
        let fetched = self
            .get_manifest(t, source, reference)
            .await
            .map_err(read_failed)?;
        if fetched.digest_source == super::client::DigestSource::HeaderUnverifiable {
            return Err(CopyError::NotCopyable {
                media_type: fetched.content_type.clone(),
            });
        }
        let content_type = fetched
            .content_type
            .clone()
            .filter(|c| !c.trim().is_empty())
            .ok_or(CopyError::NotCopyable { media_type: None })?;
        let is_index = matches!(fetched.manifest, Manifest::Index { .. });
        let mut children = Vec::new();
        let mut blobs = Vec::new();
        if source != dest {
            blobs = self
                .pieces_of(
                    t,
                    source,
                    &fetched.manifest,
                    &fetched.content_type,
                    0,
                    &mut children,
                )
                .await?;
        }
        let replaces = self.tag_now(t, dest, tag).await.map_err(read_failed)?;
        Ok(CopyPlan {
            source: source.clone(),
            source_reference: reference.clone(),
            digest: fetched.digest,
            content_type,
            bytes: fetched.bytes,
            is_index,
            dest: dest.clone(),
            tag: tag.clone(),
            replaces,
            children,
            blobs,
        })
    }

    /// The blobs `manifest` needs itself; its platform manifests (read by
    /// digest, deepest first) added to `children`.
    async fn pieces_of(
        &self,
        t: &impl Transport,
        source: &RepositoryName,
        manifest: &Manifest,
        content_type: &Option<String>,
        depth: usize,
        children: &mut Vec<Piece>,
    ) -> Result<Vec<Blob>, CopyError> {
        match manifest {
            Manifest::Image { manifest, .. } => {
                let descriptors: Vec<&Descriptor> = std::iter::once(&manifest.config)
                    .chain(manifest.layers.iter())
                    .collect();
                blobs_of(&descriptors).map_err(read_failed)
            }
            Manifest::Index { index, .. } => {
                if depth >= MAX_DEPTH {
                    return Err(CopyError::TooDeep);
                }
                for d in &index.manifests {
                    let digest = d.digest.valid().cloned().ok_or_else(|| {
                        read_failed(RegistryError::Malformed {
                            expected: Expected::DescriptorDigests,
                            got: Got::Text(d.digest.short()),
                        })
                    })?;
                    if children.iter().any(|p: &Piece| p.digest == digest) {
                        continue;
                    }
                    let child = self
                        .get_manifest(t, source, &Reference::Digest(digest.clone()))
                        .await
                        .map_err(read_failed)?;
                    let child_type = child
                        .content_type
                        .clone()
                        .filter(|c| !c.trim().is_empty())
                        .unwrap_or_else(|| d.media_type.clone());
                    let blobs = Box::pin(self.pieces_of(
                        t,
                        source,
                        &child.manifest,
                        &Some(child_type.clone()),
                        depth + 1,
                        children,
                    ))
                    .await?;
                    children.push(Piece {
                        digest,
                        content_type: child_type,
                        bytes: child.bytes,
                        blobs,
                    });
                }
                Ok(Vec::new())
            }
            Manifest::Unsupported { .. } => Err(CopyError::NotCopyable {
                media_type: content_type.clone(),
            }),
        }
    }

    /// Carry out `plan`: bring blobs and platform manifests (across
    /// repositories), resolve the destination tag again, and write the
    /// tag only while it points where it did when the plan was read. The
    /// tag's digest is checked afterwards. Writes are sent once.
    pub async fn copy(
        &self,
        t: &impl Transport,
        plan: &CopyPlan,
        observer: &impl CopyObserver,
    ) -> Result<CopyOutcome, CopyError> {
        let result = self.copy_steps(t, plan, observer).await;
        observer.finished(&result);
        result
    }

    async fn copy_steps(
        &self,
        t: &impl Transport,
        plan: &CopyPlan,
        observer: &impl CopyObserver,
    ) -> Result<CopyOutcome, CopyError> {
        let mut outcome = CopyOutcome {
            previous: plan.replaces.clone(),
            ..CopyOutcome::default()
        };
        if let Some(old) = &plan.replaces {
            if *old != plan.digest {
                if let Some(pattern) = self.protected().matching(plan.tag.as_str()) {
                    return Err(CopyError::Protected {
                        tag: plan.tag.to_string(),
                        pattern: pattern.to_string(),
                    });
                }
            }
        }
        if plan.kind() == WriteKind::AlreadyThere {
            self.still_at(t, plan, &plan.replaces).await?;
            return Ok(outcome);
        }
        observer
            .writing(plan)
            .await
            .map_err(|why| CopyError::NotRecorded { why })?;

        if !plan.same_repository() {
            let all = plan.all_blobs();
            for (i, blob) in all.iter().enumerate() {
                let way = self
                    .bring_blob(t, &plan.source, &plan.dest, blob)
                    .await
                    .map_err(|error| CopyError::Failed {
                        step: CopyStep::Blob(blob.digest.clone()),
                        error,
                    })?;
                match way {
                    BlobWay::AlreadyThere => outcome.blobs_present += 1,
                    BlobWay::Mounted => outcome.blobs_mounted += 1,
                    BlobWay::Uploaded => {
                        outcome.blobs_uploaded += 1;
                        outcome.bytes_uploaded += blob.size;
                    }
                }
                observer.blob(i + 1, all.len(), way);
            }
            for piece in &plan.children {
                self.put_manifest_by_digest(t, &plan.dest, piece)
                    .await
                    .map_err(|error| CopyError::Failed {
                        step: CopyStep::Manifest(piece.digest.clone()),
                        error,
                    })?;
                outcome.manifests += 1;
            }
        }

        // Right before the write: the tag is where the user saw it.
        self.still_at(t, plan, &plan.replaces).await?;
        let put = Request::new(
            Method::Put,
            self.url(&paths::manifest(
                &plan.dest,
                &Reference::Tag(plan.tag.clone()),
            )),
        )
        .body(plan.bytes.clone(), plan.content_type.clone());
        let answer = t.send(put).await;
        let stored = match answer {
            Ok(resp) if resp.is_success() => match answer_digest(&resp) {
                Some(d) => d,
                None => self.landed(t, plan, None).await?,
            },
            Ok(resp) => {
                let error = RegistryError::from_response(&resp);
                if resp.status >= 500 {
                    self.landed(t, plan, Some(error)).await?
                } else {
                    return Err(CopyError::Failed {
                        step: CopyStep::Tag,
                        error,
                    });
                }
            }
            Err(error) => self.landed(t, plan, Some(error)).await?,
        };
        if stored != plan.digest {
            return Err(CopyError::DigestChanged {
                expected: plan.digest.clone(),
                actual: stored,
            });
        }
        t.forget(&plan.digest);
        outcome.written = true;
        Ok(outcome)
    }

    /// The destination tag still points at `expected` (`None`: still
    /// absent); anything else, or an error reading it, stops the write.
    async fn still_at(
        &self,
        t: &impl Transport,
        plan: &CopyPlan,
        expected: &Option<Digest>,
    ) -> Result<(), CopyError> {
        let now = self
            .tag_now(t, &plan.dest, &plan.tag)
            .await
            .map_err(|error| CopyError::Failed {
                step: CopyStep::Check,
                error,
            })?;
        if now != *expected {
            return Err(CopyError::Moved {
                tag: plan.tag.to_string(),
                expected: expected.clone(),
                now,
            });
        }
        Ok(())
    }

    /// What the tag points at after a write whose answer did not say (no
    /// readable digest header), or was lost (`error`): the digest when a
    /// read finds it; with a lost answer, anything else is unknown (the
    /// write may still land).
    async fn landed(
        &self,
        t: &impl Transport,
        plan: &CopyPlan,
        error: Option<RegistryError>,
    ) -> Result<Digest, CopyError> {
        let now = self.tag_now(t, &plan.dest, &plan.tag).await;
        match (now, error) {
            (Ok(Some(d)), None) => Ok(d),
            (Ok(Some(d)), Some(_)) if d == plan.digest => Ok(d),
            (Ok(_), Some(error)) | (Err(_), Some(error)) => Err(CopyError::Unknown { error }),
            (Ok(None), None) => Err(CopyError::Unknown {
                error: RegistryError::NotFound {
                    code: None,
                    message: format!("{}:{}", plan.dest, plan.tag),
                },
            }),
            (Err(error), None) => Err(CopyError::Unknown { error }),
        }
    }

    /// The tags in `source` that attach artifacts to `digest`: cosign's
    /// `sha256-<hex>.sig`, `.att`, `.sbom`, and the referrers tag schema's
    /// `sha256-<hex>` index.
    pub async fn attachment_tags(
        &self,
        t: &impl Transport,
        source: &RepositoryName,
        digest: &Digest,
    ) -> Result<Vec<(Tag, AttachmentKind)>, RegistryError> {
        Ok(self
            .list_tags(t, source)
            .await?
            .into_iter()
            .filter_map(|tag| {
                let (d, kind) = attachment(&tag)?;
                (d == *digest).then_some(())?;
                Some((Tag::parse(&tag).ok()?, kind))
            })
            .collect())
    }

    /// Carry `tags` (from [`Registry::attachment_tags`] of the source) to
    /// the copy's destination repository under the same tags, each a write
    /// of its own through [`Registry::copy`], watched by `observer()`. Only
    /// new tags: an attachment tag that exists there pointing at another
    /// manifest is left as it is (`Exists`). Nothing to do within one
    /// repository (the attachments already name the same digest).
    pub async fn copy_attachments<O: CopyObserver>(
        &self,
        t: &impl Transport,
        plan: &CopyPlan,
        tags: &[(Tag, AttachmentKind)],
        observer: impl Fn() -> O,
    ) -> Vec<AttachmentCopy> {
        let mut out = Vec::new();
        if plan.same_repository() {
            return out;
        }
        for (tag, kind) in tags {
            let result = match self
                .plan_copy(
                    t,
                    &plan.source,
                    &Reference::Tag(tag.clone()),
                    &plan.dest,
                    tag,
                )
                .await
            {
                Ok(p) => match (&p.replaces, p.kind()) {
                    (Some(now), WriteKind::Move) => Err(CopyError::Exists {
                        tag: tag.to_string(),
                        now: now.clone(),
                    }),
                    _ => self.copy(t, &p, &observer()).await,
                },
                Err(e) => Err(e),
            };
            out.push(AttachmentCopy {
                tag: tag.clone(),
                kind: *kind,
                result,
            });
        }
        out
    }

    /// PUT a platform manifest by digest; the answer's digest must be it.
    async fn put_manifest_by_digest(
        &self,
        t: &impl Transport,
        dest: &RepositoryName,
        piece: &Piece,
    ) -> Result<(), RegistryError> {
        let put = Request::new(
            Method::Put,
            self.url(&paths::manifest(
                dest,
                &Reference::Digest(piece.digest.clone()),
            )),
        )
        .body(piece.bytes.clone(), piece.content_type.clone());
        let resp = t.send(put).await?;
        if !resp.is_success() {
            return Err(RegistryError::from_response(&resp));
        }
        match answer_digest(&resp) {
            Some(d) if d != piece.digest => Err(RegistryError::DigestMismatch {
                expected: piece.digest.clone(),
                actual: d,
            }),
            _ => Ok(()),
        }
    }

    /// Whether the blob is in `name` (a HEAD).
    async fn has_blob(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
    ) -> Result<bool, RegistryError> {
        let head = self
            .fetch(
                t,
                Request::new(Method::Head, self.url(&paths::blob(name, digest))),
            )
            .await?;
        if head.is_success() {
            return Ok(true);
        }
        match RegistryError::from_response(&head) {
            RegistryError::NotFound { .. } => Ok(false),
            e => Err(e),
        }
    }

    /// Get `blob` into `to`: already there, mounted from `from`, or, when
    /// the registry answers the mount with an upload session (202),
    /// uploaded from `from` (one PUT, or chunks of [`CHUNK_BYTES`]).
    pub async fn bring_blob(
        &self,
        t: &impl Transport,
        from: &RepositoryName,
        to: &RepositoryName,
        blob: &Blob,
    ) -> Result<BlobWay, RegistryError> {
        if self.has_blob(t, to, &blob.digest).await? {
            return Ok(BlobWay::AlreadyThere);
        }
        let start_url = self.url(&paths::blob_uploads(to));
        let mount = format!("{start_url}?mount={}&from={}", blob.digest, from.as_str());
        let started = t.send(Request::new(Method::Post, mount.clone())).await?;
        match started.status {
            201 => return Ok(BlobWay::Mounted),
            202 => {}
            _ => return Err(RegistryError::from_response(&started)),
        }
        let location = upload_location(&mount, &started)?;
        if blob.size <= CHUNK_BYTES {
            let bytes = self.get_blob(t, from, &blob.digest).await?;
            self.finish_upload(t, &location, &blob.digest, bytes)
                .await?;
        } else {
            self.upload_in_chunks(t, from, blob, location).await?;
        }
        Ok(BlobWay::Uploaded)
    }

    /// Upload `bytes` as the blob `digest` into `name` (POST a session, PUT
    /// the bytes to its `Location` with the digest).
    pub(crate) async fn upload_blob(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
        bytes: Vec<u8>,
    ) -> Result<(), RegistryError> {
        let start_url = self.url(&paths::blob_uploads(name));
        let started = t
            .send(Request::new(Method::Post, start_url.clone()))
            .await?;
        if !started.is_success() {
            return Err(RegistryError::from_response(&started));
        }
        let location = upload_location(&start_url, &started)?;
        self.finish_upload(t, &location, digest, bytes).await
    }

    /// The closing PUT of an upload session, with the last bytes (or none).
    async fn finish_upload(
        &self,
        t: &impl Transport,
        location: &str,
        digest: &Digest,
        bytes: Vec<u8>,
    ) -> Result<(), RegistryError> {
        let finished = t
            .send(
                Request::new(Method::Put, with_digest_param(location, digest))
                    .body(bytes, OCTET_STREAM),
            )
            .await?;
        if !finished.is_success() {
            return Err(RegistryError::from_response(&finished));
        }
        Ok(())
    }

    /// A big blob read from `from` with `Range` and sent as PATCH chunks,
    /// then closed with its digest (which the registry checks).
    async fn upload_in_chunks(
        &self,
        t: &impl Transport,
        from: &RepositoryName,
        blob: &Blob,
        mut location: String,
    ) -> Result<(), RegistryError> {
        let source_url = self.url(&paths::blob(from, &blob.digest));
        let mut offset = 0u64;
        while offset < blob.size {
            let end = (offset + CHUNK_BYTES).min(blob.size) - 1;
            let resp = self
                .fetch(
                    t,
                    Request::get(source_url.clone())
                        .header("Range", format!("bytes={offset}-{end}")),
                )
                .await?;
            if !resp.is_success() {
                return Err(RegistryError::from_response(&resp));
            }
            let expected = (end - offset + 1) as usize;
            if resp.status != 206 || resp.body.len() != expected {
                return Err(RegistryError::Malformed {
                    expected: Expected::ByteRange {
                        first: offset,
                        last: end,
                    },
                    got: Got::answer(&resp),
                });
            }
            let patch = Request::new(Method::Patch, location.clone())
                .body(resp.body, OCTET_STREAM)
                .header("Content-Range", format!("{offset}-{end}"));
            let sent = t.send(patch).await?;
            if sent.status != 202 {
                return Err(RegistryError::from_response(&sent));
            }
            location = upload_location(&location, &sent)?;
            offset = end + 1;
        }
        self.finish_upload(t, &location, &blob.digest, Vec::new())
            .await
    }
}

/// The digest an answer names (`Docker-Content-Digest`), when readable.
fn answer_digest(resp: &RawResponse) -> Option<Digest> {
    resp.header("Docker-Content-Digest")
        .and_then(|h| Digest::parse(h.trim()).ok())
}

/// Where an upload goes on: the answer's `Location`, resolved against
/// `url`, on the registry's origin.
pub(crate) fn upload_location(url: &str, resp: &RawResponse) -> Result<String, RegistryError> {
    let location = resp
        .header("Location")
        .ok_or_else(|| RegistryError::Malformed {
            expected: Expected::UploadLocation,
            got: Got::answer(resp),
        })?;
    resolve_same_origin(url, location.trim()).map_err(|e| match e {
        LinkError::ForeignOrigin(l) | LinkError::BadBase(l) => {
            RegistryError::ForeignLink { link: l }
        }
    })
}

#[cfg(test)]
mod tests;
