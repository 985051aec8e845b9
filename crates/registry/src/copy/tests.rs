//! The copy sequence against a small registry held in memory: it keeps
//! repositories (tags, manifests, blobs), answers the calls a copy makes
//! as distribution does, and can refuse mounts, lose answers, or let
//! another client move a tag right before our write.

use super::*;
use crate::manifest::media;
use crate::response::RawResponse;
use crate::retention::Pattern;
use crate::testing::{block_on, response};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const BASE: &str = "http://127.0.0.1:5000";

#[derive(Default, Clone)]
struct Repo {
    tags: BTreeMap<String, Digest>,
    manifests: BTreeMap<Digest, (String, Vec<u8>)>,
    blobs: BTreeMap<Digest, Vec<u8>>,
}

/// What the in-memory registry does besides answering.
#[derive(Default)]
struct Memory {
    repos: RefCell<BTreeMap<String, Repo>>,
    /// Answer mounts with 202 (an upload session) instead of 201.
    refuse_mounts: Cell<bool>,
    /// Status for PUTs of tags (e.g. 403); 0 = store it.
    tag_put_status: Cell<u16>,
    /// Store the tag but lose the answer.
    lose_tag_answer: Cell<bool>,
    /// Before the n-th HEAD of a tag (counting from 1), point that tag at
    /// this digest (another client).
    move_before_head: RefCell<Option<(usize, String, Digest)>>,
    tag_heads: Cell<usize>,
    uploads: RefCell<BTreeMap<String, (String, Vec<u8>)>>,
    asked: RefCell<Vec<(Method, String)>>,
}

