//! The engine against an adversarial registry: a small model of
//! distribution (tags, manifests, indexes, paginated tag lists, DELETE by
//! digest taking every tag with it) whose state is changed by a schedule
//! between any two requests, with faults on chosen requests. The model
//! itself checks the invariant at every DELETE it receives.

use super::*;
use crate::manifest::media;
use crate::response::RawResponse;
use crate::testing::{block_on, response as answer};
use std::cell::RefCell;

/// The job of repository `name`: `targets`, confirmed against `known`.
fn job(name: &RepositoryName, targets: Vec<Target>, known: &[String]) -> Job {
    Job {
        name: name.clone(),
        targets,
        known_tags: known.to_vec(),
        seen: BTreeMap::new(),
    }
}
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A change made by another client, or a fault, between two requests.
#[derive(Clone, Debug)]
// Some are made by the property test only (native).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
enum Event {
    /// Point `tag` at manifest number `to` (a new tag if it did not exist).
    Point { tag: String, to: usize },
    /// Remove `tag`.
    Untag { tag: String },
    /// Push a new index listing manifest `child`, tagged `tag`.
    PushIndex { tag: String, child: usize },
    /// Push an untagged index listing manifest `child`, and a tagged index
    /// `tag` listing that index.
    PushNested { tag: String, child: usize },
    /// The next HEAD of a tag fails (connection dropped), `times` times.
    FailHeads { times: usize },
    /// The next `times` tag-list requests fail.
    FailList { times: usize },
    /// The next DELETE reaches the registry, but its answer is lost.
    LoseDeleteAnswer,
    /// The next DELETE is answered by a proxy's 303 to a sign-in page
    /// (and never reaches the registry).
    RedirectDelete,
    /// The next DELETE is done, then answered 500.
    ServerErrorAfterDelete,
    /// The next `times` HEADs by digest fail.
    FailDigestHead { times: usize },
    /// The next DELETE is answered 202 without being done.
    LieAboutDelete,
}

#[derive(Clone, Debug, Default)]
struct Model {
    /// Manifest number → (digest, body, media type). Numbers stay; a
    /// deleted manifest is `present = false`.
    manifests: Vec<(Digest, String, &'static str, bool)>,
    tags: BTreeMap<String, usize>,
    page: usize,
    /// Manifests from now on are named by their SHA-512 digest.
    sha512: bool,
    /// How a HEAD or GET names a manifest's type.
    content_type: TypeStyle,
}

/// What the `Content-Type` of a manifest answer says.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
// Some are used by the property test only (native).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
enum TypeStyle {
    /// The manifest's own media type.
    #[default]
    Exact,
    /// A proxy's `application/json`.
    Generic,
    /// The media type in capitals (media types ignore case).
    Capitals,
    /// None at all.
    Missing,
}

/// Every tag name a test or an event uses.
const VOCABULARY: &[&str] = &[
    "a", "b", "c", "d", "prod", "new1", "new2", "amd", "arm", "multi", "only", "hotfix", "other",
    "zz-new", "release", "outer", "r1", "r2", "r3", "r4", "r5", "r6", "latest", "prod-7",
];

impl Model {
    fn image(&mut self, nonce: usize) -> usize {
        let body = format!(
            r#"{{"mediaType":"{}","config":{{"digest":"{}","size":{nonce}}},"layers":[]}}"#,
            media::OCI_MANIFEST,
            Digest::sha256_of(&[1])
        );
        self.add(body, media::OCI_MANIFEST)
    }

    fn index(&mut self, children: &[usize], nonce: usize) -> usize {
        let entries: Vec<String> = children
            .iter()
            .map(|c| {
                format!(
                    r#"{{"mediaType":"{}","digest":"{}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}}"#,
                    self.manifests[*c].2,
                    self.manifests[*c].0
                )
            })
            .collect();
        let body = format!(
            r#"{{"mediaType":"{}","manifests":[{}],"annotations":{{"n":"{nonce}"}}}}"#,
            media::OCI_INDEX,
            entries.join(",")
        );
        self.add(body, media::OCI_INDEX)
    }

    fn add(&mut self, body: String, mt: &'static str) -> usize {
        let d = if self.sha512 {
            Digest::parse(&format!("sha512:{}", "0".repeat(128)))
                .unwrap()
                .compute_like(body.as_bytes())
        } else {
            Digest::sha256_of(body.as_bytes())
        };
        self.manifests.push((d, body, mt, true));
        self.manifests.len() - 1
    }

    fn digest(&self, n: usize) -> Digest {
        self.manifests[n].0.clone()
    }

    fn tags_of(&self, n: usize) -> Vec<String> {
        self.tags
            .iter()
            .filter(|(_, m)| **m == n)
            .map(|(t, _)| t.clone())
            .collect()
    }

    /// Tagged indexes listing manifest `n`, directly or through an index
    /// they list.
    fn parents_of(&self, n: usize) -> Vec<usize> {
        let tagged: BTreeSet<usize> = self.tags.values().copied().collect();
        tagged
            .into_iter()
            .filter(|i| *i != n && self.lists(*i, n, 0))
            .collect()
    }

