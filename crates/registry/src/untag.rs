//! Removing one tag without deleting its digest (and the digest's other
//! tags).
//!
//! Distribution 3.x (and the OCI distribution-spec) untags with
//! `DELETE /v2/<name>/manifests/<tag>`. Distribution 2.x answers that with
//! 400 `DIGEST_INVALID`: deleting by digest is its only delete, and it takes
//! every tag of the digest. With push rights the same result is reached on
//! 2.x by moving the tag onto a throw-away manifest of its own and deleting
//! that: [`Registry::untag_with_placeholder`].
//!
//! Nothing here is ever retried: every PUT and DELETE is sent once.

use super::client::{DeleteOutcome, Registry, Transport};
use super::deletion::Abort;
use super::digest::Digest;
use super::engine::{Job, Outcome, Stop, Target, Unobserved};
use super::error::{ErrorCode, RecordFailure, RegistryError};
use super::manifest::media;
use super::reference::{paths, Reference, RepositoryName, Tag};
use super::response::{Method, Request};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::future::Future;

/// Media type of the OCI empty descriptor (`{}`).
pub const EMPTY_CONFIG_MEDIA_TYPE: &str = "application/vnd.oci.empty.v1+json";
/// The OCI empty config blob: the two bytes `{}`.
pub const EMPTY_CONFIG: &[u8] = b"{}";
/// `sha256` of [`EMPTY_CONFIG`].
pub const EMPTY_CONFIG_DIGEST: &str =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
/// The annotation that marks a placeholder manifest: `"<tag> <nonce>"`.
pub const PLACEHOLDER_ANNOTATION: &str = "io.shipshape.placeholder";

/// How an untag ended when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UntagOutcome {
    /// 202: the tag is gone; its digest and the digest's other tags remain.
    Removed,
    /// 404 `MANIFEST_UNKNOWN`: the tag was already gone.
    AlreadyGone,
}

/// The steps of [`Registry::untag_with_placeholder`], in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceholderStep {
    /// HEAD the tag: it must still point at the confirmed digest.
    Recheck,
    /// DELETE a digest no manifest can have: the registry must answer 404
    /// (deleting is enabled and allowed to us) before the tag is touched.
    CheckDelete,
    /// HEAD, or POST and PUT, the empty config blob `{}`.
    UploadConfig,
    /// PUT the placeholder manifest to the tag. From here on the tag may
    /// point at the placeholder.
    PushPlaceholder,
    /// The registry stored the placeholder under the digest of our bytes.
    VerifyDigest,
    /// DELETE the placeholder by digest, which takes the tag with it.
    DeletePlaceholder,
}

/// Where the tag points after a failed [`Registry::untag_with_placeholder`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagState {
    /// Nothing was written to the tag: it still points at the confirmed
    /// digest (as of the recheck).
    Unchanged,
    /// The tag points at the placeholder. The confirmed digest and its other
    /// tags are intact; pushing the confirmed digest to the tag again
    /// restores it (or deleting the placeholder by digest finishes the untag).
    AtPlaceholder,
    /// The registry stored our placeholder PUT under another digest than the
    /// one our bytes hash to, or the tag now points elsewhere: the tag
    /// points at this digest. It was not deleted.
    AtOther(Digest),
    /// A write got no clear answer (network error, timeout, cancel, 5xx): the
    /// tag may point at the confirmed digest, at the placeholder, or (after
    /// the last step) be gone. HEAD the tag to find out.
    Unknown,
}

/// A step of [`Registry::untag_with_placeholder`] failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceholderFailure {
    pub step: PlaceholderStep,
    /// What the registry (or the network) said at that step.
    pub error: RegistryError,
    pub tag: String,
    /// The digest the user confirmed; never deleted by this sequence.
    pub confirmed: Digest,
    /// The placeholder manifest's digest (SHA-256 of the bytes PUT, or to be
    /// PUT).
    pub placeholder: Digest,
}

impl PlaceholderFailure {
    /// Where the failure left the tag.
    pub fn tag_state(&self) -> TagState {
        match self.step {
            PlaceholderStep::Recheck
            | PlaceholderStep::CheckDelete
            | PlaceholderStep::UploadConfig => TagState::Unchanged,
            PlaceholderStep::PushPlaceholder if is_refusal(&self.error) => TagState::Unchanged,
            PlaceholderStep::PushPlaceholder => TagState::Unknown,
            PlaceholderStep::VerifyDigest => match &self.error {
                RegistryError::DigestMismatch { actual, .. } => TagState::AtOther(actual.clone()),
                _ => TagState::Unknown,
            },
            PlaceholderStep::DeletePlaceholder if is_refusal(&self.error) => {
                TagState::AtPlaceholder
            }
            PlaceholderStep::DeletePlaceholder => TagState::Unknown,
        }
    }
}

/// Why an untag did not happen (or did not finish).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UntagError {
    /// The tag points at another digest than the one confirmed. Nothing was
    /// written.
    TagMoved {
        tag: String,
        confirmed: Digest,
        now: Digest,
    },
    /// The registry cannot remove a tag alone (distribution 2.x: 400
    /// `DIGEST_INVALID` to a DELETE by tag). Nothing was changed.
    /// [`Registry::untag_with_placeholder`] does it with push rights.
    NotSupported,
    /// [`Registry::untag`]: the recheck or the DELETE failed; nothing was
    /// removed (a 405 `UNSUPPORTED` is `DeleteDisabled`: deleting is off).
    Registry(RegistryError),
    /// [`Registry::untag_with_placeholder`]: a step failed; see
    /// [`PlaceholderFailure::tag_state`] for where the tag is left.
    /// (Boxed: it is large, and errors travel by value.)
    Placeholder(Box<PlaceholderFailure>),
    /// The caller could not record the untag before it began (the app
    /// keeps the original manifest in its journal first): nothing was
    /// written. `why`: what the recorder said went wrong.
    NotRecorded { why: RecordFailure },
    /// The tag matches a protected pattern: nothing was written.
    Protected { tag: String, pattern: String },
}

impl From<Abort> for UntagError {
    fn from(a: Abort) -> Self {
        match a {
            Abort::TagMoved {
                tag,
                confirmed,
                now,
            } => UntagError::TagMoved {
                tag,
                confirmed,
                now,
            },
            Abort::Registry(e) => UntagError::Registry(e),
        }
    }
}

/// A placeholder untag that finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceholderOutcome {
    /// The placeholder manifest pushed to the tag and deleted.
    pub placeholder: Digest,
    /// Whether the empty config blob had to be uploaded (it was not in the
    /// repository yet).
    pub config_uploaded: bool,
    /// `AlreadyGone` when something else deleted the placeholder between our
    /// PUT and our DELETE; the tag is gone either way.
    pub deleted: DeleteOutcome,
}

/// A tag being removed with the placeholder workaround (distribution 2.x),
/// as the page journals it: recorded before the tag is touched, with the
/// bytes of the manifest it pointed at, so a sequence that stops half-way
/// can be undone or finished ([`Registry::resume_untag`]). Kept as JSON in
/// this shape (field names and the state's words are the journal's format).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UntagRecord {
    pub untag: String,
    pub registry: String,
    pub repo: String,
    pub tag: String,
    /// The digest the tag pointed at (kept).
    pub confirmed: String,
    /// The placeholder manifest's digest; empty for a plain untag (one
    /// `DELETE` by tag, where the registry supports it).
    pub placeholder: String,
    /// The confirmed manifest's exact bytes (manifests are UTF-8 JSON).
    pub manifest: String,
    pub content_type: String,
    pub state: UntagState,
    pub started_at: f64,
}

/// Where a placeholder untag stands (kept as kebab-case text:
/// `started`, `at-placeholder`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UntagState {
    /// Under way: the sequence has not ended (or the tab closed mid-way).
    Started,
    Removed,
    Unchanged,
    AtPlaceholder,
    AtOther,
    /// A write was sent and its end is not known: the tag may point at the
    /// confirmed digest, at the placeholder, or be gone.
    Unknown,
    /// Repaired: the original manifest is back on the tag.
    Restored,
    /// Repaired: the placeholder was deleted.
    Finished,
}

impl UntagState {
    /// The tag may be left on the placeholder: offer to restore or finish.
    pub fn needs_attention(self) -> bool {
        matches!(
            self,
            UntagState::Started | UntagState::AtPlaceholder | UntagState::Unknown
        )
    }

    /// The journal's word for it (also a `data-state` attribute).
    pub fn as_str(self) -> &'static str {
        match self {
            UntagState::Started => "started",
            UntagState::Removed => "removed",
            UntagState::Unchanged => "unchanged",
            UntagState::AtPlaceholder => "at-placeholder",
            UntagState::AtOther => "at-other",
            UntagState::Unknown => "unknown",
            UntagState::Restored => "restored",
            UntagState::Finished => "finished",
        }
    }

    /// Where [`Registry::untag_with_placeholder`]'s result left the tag.
    pub fn after(result: &Result<PlaceholderOutcome, UntagError>) -> Self {
        match result {
            Ok(_) => UntagState::Removed,
            Err(UntagError::Placeholder(f)) => match f.tag_state() {
                TagState::Unchanged => UntagState::Unchanged,
                TagState::AtPlaceholder => UntagState::AtPlaceholder,
                TagState::AtOther(_) => UntagState::AtOther,
                TagState::Unknown => UntagState::Unknown,
            },
            Err(_) => UntagState::Unchanged,
        }
    }
}

