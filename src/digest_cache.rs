//! Manifests and config blobs fetched by digest, kept in IndexedDB: a
//! second visit to a tag list sends the tag list and one HEAD per tag, and
//! no GET for a digest it has seen. What may be kept is decided in
//! `registry::immutable` (GETs by digest, and manifests by tag under the
//! digest the registry names, bytes checked against it, at most 256 KiB
//! each); every entry is checked again when read, and a bad one is
//! dropped. When the store passes `MAX_ENTRIES` it is emptied (entries are
//! cheap to fetch again). Without IndexedDB (private windows of some
//! browsers) nothing is kept and nothing breaks.
//!
//! Beside it, [`LastDigests`]: per repository, the digest each tag had when
//! last seen, and when. It decides which request to send first (a HEAD
//! when the manifest is probably kept, else one GET by tag), and lets a
//! second visit show every row at once from what was kept, marked "as of"
//! that time, while each tag is checked again (a tag that moved is read
//! afresh). With them, each of those digests' summary (what a row shows:
//! kind, platforms, size, date, blobs), so that a second visit to a big
//! repository reads one record instead of thousands of manifests and
//! configs. Never used for a delete: the delete engine asks the registry.

use crate::registry::digest::Digest;
use crate::registry::image::ImageSummary;
use crate::registry::immutable::keepable;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB_NAME: &str = "shipshape";
/// 4: the journal keeps typed outcomes (`deletes/journal.rs` reads the
/// items version 3 wrote and writes them again typed); a tab of an older
/// version cannot open it, so it writes no item in the old shape.
const DB_VERSION: u32 = 4;
const STORE: &str = "by-digest";
const LAST_STORE: &str = "last-digests";
/// The delete journal (`journal.rs`).
pub(crate) const JOURNAL_STORE: &str = "journal";
/// Entries kept at most (a manifest or config is a few KB).
pub const MAX_ENTRIES: u32 = 20_000;
/// Repositories whose tags' last digests are kept at most.
const MAX_REPOSITORIES: u32 = 1_000;
/// Milliseconds between saves of a repository's last digests.
const SAVE_AFTER_MS: u64 = 500;
/// The same for a repository of more than `MANY_TAGS` tags (each save
/// writes the whole record: about 400 bytes a tag).
const SAVE_MANY_AFTER_MS: u64 = 3_000;
const MANY_TAGS: usize = 500;

type OpenDb = Shared<LocalBoxFuture<'static, Option<IdbDatabase>>>;

/// An entry: its bytes and content type.
type Entry = (Vec<u8>, Option<String>);

thread_local! {
    static DB: RefCell<Option<OpenDb>> = const { RefCell::new(None) };
    /// Entries read ahead in one transaction ([`preload`]), by digest.
    static PRELOADED: RefCell<HashMap<Digest, Entry>> = RefCell::new(HashMap::new());
    /// The keys of the store by digest, read once when it opens and kept
    /// up to date by this page: a digest not among them is not asked of
    /// IndexedDB (a cold visit would otherwise open a transaction per
    /// manifest and config only to hear "not there").
    static KEYS: RefCell<Option<std::collections::HashSet<String>>> = const { RefCell::new(None) };
    /// Entries to write, gathered for one transaction ([`put`]).
    static PENDING: RefCell<Vec<(Digest, JsValue, Entry)>> = const { RefCell::new(Vec::new()) };
    static FLUSH_SCHEDULED: Cell<bool> = const { Cell::new(false) };
    /// Set by [`forget_everything_read`]: nothing is written after it (a
    /// save on leaving the page, or one a timer was waiting for, would put
    /// back what signing out just removed; the page reloads right after).
    static FORGOTTEN: Cell<bool> = const { Cell::new(false) };
}

/// Milliseconds [`put`] gathers entries before writing them together.
const FLUSH_AFTER_MS: u64 = 100;