    /// Whether index `i` lists `n`, directly or below.
    fn lists(&self, i: usize, n: usize, depth: usize) -> bool {
        let m = &self.manifests[i];
        if depth > 3 || !m.3 || m.2 != media::OCI_INDEX {
            return false;
        }
        let d = self.digest(n).to_string();
        m.1.contains(&d)
            || (0..self.manifests.len()).any(|c| {
                c != i && m.1.contains(&self.digest(c).to_string()) && self.lists(c, n, depth + 1)
            })
    }
}

/// The adversarial registry.
struct Hostile {
    model: RefCell<Model>,
    /// Request number → events applied right after answering it.
    schedule: RefCell<BTreeMap<usize, Vec<Event>>>,
    n: Cell<usize>,
    /// What the user confirmed, per manifest number.
    confirmed: BTreeMap<usize, BTreeSet<String>>,
    /// Tag → request number after which it last changed.
    changed: RefCell<BTreeMap<String, usize>>,
    /// Tag → request number of the engine's last read of it: a HEAD or GET
    /// by the tag, or a tag-list page that showed it absent.
    last_read: RefCell<BTreeMap<String, usize>>,
    /// Broken promises, found at DELETE time.
    violations: RefCell<Vec<String>>,
    /// Manifest numbers a DELETE really removed, in order.
    removed: RefCell<Vec<usize>>,
    /// Request number of the first DELETE.
    first_delete: Cell<Option<usize>>,
    /// Pending faults.
    fail_heads: Cell<usize>,
    fail_list: Cell<usize>,
    lose_answer: Cell<bool>,
    redirect: Cell<bool>,
    server_error: Cell<bool>,
    fail_digest_head: Cell<usize>,
    /// The tag list the user confirmed against.
    known: Vec<String>,
    lie: Cell<bool>,
    /// Milliseconds per request on the clock.
    ms_per_request: f64,
    /// Milliseconds a DELETE takes on the clock (else `ms_per_request`).
    ms_per_delete: Option<f64>,
    clock: Cell<f64>,
    /// First pages of the tag list served.
    lists: Cell<usize>,
    /// Tag-list pages come without `Link`, as a browser sees a
    /// cross-origin registry that does not expose it.
    hide_link: bool,
    forgotten: RefCell<Vec<Digest>>,
}

const UNKNOWN: &str = r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#;

fn dropped() -> RegistryError {
    RegistryError::Unreachable {
        url: "u".into(),
        detail: crate::error::NoAnswer::Failed("connection reset".into()),
    }
}

impl Hostile {
    fn new(model: Model, confirmed: BTreeMap<usize, BTreeSet<String>>) -> Self {
        let known = model.tags.keys().cloned().collect();
        Hostile {
            known,
            model: RefCell::new(model),
            schedule: RefCell::default(),
            n: Cell::new(0),
            confirmed,
            changed: RefCell::default(),
            last_read: RefCell::default(),
            violations: RefCell::default(),
            removed: RefCell::default(),
            first_delete: Cell::new(None),
            fail_heads: Cell::new(0),
            fail_list: Cell::new(0),
            lose_answer: Cell::new(false),
            redirect: Cell::new(false),
            server_error: Cell::new(false),
            fail_digest_head: Cell::new(0),
            lie: Cell::new(false),
            ms_per_request: 10.0,
            ms_per_delete: None,
            clock: Cell::new(0.0),
            lists: Cell::new(0),
            hide_link: false,
            forgotten: RefCell::default(),
        }
    }

    fn at(self, n: usize, e: Event) -> Self {
        self.schedule.borrow_mut().entry(n).or_default().push(e);
        self
    }

    fn apply(&self, e: Event) {
        let n = self.n.get();
        let mut m = self.model.borrow_mut();
        match e {
            Event::Point { tag, to } => {
                let to = to % m.manifests.len();
                if m.manifests[to].3 {
                    m.tags.insert(tag.clone(), to);
                    self.changed.borrow_mut().insert(tag, n);
                }
            }
            Event::Untag { tag } => {
                m.tags.remove(&tag);
                self.changed.borrow_mut().insert(tag, n);
            }
            Event::PushIndex { tag, child } => {
                let child = child % m.manifests.len();
                if m.manifests[child].3 && m.manifests[child].2 == media::OCI_MANIFEST {
                    let i = m.index(&[child], n);
                    m.tags.insert(tag.clone(), i);
                    self.changed.borrow_mut().insert(tag, n);
                }
            }
            Event::PushNested { tag, child } => {
                let child = child % m.manifests.len();
                if m.manifests[child].3 && m.manifests[child].2 == media::OCI_MANIFEST {
                    let inner = m.index(&[child], n);
                    let outer = m.index(&[inner], n + 1000);
                    m.tags.insert(tag.clone(), outer);
                    self.changed.borrow_mut().insert(tag, n);
                }
            }
            Event::FailHeads { times } => self.fail_heads.set(times),
            Event::FailList { times } => self.fail_list.set(times),
            Event::LoseDeleteAnswer => self.lose_answer.set(true),
            Event::RedirectDelete => self.redirect.set(true),
            Event::ServerErrorAfterDelete => self.server_error.set(true),
            Event::FailDigestHead { times } => self.fail_digest_head.set(times),
            Event::LieAboutDelete => self.lie.set(true),
        }
    }

