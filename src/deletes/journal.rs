//! The delete journal, in IndexedDB beside the digest cache: every run, and
//! for every digest its intent (written before its DELETE is sent) and its
//! outcome (written as soon as it is known). After a reload, or a crash of
//! the tab, the runs page shows unfinished and past runs with their
//! reports; an intent with no outcome is an unknown one, which can be
//! checked again with one click.
//!
//! Without IndexedDB nothing can be recorded, and the engine sends no
//! DELETE it could not record.

use super::report::{RunItem, Said};
use crate::digest_cache::{db, done, js_error_text, JOURNAL_STORE};
use crate::registry::digest::Digest;
use crate::registry::engine::{Outcome, Target};
use crate::registry::error::RecordFailure;
use crate::registry::report::{ReportItem, SENDING};
use crate::registry::untag::UntagObserver;
use serde::{Deserialize, Serialize};
use std::future::Future;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

/// Runs kept at most (older ones are dropped when a run starts).
const MAX_RUNS: usize = 50;

/// A run as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: String,
    pub registry: String,
    pub repos: Vec<String>,
    pub total: usize,
    pub started_at: f64,
    pub finished: bool,
}

/// One digest of a run as recorded (key `item/<run>/<repository>/<digest>`):
/// the run's id and the digest's [`RunItem`], typed (its outcome with its
/// facts, no words).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub run: String,
    #[serde(flatten)]
    pub entry: RunItem,
}

/// One digest as journals before IndexedDB version 4 kept it: the outcome
/// as its kind and as finished sentences in both languages. Read, turned
/// into an [`ItemRecord`] and written back in its place.
#[derive(Clone, Debug, PartialEq, Deserialize)]
struct ItemRecordV3 {
    run: String,
    repo: String,
    digest: String,
    tags: Vec<String>,
    /// `sending` until the outcome was known, then the outcome's kind.
    state: String,
    detail: String,
    #[serde(default)]
    detail_zh: String,
}

impl ItemRecordV3 {
    /// The same record, typed: the outcomes that carry no facts beyond
    /// their kind are facts again; the others keep their words.
    fn upgraded(self) -> Option<ItemRecord> {
        let facts = match self.state.as_str() {
            "deleted" => Some(Outcome::Deleted),
            "already-gone" => Some(Outcome::AlreadyGone),
            "gone-after-check" => Some(Outcome::GoneAfterCheck),
            "not-sent" => Some(Outcome::NotSent),
            "kept-after-check" => Some(Outcome::KeptAfterCheck),
            _ => None,
        };
        let said = (facts.is_none() && self.state != SENDING).then_some(Said {
            en: self.detail,
            zh: self.detail_zh,
        });
        Some(ItemRecord {
            run: self.run,
            entry: RunItem {
                item: ReportItem {
                    repository: self.repo,
                    digest: Digest::parse(&self.digest).ok()?,
                    tags: self.tags,
                    outcome: self.state,
                    facts,
                    would: false,
                    detail: String::new(),
                },
                said,
            },
        })
    }
}

/// A stored item: as this version writes it, or as version 3 did (then
/// `true`: to be written again in the new shape).
fn parse_item(value: &str) -> Option<(ItemRecord, bool)> {
    if let Ok(item) = serde_json::from_str::<ItemRecord>(value) {
        return Some((item, false));
    }
    let old = serde_json::from_str::<ItemRecordV3>(value).ok()?;
    old.upgraded().map(|item| (item, true))
}

/// The untag records (the core's [`UntagRecord`], kept under
/// `untag/<id>` in the shape it serialises to).
pub use crate::registry::untag::{UntagRecord, UntagState};

/// Record an untag as it stands now; `Err` when it could not be written
/// (then the tag must not be touched).
pub async fn record_untag(record: &UntagRecord) -> Result<(), RecordFailure> {
    let value = encode(record)?;
    put(format!("untag/{}", record.untag), value).await
}

/// Where an untag left the tag.
pub fn untag_state(mut record: UntagRecord, state: UntagState) {
    record.state = state;
    if let Ok(value) = serde_json::to_string(&record) {
        put_later(format!("untag/{}", record.untag), value);
    }
}

/// The journal as an untag's observer ([`UntagObserver`]): the record is
/// written in the state the core names before each write (awaited: what
/// cannot be recorded is not sent), and in the state the untag settles in.
pub struct UntagJournal {
    pub record: UntagRecord,
}

