//! Manifests and config blobs fetched by digest, kept in IndexedDB: a
//! second visit to a tag list sends the tag list and one HEAD per tag, and
//! no GET for a digest it has seen. What may be kept is decided in
//! `registry::immutable` (GETs by digest, bytes checked against it, at most
//! 256 KiB each); every entry is checked again when read, and a bad one is
//! dropped. When the store passes `MAX_ENTRIES` it is emptied (entries are
//! cheap to fetch again). Without IndexedDB (private windows of some
//! browsers) nothing is kept and nothing breaks.

use crate::registry::digest::Digest;
use crate::registry::immutable::keepable;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB_NAME: &str = "shipshape";
const DB_VERSION: u32 = 1;
const STORE: &str = "by-digest";
/// Entries kept at most (a manifest or config is a few KB).
pub const MAX_ENTRIES: u32 = 20_000;

type OpenDb = Shared<LocalBoxFuture<'static, Option<IdbDatabase>>>;

thread_local! {
    static DB: RefCell<Option<OpenDb>> = const { RefCell::new(None) };
}

/// Wait for an IndexedDB request; its result, or `Err` on error.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let req = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &req.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call0(&JsValue::NULL);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Option<IdbDatabase> {
    let factory = web_sys::window()?.indexed_db().ok()??;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION).ok()?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(db) = upgrading.result() {
            let db: IdbDatabase = db.unchecked_into();
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db: IdbDatabase = done(&request).await.ok()?.unchecked_into();
    // Keep the store bounded: count once per page load, empty when full.
    if let Some(store) = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .ok()
        .and_then(|tx| tx.object_store(STORE).ok())
    {
        if let Ok(count) = store.count() {
            let n = done(&count)
                .await
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0);
            if n > f64::from(MAX_ENTRIES) {
                if let Ok(clear) = store.clear() {
                    let _ = done(&clear).await;
                }
            }
        }
    }
    Some(db)
}

/// The database, opened once per page load.
async fn db() -> Option<IdbDatabase> {
    let opening = DB.with(|slot| {
        slot.borrow_mut()
            .get_or_insert_with(|| open().boxed_local().shared())
            .clone()
    });
    opening.await
}

/// The kept bytes and content type for `digest`, if any and still intact.
pub async fn get(digest: &Digest) -> Option<(Vec<u8>, Option<String>)> {
    let db = db().await?;
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

/// Keep `bytes` for `digest` (only when they match it), in the background.
pub fn put(digest: &Digest, bytes: &[u8], content_type: Option<String>) {
    if !keepable(digest, bytes) {
        return;
    }
    let key = JsValue::from_str(&digest.to_string());
    let value = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&value, &"b".into(), &js_sys::Uint8Array::from(bytes));
    if let Some(c) = content_type {
        let _ = js_sys::Reflect::set(&value, &"c".into(), &JsValue::from_str(&c));
    }
    wasm_bindgen_futures::spawn_local(async move {
        let Some(db) = db().await else { return };
        if let Ok(store) = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .and_then(|tx| tx.object_store(STORE))
        {
            if let Ok(request) = store.put_with_key(&value, &key) {
                let _ = done(&request).await;
            }
        }
    });
}