fn answer(
    status: u16,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Result<RawResponse, RegistryError> {
    Ok(response(status, headers, body))
}

fn not_found(code: &str) -> Result<RawResponse, RegistryError> {
    answer(
        404,
        &[("Content-Type", "application/json".into())],
        format!(r#"{{"errors":[{{"code":"{code}","message":"unknown"}}]}}"#).into_bytes(),
    )
}

impl Memory {
    fn repo(&self, name: &str) -> Repo {
        self.repos.borrow().get(name).cloned().unwrap_or_default()
    }

    fn push_blob(&self, repo: &str, bytes: &[u8]) -> Digest {
        let d = Digest::sha256_of(bytes);
        self.repos
            .borrow_mut()
            .entry(repo.into())
            .or_default()
            .blobs
            .insert(d.clone(), bytes.to_vec());
        d
    }

    fn push_manifest(
        &self,
        repo: &str,
        content_type: &str,
        bytes: &[u8],
        tag: Option<&str>,
    ) -> Digest {
        let d = Digest::sha256_of(bytes);
        let mut repos = self.repos.borrow_mut();
        let r = repos.entry(repo.into()).or_default();
        r.manifests
            .insert(d.clone(), (content_type.into(), bytes.to_vec()));
        if let Some(tag) = tag {
            r.tags.insert(tag.into(), d.clone());
        }
        d
    }

    /// An image of `layers` (their bytes) with a config, tagged.
    fn push_image(&self, repo: &str, tag: Option<&str>, layers: &[&[u8]]) -> Digest {
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","layers":"{}"}}"#,
            Digest::sha256_of(&layers.concat())
        );
        let c = self.push_blob(repo, config.as_bytes());
        let layer_json: Vec<String> = layers
            .iter()
            .map(|l| {
                let d = self.push_blob(repo, l);
                format!(
                    r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{d}","size":{}}}"#,
                    l.len()
                )
            })
            .collect();
        let manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"{}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{c}","size":{}}},"layers":[{}]}}"#,
            media::OCI_MANIFEST,
            config.len(),
            layer_json.join(",")
        );
        self.push_manifest(repo, media::OCI_MANIFEST, manifest.as_bytes(), tag)
    }

    fn push_index(&self, repo: &str, tag: &str, children: &[Digest]) -> Digest {
        let entries: Vec<String> = children
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let size = self.repo(repo).manifests[d].1.len();
                format!(
                    r#"{{"mediaType":"{}","digest":"{d}","size":{size},"platform":{{"architecture":"a{i}","os":"linux"}}}}"#,
                    media::OCI_MANIFEST
                )
            })
            .collect();
        let index = format!(
            r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[{}]}}"#,
            media::OCI_INDEX,
            entries.join(",")
        );
        self.push_manifest(repo, media::OCI_INDEX, index.as_bytes(), Some(tag))
    }

    fn handle(&self, request: &Request) -> Result<RawResponse, RegistryError> {
        let path = request
            .url
            .strip_prefix(BASE)
            .expect("our registry")
            .to_string();
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (path, String::new()),
        };
        let rest = path.strip_prefix("/v2/").expect("an API path");
        if let Some(upload) = rest.strip_prefix("uploads/") {
            return self.upload(request, upload, &query);
        }
        if let Some(repo) = rest.strip_suffix("/tags/list") {
            let tags: Vec<String> = self.repo(repo).tags.keys().cloned().collect();
            let body = serde_json::json!({ "name": repo, "tags": tags });
            return answer(
                200,
                &[("Content-Type", "application/json".into())],
                body.to_string().into_bytes(),
            );
        }
        let (repo, kind, what) = ["/manifests/", "/blobs/uploads/", "/blobs/"]
            .iter()
            .find_map(|sep| {
                rest.split_once(sep)
                    .map(|(r, w)| (r.to_string(), *sep, w.to_string()))
            })
            .expect("a known path");
        match (kind, request.method) {
            ("/manifests/", Method::Head | Method::Get) => {
                if request.method == Method::Head && !what.starts_with("sha256:") {
                    let n = self.tag_heads.get() + 1;
                    self.tag_heads.set(n);
                    let moved = self.move_before_head.borrow().clone();
                    if let Some((at, tag, d)) = moved {
                        if at == n && tag == what {
                            self.repos
                                .borrow_mut()
                                .get_mut(&repo)
                                .unwrap()
                                .tags
                                .insert(tag, d);
                        }
                    }
                }
                let r = self.repo(&repo);
                let digest = match Digest::parse(&what) {
                    Ok(d) => Some(d),
                    Err(_) => r.tags.get(&what).cloned(),
                };
                match digest.and_then(|d| r.manifests.get(&d).map(|m| (d, m.clone()))) {
                    Some((d, (ct, bytes))) => answer(
                        200,
                        &[
                            ("Docker-Content-Digest", d.to_string()),
                            ("Content-Type", ct),
                        ],
                        if request.method == Method::Head {
                            Vec::new()
                        } else {
                            bytes
                        },
                    ),
                    None => not_found("MANIFEST_UNKNOWN"),
                }
            }
            ("/manifests/", Method::Put) => {
                let is_tag = Digest::parse(&what).is_err();
                if is_tag && self.tag_put_status.get() != 0 {
                    return answer(
                        self.tag_put_status.get(),
                        &[],
                        br#"{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"#.to_vec(),
                    );
                }
                let bytes = request.body.clone().unwrap_or_default();
                let ct = request.content_type.clone().unwrap_or_default();
                // Like distribution: every blob and child must be there.
                let r = self.repo(&repo);
                let manifest = crate::manifest::parse_manifest(Some(&ct), &bytes).unwrap();
                let missing = match &manifest {
                    Manifest::Image { manifest, .. } => std::iter::once(&manifest.config)
                        .chain(manifest.layers.iter())
                        .any(|d| !r.blobs.contains_key(d.digest.valid().unwrap())),
                    Manifest::Index { index, .. } => index
                        .manifests
                        .iter()
                        .any(|d| !r.manifests.contains_key(d.digest.valid().unwrap())),
                    Manifest::Unsupported { .. } => false,
                };
                if missing {
                    return answer(400, &[], br#"{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown"}]}"#.to_vec());
                }
                let d = self.push_manifest(&repo, &ct, &bytes, is_tag.then_some(what.as_str()));
                if is_tag && self.lose_tag_answer.get() {
                    return Err(RegistryError::Unreachable {
                        url: request.url.clone(),
                        detail: crate::error::NoAnswer::Failed("connection reset".into()),
                    });
                }
                answer(201, &[("Docker-Content-Digest", d.to_string())], Vec::new())
            }
            ("/blobs/", Method::Head | Method::Get) => {
                let d = Digest::parse(&what).unwrap();
                match self.repo(&repo).blobs.get(&d) {
                    Some(bytes) => {
                        let range = request.headers.iter().find(|(n, _)| *n == "Range");
                        match range {
                            Some((_, r)) => {
                                let (a, b) =
                                    r.strip_prefix("bytes=").unwrap().split_once('-').unwrap();
                                let (a, b): (usize, usize) =
                                    (a.parse().unwrap(), b.parse().unwrap());
                                answer(206, &[], bytes[a..=b].to_vec())
                            }
                            None if request.method == Method::Head => answer(200, &[], Vec::new()),
                            None => answer(200, &[], bytes.clone()),
                        }
                    }
                    None => not_found("BLOB_UNKNOWN"),
                }
            }
            ("/blobs/uploads/", Method::Post) => {
                let mount = query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("mount="))
                    .map(|d| Digest::parse(d).unwrap());
                let from = query.split('&').find_map(|kv| kv.strip_prefix("from="));
                if let (Some(d), Some(from), false) = (&mount, from, self.refuse_mounts.get()) {
                    if let Some(bytes) = self.repo(from).blobs.get(d).cloned() {
                        self.repos
                            .borrow_mut()
                            .entry(repo.clone())
                            .or_default()
                            .blobs
                            .insert(d.clone(), bytes);
                        return answer(201, &[], Vec::new());
                    }
                }
                let id = format!("u{}", self.uploads.borrow().len());
                self.uploads
                    .borrow_mut()
                    .insert(id.clone(), (repo, Vec::new()));
                answer(
                    202,
                    &[("Location", format!("/v2/uploads/{id}"))],
                    Vec::new(),
                )
            }
            other => panic!("not modelled: {other:?}"),
        }
    }

    fn upload(
        &self,
        request: &Request,
        id: &str,
        query: &str,
    ) -> Result<RawResponse, RegistryError> {
        let mut uploads = self.uploads.borrow_mut();
        let (repo, data) = uploads.get_mut(id).expect("a started upload");
        if let Some(body) = &request.body {
            data.extend_from_slice(body);
        }
        match request.method {
            Method::Patch => answer(
                202,
                &[("Location", format!("/v2/uploads/{id}"))],
                Vec::new(),
            ),
            Method::Put => {
                let d = Digest::parse(query.strip_prefix("digest=").unwrap()).unwrap();
                if d.verify(data).is_err() {
                    return answer(
                        400,
                        &[],
                        br#"{"errors":[{"code":"DIGEST_INVALID","message":"digest"}]}"#.to_vec(),
                    );
                }
                let (repo, data) = (repo.clone(), data.clone());
                drop(uploads);
                self.push_blob(&repo, &data);
                answer(201, &[], Vec::new())
            }
            m => panic!("not modelled: {m:?}"),
        }
    }

    fn writes(&self) -> Vec<(Method, String)> {
        self.asked
            .borrow()
            .iter()
            .filter(|(m, _)| !matches!(m, Method::Get | Method::Head))
            .cloned()
            .collect()
    }
}