/// What a browser API's error says: a `DOMException`'s or `Error`'s name
/// and message, or the text thrown, else the type of what was thrown (a
/// `JsValue`'s `{:?}` is no message for a user).
pub(crate) fn js_error_text(e: &JsValue) -> String {
    if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        format!("{}: {}", String::from(e.name()), String::from(e.message()))
    } else if let Some(e) = e.dyn_ref::<web_sys::DomException>() {
        format!("{}: {}", e.name(), e.message())
    } else {
        e.as_string()
            .or_else(|| e.js_typeof().as_string())
            .unwrap_or_default()
    }
}

/// Why this browser's store could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreFailure {
    /// No IndexedDB here (turned off, or a private window without it).
    Unavailable,
    /// The browser's own error (`js_error_text`).
    Browser(String),
}

/// Wait for an IndexedDB request; its result, or `Err` on error.
pub(crate) async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    JsFuture::from(promise_of(request)).await
}

/// Forget everything read from registries that this browser keeps:
/// manifests and configs by digest, each repository's last tags and
/// summaries, the kept catalogs. For signing out of a registry that needed
/// credentials (the page reloads right after, so nothing in memory stays).
/// `Err` with what went wrong when a store could not be emptied.
pub async fn forget_everything_read() -> Result<(), StoreFailure> {
    stop_keeping();
    let db = db().await.ok_or(StoreFailure::Unavailable)?;
    for name in [STORE, LAST_STORE] {
        let request = db
            .transaction_with_str_and_mode(name, IdbTransactionMode::Readwrite)
            .and_then(|tx| tx.object_store(name))
            .and_then(|store| store.clear())
            .map_err(|e| StoreFailure::Browser(js_error_text(&e)))?;
        done(&request)
            .await
            .map_err(|e| StoreFailure::Browser(js_error_text(&e)))?;
    }
    Ok(())
}

/// From now on keep nothing more (signing out: called before anything
/// else reacts to the credentials going, so no save on leaving a page
/// follows the stores being emptied).
pub fn stop_keeping() {
    FORGOTTEN.set(true);
    PENDING.with(|p| p.borrow_mut().clear());
}

/// A promise of the request's result, listening from now on (a request's
/// events fire once: every listener must be there before the page yields).
fn promise_of(request: &IdbRequest) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let req = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &req.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call0(&JsValue::NULL);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    })
}