impl UntagObserver for UntagJournal {
    async fn recording(&self, state: UntagState) -> Result<(), RecordFailure> {
        let record = UntagRecord {
            state,
            ..self.record.clone()
        };
        record_untag(&record).await
    }

    fn settled(&self, state: UntagState) {
        untag_state(self.record.clone(), state);
    }
}

/// A tag written (added, copied, moved): recorded before anything is
/// sent, with what the tag pointed at, so `/runs` shows every write and a
/// write whose end nobody saw can be checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WriteRecord {
    pub write: String,
    pub registry: String,
    /// The source as the user named it (`team/app:rc-17`, `…@sha256:…`).
    pub source: String,
    pub digest: String,
    pub dest: String,
    pub tag: String,
    /// What the tag pointed at before (none: a new tag).
    pub previous: Option<String>,
    pub state: WriteState,
    /// The error's kind when it did not happen (`moved`, `failed`, …).
    #[serde(default)]
    pub why: String,
    pub started_at: f64,
}

/// Where a tag write stands (kebab-case in the journal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WriteState {
    /// Under way, or the tab closed before its end was known.
    Started,
    /// The tag points at the image (digest checked).
    Written,
    /// Nothing was written to the tag (stopped or refused).
    NotWritten,
    /// Sent, and nobody knows whether it landed.
    Unknown,
}

impl WriteState {
    /// The journal's word for it (also a `data-state` attribute).
    pub fn as_str(self) -> &'static str {
        match self {
            WriteState::Started => "started",
            WriteState::Written => "written",
            WriteState::NotWritten => "not-written",
            WriteState::Unknown => "unknown",
        }
    }

    /// Whether a check of the tag would tell more.
    pub fn needs_check(self) -> bool {
        matches!(self, WriteState::Started | WriteState::Unknown)
    }
}

/// Record a write before it is sent; `Err` when it could not be recorded
/// (then nothing is sent).
pub async fn write_started(record: &WriteRecord) -> Result<(), RecordFailure> {
    let value = encode(record)?;
    put(format!("write/{}", record.write), value).await
}

/// How a write ended.
pub fn write_state(mut record: WriteRecord, state: WriteState, why: &str) {
    record.state = state;
    record.why = why.to_string();
    if let Ok(value) = serde_json::to_string(&record) {
        put_later(format!("write/{}", record.write), value);
    }
}

/// Every recorded tag write, newest first.
pub async fn load_writes() -> Vec<WriteRecord> {
    writes_of(&all_values().await)
}

fn writes_of(values: &[String]) -> Vec<WriteRecord> {
    newest_first(values, |w: &WriteRecord| w.started_at)
}

/// The journal's values that parse as `T`, newest first by `started_at`.
fn newest_first<T: serde::de::DeserializeOwned>(
    values: &[String],
    started_at: impl Fn(&T) -> f64,
) -> Vec<T> {
    let mut out: Vec<T> = values
        .iter()
        .filter_map(|v| serde_json::from_str::<T>(v).ok())
        .collect();
    crate::registry::sort::sort_by(&mut out, |a, b| started_at(b).total_cmp(&started_at(a)));
    out
}

/// Drop the manifest bytes kept in finished untag records (signing out):
/// outcomes stay. An untag that still needs attention keeps them: they are
/// what puts the tag back.
pub async fn strip_contents() {
    for mut record in load_untags().await {
        if !record.state.needs_attention() && !record.manifest.is_empty() {
            record.manifest.clear();
            if let Ok(value) = serde_json::to_string(&record) {
                let _ = put(format!("untag/{}", record.untag), value).await;
            }
        }
    }
}

/// Every recorded untag, newest first.
pub async fn load_untags() -> Vec<UntagRecord> {
    untags_of(&all_values().await)
}

fn untags_of(values: &[String]) -> Vec<UntagRecord> {
    newest_first(values, |u: &UntagRecord| u.started_at)
}

/// How many recorded outcomes nobody knows yet, untags left half-way and
/// tag writes whose end nobody saw (one read of the journal).
pub async fn to_check() -> usize {
    let values = all_values().await;
    let unknown = values
        .iter()
        .filter_map(|v| parse_item(v))
        .filter(|(i, _)| i.entry.is_unknown())
        .count();
    unknown
        + untags_of(&values)
            .iter()
            .filter(|u| u.needs_attention())
            .count()
        + writes_of(&values)
            .iter()
            .filter(|w| w.state.needs_check())
            .count()
}