impl Transport for Memory {
    fn headers_visible(&self, _url: &str) -> bool {
        true
    }

    async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
        self.asked
            .borrow_mut()
            .push((request.method, request.url.replace(BASE, "")));
        self.handle(&request)
    }
}

fn name(s: &str) -> RepositoryName {
    RepositoryName::parse(s).unwrap()
}

fn tag(s: &str) -> Tag {
    Tag::parse(s).unwrap()
}

fn plan(
    m: &Memory,
    registry: &Registry,
    from: &str,
    reference: &str,
    to: &str,
    t: &str,
) -> Result<CopyPlan, CopyError> {
    block_on(registry.plan_copy(
        m,
        &name(from),
        &Reference::parse(reference).unwrap(),
        &name(to),
        &tag(t),
    ))
}

#[test]
fn a_tag_added_in_the_same_repository_writes_the_exact_bytes_and_nothing_else() {
    let m = Memory::default();
    let d = m.push_image("team/app", Some("rc-17"), &[b"layer one"]);
    let registry = Registry::new(BASE);
    let p = plan(&m, &registry, "team/app", "rc-17", "team/app", "1.4.0").unwrap();
    assert_eq!(p.kind(), WriteKind::AddTag);
    assert!(p.blobs.is_empty() && p.children.is_empty());
    let out = block_on(registry.copy(&m, &p, &Unwatched)).unwrap();
    assert!(out.written);
    assert_eq!(m.repo("team/app").tags["1.4.0"], d);
    assert_eq!(m.repo("team/app").tags["rc-17"], d);
    assert_eq!(
        m.writes(),
        vec![(Method::Put, "/v2/team/app/manifests/1.4.0".to_string())]
    );
}