async fn open() -> Option<IdbDatabase> {
    let factory = web_sys::window()?.indexed_db().ok()??;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION).ok()?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(db) = upgrading.result() {
            let db: IdbDatabase = db.unchecked_into();
            for name in [STORE, LAST_STORE, JOURNAL_STORE] {
                if !db.object_store_names().contains(name) {
                    let _ = db.create_object_store(name);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db: IdbDatabase = done(&request).await.ok()?.unchecked_into();
    // Keep the stores bounded: count once per page load, empty when full.
    bound(&db, STORE, MAX_ENTRIES).await;
    bound(&db, LAST_STORE, MAX_REPOSITORIES).await;
    load_keys(&db).await;
    Some(db)
}

/// Read the store's keys into [`KEYS`] (left unknown on any error: then
/// every read asks IndexedDB).
async fn load_keys(db: &IdbDatabase) {
    let Some(request) = db
        .transaction_with_str(STORE)
        .and_then(|tx| tx.object_store(STORE))
        .and_then(|store| store.get_all_keys())
        .ok()
    else {
        return;
    };
    let Ok(keys) = done(&request).await else {
        return;
    };
    let keys: std::collections::HashSet<String> = js_sys::Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    KEYS.with(|k| *k.borrow_mut() = Some(keys));
}

/// Known not to be in the store (so not worth a transaction).
fn surely_absent(digest: &Digest) -> bool {
    KEYS.with(|k| {
        k.borrow()
            .as_ref()
            .is_some_and(|keys| !keys.contains(&digest.to_string()))
    })
}

/// Empty `name` when it holds more than `max` entries.
async fn bound(db: &IdbDatabase, name: &str, max: u32) {
    let Some(store) = db
        .transaction_with_str_and_mode(name, IdbTransactionMode::Readwrite)
        .ok()
        .and_then(|tx| tx.object_store(name).ok())
    else {
        return;
    };
    if let Ok(count) = store.count() {
        let n = done(&count)
            .await
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        if n > f64::from(max) {
            if let Ok(clear) = store.clear() {
                let _ = done(&clear).await;
            }
        }
    }
}

/// The database, opened once per page load.
pub(crate) async fn db() -> Option<IdbDatabase> {
    let opening = DB.with(|slot| {
        slot.borrow_mut()
            .get_or_insert_with(|| open().boxed_local().shared())
            .clone()
    });
    opening.await
}

/// Read the entries for `digests` in one transaction, ahead of their
/// [`get`] (thousands of separate reads cost seconds; one transaction a
/// fraction). Returns the ones found intact; [`get`] answers them from
/// memory until [`forget_preloaded`].
pub async fn preload(digests: &[Digest]) -> Vec<Entry> {
    let Some(db) = db().await else {
        return Vec::new();
    };
    let Ok(store) = db
        .transaction_with_str(STORE)
        .and_then(|tx| tx.object_store(STORE))
    else {
        return Vec::new();
    };
    let asked: Vec<(&Digest, JsFuture)> = digests
        .iter()
        .filter_map(|d| {
            let request = store.get(&JsValue::from_str(&d.to_string())).ok()?;
            Some((d, JsFuture::from(promise_of(&request))))
        })
        .collect();
    let mut found = Vec::new();
    for (digest, answer) in asked {
        let Some(entry) = answer.await.ok().and_then(|v| entry_of(digest, &v)) else {
            continue;
        };
        PRELOADED.with(|p| p.borrow_mut().insert(digest.clone(), entry.clone()));
        found.push(entry);
    }
    found
}

/// Drop what [`preload`] read (it was for one view's first screen).
pub fn forget_preloaded() {
    PRELOADED.with(|p| p.borrow_mut().clear());
}

/// A stored value as an entry, when it is one and matches its digest.
fn entry_of(digest: &Digest, value: &JsValue) -> Option<Entry> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    let bytes = js_sys::Reflect::get(value, &"b".into())
        .ok()?
        .dyn_into::<js_sys::Uint8Array>()
        .ok()?
        .to_vec();
    if !keepable(digest, &bytes) {
        return None;
    }
    let content_type = js_sys::Reflect::get(value, &"c".into())
        .ok()
        .and_then(|c| c.as_string());
    Some((bytes, content_type))
}

/// The kept bytes and content type for `digest`, if any and still intact.
pub async fn get(digest: &Digest) -> Option<(Vec<u8>, Option<String>)> {
    if let Some(entry) = PRELOADED.with(|p| p.borrow().get(digest).cloned()) {
        return Some(entry);
    }
    if let Some(entry) = PENDING.with(|p| {
        p.borrow()
            .iter()
            .find(|(d, _, _)| d == digest)
            .map(|(_, _, e)| e.clone())
    }) {
        return Some(entry);
    }
    let db = db().await?;
    if surely_absent(digest) {
        return None;
    }
    let store = db
        .transaction_with_str(STORE)
        .ok()?
        .object_store(STORE)
        .ok()?;
    let key = JsValue::from_str(&digest.to_string());
    let value = done(&store.get(&key).ok()?).await.ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    let bytes = js_sys::Reflect::get(&value, &"b".into())
        .ok()?
        .dyn_into::<js_sys::Uint8Array>()
        .ok()?
        .to_vec();
    if !keepable(digest, &bytes) {
        // Damaged or tampered with: drop it and fetch again.
        if let Ok(tx) = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite) {
            if let Ok(store) = tx.object_store(STORE) {
                let _ = store.delete(&key);
            }
        }
        return None;
    }
    let content_type = js_sys::Reflect::get(&value, &"c".into())
        .ok()
        .and_then(|c| c.as_string());
    Some((bytes, content_type))
}