/// An untag record's names, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UntagParts {
    pub name: RepositoryName,
    pub tag: Tag,
    pub confirmed: Digest,
    /// None for a plain untag.
    pub placeholder: Option<Digest>,
}

impl UntagRecord {
    /// The tag may be left on the placeholder: offer to restore or finish.
    pub fn needs_attention(&self) -> bool {
        self.state.needs_attention()
    }

    /// Its repository, tag and digests, when every one parses.
    pub fn parts(&self) -> Option<UntagParts> {
        Some(UntagParts {
            name: RepositoryName::parse(&self.repo).ok()?,
            tag: Tag::parse(&self.tag).ok()?,
            confirmed: Digest::parse(&self.confirmed).ok()?,
            placeholder: match self.placeholder.as_str() {
                "" => None,
                p => Some(Digest::parse(p).ok()?),
            },
        })
    }
}

/// The page's side of a placeholder untag: its journal.
pub trait UntagObserver {
    /// Right before a write: record that the untag stands at `state`
    /// ([`UntagState::Started`] before the workaround's first request,
    /// [`UntagState::Unknown`] before a restore's PUT or a finish's
    /// DELETE). An error stops: nothing is sent (fail closed). The error
    /// is the recorder's own report.
    fn recording(&self, state: UntagState) -> impl Future<Output = Result<(), RecordFailure>>;
    /// Where the untag stands once its writes are answered.
    fn settled(&self, _state: UntagState) {}
    /// Finishing: the placeholder's delete, `job` (the placeholder with the
    /// tag alone on it), through the delete engine as the caller runs
    /// deletes (the page: a run of its run service, journaled and listed);
    /// its outcome. By default the engine runs it unobserved.
    fn delete<T: Transport>(
        &self,
        registry: &Registry,
        t: &T,
        job: Job,
    ) -> impl Future<Output = Outcome> {
        async move {
            registry
                .run_deletes(t, &job, 1, &Cell::new(false), &Unobserved)
                .await
                .into_iter()
                .next()
                .map_or(Outcome::NotSent, |r| r.outcome)
        }
    }
}

/// An untag nobody journals (the command line, tests).
pub struct Unjournaled;

impl UntagObserver for Unjournaled {
    async fn recording(&self, _state: UntagState) -> Result<(), RecordFailure> {
        Ok(())
    }
}

/// Which way an untag left half-way is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Put the tag back on the confirmed manifest.
    Restore,
    /// Delete the placeholder, and the tag with it.
    Finish,
}

/// Why [`Registry::resume_untag`] did not settle the untag.
#[derive(Clone, Debug, PartialEq)]
pub enum ResumeError {
    /// The record names no valid repository, tag or digest: nothing sent.
    BadRecord,
    /// The tag points at neither the confirmed image nor the placeholder
    /// (someone pushed it since): it is not overwritten, nothing deleted.
    TagMoved { tag: String, now: Digest },
    /// The observer could not record the step first: nothing was sent.
    NotRecorded { why: RecordFailure },
    /// Restoring: reading the tag, the PUT or its check failed.
    Registry(RegistryError),
    /// Finishing: the placeholder's delete did not end with it gone.
    NotDeleted(Outcome),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    media_type: &'a str,
    digest: &'a str,
    size: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlaceholderManifest<'a> {
    schema_version: u32,
    media_type: &'a str,
    config: Descriptor<'a>,
    layers: &'a [Descriptor<'a>],
    annotations: BTreeMap<&'a str, String>,
}

/// The digest [`Registry::untag_with_placeholder`] moves `tag` to for
/// `nonce` (what the page records before it starts, to finish or undo it
/// later).
pub fn placeholder_digest(tag: &str, nonce: &str) -> Digest {
    Digest::sha256_of(&placeholder_manifest(tag, nonce))
}

/// The placeholder manifest's exact bytes: an OCI image manifest with the
/// empty config, no layers, and the annotation `io.shipshape.placeholder:
/// "<tag> <nonce>"`. Compact JSON in a fixed key order, so the same tag and
/// nonce always give the same bytes (and digest); a fresh nonce gives a
/// digest no other tag points at.
pub fn placeholder_manifest(tag: &str, nonce: &str) -> Vec<u8> {
    let manifest = PlaceholderManifest {
        schema_version: 2,
        media_type: media::OCI_MANIFEST,
        config: Descriptor {
            media_type: EMPTY_CONFIG_MEDIA_TYPE,
            digest: EMPTY_CONFIG_DIGEST,
            size: EMPTY_CONFIG.len() as u64,
        },
        layers: &[],
        annotations: BTreeMap::from([(PLACEHOLDER_ANNOTATION, format!("{tag} {nonce}"))]),
    };
    serde_json::to_vec(&manifest).expect("a struct of strings always serialises")
}

/// An answer that refused the request outright (nothing was written).
fn is_refusal(e: &RegistryError) -> bool {
    matches!(
        e,
        RegistryError::Unauthorized { .. }
            | RegistryError::Denied { .. }
            | RegistryError::NotFound { .. }
            | RegistryError::DeleteDisabled
            | RegistryError::ReadOnly { .. }
            | RegistryError::TooManyRequests { .. }
            | RegistryError::Rejected { .. }
            | RegistryError::TokenServer { .. }
    )
}

impl Registry {
    /// Remove `tag` only, where the registry supports it (distribution 3.x,
    /// OCI): recheck that the tag still points at `confirmed`, then
    /// `DELETE /v2/<name>/manifests/<tag>`, once.
    ///
    /// `Err(NotSupported)` on distribution 2.x (400 `DIGEST_INVALID`, or 400
    /// `UNSUPPORTED` / 405 with another error code): nothing changed, and
    /// [`Registry::untag_with_placeholder`] is the way. A 405 `UNSUPPORTED`
    /// means deleting is off altogether: `Registry(DeleteDisabled)`.
    ///
    /// `observer` records [`UntagState::Started`] before the `DELETE`; when
    /// it cannot, nothing is sent (`NotRecorded`). It hears where the tag
    /// ended: removed, unchanged (refused), or unknown (no answer).
    pub async fn untag(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
        confirmed: &Digest,
        observer: &impl UntagObserver,
    ) -> Result<UntagOutcome, UntagError> {
        self.refuse_protected(tag)?;
        self.recheck(t, name, tag, confirmed).await?;
        observer
            .recording(UntagState::Started)
            .await
            .map_err(|why| UntagError::NotRecorded { why })?;
        let result = match self.delete_tag(t, name, tag).await {
            Ok(DeleteOutcome::Deleted | DeleteOutcome::GoneAfterCheck) => Ok(UntagOutcome::Removed),
            Ok(DeleteOutcome::AlreadyGone) => Ok(UntagOutcome::AlreadyGone),
            Err(RegistryError::Rejected {
                status: 400,
                code: Some(ErrorCode::DigestInvalid | ErrorCode::Unsupported),
                ..
            })
            | Err(RegistryError::Rejected { status: 405, .. }) => Err(UntagError::NotSupported),
            Err(e) => Err(UntagError::Registry(e)),
        };
        observer.settled(match &result {
            Ok(_) => UntagState::Removed,
            Err(UntagError::Registry(e)) if !is_refusal(e) => UntagState::Unknown,
            Err(_) => UntagState::Unchanged,
        });
        result
    }