#[test]
fn a_multi_arch_image_copied_across_repositories_brings_every_platform_first() {
    let m = Memory::default();
    let a = m.push_image("team/app", None, &[b"base", b"amd64 bits"]);
    let b = m.push_image("team/app", None, &[b"base", b"arm64 bits"]);
    let index = m.push_index("team/app", "rc-17", &[a.clone(), b.clone()]);
    let registry = Registry::new(BASE);
    let p = plan(&m, &registry, "team/app", "rc-17", "prod/app", "1.4.0").unwrap();
    assert_eq!(p.kind(), WriteKind::Copy);
    assert!(p.is_index);
    assert_eq!(p.children.len(), 2);
    // base, amd64 bits, arm64 bits, and the two configs, once each.
    assert_eq!(p.all_blobs().len(), 5);
    let out = block_on(registry.copy(&m, &p, &Unwatched)).unwrap();
    assert_eq!((out.blobs_mounted, out.manifests), (5, 2));
    let prod = m.repo("prod/app");
    assert_eq!(prod.tags["1.4.0"], index);
    assert!(prod.manifests.contains_key(&a) && prod.manifests.contains_key(&b));
    // The index is written last, after both platforms.
    let writes = m.writes();
    assert_eq!(writes.last().unwrap().1, "/v2/prod/app/manifests/1.4.0");
    // A second copy finds every blob there already and mounts nothing.
    let again = plan(&m, &registry, "team/app", "rc-17", "prod/app", "1.4.1").unwrap();
    let out = block_on(registry.copy(&m, &again, &Unwatched)).unwrap();
    assert_eq!((out.blobs_present, out.blobs_mounted), (5, 0));
}

#[test]
fn a_mount_answered_with_an_upload_session_uploads_from_the_source_in_chunks() {
    let m = Memory::default();
    m.refuse_mounts.set(true);
    let big: Vec<u8> = (0..(CHUNK_BYTES as usize * 2 + 1234))
        .map(|i| (i % 251) as u8)
        .collect();
    let d = m.push_image("team/app", Some("rc"), &[b"small", &big]);
    let registry = Registry::new(BASE);
    let p = plan(&m, &registry, "team/app", "rc", "prod/app", "1.0").unwrap();
    let out = block_on(registry.copy(&m, &p, &Unwatched)).unwrap();
    assert_eq!(out.blobs_uploaded, 3);
    assert_eq!(m.repo("prod/app").tags["1.0"], d);
    assert_eq!(m.repo("prod/app").blobs[&Digest::sha256_of(&big)], big);
    let patches = m
        .writes()
        .iter()
        .filter(|(method, _)| *method == Method::Patch)
        .count();
    assert_eq!(patches, 3, "three chunks of at most {CHUNK_BYTES} bytes");
}

#[test]
fn a_tag_moved_by_someone_else_after_the_look_is_not_overwritten() {
    let m = Memory::default();
    let old = m.push_image("team/app", Some("prod"), &[b"old"]);
    let new = m.push_image("team/app", Some("rc"), &[b"new"]);
    let other = m.push_image("team/app", Some("other"), &[b"other"]);
    let registry = Registry::new(BASE);
    let p = plan(&m, &registry, "team/app", "rc", "team/app", "prod").unwrap();
    assert_eq!(
        (p.kind(), p.replaces.clone()),
        (WriteKind::Move, Some(old.clone()))
    );
    // Another client moves `prod` right before our last look.
    let heads = m.tag_heads.get();
    *m.move_before_head.borrow_mut() = Some((heads + 1, "prod".into(), other.clone()));
    let err = block_on(registry.copy(&m, &p, &Unwatched)).unwrap_err();
    assert_eq!(
        err,
        CopyError::Moved {
            tag: "prod".into(),
            expected: Some(old),
            now: Some(other.clone())
        }
    );
    assert!(m.writes().is_empty(), "nothing written");
    assert_eq!(m.repo("team/app").tags["prod"], other);
    // A tag that appeared since the look stops a new tag too.
    let p = plan(&m, &registry, "team/app", "rc", "team/app", "fresh").unwrap();
    m.push_manifest(
        "team/app",
        media::OCI_MANIFEST,
        &m.repo("team/app").manifests[&other].1,
        Some("fresh"),
    );
    assert!(matches!(
        block_on(registry.copy(&m, &p, &Unwatched)),
        Err(CopyError::Moved { expected: None, .. })
    ));
    assert_ne!(m.repo("team/app").tags["fresh"], new);
}