fn run_key(id: &str) -> String {
    format!("run/{id}")
}

fn item_key(run: &str, repo: &str, digest: &str) -> String {
    format!("item/{run}/{repo}/{digest}")
}

fn encode(record: &impl Serialize) -> Result<String, RecordFailure> {
    serde_json::to_string(record).map_err(|_| RecordFailure::NotText)
}

/// Why the browser refused a write, from the name of its error.
fn refused(e: &JsValue) -> RecordFailure {
    let name = js_error_text(e);
    let name = name.split(':').next().unwrap_or_default();
    failure_named(name, RecordFailure::Refused)
}

/// The failure a browser error's name stands for, else `other`.
fn failure_named(name: &str, other: RecordFailure) -> RecordFailure {
    match name {
        "QuotaExceededError" => RecordFailure::Quota,
        "InvalidStateError" | "TransactionInactiveError" => RecordFailure::Closed,
        _ => other,
    }
}

/// Write `value` under `key`; `Err` when it could not be written.
async fn put(key: String, value: String) -> Result<(), RecordFailure> {
    let db = db().await.ok_or(RecordFailure::NoStore)?;
    let store = db
        .transaction_with_str_and_mode(JOURNAL_STORE, IdbTransactionMode::Readwrite)
        .and_then(|tx| tx.object_store(JOURNAL_STORE))
        .map_err(|e| refused(&e))?;
    let request = store
        .put_with_key(&JsValue::from_str(&value), &JsValue::from_str(&key))
        .map_err(|e| refused(&e))?;
    done(&request).await.map(|_| ()).map_err(|_| {
        // The request's own error names why (a full store is found here).
        let name = request.error().ok().flatten().map(|e| e.name());
        failure_named(
            name.as_deref().unwrap_or_default(),
            RecordFailure::WriteFailed,
        )
    })
}

fn put_later(key: String, value: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = put(key, value).await;
    });
}

/// A run starts (`finished: false`) or ends (every outcome is in).
pub fn run_state(record: &RunRecord) {
    let value = serde_json::to_string(record).unwrap_or_default();
    put_later(run_key(&record.id), value);
    if !record.finished {
        wasm_bindgen_futures::spawn_local(prune());
    }
}

/// Before a DELETE: the intent, written before anything is sent.
pub fn intent(
    run: &str,
    repo: &str,
    target: &Target,
) -> impl Future<Output = Result<(), RecordFailure>> + use<> {
    let item = ItemRecord {
        run: run.to_string(),
        entry: RunItem {
            item: ReportItem::sending(repo, target),
            said: None,
        },
    };
    async move {
        let value = encode(&item)?;
        put(key_of(&item), value).await
    }
}

fn key_of(item: &ItemRecord) -> String {
    item_key(
        &item.run,
        &item.entry.item.repository,
        &item.entry.item.digest.to_string(),
    )
}

/// A digest's outcome (also for digests that were never sent, and after a
/// check again), in place of what was recorded before.
pub fn set_item(run: &str, entry: &RunItem) {
    let item = ItemRecord {
        run: run.to_string(),
        entry: entry.clone(),
    };
    if let Ok(value) = serde_json::to_string(&item) {
        put_later(key_of(&item), value);
    }
}