/// Forget `digest` (it was deleted): no page may find it here any more.
pub fn remove(digest: &Digest) {
    PRELOADED.with(|p| p.borrow_mut().remove(digest));
    PENDING.with(|p| p.borrow_mut().retain(|(d, _, _)| d != digest));
    KEYS.with(|k| {
        if let Some(keys) = k.borrow_mut().as_mut() {
            keys.remove(&digest.to_string());
        }
    });
    let key = JsValue::from_str(&digest.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let Some(db) = db().await else { return };
        if let Ok(store) = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .and_then(|tx| tx.object_store(STORE))
        {
            if let Ok(request) = store.delete(&key) {
                let _ = done(&request).await;
            }
        }
    });
}

/// Keep `bytes` for `digest` (only when they match it), in the background:
/// entries kept within [`FLUSH_AFTER_MS`] of each other are written in one
/// transaction (one per entry costs the browser more than the fetch).
pub fn put(digest: &Digest, bytes: &[u8], content_type: Option<String>) {
    if !keepable(digest, bytes) {
        return;
    }
    let value = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&value, &"b".into(), &js_sys::Uint8Array::from(bytes));
    if let Some(c) = &content_type {
        let _ = js_sys::Reflect::set(&value, &"c".into(), &JsValue::from_str(c));
    }
    KEYS.with(|k| {
        if let Some(keys) = k.borrow_mut().as_mut() {
            keys.insert(digest.to_string());
        }
    });
    PENDING.with(|p| {
        p.borrow_mut()
            .push((digest.clone(), value.into(), (bytes.to_vec(), content_type)))
    });
    if !FLUSH_SCHEDULED.replace(true) {
        leptos::prelude::set_timeout(
            || wasm_bindgen_futures::spawn_local(flush()),
            std::time::Duration::from_millis(FLUSH_AFTER_MS),
        );
    }
}

/// Write what [`put`] gathered, in one transaction.
async fn flush() {
    FLUSH_SCHEDULED.set(false);
    let batch = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    if batch.is_empty() {
        return;
    }
    let Some(db) = db().await else { return };
    if FORGOTTEN.get() {
        return;
    }
    if let Ok(store) = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .and_then(|tx| tx.object_store(STORE))
    {
        for (digest, value, _) in &batch {
            let _ = store.put_with_key(value, &JsValue::from_str(&digest.to_string()));
        }
    }
    // Also those kept before the keys were read.
    KEYS.with(|k| {
        if let Some(keys) = k.borrow_mut().as_mut() {
            keys.extend(batch.iter().map(|(d, _, _)| d.to_string()));
        }
    });
}

/// The text kept under `key` in the store of what was last seen.
async fn read_last(key: &str) -> Option<String> {
    let db = db().await?;
    let store = db
        .transaction_with_str(LAST_STORE)
        .and_then(|tx| tx.object_store(LAST_STORE))
        .ok()?;
    let request = store.get(&JsValue::from_str(key)).ok()?;
    done(&request).await.ok()?.as_string()
}

/// Keep `text` under `key` in the store of what was last seen.
async fn write_last(key: &str, text: &str) {
    let Some(db) = db().await else { return };
    // Checked right before the write, after any wait.
    if FORGOTTEN.get() {
        return;
    }
    if let Ok(store) = db
        .transaction_with_str_and_mode(LAST_STORE, IdbTransactionMode::Readwrite)
        .and_then(|tx| tx.object_store(LAST_STORE))
    {
        if let Ok(request) = store.put_with_key(&JsValue::from_str(text), &JsValue::from_str(key)) {
            let _ = done(&request).await;
        }
    }
}