    fn handle(&self, r: &Request) -> Result<RawResponse, RegistryError> {
        let path = r.url.strip_prefix("http://r/v2/app/").expect("only app");
        if let Some(query) = path.strip_prefix("tags/list") {
            if self.fail_list.get() > 0 {
                self.fail_list.set(self.fail_list.get() - 1);
                return Err(dropped());
            }
            let last = query
                .split(['?', '&'])
                .find_map(|kv| kv.strip_prefix("last="))
                .map(str::to_string);
            if last.is_none() {
                self.lists.set(self.lists.get() + 1);
            }
            let m = self.model.borrow();
            for name in VOCABULARY {
                let in_range = last.as_ref().is_none_or(|l| *name > l.as_str());
                if in_range && !m.tags.contains_key(*name) {
                    self.last_read
                        .borrow_mut()
                        .insert(name.to_string(), self.n.get());
                }
            }
            let all: Vec<&String> = m
                .tags
                .keys()
                .filter(|t| last.as_ref().is_none_or(|l| *t > l))
                .collect();
            let page: Vec<String> = all
                .iter()
                .take(m.page)
                .map(|t| format!("\"{t}\""))
                .collect();
            let mut headers = vec![("Content-Type", "application/json".to_string())];
            if all.len() > m.page && !self.hide_link {
                headers.push((
                    "Link",
                    format!(
                        "</v2/app/tags/list?last={}&n={}>; rel=\"next\"",
                        all[m.page - 1],
                        m.page
                    ),
                ));
            }
            return Ok(answer(
                200,
                &headers,
                format!(r#"{{"name":"app","tags":[{}]}}"#, page.join(",")),
            ));
        }
        let reference = path.strip_prefix("manifests/").expect("a manifest");
        let by_digest = reference.contains(':');
        match r.method {
            Method::Head | Method::Get => {
                if r.method == Method::Head && !by_digest && self.fail_heads.get() > 0 {
                    self.fail_heads.set(self.fail_heads.get() - 1);
                    return Err(dropped());
                }
                if r.method == Method::Head && by_digest && self.fail_digest_head.get() > 0 {
                    self.fail_digest_head.set(self.fail_digest_head.get() - 1);
                    return Err(dropped());
                }
                // A read the engine got an answer to.
                if !by_digest {
                    self.last_read
                        .borrow_mut()
                        .insert(reference.to_string(), self.n.get());
                }
                let m = self.model.borrow();
                let found = if by_digest {
                    m.manifests
                        .iter()
                        .position(|x| x.0.to_string() == reference && x.3)
                } else {
                    m.tags.get(reference).copied()
                };
                match found {
                    None => Ok(answer(404, &[], UNKNOWN)),
                    Some(i) => {
                        let (d, body, mt, _) = &m.manifests[i];
                        let mut headers = vec![("Docker-Content-Digest", d.to_string())];
                        match m.content_type {
                            TypeStyle::Exact => headers.push(("Content-Type", mt.to_string())),
                            TypeStyle::Generic => {
                                headers.push(("Content-Type", "application/json".to_string()))
                            }
                            TypeStyle::Capitals => {
                                headers.push(("Content-Type", mt.to_ascii_uppercase()))
                            }
                            TypeStyle::Missing => {}
                        }
                        let body = if r.method == Method::Get {
                            body.as_str()
                        } else {
                            ""
                        };
                        Ok(answer(200, &headers, body))
                    }
                }
            }
            Method::Delete => {
                assert!(by_digest, "the engine deletes by digest only");
                if self.first_delete.get().is_none() {
                    self.first_delete.set(Some(self.n.get()));
                }
                if self.redirect.take() {
                    return Ok(answer(
                        303,
                        &[("Location", "/login".to_string())],
                        "<html>sign in</html>",
                    ));
                }
                if self.lie.take() {
                    return Ok(answer(202, &[], ""));
                }
                let mut m = self.model.borrow_mut();
                let Some(i) = m
                    .manifests
                    .iter()
                    .position(|x| x.0.to_string() == reference && x.3)
                else {
                    return Ok(answer(404, &[], UNKNOWN));
                };
                self.check_invariant(&m, i);
                m.manifests[i].3 = false;
                m.tags.retain(|_, x| *x != i);
                self.removed.borrow_mut().push(i);
                if self.lose_answer.take() {
                    return Err(dropped());
                }
                if self.server_error.take() {
                    return Ok(answer(500, &[], "<html>bad gateway</html>"));
                }
                Ok(answer(202, &[], ""))
            }
            _ => panic!("unexpected {:?}", r.method),
        }
    }

    /// At a DELETE of manifest `i`: every tag pointing at it was confirmed,
    /// unless it changed after the engine's last read of that tag before
    /// this DELETE (a race no client can close: the API has no conditional
    /// delete); no tagged index lists it, on the same terms.
    fn check_invariant(&self, m: &Model, i: usize) {
        let changed = self.changed.borrow();
        let read = self.last_read.borrow();
        let recent = |tag: &str| match (changed.get(tag), read.get(tag)) {
            (Some(at), Some(r)) => at >= r,
            _ => false,
        };
        let confirmed = self.confirmed.get(&i).cloned().unwrap_or_default();
        for tag in m.tags_of(i) {
            if !confirmed.contains(&tag) && !recent(&tag) {
                self.violations.borrow_mut().push(format!(
                    "DELETE of #{i} took unconfirmed tag {tag} (request {})",
                    self.n.get()
                ));
            }
        }
        for p in m.parents_of(i) {
            if !m.tags_of(p).iter().any(|t| recent(t)) {
                self.violations
                    .borrow_mut()
                    .push(format!("DELETE of #{i} while tagged index #{p} lists it"));
            }
        }
        if !self.confirmed.contains_key(&i) {
            self.violations
                .borrow_mut()
                .push(format!("DELETE of #{i}, which nobody confirmed"));
        }
    }
}

impl Transport for Hostile {
    async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
        let took = match (request.method, self.ms_per_delete) {
            (Method::Delete, Some(ms)) => ms,
            _ => self.ms_per_request,
        };
        self.clock.set(self.clock.get() + took);
        if std::env::var("HOSTILE_LOG").is_ok() {
            eprintln!("{} {:?} {}", self.clock.get(), request.method, request.url);
        }
        let result = self.handle(&request);
        let n = self.n.get();
        if let Some(events) = self.schedule.borrow_mut().remove(&n) {
            for e in events {
                self.apply(e);
            }
        }
        self.n.set(n + 1);
        result
    }

