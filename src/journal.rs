//! The delete journal, in IndexedDB beside the digest cache: every run, and
//! for every digest its intent (written before its DELETE is sent) and its
//! outcome (written as soon as it is known). After a reload, or a crash of
//! the tab, the runs page shows unfinished and past runs with their
//! reports; an intent with no outcome is an unknown one, which can be
//! checked again with one click.
//!
//! Without IndexedDB nothing can be recorded, and the engine sends no
//! DELETE it could not record.

use crate::digest_cache::{db, done, js_error_text, JOURNAL_STORE};
use crate::registry::engine::{ItemReport, Target};
use crate::runs::Run;
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

/// One digest of a run as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub run: String,
    pub repo: String,
    pub digest: String,
    pub tags: Vec<String>,
    /// `sending` until the outcome is known, then the outcome's kind
    /// (`deleted`, `unknown`, `moved`, …), or `checked-gone` /
    /// `checked-present` after a check from the runs page.
    pub state: String,
    /// The outcome in words, in English.
    pub detail: String,
    /// The same in Simplified Chinese.
    #[serde(default)]
    pub detail_zh: String,
}

impl ItemRecord {
    /// The outcome in words, in `lang`.
    pub fn detail(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh if !self.detail_zh.is_empty() => &self.detail_zh,
            _ => &self.detail,
        }
    }

    /// It went (the engine's `Outcome::is_gone`, by its stored kind).
    pub fn is_gone(&self) -> bool {
        matches!(
            self.state.as_str(),
            "deleted" | "already-gone" | "gone-after-check"
        )
    }

    /// Nothing is known about whether it went.
    pub fn is_unknown(&self) -> bool {
        matches!(
            self.state.as_str(),
            "sending" | "unknown" | "deleted-unchecked"
        )
    }
}

/// A tag being removed with the placeholder workaround (distribution 2.x):
/// written before the tag is touched, with the bytes of the manifest it
/// pointed at, so a sequence that stops half-way can be undone or finished.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UntagRecord {
    pub untag: String,
    pub registry: String,
    pub repo: String,
    pub tag: String,
    /// The digest the tag pointed at (kept).
    pub confirmed: String,
    /// The placeholder manifest's digest.
    pub placeholder: String,
    /// The confirmed manifest's exact bytes (manifests are UTF-8 JSON).
    pub manifest: String,
    pub content_type: String,
    pub state: UntagState,
    pub started_at: f64,
}

/// Where a placeholder untag stands (kept in the journal as kebab-case
/// text: `started`, `at-placeholder`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UntagState {
    /// Under way: the sequence has not ended (or the tab closed mid-way).
    Started,
    Removed,
    Unchanged,
    AtPlaceholder,
    AtOther,
    Unknown,
    /// Repaired from `/runs`: the original manifest is back on the tag.
    Restored,
    /// Repaired from `/runs`: the placeholder was deleted.
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
}

impl UntagRecord {
    /// The tag may be left on the placeholder: offer to restore or finish.
    pub fn needs_attention(&self) -> bool {
        self.state.needs_attention()
    }
}

/// Record an untag before the tag is touched; `Err` when it could not be
/// written (then the tag must not be touched).
pub async fn untag_started(record: &UntagRecord) -> Result<(), String> {
    let value = serde_json::to_string(record).map_err(|e| e.to_string())?;
    put(format!("untag/{}", record.untag), value).await
}