/// Every value in the journal store.
async fn all_values() -> Vec<String> {
    let Some(db) = db().await else {
        return Vec::new();
    };
    let Ok(store) = db
        .transaction_with_str(JOURNAL_STORE)
        .and_then(|tx| tx.object_store(JOURNAL_STORE))
    else {
        return Vec::new();
    };
    let Ok(request) = store.get_all() else {
        return Vec::new();
    };
    let Ok(values) = done(&request).await else {
        return Vec::new();
    };
    js_sys::Array::from(&values)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// Every recorded run with its items, newest first. Items a journal
/// before version 4 wrote are written again, typed.
pub async fn load() -> Vec<(RunRecord, Vec<RunItem>)> {
    let (runs, upgraded) = runs_of(&all_values().await);
    for item in upgraded {
        set_item(&item.run, &item.entry);
    }
    runs
}

/// The runs in `values` with their items, newest first, and the items
/// that were read in an older shape.
fn runs_of(values: &[String]) -> (Vec<(RunRecord, Vec<RunItem>)>, Vec<ItemRecord>) {
    let mut runs: Vec<(RunRecord, Vec<RunItem>)> = values
        .iter()
        .filter_map(|v| serde_json::from_str::<RunRecord>(v).ok())
        .map(|r| (r, Vec::new()))
        .collect();
    let mut upgraded = Vec::new();
    for (item, old) in values.iter().filter_map(|v| parse_item(v)) {
        if old {
            upgraded.push(item.clone());
        }
        if let Some((_, items)) = runs.iter_mut().find(|(r, _)| r.id == item.run) {
            items.push(item.entry);
        }
    }
    crate::registry::sort::sort_by(&mut runs, |a, b| b.0.started_at.total_cmp(&a.0.started_at));
    (runs, upgraded)
}

/// Drop the oldest runs past `MAX_RUNS`.
async fn prune() {
    let runs = load().await;
    if runs.len() <= MAX_RUNS {
        return;
    }
    let Some(db) = db().await else { return };
    let Ok(store) = db
        .transaction_with_str_and_mode(JOURNAL_STORE, IdbTransactionMode::Readwrite)
        .and_then(|tx| tx.object_store(JOURNAL_STORE))
    else {
        return;
    };
    for (run, items) in runs.into_iter().skip(MAX_RUNS) {
        let _ = store.delete(&JsValue::from_str(&run_key(&run.id)));
        for i in items {
            let key = item_key(&run.id, &i.item.repository, &i.item.digest.to_string());
            let _ = store.delete(&JsValue::from_str(&key));
        }
    }
}

#[cfg(test)]
mod upgrade_tests {
    use super::*;
    use crate::i18n::{phrase, Lang};
    use crate::registry::engine::{ItemReport, Stop};
    use crate::registry::error::RegistryError;

    /// An item exactly as the journal of IndexedDB version 3 wrote it
    /// (`journal::outcome` then: the kind and the words in both languages).
    fn written_by_v3(
        run: &str,
        digest: &Digest,
        tags: &[&str],
        outcome: Option<&Outcome>,
    ) -> String {
        serde_json::json!({
            "run": run,
            "repo": "team/app",
            "digest": digest.to_string(),
            "tags": tags,
            "state": outcome.map_or("sending", Outcome::kind),
            "detail": outcome.map(|o| phrase::outcome(Lang::En, o)).unwrap_or_default(),
            "detail_zh": outcome.map(|o| phrase::outcome(Lang::Zh, o)).unwrap_or_default(),
        })
        .to_string()
    }

    fn d(n: u8) -> Digest {
        Digest::sha256_of(&[n])
    }

    #[test]
    fn records_of_version_3_read_typed_and_keep_their_words() {
        let timeout = Outcome::Unknown(RegistryError::Timeout {
            url: "u".into(),
            seconds: 30,
        });
        let moved = Outcome::Stopped(Stop::MovedAway {
            tag: "v1".into(),
            now: d(9),
        });
        let run = RunRecord {
            id: "1765000000000-0".into(),
            registry: "http://127.0.0.1:5000".into(),
            repos: vec!["team/app".into()],
            total: 4,
            started_at: 1_765_000_000_000.0,
            finished: false,
        };
        let values = vec![
            // A run record as version 3 wrote it (unchanged since).
            r#"{"id":"1765000000000-0","registry":"http://127.0.0.1:5000","repos":["team/app"],"total":4,"started_at":1765000000000.0,"finished":false}"#.to_string(),
            written_by_v3(&run.id, &d(1), &["a", "b"], Some(&Outcome::Deleted)),
            written_by_v3(&run.id, &d(2), &["c"], Some(&timeout)),
            written_by_v3(&run.id, &d(3), &["e"], None),
            written_by_v3(&run.id, &d(4), &["v1"], Some(&moved)),
            // Another record kind in the same store: not an item.
            r#"{"write":"w1","registry":"r","source":"a:b","digest":"sha256:00","dest":"a","tag":"c","previous":null,"state":"written","why":"","started_at":1.0}"#.to_string(),
        ];
        let (runs, upgraded) = runs_of(&values);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].0, run);
        let items = &runs[0].1;
        assert_eq!(upgraded.len(), 4, "every old item is written again");
        assert_eq!(items.len(), 4);
        // Facts where the kind is all there is.
        assert_eq!(items[0].item.facts, Some(Outcome::Deleted));
        assert!(items[0].said.is_none() && items[0].is_gone());
        assert_eq!(
            items[0].words(Lang::Zh),
            phrase::outcome(Lang::Zh, &Outcome::Deleted)
        );
        // The words kept, in the page's language, where facts were lost.
        assert_eq!(items[1].kind(), "unknown");
        assert!(items[1].is_unknown() && !items[1].is_gone());
        assert_eq!(
            items[1].words(Lang::Zh),
            phrase::outcome(Lang::Zh, &timeout)
        );
        assert_eq!(
            items[1].words(Lang::En),
            phrase::outcome(Lang::En, &timeout)
        );
        assert_eq!(items[3].kind(), "moved");
        assert!(!items[3].is_unknown() && !items[3].is_gone());
        assert_eq!(items[3].words(Lang::Zh), phrase::outcome(Lang::Zh, &moved));
        // An intent without an outcome is still one to check.
        assert_eq!(items[2].kind(), SENDING);
        assert!(items[2].is_unknown());
        assert_eq!(
            items.iter().filter(|i| i.is_unknown()).count(),
            2,
            "what version 3 counted to check"
        );
        // Written again, they read back as they are, without another upgrade.
        for item in upgraded {
            let value = serde_json::to_string(&item).unwrap();
            assert!(!value.contains("detail_zh"), "{value}");
            assert_eq!(parse_item(&value), Some((item, false)));
        }
    }

    #[test]
    fn records_of_this_version_keep_facts_not_words() {
        let outcome = Outcome::Failed(RegistryError::DeleteDisabled);
        let item = ItemRecord {
            run: "r".into(),
            entry: RunItem::of(
                "team/app",
                &ItemReport {
                    digest: d(5),
                    tags: vec!["x".into()],
                    outcome: outcome.clone(),
                },
            ),
        };
        let value = serde_json::to_string(&item).unwrap();
        assert!(
            !value.contains(&phrase::outcome(Lang::En, &outcome)),
            "{value}"
        );
        let (back, old) = parse_item(&value).unwrap();
        assert!(!old);
        assert_eq!(back.entry.item.facts, Some(outcome));
        let sending = ItemRecord {
            run: "r".into(),
            entry: RunItem {
                item: ReportItem::sending("team/app", &Target::confirmed(d(6), vec![])),
                said: None,
            },
        };
        let (back, _) = parse_item(&serde_json::to_string(&sending).unwrap()).unwrap();
        assert!(back.entry.is_unknown());
    }

    /// Items this version wrote while a stop for an unrecorded intent and
    /// a token server's odd answer carried the browser's or the parser's
    /// text: they still read, typed, without an upgrade.
    #[test]
    fn records_with_the_old_free_text_still_read() {
        use crate::registry::error::{RecordFailure, TokenAnswerFlaw, TokenFailure};
        let digest = d(7);
        let item = |facts: &str| {
            format!(
                r#"{{"run":"r","repository":"team/app","digest":"{digest}","tags":["x"],"outcome":"not-recorded","facts":{facts},"would":false,"detail":""}}"#
            )
        };
        let stopped =
            item(r#"{"kind":"stopped","stop":"not-recorded","detail":"QuotaExceededError: full"}"#);
        let (back, old) = parse_item(&stopped).expect("an old not-recorded item reads");
        assert!(!old);
        assert_eq!(
            back.entry.item.facts,
            Some(Outcome::Stopped(Stop::NotRecorded {
                why: RecordFailure::Unsaid
            }))
        );
        assert!(back.entry.words(Lang::Zh).contains("未记录原因"));
        let token = item(
            r#"{"kind":"failed","error":"token-server","realm":"https://a/t","failure":{"NotAToken":{"detail":"expected value"}}}"#,
        );
        let (back, _) = parse_item(&token).expect("an old token failure reads");
        assert_eq!(
            back.entry.item.facts,
            Some(Outcome::Failed(RegistryError::TokenServer {
                realm: "https://a/t".into(),
                failure: TokenFailure::NotAToken {
                    flaw: TokenAnswerFlaw::Unsaid
                },
            }))
        );
    }
}