    fn now_ms(&self) -> f64 {
        self.clock.get()
    }

    fn headers_visible(&self, _url: &str) -> bool {
        !self.hide_link
    }

    fn forget(&self, digest: &Digest) {
        self.forgotten.borrow_mut().push(digest.clone());
    }
}

/// Records reports.
#[derive(Default)]
struct Seen(RefCell<Vec<ItemReport>>, RefCell<Vec<Digest>>);

impl RunObserver for Seen {
    fn sending(
        &self,
        target: &Target,
    ) -> impl Future<Output = Result<(), crate::error::RecordFailure>> {
        self.1.borrow_mut().push(target.digest.clone());
        std::future::ready(Ok(()))
    }
    fn report(&self, report: &ItemReport) {
        self.0.borrow_mut().push(report.clone());
    }
}

/// A repository: images 0..k, an index (k) listing images 0 and 1, tags.
fn repo(images: usize, with_index: bool, tags: &[(&str, usize)], page: usize) -> Model {
    repo_into(Model::default(), images, with_index, tags, page)
}

/// [`repo`] in a model with its own digest algorithm and types.
fn repo_into(
    mut m: Model,
    images: usize,
    with_index: bool,
    tags: &[(&str, usize)],
    page: usize,
) -> Model {
    m.page = page;
    for i in 0..images {
        m.image(i);
    }
    if with_index {
        m.index(&[0, 1], 0);
    }
    for (t, n) in tags {
        m.tags.insert(t.to_string(), *n);
    }
    m
}

/// Targets for manifest numbers, confirmed with the tags they have now.
fn confirm(m: &Model, numbers: &[usize]) -> (Vec<Target>, BTreeMap<usize, BTreeSet<String>>) {
    let mut confirmed = BTreeMap::new();
    let targets = numbers
        .iter()
        .map(|n| {
            let tags = m.tags_of(*n);
            confirmed.insert(*n, tags.iter().cloned().collect());
            Target::confirmed(m.digest(*n), tags)
        })
        .collect();
    (targets, confirmed)
}

fn run(h: &Hostile, targets: Vec<Target>) -> Vec<ItemReport> {
    let known = h.known.clone();
    let seen = Seen::default();
    let name = RepositoryName::parse("app").unwrap();
    let reports = block_on(Registry::new("http://r").run_deletes(
        h,
        &job(&name, targets, &known),
        2,
        &Cell::new(false),
        &seen,
    ));
    assert_eq!(*seen.0.borrow(), reports, "every report is observed");
    reports
}

fn kind_of(reports: &[ItemReport], d: &Digest) -> &'static str {
    reports
        .iter()
        .find(|r| &r.digest == d)
        .map(|r| r.outcome.kind())
        .expect("a report for every target")
}