/// Where an untag left the tag.
pub fn untag_state(mut record: UntagRecord, state: UntagState) {
    record.state = state;
    if let Ok(value) = serde_json::to_string(&record) {
        put_later(format!("untag/{}", record.untag), value);
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
pub async fn write_started(record: &WriteRecord) -> Result<(), String> {
    let value = serde_json::to_string(record).map_err(|e| e.to_string())?;
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
    let mut out: Vec<WriteRecord> = values
        .iter()
        .filter_map(|v| serde_json::from_str::<WriteRecord>(v).ok())
        .collect();
    crate::registry::sort::sort_by(&mut out, |a, b| b.started_at.total_cmp(&a.started_at));
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
    let mut out: Vec<UntagRecord> = values
        .iter()
        .filter_map(|v| serde_json::from_str::<UntagRecord>(v).ok())
        .collect();
    crate::registry::sort::sort_by(&mut out, |a, b| b.started_at.total_cmp(&a.started_at));
    out
}

/// How many recorded outcomes nobody knows yet, untags left half-way and
/// tag writes whose end nobody saw (one read of the journal).
pub async fn to_check() -> usize {
    let values = all_values().await;
    let unknown = values
        .iter()
        .filter_map(|v| serde_json::from_str::<ItemRecord>(v).ok())
        .filter(ItemRecord::is_unknown)
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

/// Write `value` under `key`; `Err` when it could not be written.
async fn put(key: String, value: String) -> Result<(), String> {
    let db = db()
        .await
        .ok_or_else(|| "IndexedDB is not available".to_string())?;
    let store = db
        .transaction_with_str_and_mode(JOURNAL_STORE, IdbTransactionMode::Readwrite)
        .and_then(|tx| tx.object_store(JOURNAL_STORE))
        .map_err(|e| js_error_text(&e))?;
    let request = store
        .put_with_key(&JsValue::from_str(&value), &JsValue::from_str(&key))
        .map_err(|e| js_error_text(&e))?;
    done(&request)
        .await
        .map(|_| ())
        .map_err(|_| "the journal write failed".to_string())
}

fn put_later(key: String, value: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = put(key, value).await;
    });
}

fn record(run: &Run, finished: bool) -> RunRecord {
    RunRecord {
        id: run.id.clone(),
        registry: run.registry.clone(),
        repos: run.repos.clone(),
        total: run.total,
        started_at: run.started_at,
        finished,
    }
}

/// A run starts (`finished: false`) or ends (every outcome is in).
pub fn run_state(run: &Run, finished: bool) {
    let value = serde_json::to_string(&record(run, finished)).unwrap_or_default();
    put_later(run_key(&run.id), value);
    if !finished {
        wasm_bindgen_futures::spawn_local(prune());
    }
}

/// Before a DELETE: the intent, written before anything is sent.
pub fn intent(
    run: &Run,
    repo: &str,
    target: &Target,
) -> impl Future<Output = Result<(), String>> + use<> {
    let item = ItemRecord {
        run: run.id.clone(),
        repo: repo.to_string(),
        digest: target.digest.to_string(),
        tags: target.tags.clone(),
        state: "sending".into(),
        detail: String::new(),
        detail_zh: String::new(),
    };
    let key = item_key(&run.id, repo, &item.digest);
    async move {
        let value = serde_json::to_string(&item).map_err(|e| e.to_string())?;
        put(key, value).await
    }
}

/// A digest's outcome (also for digests that were never sent).
pub fn outcome(run: &str, repo: &str, report: &ItemReport) {
    use crate::i18n::{phrase, Lang};
    let item = ItemRecord {
        run: run.to_string(),
        repo: repo.to_string(),
        digest: report.digest.to_string(),
        tags: report.tags.clone(),
        state: report.outcome.kind().to_string(),
        detail: phrase::outcome(Lang::En, &report.outcome),
        detail_zh: phrase::outcome(Lang::Zh, &report.outcome),
    };
    set_item(item);
}

/// Replace an item (after a check from the runs page).
pub fn set_item(item: ItemRecord) {
    if let Ok(value) = serde_json::to_string(&item) {
        put_later(item_key(&item.run, &item.repo, &item.digest), value);
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

/// Every recorded run with its items, newest first.
pub async fn load() -> Vec<(RunRecord, Vec<ItemRecord>)> {
    let values = all_values().await;
    let mut runs: Vec<(RunRecord, Vec<ItemRecord>)> = values
        .iter()
        .filter_map(|v| serde_json::from_str::<RunRecord>(v).ok())
        .map(|r| (r, Vec::new()))
        .collect();
    for item in values
        .iter()
        .filter_map(|v| serde_json::from_str::<ItemRecord>(v).ok())
    {
        if let Some((_, items)) = runs.iter_mut().find(|(r, _)| r.id == item.run) {
            items.push(item);
        }
    }
    crate::registry::sort::sort_by(&mut runs, |a, b| b.0.started_at.total_cmp(&a.0.started_at));
    runs
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
            let _ = store.delete(&JsValue::from_str(&item_key(&i.run, &i.repo, &i.digest)));
        }
    }
}

#[cfg(test)]
mod untag_state_tests {
    use super::UntagState;

    /// Journals written before the enum hold these words: they still read.
    #[test]
    fn untag_states_keep_the_journal_words() {
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
    }
}

#[cfg(test)]
mod outcome_kind_tests {
    use super::ItemRecord;
    use crate::registry::engine::{Outcome, Stop};
    use crate::registry::error::RegistryError;

    /// A stored outcome is gone or unknown exactly when the engine's was.
    #[test]
    fn stored_kinds_read_as_the_engine_said() {
        let e = RegistryError::Cancelled;
        for o in [
            Outcome::Deleted,
            Outcome::DeletedUnchecked(e.clone()),
            Outcome::StillPresent { tag: None },
            Outcome::AlreadyGone,
            Outcome::GoneAfterCheck,
            Outcome::Unknown(e.clone()),
            Outcome::Stopped(Stop::NewTag { tag: "t".into() }),
            Outcome::Failed(e),
            Outcome::NotSent,
            Outcome::KeptAfterCheck,
        ] {
            let r = ItemRecord {
                run: String::new(),
                repo: String::new(),
                digest: String::new(),
                tags: vec![],
                state: o.kind().to_string(),
                detail: String::new(),
                detail_zh: String::new(),
            };
            assert_eq!(r.is_gone(), o.is_gone(), "{o:?}");
            assert_eq!(r.is_unknown(), o.is_unknown(), "{o:?}");
        }
    }
}