/// A record of this browser's own under `key` in the store of what was
/// last seen (not a repository's: `key` must not start with a registry's
/// base URL and a newline): the kept vulnerability badges, the package
/// index of SBOMs read. Emptied with the rest on signing out.
pub async fn read_record(key: &str) -> Option<String> {
    read_last(key).await
}

/// Keep `text` as the record `key` (see [`read_record`]).
pub async fn write_record(key: &str, text: &str) {
    write_last(key, text).await;
}

/// Milliseconds between a change to a [`KeptRecord`] and its save.
const RECORD_SAVE_AFTER_MS: u64 = 1_000;

/// One of this browser's own records per registry (a [`read_record`]
/// under `<name>\n<base>`), held in memory once read: read once per page
/// load (an unreadable record is `T::default()`), saved a second after a
/// change (once for many changes). Declared once per kind, in a
/// `thread_local!` as an `Rc`.
pub struct KeptRecord<T> {
    name: &'static str,
    loaded: RefCell<Option<(String, Rc<RefCell<T>>)>>,
    save_pending: Cell<bool>,
}

impl<T> KeptRecord<T>
where
    T: Default + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    pub fn new(name: &'static str) -> Self {
        KeptRecord {
            name,
            loaded: RefCell::new(None),
            save_pending: Cell::new(false),
        }
    }

    fn key(&self, base: &str) -> String {
        format!("{}\n{base}", self.name)
    }

    /// The record of the registry at `base`, if it was read already.
    pub fn loaded(&self, base: &str) -> Option<Rc<RefCell<T>>> {
        self.loaded
            .borrow()
            .as_ref()
            .filter(|(b, _)| b == base)
            .map(|(_, v)| v.clone())
    }

    /// The record of the registry at `base`, read from the browser the
    /// first time.
    pub async fn get(&self, base: &str) -> Rc<RefCell<T>> {
        if let Some(v) = self.loaded(base) {
            return v;
        }
        let parsed = read_record(&self.key(base))
            .await
            .and_then(|t| serde_json::from_str::<T>(&t).ok())
            .unwrap_or_default();
        // Another read may have finished meanwhile: keep the first.
        if let Some(v) = self.loaded(base) {
            return v;
        }
        let v = Rc::new(RefCell::new(parsed));
        *self.loaded.borrow_mut() = Some((base.to_string(), v.clone()));
        v
    }

    /// Save `value` as the record of `base` a moment from now.
    pub fn save_soon(self: &Rc<Self>, base: String, value: Rc<RefCell<T>>) {
        if self.save_pending.replace(true) {
            return;
        }
        let this = self.clone();
        leptos::prelude::set_timeout(
            move || {
                this.save_pending.set(false);
                if let Ok(text) = serde_json::to_string(&*value.borrow()) {
                    let key = this.key(&base);
                    wasm_bindgen_futures::spawn_local(async move {
                        write_record(&key, &text).await;
                    });
                }
            },
            std::time::Duration::from_millis(RECORD_SAVE_AFTER_MS),
        );
    }
}

/// Every repository of the registry at `base` this browser kept a record
/// of ([`LastDigests`]), with what it holds: what a registry-wide search
/// covers without a storage scan. Empty without IndexedDB.
pub async fn kept_repositories(base: &str) -> Vec<(String, Known)> {
    let Some(db) = db().await else {
        return Vec::new();
    };
    let keys = match db
        .transaction_with_str(LAST_STORE)
        .and_then(|tx| tx.object_store(LAST_STORE))
        .and_then(|store| store.get_all_keys())
    {
        Ok(request) => done(&request).await.ok(),
        Err(_) => None,
    };
    let prefix = format!("{base}\n");
    let names: Vec<String> = keys
        .map(|k| {
            js_sys::Array::from(&k)
                .iter()
                .filter_map(|k| k.as_string())
                .collect()
        })
        .unwrap_or_else(Vec::new)
        .into_iter()
        .filter(|k: &String| k.starts_with(&prefix))
        .collect();
    let mut out = Vec::new();
    for key in names {
        let Some(mut kept) = read_last(&key).await.as_deref().and_then(parse_stored) else {
            continue;
        };
        // A summary is only trusted under the digest it names.
        kept.summaries.retain(|d, s| s.digest.to_string() == *d);
        let repository = key[prefix.len()..].to_string();
        out.push((repository, kept));
    }
    out
}