#[test]
fn a_kept_tag_moved_onto_a_planned_image_stops_it() {
    // The plan keeps prod (on #1) and deletes v1 (#0). Before the run,
    // another client moves prod onto #0.
    let m = repo(2, false, &[("v1", 0), ("prod", 1)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed);
    h.apply(Event::Point {
        tag: "prod".into(),
        to: 0,
    });
    let d0 = h.model.borrow().digest(0);
    let reports = run(&h, targets);
    assert_eq!(
        reports[0].outcome,
        Outcome::Stopped(Stop::MovedOnto { tag: "prod".into() })
    );
    assert!(h.removed.borrow().is_empty());
    assert!(h.model.borrow().tags_of(0).contains(&"prod".to_string()));
    assert_eq!(kind_of(&reports, &d0), "moved-onto");
}

#[test]
fn a_tag_added_while_the_dialog_was_open_stops_the_delete() {
    let m = repo(1, false, &[("only", 0)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed);
    h.apply(Event::Point {
        tag: "hotfix".into(),
        to: 0,
    });
    let reports = run(&h, targets);
    assert_eq!(
        reports[0].outcome,
        Outcome::Stopped(Stop::NewTag {
            tag: "hotfix".into()
        })
    );
    assert!(h.removed.borrow().is_empty());
}

#[test]
fn a_tag_that_cannot_be_resolved_stops_every_target() {
    let m = repo(2, false, &[("a", 0), ("b", 1), ("other", 1)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    // Every HEAD of a tag fails, on every pass of the check.
    let h = Hostile::new(m, confirmed).at(0, Event::FailHeads { times: 100 });
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome.kind(), "unresolvable");
    assert!(h.removed.borrow().is_empty());
}

#[test]
fn a_failed_head_is_asked_again_within_the_check() {
    let m = repo(2, false, &[("a", 0), ("b", 1)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed).at(0, Event::FailHeads { times: 1 });
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome, Outcome::Deleted);
}

#[test]
fn an_unreadable_tag_list_stops_everything() {
    let m = repo(1, false, &[("a", 0)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed);
    // Every read of the list fails.
    h.apply(Event::FailList { times: 100 });
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome.kind(), "list-unreadable");
    assert!(h.removed.borrow().is_empty());
}

#[test]
fn a_tag_on_the_second_page_is_seen() {
    // Page size 1: "zz-new" arrives on a later page.
    let m = repo(2, false, &[("a", 0), ("b", 1)], 1);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed);
    h.apply(Event::Point {
        tag: "zz-new".into(),
        to: 0,
    });
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome.kind(), "new-tag");
}

#[test]
fn an_index_goes_before_its_children_whatever_the_order() {
    // #2 is an index of #0 and #1; all three confirmed, children first.
    let m = repo(2, true, &[("amd", 0), ("arm", 1), ("multi", 2)], 100);
    let (targets, confirmed) = confirm(&m, &[0, 1, 2]);
    let h = Hostile::new(m, confirmed);
    let reports = run(&h, targets);
    assert!(
        reports.iter().all(|r| r.outcome == Outcome::Deleted),
        "{reports:?}"
    );
    assert_eq!(h.removed.borrow()[0], 2, "the index first");
    assert!(
        h.violations.borrow().is_empty(),
        "{:?}",
        h.violations.borrow()
    );
}

#[test]
fn a_child_of_a_kept_index_stays_even_when_the_index_was_pushed_after_the_survey() {
    let m = repo(2, false, &[("amd", 0), ("b", 1)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed);
    h.apply(Event::PushIndex {
        tag: "multi".into(),
        child: 0,
    });
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome.kind(), "blocked");
    assert!(h.removed.borrow().is_empty());
}

#[test]
fn a_lost_answer_is_resolved_with_a_head() {
    let m = repo(1, false, &[("a", 0)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    // Requests: list, HEAD a (check), HEAD a (last look), DELETE.
    let h = Hostile::new(m, confirmed).at(2, Event::LoseDeleteAnswer);
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome, Outcome::GoneAfterCheck);
}

#[test]
fn a_lost_answer_whose_check_fails_is_unknown() {
    let m = repo(1, false, &[("a", 0)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed)
        .at(2, Event::LoseDeleteAnswer)
        .at(2, Event::FailDigestHead { times: 2 });
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome.kind(), "unknown");
    assert!(!reports[0].outcome.is_gone());
}

#[test]
fn a_redirect_is_not_a_delete() {
    let m = repo(2, false, &[("a", 0), ("b", 1)], 100);
    let (targets, confirmed) = confirm(&m, &[0, 1]);
    let h = Hostile::new(m, confirmed).at(3, Event::RedirectDelete);
    let reports = run(&h, targets);
    let redirected: Vec<&ItemReport> = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed(RegistryError::Redirected { .. })))
        .collect();
    assert_eq!(redirected.len(), 1, "{reports:?}");
    // A redirect stops the run: the other is not sent after it.
    assert!(h.model.borrow().manifests.iter().any(|m| m.3));
}

#[test]
fn a_5xx_after_the_manifest_is_gone_is_found_gone() {
    let m = repo(1, false, &[("a", 0)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed).at(2, Event::ServerErrorAfterDelete);
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome, Outcome::GoneAfterCheck);
}

#[test]
fn a_202_for_a_manifest_that_stays_is_reported() {
    let m = repo(1, false, &[("a", 0)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed).at(2, Event::LieAboutDelete);
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome, Outcome::StillPresent { tag: None });
}