#[test]
fn a_protected_tag_is_never_overwritten_but_may_be_created() {
    let m = Memory::default();
    m.push_image("team/app", Some("v1.0.0"), &[b"old"]);
    let new = m.push_image("team/app", Some("rc"), &[b"new"]);
    let registry = Registry::new(BASE).with_protected(Pattern::parse("v*.*.*"));
    let p = plan(&m, &registry, "team/app", "rc", "team/app", "v1.0.0").unwrap();
    assert!(matches!(
        block_on(registry.copy(&m, &p, &Unwatched)),
        Err(CopyError::Protected { .. })
    ));
    assert!(m.writes().is_empty());
    let p = plan(&m, &registry, "team/app", "rc", "team/app", "v2.0.0").unwrap();
    block_on(registry.copy(&m, &p, &Unwatched)).unwrap();
    assert_eq!(m.repo("team/app").tags["v2.0.0"], new);
}

#[test]
fn a_refused_write_says_where_and_a_lost_answer_is_settled_by_a_look() {
    let m = Memory::default();
    let d = m.push_image("team/app", Some("rc"), &[b"x"]);
    let registry = Registry::new(BASE);
    m.tag_put_status.set(403);
    let p = plan(&m, &registry, "team/app", "rc", "team/app", "v1").unwrap();
    let err = block_on(registry.copy(&m, &p, &Unwatched)).unwrap_err();
    assert!(
        matches!(
            &err,
            CopyError::Failed {
                step: CopyStep::Tag,
                error: RegistryError::Denied { .. }
            }
        ),
        "{err:?}"
    );
    assert!(!m.repo("team/app").tags.contains_key("v1"));
    // The answer is lost but the tag landed: a look proves it.
    m.tag_put_status.set(0);
    m.lose_tag_answer.set(true);
    let out = block_on(registry.copy(&m, &p, &Unwatched)).unwrap();
    assert!(out.written);
    assert_eq!(m.repo("team/app").tags["v1"], d);
}

#[test]
fn nothing_is_written_that_could_not_be_recorded_and_nothing_to_write_writes_nothing() {
    struct Refusing;
    impl CopyObserver for Refusing {
        fn writing(&self, _plan: &CopyPlan) -> impl Future<Output = Result<(), RecordFailure>> {
            std::future::ready(Err(RecordFailure::Quota))
        }
    }
    let m = Memory::default();
    m.push_image("team/app", Some("rc"), &[b"x"]);
    let registry = Registry::new(BASE);
    let p = plan(&m, &registry, "team/app", "rc", "prod/app", "v1").unwrap();
    assert_eq!(
        block_on(registry.copy(&m, &p, &Refusing)),
        Err(CopyError::NotRecorded {
            why: RecordFailure::Quota
        })
    );
    assert!(m.writes().is_empty());
    let p = plan(&m, &registry, "team/app", "rc", "team/app", "rc").unwrap();
    assert_eq!(p.kind(), WriteKind::AlreadyThere);
    let out = block_on(registry.copy(&m, &p, &Refusing)).unwrap();
    assert!(!out.written);
    assert!(m.writes().is_empty());
}

#[test]
fn a_copy_carries_its_signatures_along_and_never_overwrites_one() {
    let m = Memory::default();
    let image = m.push_image("team/app", Some("rc"), &[b"app"]);
    let sig_tag = format!("{}.sig", image.tag_prefix());
    let sig = m.push_image("team/app", Some(&sig_tag), &[b"signature payload"]);
    m.push_image("team/app", Some("unrelated"), &[b"other"]);
    let registry = Registry::new(BASE);
    let tags = block_on(registry.attachment_tags(&m, &name("team/app"), &image)).unwrap();
    assert_eq!(tags, vec![(tag(&sig_tag), AttachmentKind::Signature)]);
    let p = plan(&m, &registry, "team/app", "rc", "prod/app", "1.0").unwrap();
    block_on(registry.copy(&m, &p, &Unwatched)).unwrap();
    let carried = block_on(registry.copy_attachments(&m, &p, &tags, || Unwatched));
    assert_eq!(carried.len(), 1);
    assert!(carried[0].result.as_ref().unwrap().written);
    assert_eq!(m.repo("prod/app").tags[&sig_tag], sig);
    // Again, with the tag pointing elsewhere there: left as it is.
    let other = m.push_image("prod/app", Some(&sig_tag), &[b"someone else's"]);
    let carried = block_on(registry.copy_attachments(&m, &p, &tags, || Unwatched));
    assert!(matches!(carried[0].result, Err(CopyError::Exists { .. })));
    assert_eq!(m.repo("prod/app").tags[&sig_tag], other);
    // Within one repository there is nothing to carry.
    let same = plan(&m, &registry, "team/app", "rc", "team/app", "1.0").unwrap();
    assert!(block_on(registry.copy_attachments(&m, &same, &tags, || Unwatched)).is_empty());
}