/// A registry's catalog as last read to the end, and when (ms since the
/// epoch): a second visit shows it at once while the catalog is read again.
#[derive(serde::Deserialize, serde::Serialize)]
pub struct KeptCatalog {
    pub as_of: f64,
    pub names: Vec<String>,
}

/// Repositories kept at most in a [`KeptCatalog`] (about 30 bytes each).
const MAX_KEPT_CATALOG: usize = 200_000;

fn catalog_key(base: &str) -> String {
    format!("catalog\n{base}")
}

impl KeptCatalog {
    /// What was kept of the catalog of the registry at `base`.
    pub async fn read(base: &str) -> Option<KeptCatalog> {
        let text = read_last(&catalog_key(base)).await?;
        serde_json::from_str(&text).ok()
    }

    /// Keep `names`, the whole catalog of the registry at `base`, as of now.
    pub fn keep(base: &str, names: Vec<String>) {
        if names.len() > MAX_KEPT_CATALOG {
            return;
        }
        let key = catalog_key(base);
        let kept = KeptCatalog {
            as_of: js_sys::Date::now(),
            names,
        };
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(text) = serde_json::to_string(&kept) {
                write_last(&key, &text).await;
            }
        });
    }
}

/// The digest each tag of one repository had when last seen (see the
/// module documentation). Loaded once when made, saved a moment after it
/// changes.
#[derive(Clone)]
pub struct LastDigests {
    key: Rc<str>,
    tags: Rc<RefCell<HashMap<String, String>>>,
    /// Summaries of those digests, by digest.
    summaries: Rc<RefCell<HashMap<String, ImageSummary>>>,
    /// When they were last saved (ms since the epoch).
    as_of: Rc<Cell<Option<f64>>>,
    loaded: Shared<LocalBoxFuture<'static, ()>>,
    save_pending: Rc<Cell<bool>>,
}

/// What is stored per repository. Older versions stored the map alone,
/// then without summaries.
#[derive(serde::Deserialize, serde::Serialize)]
struct Stored {
    as_of: f64,
    tags: HashMap<String, String>,
    #[serde(default)]
    summaries: HashMap<String, ImageSummary>,
}

/// What was kept of one repository.
#[derive(Default)]
pub struct Known {
    /// Tag → the digest it had.
    pub tags: HashMap<String, String>,
    /// When it was saved (`None` for a record older than that field).
    pub as_of: Option<f64>,
    /// Digest → its summary, for digests the tags had.
    pub summaries: HashMap<String, ImageSummary>,
}

/// A stored record, in any of its formats.
fn parse_stored(text: &str) -> Option<Known> {
    if let Ok(s) = serde_json::from_str::<Stored>(text) {
        return Some(Known {
            tags: s.tags,
            as_of: Some(s.as_of),
            summaries: s.summaries,
        });
    }
    serde_json::from_str::<HashMap<String, String>>(text)
        .ok()
        .map(|tags| Known {
            tags,
            ..Known::default()
        })
}