#[test]
fn a_stale_check_is_made_again_before_the_next_delete() {
    // A DELETE takes 30 s: after each one the round's check is too old,
    // so the next target gets a check of its own.
    let m = repo(3, false, &[("a", 0), ("b", 1), ("c", 2)], 100);
    let (targets, confirmed) = confirm(&m, &[0, 1, 2]);
    let mut h = Hostile::new(m.clone(), confirmed.clone());
    h.ms_per_delete = Some(30_000.0);
    let reports = run(&h, targets.clone());
    assert!(
        reports.iter().all(|r| r.outcome == Outcome::Deleted),
        "{reports:?}"
    );
    // Three checks, and the list once more right before each DELETE.
    assert_eq!(h.lists.get(), 3 + 3);
    // Quick DELETEs: one check serves the round.
    let h = Hostile::new(m, confirmed);
    run(&h, targets);
    assert_eq!(h.lists.get(), 1 + 3);
}

#[test]
fn a_deleted_digest_is_forgotten_by_the_transport() {
    let m = repo(1, false, &[("a", 0)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let d = m.digest(0);
    let h = Hostile::new(m, confirmed);
    run(&h, targets);
    assert_eq!(*h.forgotten.borrow(), vec![d]);
}

#[test]
fn cancel_before_the_check_sends_nothing() {
    let m = repo(1, false, &[("a", 0)], 100);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed);
    let name = RepositoryName::parse("app").unwrap();
    let seen = Seen::default();
    let reports = block_on(Registry::new("http://r").run_deletes(
        &h,
        &job(&name, targets, &[]),
        1,
        &Cell::new(true),
        &seen,
    ));
    assert_eq!(reports[0].outcome, Outcome::NotSent);
    assert_eq!(h.n.get(), 0);
}

/// Run with `known` as the tag list the user confirmed against.
fn run_known(h: &Hostile, targets: Vec<Target>, known: &[&str]) -> Vec<ItemReport> {
    let known: Vec<String> = known.iter().map(|t| t.to_string()).collect();
    let name = RepositoryName::parse("app").unwrap();
    block_on(Registry::new("http://r").run_deletes(
        h,
        &job(&name, targets, &known),
        2,
        &Cell::new(false),
        &Seen::default(),
    ))
}

#[test]
fn a_sibling_on_a_page_behind_a_hidden_link_stops_the_delete() {
    // Pages of one tag, Link not visible (cross-origin, not exposed). The
    // user saw page 1 only: "a". "prod" on page 2 points at the same image.
    let m = repo(2, false, &[("a", 0), ("prod", 0), ("b", 1)], 1);
    let target = Target::confirmed(m.digest(0), vec!["a".into()]);
    let confirmed = BTreeMap::from([(0, BTreeSet::from(["a".to_string()]))]);
    let mut h = Hostile::new(m, confirmed);
    h.hide_link = true;
    let reports = run_known(&h, vec![target], &["a"]);
    assert_eq!(
        reports[0].outcome,
        Outcome::Stopped(Stop::NewTag { tag: "prod".into() })
    );
    assert!(h.removed.borrow().is_empty());
    assert!(h.violations.borrow().is_empty());
}

#[test]
fn a_tag_added_to_a_later_image_of_the_run_stops_that_image() {
    // Six images, two DELETEs at a time. Right after the first DELETE,
    // another client tags the sixth image "release".
    let tags: Vec<(String, usize)> = (0..6).map(|i| (format!("r{}", i + 1), i)).collect();
    let tag_refs: Vec<(&str, usize)> = tags.iter().map(|(t, n)| (t.as_str(), *n)).collect();
    let m = repo(6, false, &tag_refs, 100);
    let (targets, confirmed) = confirm(&m, &[0, 1, 2, 3, 4, 5]);
    let d5 = m.digest(5);
    let h = Hostile::new(m, confirmed);
    // The request that is the first DELETE: found by a dry run.
    let first_delete = {
        let probe = Hostile::new(h.model.borrow().clone(), h.confirmed.clone());
        run(&probe, targets.clone());
        probe.first_delete.get().expect("a DELETE")
    };
    let h = h.at(
        first_delete,
        Event::Point {
            tag: "release".into(),
            to: 5,
        },
    );
    let reports = run(&h, targets);
    let r5 = reports.iter().find(|r| r.digest == d5).unwrap();
    assert_eq!(
        r5.outcome,
        Outcome::Stopped(Stop::NewTag {
            tag: "release".into()
        })
    );
    assert!(h.model.borrow().tags.contains_key("release"));
    assert_eq!(h.removed.borrow().len(), 5);
    assert!(
        h.violations.borrow().is_empty(),
        "{:?}",
        h.violations.borrow()
    );
}

#[test]
fn a_kept_index_behind_a_generic_or_odd_content_type_blocks_its_child() {
    for style in [TypeStyle::Generic, TypeStyle::Capitals, TypeStyle::Missing] {
        let m = Model {
            content_type: style,
            ..Model::default()
        };
        let m = repo_into(m, 2, true, &[("amd", 0), ("arm", 1), ("multi", 2)], 100);
        let (targets, confirmed) = confirm(&m, &[0]);
        let h = Hostile::new(m, confirmed);
        let reports = run(&h, targets);
        assert_eq!(
            reports[0].outcome.kind(),
            "blocked",
            "{style:?}: {reports:?}"
        );
        assert!(h.removed.borrow().is_empty(), "{style:?}");
    }
}

#[test]
fn a_kept_index_of_indexes_blocks_a_grandchild() {
    // multi → (untagged) inner index → #0.
    let mut m = repo(2, false, &[("amd", 0), ("b", 1)], 100);
    let inner = m.index(&[0], 7);
    let outer = m.index(&[inner], 8);
    m.tags.insert("multi".into(), outer);
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed);
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome.kind(), "blocked", "{reports:?}");
    assert!(h.removed.borrow().is_empty());
}