    /// A protected tag is never removed, whatever the way.
    fn refuse_protected(&self, tag: &Tag) -> Result<(), UntagError> {
        match self.protected().matching(tag.as_str()) {
            Some(pattern) => Err(UntagError::Protected {
                tag: tag.to_string(),
                pattern: pattern.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// Remove `tag` only, on a registry without untag (distribution 2.x),
    /// with push and delete rights:
    ///
    /// 1. recheck that `tag` still points at `confirmed`;
    /// 2. DELETE a digest no manifest can have, expecting 404: deleting is
    ///    enabled and allowed, so step 6 will not be refused;
    /// 3. make sure the empty config blob `{}` is in the repository (HEAD,
    ///    else POST an upload and PUT the bytes to its `Location`);
    /// 4. PUT [`placeholder_manifest`]`(tag, nonce)` to the tag;
    /// 5. check the registry stored it under the SHA-256 of our bytes;
    /// 6. DELETE the placeholder by digest, which removes the tag.
    ///
    /// `confirmed` and its other tags are never touched. `nonce` must be
    /// unique per call (e.g. time and random): it makes the placeholder's
    /// digest one that no other tag points at. Every request is sent once.
    /// A failure names its step; from step 4 on the tag may have moved to
    /// the placeholder ([`PlaceholderFailure::tag_state`]).
    ///
    /// `observer` records [`UntagState::Started`] before the first request
    /// (so before the PUT and every DELETE); when it cannot, nothing is
    /// sent (`NotRecorded`). It hears where the untag ended
    /// ([`UntagState::after`]) once it did.
    pub async fn untag_with_placeholder(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
        confirmed: &Digest,
        nonce: &str,
        observer: &impl UntagObserver,
    ) -> Result<PlaceholderOutcome, UntagError> {
        // Nothing is written to the tag that could not be recorded.
        observer
            .recording(UntagState::Started)
            .await
            .map_err(|why| UntagError::NotRecorded { why })?;
        let result = self.placeholder_steps(t, name, tag, confirmed, nonce).await;
        observer.settled(UntagState::after(&result));
        result
    }

    /// The steps of [`Registry::untag_with_placeholder`].
    async fn placeholder_steps(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
        confirmed: &Digest,
        nonce: &str,
    ) -> Result<PlaceholderOutcome, UntagError> {
        self.refuse_protected(tag)?;
        if nonce.trim().is_empty() {
            return Err(UntagError::Registry(RegistryError::InvalidReference {
                input: nonce.to_string(),
                reason: super::reference::ReferenceError::EmptyTag,
            }));
        }
        let bytes = placeholder_manifest(tag.as_str(), nonce);
        let placeholder = Digest::sha256_of(&bytes);
        let fail = |step: PlaceholderStep, error: RegistryError| {
            UntagError::Placeholder(Box::new(PlaceholderFailure {
                step,
                error,
                tag: tag.to_string(),
                confirmed: confirmed.clone(),
                placeholder: placeholder.clone(),
            }))
        };

        // 1. The tag still points where the user saw it point.
        match self.recheck(t, name, tag, confirmed).await {
            Ok(()) => {}
            Err(Abort::Registry(e)) => return Err(fail(PlaceholderStep::Recheck, e)),
            Err(moved) => return Err(moved.into()),
        }

        // 2. Deleting works here. The probe digest is the hash of bytes that
        // are not JSON, so no manifest can have it: nothing is deleted.
        // Only the registry's own 404 (or a 202) counts: a redirect, a
        // proxy's page or no answer proves nothing.
        let probe = Digest::sha256_of(format!("shipshape delete probe {nonce}").as_bytes());
        let answer = t
            .send(Request::new(
                Method::Delete,
                self.url(&paths::manifest(name, &Reference::Digest(probe))),
            ))
            .await
            .map_err(|e| fail(PlaceholderStep::CheckDelete, e))?;
        match (answer.status, RegistryError::from_response(&answer)) {
            (202, _) => {}
            (
                404,
                RegistryError::NotFound {
                    code: Some(ErrorCode::ManifestUnknown),
                    ..
                },
            ) => {}
            (_, e) => return Err(fail(PlaceholderStep::CheckDelete, e)),
        }

        // 3. The config blob.
        let config_uploaded = self
            .ensure_empty_config(t, name)
            .await
            .map_err(|e| fail(PlaceholderStep::UploadConfig, e))?;

        // 4. Once more, right before the write: the tag still points where
        // the user saw it point.
        match self.recheck(t, name, tag, confirmed).await {
            Ok(()) => {}
            Err(Abort::Registry(e)) => return Err(fail(PlaceholderStep::Recheck, e)),
            Err(moved) => return Err(moved.into()),
        }
        // Move the tag onto the placeholder.
        let put = Request::new(
            Method::Put,
            self.url(&paths::manifest(name, &Reference::Tag(tag.clone()))),
        )
        .body(bytes, media::OCI_MANIFEST);
        let resp = t
            .send(put)
            .await
            .map_err(|e| fail(PlaceholderStep::PushPlaceholder, e))?;
        if !resp.is_success() {
            return Err(fail(
                PlaceholderStep::PushPlaceholder,
                RegistryError::from_response(&resp),
            ));
        }

        // 5. The registry stored exactly our bytes. Without a readable
        // `Docker-Content-Digest` (cross-origin, not exposed), ask the tag.
        let stored = match resp
            .header("Docker-Content-Digest")
            .and_then(|h| Digest::parse(h.trim()).ok())
        {
            Some(d) => d,
            None => self
                .resolve_digest(t, name, &Reference::Tag(tag.clone()))
                .await
                .map_err(|e| fail(PlaceholderStep::VerifyDigest, e))?,
        };
        if stored != placeholder {
            return Err(fail(
                PlaceholderStep::VerifyDigest,
                RegistryError::DigestMismatch {
                    expected: placeholder.clone(),
                    actual: stored,
                },
            ));
        }

        // 6. Delete the placeholder, and the tag with it, through the delete
        // engine: only while `tag` alone points at it.
        let target = Target::confirmed(placeholder.clone(), vec![tag.to_string()]);
        let reports = self
            .run_deletes(
                t,
                &Job {
                    name: name.clone(),
                    targets: vec![target],
                    known_tags: vec![tag.to_string()],
                    seen: Default::default(),
                },
                1,
                &Cell::new(false),
                &Unobserved,
            )
            .await;
        let outcome = reports
            .into_iter()
            .next()
            .map(|r| r.outcome)
            .unwrap_or(Outcome::NotSent);
        let deleted = match outcome {
            Outcome::Deleted => DeleteOutcome::Deleted,
            Outcome::GoneAfterCheck => DeleteOutcome::GoneAfterCheck,
            Outcome::AlreadyGone => DeleteOutcome::AlreadyGone,
            Outcome::Failed(e) | Outcome::Unknown(e) | Outcome::DeletedUnchecked(e) => {
                return Err(fail(PlaceholderStep::DeletePlaceholder, e))
            }
            Outcome::Stopped(Stop::MovedAway { now, .. }) => {
                return Err(fail(
                    PlaceholderStep::VerifyDigest,
                    RegistryError::DigestMismatch {
                        expected: placeholder.clone(),
                        actual: now,
                    },
                ))
            }
            Outcome::Stopped(Stop::TagListUnreadable(e))
            | Outcome::Stopped(Stop::TagUnresolvable { error: e, .. }) => {
                return Err(fail(PlaceholderStep::DeletePlaceholder, e))
            }
            other => {
                return Err(fail(
                    PlaceholderStep::DeletePlaceholder,
                    RegistryError::Malformed {
                        expected: super::error::Expected::PlaceholderAlone,
                        got: super::error::Got::Text(other.kind().into()),
                    },
                ))
            }
        };
        Ok(PlaceholderOutcome {
            placeholder,
            config_uploaded,
            deleted,
        })
    }

    /// Put `tag` back on the manifest it pointed at (after a placeholder
    /// untag stopped half-way): PUT the original `bytes` to the tag and
    /// check that the registry stored them under `expected`.
    pub async fn restore_tag(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
        bytes: Vec<u8>,
        content_type: &str,
        expected: &Digest,
    ) -> Result<(), RegistryError> {
        self.put_back(t, name, tag, bytes, content_type, expected)
            .await
            .map_err(|(e, _)| e)
    }

    /// [`Registry::restore_tag`]; an error says whether the tag may have
    /// been written (`true`: the PUT was not refused outright).
    async fn put_back(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
        bytes: Vec<u8>,
        content_type: &str,
        expected: &Digest,
    ) -> Result<(), (RegistryError, bool)> {
        expected.verify(&bytes).map_err(|actual| {
            (
                RegistryError::DigestMismatch {
                    expected: expected.clone(),
                    actual,
                },
                false,
            )
        })?;
        let put = Request::new(
            Method::Put,
            self.url(&paths::manifest(name, &Reference::Tag(tag.clone()))),
        )
        .body(bytes, content_type);
        let resp = t.send(put).await.map_err(|e| (e, true))?;
        if !resp.is_success() {
            let e = RegistryError::from_response(&resp);
            let written = !is_refusal(&e);
            return Err((e, written));
        }
        let now = self
            .resolve_digest(t, name, &Reference::Tag(tag.clone()))
            .await
            .map_err(|e| (e, true))?;
        if &now != expected {
            return Err((
                RegistryError::DigestMismatch {
                    expected: expected.clone(),
                    actual: now,
                },
                true,
            ));
        }
        Ok(())
    }

    /// Settle an untag left half-way (`record`, as journaled), once, either
    /// way. For the placeholder workaround:
    ///
    /// - [`Resume::Restore`]: HEAD the tag. On the confirmed digest already:
    ///   restored, nothing sent. On the placeholder (or gone): the
    ///   confirmed manifest's bytes PUT back ([`Registry::restore_tag`]).
    ///   Anywhere else: `TagMoved`, nothing written.
    /// - [`Resume::Finish`]: the placeholder deleted through the delete
    ///   engine ([`UntagObserver::delete`]), only while the tag alone points
    ///   at it; a tag moved elsewhere stops it (`TagMoved`).
    ///
    /// For a plain untag (no placeholder) whose `DELETE` went unanswered,
    /// Restore puts the bytes back when the tag is gone, and Finish sends
    /// the `DELETE` by tag again while the tag is on the confirmed digest.
    ///
    /// Before the PUT or the DELETE the observer records
    /// [`UntagState::Unknown`]; if it cannot, nothing is sent
    /// (`NotRecorded`). It hears the state the untag settles in: restored
    /// or finished; the record's own state again when nothing was written;
    /// nothing more when a write's end is not known (it stays unknown).
    pub async fn resume_untag(
        &self,
        t: &impl Transport,
        record: &UntagRecord,
        how: Resume,
        observer: &impl UntagObserver,
    ) -> Result<UntagState, ResumeError> {
        let parts = record.parts().ok_or(ResumeError::BadRecord)?;
        let before_write = || async {
            observer
                .recording(UntagState::Unknown)
                .await
                .map_err(|why| ResumeError::NotRecorded { why })
        };
        match how {
            Resume::Restore => {
                let reference = Reference::Tag(parts.tag.clone());
                match self.resolve_digest(t, &parts.name, &reference).await {
                    Ok(d) if d == parts.confirmed => {}
                    Ok(d) if Some(&d) != parts.placeholder.as_ref() => {
                        return Err(ResumeError::TagMoved {
                            tag: record.tag.clone(),
                            now: d,
                        })
                    }
                    Ok(_) | Err(RegistryError::NotFound { .. }) => {
                        let bytes = record.manifest.as_bytes();
                        // Bytes that are not the confirmed manifest are
                        // never sent (a record stripped of them, too).
                        if let Err(actual) = parts.confirmed.verify(bytes) {
                            return Err(ResumeError::Registry(RegistryError::DigestMismatch {
                                expected: parts.confirmed,
                                actual,
                            }));
                        }
                        before_write().await?;
                        let put = self
                            .put_back(
                                t,
                                &parts.name,
                                &parts.tag,
                                bytes.to_vec(),
                                &record.content_type,
                                &parts.confirmed,
                            )
                            .await;
                        if let Err((e, written)) = put {
                            // Refused: the tag is where it was. Otherwise
                            // it stays unknown, as recorded.
                            if !written {
                                observer.settled(record.state);
                            }
                            return Err(ResumeError::Registry(e));
                        }
                    }
                    Err(e) => return Err(ResumeError::Registry(e)),
                }
                observer.settled(UntagState::Restored);
                Ok(UntagState::Restored)
            }
            Resume::Finish => {
                let Some(placeholder) = parts.placeholder.clone() else {
                    return self.finish_plain(t, record, &parts, observer).await;
                };
                before_write().await?;
                let job = Job {
                    name: parts.name.clone(),
                    targets: vec![Target::confirmed(placeholder, vec![record.tag.clone()])],
                    known_tags: vec![record.tag.clone()],
                    seen: Default::default(),
                };
                match observer.delete(self, t, job).await {
                    o if o.is_gone() => {
                        observer.settled(UntagState::Finished);
                        Ok(UntagState::Finished)
                    }
                    Outcome::Stopped(Stop::MovedAway { tag, now }) => {
                        observer.settled(record.state);
                        Err(ResumeError::TagMoved { tag, now })
                    }
                    o @ (Outcome::Stopped(_)
                    | Outcome::NotSent
                    | Outcome::Failed(_)
                    | Outcome::KeptAfterCheck) => {
                        // Nothing deleted: the tag is where it was.
                        observer.settled(record.state);
                        Err(ResumeError::NotDeleted(o))
                    }
                    o => Err(ResumeError::NotDeleted(o)),
                }
            }
        }
    }

    /// Finishing a plain untag whose `DELETE` by tag went unanswered: the
    /// tag gone is finished; on the confirmed digest still, the `DELETE` is
    /// sent again (recorded first); anywhere else, `TagMoved`.
    async fn finish_plain(
        &self,
        t: &impl Transport,
        record: &UntagRecord,
        parts: &UntagParts,
        observer: &impl UntagObserver,
    ) -> Result<UntagState, ResumeError> {
        let reference = Reference::Tag(parts.tag.clone());
        match self.resolve_digest(t, &parts.name, &reference).await {
            Err(RegistryError::NotFound { .. }) => {}
            Ok(d) if d == parts.confirmed => {
                observer
                    .recording(UntagState::Unknown)
                    .await
                    .map_err(|why| ResumeError::NotRecorded { why })?;
                if let Err(e) = self.delete_tag(t, &parts.name, &parts.tag).await {
                    // Refused: the tag is where it was. Otherwise it stays
                    // unknown, as recorded.
                    if is_refusal(&e) {
                        observer.settled(record.state);
                    }
                    return Err(ResumeError::Registry(e));
                }
            }
            Ok(now) => {
                return Err(ResumeError::TagMoved {
                    tag: record.tag.clone(),
                    now,
                })
            }
            Err(e) => return Err(ResumeError::Registry(e)),
        }
        observer.settled(UntagState::Finished);
        Ok(UntagState::Finished)
    }

    /// Make sure the empty config blob is in `name`; `true` when it had to be
    /// uploaded.
    async fn ensure_empty_config(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
    ) -> Result<bool, RegistryError> {
        let digest = Digest::parse(EMPTY_CONFIG_DIGEST).expect("a valid constant");
        let head = t
            .send(Request::new(
                Method::Head,
                self.url(&paths::blob(name, &digest)),
            ))
            .await?;
        if head.is_success() {
            return Ok(false);
        }
        match RegistryError::from_response(&head) {
            RegistryError::NotFound { .. } => {}
            e => return Err(e),
        }
        self.upload_blob(t, name, &digest, EMPTY_CONFIG.to_vec())
            .await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::RawResponse;
    use crate::testing::{block_on, status, with_headers, Scripted};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const BASE: &str = "http://127.0.0.1:5000";
    const MANIFEST_UNKNOWN: &str =
        r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#;
    const DIGEST_INVALID: &str = r#"{"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"}]}"#;
    const UNSUPPORTED: &str =
        r#"{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}"#;
    const UPLOAD_URL: &str =
        "http://127.0.0.1:5000/v2/team/app/blobs/uploads/6f0c?_state=abc%3D%3D";

    fn name() -> RepositoryName {
        RepositoryName::parse("team/app").unwrap()
    }

    fn tag() -> Tag {
        Tag::parse("v1").unwrap()
    }

    fn confirmed() -> Digest {
        Digest::sha256_of(b"the image the user saw")
    }

    fn head_at(d: &Digest) -> Result<RawResponse, RegistryError> {
        with_headers(
            b"",
            &[
                ("Docker-Content-Digest", &d.to_string()),
                ("Content-Type", media::OCI_MANIFEST),
            ],
        )
    }

    fn answer(code: u16, headers: &[(&str, &str)]) -> Result<RawResponse, RegistryError> {
        let mut r = with_headers(b"", headers);
        if let Ok(r) = &mut r {
            r.status = code;
        }
        r
    }

    /// What the delete engine asks when it deletes the placeholder: the tag
    /// list, the tag (check, then last look), the DELETE (`answer`), and,
    /// after a 202, the manifest and the tag once more.
    fn engine_delete(
        ph: &Digest,
        answer: Result<RawResponse, RegistryError>,
    ) -> Vec<Result<RawResponse, RegistryError>> {
        let accepted = matches!(&answer, Ok(r) if r.status == 202);
        let list = || crate::testing::ok(r#"{"name":"team/app","tags":["v1"]}"#, None);
        let mut v = vec![list(), head_at(ph), list(), head_at(ph), answer];
        if accepted {
            v.push(status(404, MANIFEST_UNKNOWN));
            v.push(status(404, MANIFEST_UNKNOWN));
        }
        v
    }

    fn placeholder() -> Digest {
        Digest::sha256_of(&placeholder_manifest("v1", "n-1"))
    }

    /// (method, url, body, content type) of a request sent.
    type Sent = (Method, String, Option<Vec<u8>>, Option<String>);

    fn sent(t: &Scripted) -> Vec<Sent> {
        t.asked
            .borrow()
            .iter()
            .map(|r| {
                (
                    r.method,
                    r.url.clone(),
                    r.body.clone(),
                    r.content_type.clone(),
                )
            })
            .collect()
    }

    fn writes(t: &Scripted) -> usize {
        t.asked
            .borrow()
            .iter()
            .filter(|r| matches!(r.method, Method::Put | Method::Post | Method::Delete))
            .count()
    }

    fn probe_url() -> String {
        format!(
            "{BASE}/v2/team/app/manifests/{}",
            Digest::sha256_of(b"shipshape delete probe n-1")
        )
    }

    fn run_placeholder(t: &Scripted) -> Result<PlaceholderOutcome, UntagError> {
        block_on(Registry::new(BASE).untag_with_placeholder(
            t,
            &name(),
            &tag(),
            &confirmed(),
            "n-1",
            &Unjournaled,
        ))
    }

    fn failure(r: Result<PlaceholderOutcome, UntagError>) -> PlaceholderFailure {
        match r {
            Err(UntagError::Placeholder(f)) => *f,
            other => panic!("expected a step failure, got {other:?}"),
        }
    }

    #[test]
    fn the_empty_config_constants_agree() {
        assert_eq!(
            Digest::sha256_of(EMPTY_CONFIG).to_string(),
            EMPTY_CONFIG_DIGEST
        );
        assert_eq!(EMPTY_CONFIG.len(), 2);
    }

    #[test]
    fn the_placeholder_manifest_is_exact_and_unique_per_nonce() {
        let bytes = placeholder_manifest("v1", "nonce-123");
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[],"annotations":{"io.shipshape.placeholder":"v1 nonce-123"}}"#
        );
        // The digest docker-registry 2.8.2 answered for these bytes.
        assert_eq!(
            Digest::sha256_of(&bytes).to_string(),
            "sha256:25a4037e325c19b7e3cb526e5973419504ab26b3c279ca33661fb8b9aa7595ba"
        );
        assert_eq!(placeholder_manifest("v1", "nonce-123"), bytes);
        assert_ne!(placeholder_manifest("v1", "nonce-124"), bytes);
        assert_ne!(placeholder_manifest("v2", "nonce-123"), bytes);
        // Quotes in a nonce are escaped, not breaking the JSON.
        let odd = placeholder_manifest("v1", "a\"b");
        let v: serde_json::Value = serde_json::from_slice(&odd).unwrap();
        assert_eq!(v["annotations"][PLACEHOLDER_ANNOTATION], "v1 a\"b");
    }

    #[test]
    fn untag_on_3x_deletes_the_tag_after_the_recheck() {
        let t = Scripted::new(vec![head_at(&confirmed()), answer(202, &[])]);
        let out =
            block_on(Registry::new(BASE).untag(&t, &name(), &tag(), &confirmed(), &Unjournaled))
                .unwrap();
        assert_eq!(out, UntagOutcome::Removed);
        assert_eq!(
            sent(&t),
            vec![
                (
                    Method::Head,
                    format!("{BASE}/v2/team/app/manifests/v1"),
                    None,
                    None
                ),
                (
                    Method::Delete,
                    format!("{BASE}/v2/team/app/manifests/v1"),
                    None,
                    None
                ),
            ]
        );
    }

    #[test]
    fn untag_on_2x_is_not_supported_and_changes_nothing() {
        let t = Scripted::new(vec![head_at(&confirmed()), status(400, DIGEST_INVALID)]);
        assert_eq!(
            block_on(Registry::new(BASE).untag(&t, &name(), &tag(), &confirmed(), &Unjournaled)),
            Err(UntagError::NotSupported)
        );
        assert_eq!(t.asked.borrow().len(), 2);
    }

    #[test]
    fn untag_keeps_delete_disabled_apart_from_not_supported() {
        let t = Scripted::new(vec![head_at(&confirmed()), status(405, UNSUPPORTED)]);
        assert_eq!(
            block_on(Registry::new(BASE).untag(&t, &name(), &tag(), &confirmed(), &Unjournaled)),
            Err(UntagError::Registry(RegistryError::DeleteDisabled))
        );
        let t = Scripted::new(vec![
            head_at(&confirmed()),
            status(
                405,
                r#"{"errors":[{"code":"METHOD_NOT_ALLOWED","message":"no tag deletes"}]}"#,
            ),
        ]);
        assert_eq!(
            block_on(Registry::new(BASE).untag(&t, &name(), &tag(), &confirmed(), &Unjournaled)),
            Err(UntagError::NotSupported)
        );
        let t = Scripted::new(vec![head_at(&confirmed()), status(404, MANIFEST_UNKNOWN)]);
        assert_eq!(
            block_on(Registry::new(BASE).untag(&t, &name(), &tag(), &confirmed(), &Unjournaled)),
            Ok(UntagOutcome::AlreadyGone)
        );
        let t = Scripted::new(vec![head_at(&confirmed()), status(403, "")]);
        assert!(matches!(
            block_on(Registry::new(BASE).untag(&t, &name(), &tag(), &confirmed(), &Unjournaled)),
            Err(UntagError::Registry(RegistryError::Denied { .. }))
        ));
    }

    #[test]
    fn untag_of_a_moved_tag_sends_no_delete() {
        let now = Digest::sha256_of(b"pushed meanwhile");
        let t = Scripted::new(vec![head_at(&now)]);
        assert_eq!(
            block_on(Registry::new(BASE).untag(&t, &name(), &tag(), &confirmed(), &Unjournaled)),
            Err(UntagError::TagMoved {
                tag: "v1".into(),
                confirmed: confirmed(),
                now,
            })
        );
        assert_eq!(writes(&t), 0);
    }

    #[test]
    fn the_placeholder_sequence_sends_exactly_these_requests() {
        let ph = placeholder();
        let mut script = vec![
            head_at(&confirmed()),
            status(404, MANIFEST_UNKNOWN),
            answer(404, &[]),
            answer(202, &[("Location", UPLOAD_URL)]),
            answer(201, &[("Docker-Content-Digest", EMPTY_CONFIG_DIGEST)]),
            head_at(&confirmed()),
            answer(201, &[("Docker-Content-Digest", &ph.to_string())]),
        ];
        script.extend(engine_delete(&ph, answer(202, &[])));
        let t = Scripted::new(script);
        let out = run_placeholder(&t).unwrap();
        assert_eq!(
            out,
            PlaceholderOutcome {
                placeholder: ph.clone(),
                config_uploaded: true,
                deleted: DeleteOutcome::Deleted,
            }
        );
        let manifest = placeholder_manifest("v1", "n-1");
        assert_eq!(
            sent(&t),
            vec![
                (
                    Method::Head,
                    format!("{BASE}/v2/team/app/manifests/v1"),
                    None,
                    None
                ),
                (Method::Delete, probe_url(), None, None),
                (
                    Method::Head,
                    format!("{BASE}/v2/team/app/blobs/{EMPTY_CONFIG_DIGEST}"),
                    None,
                    None
                ),
                (
                    Method::Post,
                    format!("{BASE}/v2/team/app/blobs/uploads/"),
                    None,
                    None
                ),
                (
                    Method::Put,
                    format!("{UPLOAD_URL}&digest={EMPTY_CONFIG_DIGEST}"),
                    Some(b"{}".to_vec()),
                    Some("application/octet-stream".into())
                ),
                // The tag once more, right before the write.
                (
                    Method::Head,
                    format!("{BASE}/v2/team/app/manifests/v1"),
                    None,
                    None
                ),
                (
                    Method::Put,
                    format!("{BASE}/v2/team/app/manifests/v1"),
                    Some(manifest.clone()),
                    Some("application/vnd.oci.image.manifest.v1+json".into())
                ),
                // The delete engine: every tag checked, the list and the
                // tags once more, the DELETE, then the manifest and the tag
                // are gone.
                (
                    Method::Get,
                    format!("{BASE}/v2/team/app/tags/list"),
                    None,
                    None
                ),
                (
                    Method::Head,
                    format!("{BASE}/v2/team/app/manifests/v1"),
                    None,
                    None
                ),
                (
                    Method::Get,
                    format!("{BASE}/v2/team/app/tags/list"),
                    None,
                    None
                ),
                (
                    Method::Head,
                    format!("{BASE}/v2/team/app/manifests/v1"),
                    None,
                    None
                ),
                (
                    Method::Delete,
                    format!("{BASE}/v2/team/app/manifests/{ph}"),
                    None,
                    None
                ),
                (
                    Method::Head,
                    format!("{BASE}/v2/team/app/manifests/{ph}"),
                    None,
                    None
                ),
                (
                    Method::Head,
                    format!("{BASE}/v2/team/app/manifests/v1"),
                    None,
                    None
                ),
            ]
        );
        // What was pushed is what was deleted, and never the confirmed digest.
        assert_eq!(Digest::sha256_of(&manifest), ph);
        assert!(t
            .asked
            .borrow()
            .iter()
            .all(|r| !r.url.contains(&confirmed().to_string())));
    }

    #[test]
    fn a_moved_tag_aborts_the_placeholder_before_any_write() {
        let now = Digest::sha256_of(b"pushed meanwhile");
        let t = Scripted::new(vec![head_at(&now)]);
        assert_eq!(
            run_placeholder(&t),
            Err(UntagError::TagMoved {
                tag: "v1".into(),
                confirmed: confirmed(),
                now,
            })
        );
        assert_eq!(t.asked.borrow().len(), 1);
        assert_eq!(writes(&t), 0);
    }

    #[test]
    fn a_refused_delete_probe_stops_before_the_tag_is_touched() {
        let t = Scripted::new(vec![head_at(&confirmed()), status(405, UNSUPPORTED)]);
        let f = failure(run_placeholder(&t));
        assert_eq!(f.step, PlaceholderStep::CheckDelete);
        assert_eq!(f.error, RegistryError::DeleteDisabled);
        assert_eq!(f.tag_state(), TagState::Unchanged);
        assert_eq!(sent(&t)[1], (Method::Delete, probe_url(), None, None));
        assert_eq!(t.asked.borrow().len(), 2);
    }

    #[test]
    fn a_digest_mismatch_after_the_put_stops_before_the_delete() {
        let other = Digest::sha256_of(b"rewritten by a proxy");
        let t = Scripted::new(vec![
            head_at(&confirmed()),
            status(404, MANIFEST_UNKNOWN),
            answer(200, &[]),
            head_at(&confirmed()),
            answer(201, &[("Docker-Content-Digest", &other.to_string())]),
        ]);
        let f = failure(run_placeholder(&t));
        assert_eq!(f.step, PlaceholderStep::VerifyDigest);
        assert_eq!(
            f.error,
            RegistryError::DigestMismatch {
                expected: placeholder(),
                actual: other.clone(),
            }
        );
        assert_eq!(f.placeholder, placeholder());
        assert_eq!(f.confirmed, confirmed());
        assert_eq!(f.tag_state(), TagState::AtOther(other));
        let asked = sent(&t);
        assert_eq!(asked.len(), 5);
        assert_eq!(asked[4].0, Method::Put);
        // The only DELETE is the probe.
        assert_eq!(
            asked
                .iter()
                .filter(|r| r.0 == Method::Delete)
                .map(|r| r.1.clone())
                .collect::<Vec<_>>(),
            vec![probe_url()]
        );
    }

    #[test]
    fn a_blob_already_present_is_not_uploaded_again() {
        let ph = placeholder();
        let t = Scripted::new(
            vec![
                head_at(&confirmed()),
                status(404, MANIFEST_UNKNOWN),
                answer(200, &[("Docker-Content-Digest", EMPTY_CONFIG_DIGEST)]),
                head_at(&confirmed()),
                answer(201, &[("Docker-Content-Digest", &ph.to_string())]),
            ]
            .into_iter()
            .chain(engine_delete(&ph, answer(202, &[])))
            .collect(),
        );
        let out = run_placeholder(&t).unwrap();
        assert!(!out.config_uploaded);
        let methods: Vec<Method> = sent(&t).into_iter().take(6).map(|r| r.0).collect();
        assert_eq!(
            methods,
            vec![
                Method::Head,
                Method::Delete,
                Method::Head,
                Method::Head,
                Method::Put,
                Method::Get
            ]
        );
        assert_eq!(sent(&t)[4].1, format!("{BASE}/v2/team/app/manifests/v1"));
    }

    #[test]
    fn a_relative_location_is_resolved_against_the_registry() {
        for (location, expected) in [
            (
                "/v2/team/app/blobs/uploads/6f0c?_state=abc",
                format!(
                    "{BASE}/v2/team/app/blobs/uploads/6f0c?_state=abc&digest={EMPTY_CONFIG_DIGEST}"
                ),
            ),
            (
                "/v2/team/app/blobs/uploads/6f0c",
                format!("{BASE}/v2/team/app/blobs/uploads/6f0c?digest={EMPTY_CONFIG_DIGEST}"),
            ),
        ] {
            let ph = placeholder();
            let t = Scripted::new(
                vec![
                    head_at(&confirmed()),
                    status(404, MANIFEST_UNKNOWN),
                    answer(404, &[]),
                    answer(202, &[("Location", location)]),
                    answer(201, &[]),
                    head_at(&confirmed()),
                    answer(201, &[("Docker-Content-Digest", &ph.to_string())]),
                ]
                .into_iter()
                .chain(engine_delete(&ph, answer(202, &[])))
                .collect(),
            );
            run_placeholder(&t).unwrap();
            assert_eq!(sent(&t)[4].1, expected);
        }
    }

    #[test]
    fn a_foreign_or_missing_location_fails_the_upload_step() {
        let t = Scripted::new(vec![
            head_at(&confirmed()),
            status(404, MANIFEST_UNKNOWN),
            answer(404, &[]),
            answer(202, &[("Location", "http://evil.example/v2/upload")]),
        ]);
        let f = failure(run_placeholder(&t));
        assert_eq!(f.step, PlaceholderStep::UploadConfig);
        assert!(matches!(f.error, RegistryError::ForeignLink { .. }));
        assert_eq!(f.tag_state(), TagState::Unchanged);
        assert_eq!(t.asked.borrow().len(), 4);

        let t = Scripted::new(vec![
            head_at(&confirmed()),
            status(404, MANIFEST_UNKNOWN),
            answer(404, &[]),
            answer(202, &[]),
        ]);
        let f = failure(run_placeholder(&t));
        assert_eq!(f.step, PlaceholderStep::UploadConfig);
        assert!(matches!(f.error, RegistryError::Malformed { .. }));
    }

    #[test]
    fn a_refused_push_names_its_step_and_leaves_the_tag() {
        for (code, kind) in [(401, "unauthorized"), (403, "denied")] {
            let t = Scripted::new(vec![
                head_at(&confirmed()),
                status(404, MANIFEST_UNKNOWN),
                answer(200, &[]),
                head_at(&confirmed()),
                status(code, ""),
            ]);
            let f = failure(run_placeholder(&t));
            assert_eq!(f.step, PlaceholderStep::PushPlaceholder);
            assert_eq!(f.error.kind(), kind);
            assert_eq!(f.tag_state(), TagState::Unchanged);
            assert_eq!(t.asked.borrow().len(), 5);
        }
        // No answer to the PUT: it may have landed.
        let t = Scripted::new(vec![
            head_at(&confirmed()),
            status(404, MANIFEST_UNKNOWN),
            answer(200, &[]),
            head_at(&confirmed()),
            Err(RegistryError::Timeout {
                url: "u".into(),
                seconds: 30,
            }),
        ]);
        let f = failure(run_placeholder(&t));
        assert_eq!(f.step, PlaceholderStep::PushPlaceholder);
        assert_eq!(f.tag_state(), TagState::Unknown);
    }

    #[test]
    fn without_a_digest_header_the_tag_is_asked() {
        let ph = placeholder();
        let t = Scripted::new(
            vec![
                head_at(&confirmed()),
                status(404, MANIFEST_UNKNOWN),
                answer(200, &[]),
                head_at(&confirmed()),
                answer(201, &[]),
                head_at(&ph),
            ]
            .into_iter()
            .chain(engine_delete(&ph, answer(202, &[])))
            .collect(),
        );
        assert_eq!(run_placeholder(&t).unwrap().placeholder, ph);
        let asked = sent(&t);
        assert_eq!(
            (asked[5].0, asked[5].1.as_str()),
            (
                Method::Head,
                "http://127.0.0.1:5000/v2/team/app/manifests/v1"
            )
        );
        assert_eq!(asked[10].1, format!("{BASE}/v2/team/app/manifests/{ph}"));
    }

    #[test]
    fn a_failed_placeholder_delete_says_the_tag_points_at_the_placeholder() {
        let ph = placeholder();
        let script = |last: Vec<Result<RawResponse, RegistryError>>| {
            Scripted::new(
                vec![
                    head_at(&confirmed()),
                    status(404, MANIFEST_UNKNOWN),
                    answer(200, &[]),
                    head_at(&confirmed()),
                    answer(201, &[("Docker-Content-Digest", &ph.to_string())]),
                ]
                .into_iter()
                .chain(last)
                .collect(),
            )
        };
        let f = failure(run_placeholder(&script(engine_delete(
            &ph,
            status(403, ""),
        ))));
        assert_eq!(f.step, PlaceholderStep::DeletePlaceholder);
        assert_eq!(f.placeholder, ph);
        assert_eq!(f.tag_state(), TagState::AtPlaceholder);
        // A 503 to the DELETE: unclear, so a HEAD asks; still there.
        let mut last = engine_delete(&ph, status(503, ""));
        last.push(head_at(&ph));
        let f = failure(run_placeholder(&script(last)));
        assert_eq!(f.step, PlaceholderStep::DeletePlaceholder);
        assert_eq!(f.tag_state(), TagState::Unknown);
        // Gone meanwhile: the tag went with it.
        let mut last = engine_delete(&ph, status(404, MANIFEST_UNKNOWN));
        last.push(status(404, MANIFEST_UNKNOWN));
        let out = run_placeholder(&script(last)).unwrap();
        assert_eq!(out.deleted, DeleteOutcome::AlreadyGone);
    }

    #[test]
    fn the_probe_must_be_the_registrys_own_404_and_the_tag_is_checked_again_before_the_put() {
        // A proxy redirects the probe: nothing proves deleting works.
        let t = Scripted::new(vec![
            head_at(&confirmed()),
            answer(303, &[("Location", "/login")]),
        ]);
        let f = failure(run_placeholder(&t));
        assert_eq!(f.step, PlaceholderStep::CheckDelete);
        assert_eq!(f.error.kind(), "redirected");
        assert_eq!(writes(&t), 1, "only the probe");
        // Moved between the first check and the PUT: no PUT.
        let now = Digest::sha256_of(b"pushed meanwhile");
        let t = Scripted::new(vec![
            head_at(&confirmed()),
            status(404, MANIFEST_UNKNOWN),
            answer(200, &[]),
            head_at(&now),
        ]);
        assert!(matches!(
            run_placeholder(&t),
            Err(UntagError::TagMoved { .. })
        ));
        assert!(sent(&t).iter().all(|r| r.0 != Method::Put));
    }

    #[test]
    fn a_tag_is_restored_with_the_original_bytes_and_checked() {
        let bytes = br#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#.to_vec();
        let d = Digest::sha256_of(&bytes);
        let t = Scripted::new(vec![answer(201, &[]), head_at(&d)]);
        block_on(Registry::new(BASE).restore_tag(
            &t,
            &name(),
            &tag(),
            bytes.clone(),
            media::OCI_MANIFEST,
            &d,
        ))
        .unwrap();
        let asked = sent(&t);
        assert_eq!(asked[0].0, Method::Put);
        assert_eq!(asked[0].2.as_deref(), Some(bytes.as_slice()));
        // Bytes that are not the confirmed manifest are never sent.
        let t = Scripted::new(vec![]);
        let r = block_on(Registry::new(BASE).restore_tag(
            &t,
            &name(),
            &tag(),
            b"{}".to_vec(),
            media::OCI_MANIFEST,
            &d,
        ));
        assert!(matches!(r, Err(RegistryError::DigestMismatch { .. })));
        // Stored under another digest: said.
        let t = Scripted::new(vec![answer(201, &[]), head_at(&confirmed())]);
        let r = block_on(Registry::new(BASE).restore_tag(
            &t,
            &name(),
            &tag(),
            bytes,
            media::OCI_MANIFEST,
            &d,
        ));
        assert!(matches!(r, Err(RegistryError::DigestMismatch { .. })));
    }

    #[test]
    fn an_empty_nonce_is_refused_before_sending() {
        let t = Scripted::new(vec![]);
        assert!(matches!(
            block_on(Registry::new(BASE).untag_with_placeholder(
                &t,
                &name(),
                &tag(),
                &confirmed(),
                " ",
                &Unjournaled,
            )),
            Err(UntagError::Registry(RegistryError::InvalidReference { .. }))
        ));
        assert!(t.asked.borrow().is_empty());
    }

    /// The page's journal, in memory: what it was asked to record (with
    /// how many requests had been sent by then) and what it heard.
    struct Journal<'a> {
        t: &'a Scripted,
        refuse: bool,
        heard: std::cell::RefCell<Vec<(String, usize)>>,
    }

    impl<'a> Journal<'a> {
        fn of(t: &'a Scripted) -> Self {
            Journal {
                t,
                refuse: false,
                heard: Default::default(),
            }
        }
        fn refusing(t: &'a Scripted) -> Self {
            Journal {
                refuse: true,
                ..Journal::of(t)
            }
        }
        fn heard(&self) -> Vec<(String, usize)> {
            self.heard.borrow().clone()
        }
    }

    impl UntagObserver for Journal<'_> {
        async fn recording(&self, state: UntagState) -> Result<(), RecordFailure> {
            let sent = self.t.asked.borrow().len();
            self.heard
                .borrow_mut()
                .push((format!("recording {}", state.as_str()), sent));
            if self.refuse {
                Err(RecordFailure::Quota)
            } else {
                Ok(())
            }
        }
        fn settled(&self, state: UntagState) {
            let sent = self.t.asked.borrow().len();
            self.heard
                .borrow_mut()
                .push((format!("settled {}", state.as_str()), sent));
        }
    }

    /// The original manifest the user confirmed, and a record of an untag
    /// of it left at `state`.
    fn left_half_way(state: UntagState) -> (Vec<u8>, UntagRecord) {
        let bytes = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#.to_vec();
        let record = UntagRecord {
            untag: "1765000000000-n-1".into(),
            registry: BASE.into(),
            repo: "team/app".into(),
            tag: "v1".into(),
            confirmed: Digest::sha256_of(&bytes).to_string(),
            placeholder: placeholder().to_string(),
            manifest: String::from_utf8(bytes.clone()).unwrap(),
            content_type: media::OCI_MANIFEST.into(),
            state,
            started_at: 1_765_000_000_000.0,
        };
        (bytes, record)
    }

    fn resume(
        t: &Scripted,
        record: &UntagRecord,
        how: Resume,
        journal: &Journal,
    ) -> Result<UntagState, ResumeError> {
        block_on(Registry::new(BASE).resume_untag(t, record, how, journal))
    }

    /// Journals written before the record moved into the core hold these
    /// words and this shape: they still read, and write back the same.
    #[test]
    fn untag_records_keep_the_journal_shape_and_words() {
        for s in [
            UntagState::Started,
            UntagState::Removed,
            UntagState::Unchanged,
            UntagState::AtPlaceholder,
            UntagState::AtOther,
            UntagState::Unknown,
            UntagState::Restored,
            UntagState::Finished,
        ] {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(serde_json::from_str::<UntagState>(&json).unwrap(), s);
        }
        let needs: Vec<&str> = ["started", "at-placeholder", "unknown", "removed"]
            .into_iter()
            .filter(|w| {
                serde_json::from_str::<UntagState>(&format!("\"{w}\""))
                    .unwrap()
                    .needs_attention()
            })
            .collect();
        assert_eq!(needs, vec!["started", "at-placeholder", "unknown"]);
        // A record as the app's journal wrote it.
        let written = r#"{"untag":"1765000000000-1765-ab","registry":"http://127.0.0.1:5000","repo":"team/app","tag":"v1","confirmed":"sha256:aa","placeholder":"sha256:bb","manifest":"{}","content_type":"application/vnd.oci.image.manifest.v1+json","state":"at-placeholder","started_at":1765000000000.0}"#;
        let record: UntagRecord = serde_json::from_str(written).unwrap();
        assert_eq!(record.state, UntagState::AtPlaceholder);
        assert!(record.needs_attention());
        assert_eq!(serde_json::to_string(&record).unwrap(), written);
        // Its digests do not parse: nothing can be resumed from it.
        assert_eq!(record.parts(), None);
        let t = Scripted::new(vec![]);
        assert_eq!(
            resume(&t, &record, Resume::Restore, &Journal::of(&t)),
            Err(ResumeError::BadRecord)
        );
        assert!(t.asked.borrow().is_empty());
    }

    #[test]
    fn the_workaround_is_recorded_before_its_first_request_and_settled_after() {
        let ph = placeholder();
        let mut script = vec![
            head_at(&confirmed()),
            status(404, MANIFEST_UNKNOWN),
            answer(200, &[]),
            head_at(&confirmed()),
            answer(201, &[("Docker-Content-Digest", &ph.to_string())]),
        ];
        script.extend(engine_delete(&ph, answer(202, &[])));
        let t = Scripted::new(script);
        let journal = Journal::of(&t);
        block_on(Registry::new(BASE).untag_with_placeholder(
            &t,
            &name(),
            &tag(),
            &confirmed(),
            "n-1",
            &journal,
        ))
        .unwrap();
        let sent = t.asked.borrow().len();
        assert_eq!(
            journal.heard(),
            vec![
                ("recording started".to_string(), 0),
                ("settled removed".to_string(), sent)
            ]
        );
        // A failed step: where it left the tag.
        let t = Scripted::new(vec![head_at(&confirmed()), status(405, UNSUPPORTED)]);
        let journal = Journal::of(&t);
        assert!(block_on(Registry::new(BASE).untag_with_placeholder(
            &t,
            &name(),
            &tag(),
            &confirmed(),
            "n-1",
            &journal,
        ))
        .is_err());
        assert_eq!(journal.heard()[1], ("settled unchanged".to_string(), 2));
    }

    /// The plain untag is a delete like the workaround's: recorded before
    /// its DELETE (refused: only the recheck is sent), and settled where
    /// the answer left the tag.
    #[test]
    fn a_plain_untag_is_recorded_before_its_delete_and_settled_after() {
        let untag = |t: &Scripted, journal: &Journal| {
            block_on(Registry::new(BASE).untag(t, &name(), &tag(), &confirmed(), journal))
        };
        let t = Scripted::new(vec![head_at(&confirmed()), answer(202, &[])]);
        let journal = Journal::of(&t);
        assert_eq!(untag(&t, &journal), Ok(UntagOutcome::Removed));
        assert_eq!(
            journal.heard(),
            vec![
                ("recording started".to_string(), 1),
                ("settled removed".to_string(), 2)
            ]
        );
        let t = Scripted::new(vec![head_at(&confirmed())]);
        let journal = Journal::refusing(&t);
        assert_eq!(
            untag(&t, &journal),
            Err(UntagError::NotRecorded {
                why: RecordFailure::Quota
            })
        );
        assert_eq!(writes(&t), 0);
        // 2.x refuses: unchanged.
        let t = Scripted::new(vec![head_at(&confirmed()), status(400, DIGEST_INVALID)]);
        let journal = Journal::of(&t);
        assert_eq!(untag(&t, &journal), Err(UntagError::NotSupported));
        assert_eq!(journal.heard()[1], ("settled unchanged".to_string(), 2));
        // No answer: nobody knows whether the tag went.
        let t = Scripted::new(vec![
            head_at(&confirmed()),
            Err(RegistryError::Timeout {
                url: format!("{BASE}/v2/team/app/manifests/v1"),
                seconds: 30,
            }),
        ]);
        let journal = Journal::of(&t);
        assert!(untag(&t, &journal).is_err());
        assert_eq!(journal.heard()[1], ("settled unknown".to_string(), 2));
    }

    /// A plain untag left unknown (no placeholder in its record): finish
    /// sends the DELETE by tag again only while the tag is on the confirmed
    /// image; restore puts the bytes back only where the tag is gone.
    #[test]
    fn a_plain_untag_left_unknown_is_finished_or_restored() {
        let (bytes, mut record) = left_half_way(UntagState::Unknown);
        record.placeholder = String::new();
        let original = Digest::sha256_of(&bytes);
        let tag_url = format!("{BASE}/v2/team/app/manifests/v1");
        assert_eq!(record.parts().unwrap().placeholder, None);
        // Still on the image: recorded, DELETE by tag.
        let t = Scripted::new(vec![head_at(&original), answer(202, &[])]);
        let journal = Journal::of(&t);
        assert_eq!(
            resume(&t, &record, Resume::Finish, &journal),
            Ok(UntagState::Finished)
        );
        assert_eq!(sent(&t)[1], (Method::Delete, tag_url.clone(), None, None));
        assert_eq!(
            journal.heard(),
            vec![
                ("recording unknown".to_string(), 1),
                ("settled finished".to_string(), 2)
            ]
        );
        // Gone already: finished, nothing sent.
        let t = Scripted::new(vec![status(404, MANIFEST_UNKNOWN)]);
        assert_eq!(
            resume(&t, &record, Resume::Finish, &Journal::of(&t)),
            Ok(UntagState::Finished)
        );
        assert_eq!(writes(&t), 0);
        // Pushed elsewhere since: neither finished nor restored.
        let now = Digest::sha256_of(b"pushed meanwhile");
        for how in [Resume::Finish, Resume::Restore] {
            let t = Scripted::new(vec![head_at(&now)]);
            assert!(matches!(
                resume(&t, &record, how, &Journal::of(&t)),
                Err(ResumeError::TagMoved { .. })
            ));
            assert_eq!(writes(&t), 0);
        }
        // Gone: restore puts the confirmed bytes back.
        let t = Scripted::new(vec![
            status(404, MANIFEST_UNKNOWN),
            answer(201, &[]),
            head_at(&original),
        ]);
        assert_eq!(
            resume(&t, &record, Resume::Restore, &Journal::of(&t)),
            Ok(UntagState::Restored)
        );
        assert_eq!(sent(&t)[1].0, Method::Put);
        // A placeholder that does not parse is a bad record, not a plain one.
        record.placeholder = "sha256:nope".into();
        assert_eq!(record.parts(), None);
    }

    #[test]
    fn a_journal_that_cannot_record_means_nothing_is_sent() {
        let t = Scripted::new(vec![]);
        let journal = Journal::refusing(&t);
        assert_eq!(
            block_on(Registry::new(BASE).untag_with_placeholder(
                &t,
                &name(),
                &tag(),
                &confirmed(),
                "n-1",
                &journal,
            )),
            Err(UntagError::NotRecorded {
                why: RecordFailure::Quota
            })
        );
        assert!(t.asked.borrow().is_empty());
        // Restoring: the tag is read, nothing written.
        let (_, record) = left_half_way(UntagState::AtPlaceholder);
        let t = Scripted::new(vec![head_at(&placeholder())]);
        let journal = Journal::refusing(&t);
        assert_eq!(
            resume(&t, &record, Resume::Restore, &journal),
            Err(ResumeError::NotRecorded {
                why: RecordFailure::Quota
            })
        );
        assert_eq!(writes(&t), 0);
        assert_eq!(t.asked.borrow().len(), 1);
        // Finishing: not a request.
        let t = Scripted::new(vec![]);
        let journal = Journal::refusing(&t);
        assert!(matches!(
            resume(&t, &record, Resume::Finish, &journal),
            Err(ResumeError::NotRecorded { .. })
        ));
        assert!(t.asked.borrow().is_empty());
        assert_eq!(journal.heard(), vec![("recording unknown".to_string(), 0)]);
    }

    #[test]
    fn restore_puts_the_confirmed_manifest_back_only_over_the_placeholder() {
        let (bytes, record) = left_half_way(UntagState::AtPlaceholder);
        let original = Digest::sha256_of(&bytes);
        let tag_url = format!("{BASE}/v2/team/app/manifests/v1");
        // On the placeholder: recorded, PUT back, checked.
        let t = Scripted::new(vec![
            head_at(&placeholder()),
            answer(201, &[]),
            head_at(&original),
        ]);
        let journal = Journal::of(&t);
        assert_eq!(
            resume(&t, &record, Resume::Restore, &journal),
            Ok(UntagState::Restored)
        );
        let asked = sent(&t);
        assert_eq!(asked.len(), 3);
        assert_eq!(
            asked[1],
            (
                Method::Put,
                tag_url.clone(),
                Some(bytes.clone()),
                Some(media::OCI_MANIFEST.into())
            )
        );
        assert_eq!(
            journal.heard(),
            vec![
                ("recording unknown".to_string(), 1),
                ("settled restored".to_string(), 3)
            ]
        );
        // Gone (the placeholder's delete took it): put back as well.
        let t = Scripted::new(vec![
            status(404, MANIFEST_UNKNOWN),
            answer(201, &[]),
            head_at(&original),
        ]);
        assert_eq!(
            resume(&t, &record, Resume::Restore, &Journal::of(&t)),
            Ok(UntagState::Restored)
        );
        assert_eq!(sent(&t)[1].0, Method::Put);
        // On the confirmed image already: nothing to write.
        let t = Scripted::new(vec![head_at(&original)]);
        let journal = Journal::of(&t);
        assert_eq!(
            resume(&t, &record, Resume::Restore, &journal),
            Ok(UntagState::Restored)
        );
        assert_eq!(writes(&t), 0);
        assert_eq!(journal.heard(), vec![("settled restored".to_string(), 1)]);
        // Pushed by someone else since: not overwritten.
        let now = Digest::sha256_of(b"pushed meanwhile");
        let t = Scripted::new(vec![head_at(&now)]);
        let journal = Journal::of(&t);
        assert_eq!(
            resume(&t, &record, Resume::Restore, &journal),
            Err(ResumeError::TagMoved {
                tag: "v1".into(),
                now
            })
        );
        assert_eq!(writes(&t), 0);
        assert!(journal.heard().is_empty());
        // A refused PUT: the record's state again; an unanswered one stays
        // unknown.
        let t = Scripted::new(vec![head_at(&placeholder()), status(403, "")]);
        let journal = Journal::of(&t);
        assert!(matches!(
            resume(&t, &record, Resume::Restore, &journal),
            Err(ResumeError::Registry(RegistryError::Denied { .. }))
        ));
        assert_eq!(
            journal.heard().last().unwrap().0,
            "settled at-placeholder".to_string()
        );
        let t = Scripted::new(vec![
            head_at(&placeholder()),
            Err(RegistryError::Timeout {
                url: tag_url,
                seconds: 30,
            }),
        ]);
        let journal = Journal::of(&t);
        assert!(matches!(
            resume(&t, &record, Resume::Restore, &journal),
            Err(ResumeError::Registry(RegistryError::Timeout { .. }))
        ));
        assert_eq!(journal.heard(), vec![("recording unknown".to_string(), 1)]);
        // A record without the manifest's bytes (stripped): never sent.
        let stripped = UntagRecord {
            manifest: String::new(),
            ..record
        };
        let t = Scripted::new(vec![head_at(&placeholder())]);
        assert!(matches!(
            resume(&t, &stripped, Resume::Restore, &Journal::of(&t)),
            Err(ResumeError::Registry(RegistryError::DigestMismatch { .. }))
        ));
        assert_eq!(writes(&t), 0);
    }

    #[test]
    fn finish_deletes_the_placeholder_only_while_the_tag_points_at_it() {
        let (_, record) = left_half_way(UntagState::Unknown);
        let ph = placeholder();
        let t = Scripted::new(engine_delete(&ph, answer(202, &[])));
        let journal = Journal::of(&t);
        assert_eq!(
            resume(&t, &record, Resume::Finish, &journal),
            Ok(UntagState::Finished)
        );
        let deletes: Vec<String> = sent(&t)
            .into_iter()
            .filter(|r| r.0 == Method::Delete)
            .map(|r| r.1)
            .collect();
        assert_eq!(deletes, vec![format!("{BASE}/v2/team/app/manifests/{ph}")]);
        assert_eq!(
            journal.heard(),
            vec![
                ("recording unknown".to_string(), 0),
                ("settled finished".to_string(), t.asked.borrow().len())
            ]
        );
        // Moved by someone else: stopped, typed, nothing deleted, the
        // record's state again.
        let now = Digest::sha256_of(b"pushed meanwhile");
        let list = || crate::testing::ok(r#"{"name":"team/app","tags":["v1"]}"#, None);
        let t = Scripted::new(vec![list(), head_at(&now), list(), head_at(&now)]);
        let journal = Journal::of(&t);
        assert_eq!(
            resume(&t, &record, Resume::Finish, &journal),
            Err(ResumeError::TagMoved {
                tag: "v1".into(),
                now
            })
        );
        assert_eq!(writes(&t), 0);
        assert_eq!(journal.heard().last().unwrap().0, "settled unknown");
    }
}