impl LastDigests {
    /// Start loading what was seen of `repository` on the registry `base`.
    pub fn open(base: &str, repository: &str) -> Self {
        let key: Rc<str> = format!("{base}\n{repository}").into();
        let tags = Rc::new(RefCell::new(HashMap::new()));
        let summaries = Rc::new(RefCell::new(HashMap::new()));
        let as_of = Rc::new(Cell::new(None));
        let (k, into, into_summaries, when) =
            (key.clone(), tags.clone(), summaries.clone(), as_of.clone());
        let loaded = async move {
            let text = read_last(&k).await;
            if let Some(kept) = text.as_deref().and_then(parse_stored) {
                into.borrow_mut().extend(kept.tags);
                // A summary is only trusted under the digest it names.
                into_summaries.borrow_mut().extend(
                    kept.summaries
                        .into_iter()
                        .filter(|(d, s)| s.digest.to_string() == *d),
                );
                when.set(kept.as_of);
            }
        }
        .boxed_local()
        .shared();
        // Start reading now (the first tag asks later).
        wasm_bindgen_futures::spawn_local(loaded.clone());
        LastDigests {
            key,
            tags,
            summaries,
            as_of,
            loaded,
            save_pending: Rc::new(Cell::new(false)),
        }
    }

    /// Every tag's last digest, when they were saved, and the summaries
    /// kept, once loading is done.
    pub async fn known(&self) -> Known {
        self.loaded.clone().await;
        Known {
            tags: self.tags.borrow().clone(),
            as_of: self.as_of.get(),
            summaries: self.summaries.borrow().clone(),
        }
    }

    /// Keep `summary` (of a digest a tag has); saved with the tags.
    pub fn keep(&self, summary: &ImageSummary) {
        let key = summary.digest.to_string();
        if self.summaries.borrow().contains_key(&key) {
            return;
        }
        self.summaries.borrow_mut().insert(key, summary.clone());
        self.save_soon();
    }

    /// Forget the tags that are no longer in the repository's tag list.
    pub async fn retain(&self, live: &std::collections::HashSet<&str>) {
        self.loaded.clone().await;
        let before = self.tags.borrow().len();
        self.tags
            .borrow_mut()
            .retain(|t, _| live.contains(t.as_str()));
        if self.tags.borrow().len() != before {
            self.save_soon();
        }
    }

    /// The digest `tag` had when last seen, once loading is done.
    pub async fn get(&self, tag: &str) -> Option<String> {
        self.loaded.clone().await;
        self.tags.borrow().get(tag).cloned()
    }

    /// Note what `tag` points at now; saved within a few seconds.
    pub fn set(&self, tag: &str, digest: &str) {
        let changed = self
            .tags
            .borrow_mut()
            .insert(tag.to_string(), digest.to_string())
            != Some(digest.to_string());
        if changed {
            self.save_soon();
        }
    }

    /// Every tag was just checked against the registry: "as of" now.
    pub fn confirmed(&self) {
        self.save_soon();
    }

    /// Save within a few seconds (once for many changes).
    fn save_soon(&self) {
        if self.save_pending.replace(true) {
            return;
        }
        let this = self.clone();
        let save = move || {
            // Not saved meanwhile by `flush`.
            if this.save_pending.replace(false) {
                this.save_now();
            }
        };
        let after = if self.tags.borrow().len() > MANY_TAGS {
            SAVE_MANY_AFTER_MS
        } else {
            SAVE_AFTER_MS
        };
        leptos::prelude::set_timeout(save, std::time::Duration::from_millis(after));
    }

    /// Save now what is waiting to be saved (the page is left: rows read in
    /// the last seconds are kept too).
    pub fn flush(&self) {
        if self.save_pending.replace(false) {
            self.save_now();
        }
    }

    /// Write the record (in the background; it outlives the view).
    fn save_now(&self) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let now = js_sys::Date::now();
            this.as_of.set(Some(now));
            // Only the summaries of digests some tag still has.
            let tags = this.tags.borrow().clone();
            let live: std::collections::HashSet<&str> = tags.values().map(String::as_str).collect();
            this.summaries
                .borrow_mut()
                .retain(|d, _| live.contains(d.as_str()));
            let stored = Stored {
                as_of: now,
                summaries: this.summaries.borrow().clone(),
                tags,
            };
            if let Ok(text) = serde_json::to_string(&stored) {
                write_last(&this.key, &text).await;
            }
        });
    }
}