#[test]
fn sha512_digests_are_checked_and_deleted_like_any_other() {
    let m = Model {
        sha512: true,
        ..Model::default()
    };
    let m = repo_into(m, 2, false, &[("a", 0), ("b", 1)], 100);
    assert!(m.digest(0).to_string().starts_with("sha512:"));
    let (targets, confirmed) = confirm(&m, &[0]);
    let h = Hostile::new(m, confirmed);
    let reports = run(&h, targets);
    assert_eq!(reports[0].outcome, Outcome::Deleted);
    assert_eq!(*h.removed.borrow(), vec![0]);
}

#[test]
fn a_protected_tag_stops_its_image_however_it_got_there() {
    let m = repo(3, false, &[("a", 0), ("latest", 1), ("b", 2)], 100);
    let (targets, confirmed) = confirm(&m, &[0, 1, 2]);
    let h = Hostile::new(m, confirmed);
    // Another client moves prod-7 onto #2 before the run.
    h.apply(Event::Point {
        tag: "prod-7".into(),
        to: 2,
    });
    let name = RepositoryName::parse("app").unwrap();
    let known = h.known.clone();
    let registry = Registry::new("http://r")
        .with_protected(crate::retention::Pattern::parse("latest, prod-*"));
    let reports = block_on(registry.run_deletes(
        &h,
        &job(&name, targets, &known),
        2,
        &Cell::new(false),
        &Seen::default(),
    ));
    let by = |n: usize| {
        let d = h.model.borrow().digest(n);
        reports
            .iter()
            .find(|r| r.digest == d)
            .unwrap()
            .outcome
            .clone()
    };
    assert_eq!(by(0), Outcome::Deleted);
    // Confirmed by the user, yet protected.
    assert_eq!(
        by(1),
        Outcome::Stopped(Stop::Protected {
            tag: "latest".into(),
            pattern: "latest".into()
        })
    );
    assert_eq!(
        by(2),
        Outcome::Stopped(Stop::Protected {
            tag: "prod-7".into(),
            pattern: "prod-*".into()
        })
    );
    assert_eq!(*h.removed.borrow(), vec![0]);
}

/// The DELETE itself, answer by answer (what the client tests of the old
/// `delete_manifest` asserted, now of the engine's only DELETE).
#[test]
fn a_delete_is_sent_once_and_its_answer_becomes_a_fact() {
    use crate::testing::{status, with_headers, Scripted};
    let name = RepositoryName::parse("app").unwrap();
    let d = Digest::sha256_of(b"m");
    let run = |answers| {
        let t = Scripted::new(answers);
        let o = block_on(Registry::new("http://r").delete_and_check(&t, &name, &d, &[]));
        let asked: Vec<(Method, bool)> = t
            .asked
            .borrow()
            .iter()
            .map(|q| (q.method, q.no_store))
            .collect();
        (o, asked)
    };
    let unknown = r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"x"}]}"#;
    let present = || with_headers(b"", &[("Docker-Content-Digest", &d.to_string())]);
    // 202, then checked gone with an uncached HEAD.
    let (o, asked) = run(vec![status(202, ""), status(404, unknown)]);
    assert_eq!(o, Outcome::Deleted);
    assert_eq!(asked, vec![(Method::Delete, false), (Method::Head, true)]);
    // The answer lost: an uncached HEAD finds it gone; never sent again.
    let (o, asked) = run(vec![Err(dropped()), status(404, unknown)]);
    assert_eq!(o, Outcome::GoneAfterCheck);
    assert_eq!(asked, vec![(Method::Delete, false), (Method::Head, true)]);
    // A proxy's 502, still there: unknown (a DELETE held by the proxy may
    // still land), and not sent again.
    let (o, asked) = run(vec![status(502, "<html>bad gateway</html>"), present()]);
    assert!(
        matches!(
            o,
            Outcome::Unknown(RegistryError::Server { status: 502, .. })
        ),
        "{o:?}"
    );
    assert!(o.is_unknown() && !o.is_gone());
    assert_eq!(asked.len(), 2);
    // The answer lost and the manifest still there: unknown too.
    let (o, _) = run(vec![Err(dropped()), present()]);
    assert!(matches!(o, Outcome::Unknown(_)), "{o:?}");
    // 202, then the check fails: the registry said yes, nothing confirmed
    // it. Not counted as deleted.
    let (o, _) = run(vec![status(202, ""), Err(dropped()), Err(dropped())]);
    assert!(matches!(o, Outcome::DeletedUnchecked(_)), "{o:?}");
    assert!(o.is_unknown() && !o.is_gone());
    assert_eq!(
        tally(&[ItemReport {
            digest: d.clone(),
            tags: vec![],
            outcome: o
        }]),
        (0, 0, 1)
    );
    // 404 MANIFEST_UNKNOWN, confirmed by the HEAD.
    let (o, _) = run(vec![status(404, unknown), status(404, unknown)]);
    assert_eq!(o, Outcome::AlreadyGone);
    // 405: refused, nothing to check.
    let (o, asked) = run(vec![status(
        405,
        r#"{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}"#,
    )]);
    assert_eq!(o, Outcome::Failed(RegistryError::DeleteDisabled));
    assert_eq!(asked.len(), 1);
    // A 404 for the repository is not "already gone" while the manifest answers.
    let (o, _) = run(vec![
        status(404, r#"{"errors":[{"code":"NAME_UNKNOWN","message":"x"}]}"#),
        present(),
    ]);
    assert!(
        matches!(o, Outcome::Failed(RegistryError::NotFound { .. })),
        "{o:?}"
    );
    // A 200 is not the registry's answer to a DELETE.
    let (o, _) = run(vec![status(200, "<html>signed in</html>"), present()]);
    assert!(
        matches!(o, Outcome::Failed(RegistryError::Malformed { .. })),
        "{o:?}"
    );
}

/// The property test: native only (proptest keeps its failures on disk).
#[cfg(not(target_arch = "wasm32"))]
mod property {
    use super::*;
    use proptest::prelude::*;

    fn event() -> impl Strategy<Value = Event> {
        let tag = prop::sample::select(vec!["a", "b", "c", "d", "prod", "new1", "new2"])
            .prop_map(String::from);
        prop_oneof![
            4 => (tag.clone(), 0usize..6).prop_map(|(tag, to)| Event::Point { tag, to }),
            2 => tag.clone().prop_map(|tag| Event::Untag { tag }),
            1 => (tag.clone(), 0usize..4).prop_map(|(tag, child)| Event::PushIndex { tag, child }),
            1 => (tag, 0usize..4).prop_map(|(tag, child)| Event::PushNested { tag, child }),
            1 => (1usize..4).prop_map(|times| Event::FailHeads { times }),
            1 => (1usize..8).prop_map(|times| Event::FailList { times }),
            1 => Just(Event::LoseDeleteAnswer),
            1 => Just(Event::RedirectDelete),
            1 => Just(Event::ServerErrorAfterDelete),
            1 => (1usize..3).prop_map(|times| Event::FailDigestHead { times }),
            1 => Just(Event::LieAboutDelete),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(400)
        ))]

        /// Whatever other clients do between any two requests, and whatever
        /// fails: no DELETE takes a tag that was not confirmed (unless it
        /// changed after the engine's last look), none breaks a tagged index,
        /// and every report is a fact.
        #[test]
        fn the_invariant_holds_for_any_interleaving(
            with_index in any::<bool>(),
            tag_to in prop::collection::vec(0usize..5, 4),
            chosen in prop::collection::btree_set(0usize..5, 1..4),
            page in 1usize..4,
            schedule in prop::collection::vec((0usize..40, event()), 0..8),
            hide_link in any::<bool>(),
            sha512 in any::<bool>(),
            style in prop::sample::select(vec![
                TypeStyle::Exact,
                TypeStyle::Generic,
                TypeStyle::Capitals,
                TypeStyle::Missing,
            ]),
        ) {
            let names = ["a", "b", "c", "prod"];
            let images = 4;
            let upper = if with_index { 5 } else { 4 };
            let tags: Vec<(&str, usize)> = names
                .iter()
                .zip(&tag_to)
                .map(|(t, n)| (*t, *n % upper))
                .collect();
            let mut m = Model {
                sha512,
                content_type: style,
                ..Model::default()
            };
            m = repo_into(m, images, with_index, &tags, page);
            let chosen: Vec<usize> = chosen.into_iter().filter(|c| *c < upper).collect();
            let (targets, confirmed) = confirm(&m, &chosen);
            let digests: Vec<Digest> = (0..m.manifests.len()).map(|i| m.digest(i)).collect();
            let mut h = Hostile::new(m, confirmed);
            h.hide_link = hide_link;
            for (at, e) in schedule {
                h = h.at(at, e);
            }
            let reports = run(&h, targets.clone());
            prop_assert!(h.violations.borrow().is_empty(), "{:?}", h.violations.borrow());
            prop_assert_eq!(reports.len(), targets.len());
            let removed = h.removed.borrow().clone();
            for r in &reports {
                let n = digests.iter().position(|d| d == &r.digest).unwrap();
                let really = removed.contains(&n);
                match &r.outcome {
                    Outcome::Deleted | Outcome::GoneAfterCheck => {
                        prop_assert!(really, "{:?} but not removed", r.outcome)
                    }
                    Outcome::AlreadyGone => prop_assert!(!h.model.borrow().manifests[n].3),
                    Outcome::Stopped(_) | Outcome::NotSent | Outcome::Failed(_) | Outcome::KeptAfterCheck => {
                        prop_assert!(!really, "{:?} but removed", r.outcome)
                    }
                    // 202 from a registry that may lie, with no way to check.
                    Outcome::Unknown(_) | Outcome::StillPresent { .. } | Outcome::DeletedUnchecked(_) => {}
                }
            }
        }
    }
}
