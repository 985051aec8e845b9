//! The tag table's vulnerability badges, read on demand (this code is in
//! a chunk: `on_demand::report_badge`). A badge read in the last
//! `FRESH_MS` is answered from the record this browser keeps per registry
//! (`KeptBadges` beside the digest cache: no request); else the core's
//! `Registry::report_badge` reads what is attached to the image through
//! the page's background queue (manifests and small documents by digest
//! come from the digest cache when kept), and the badge is kept. The image
//! page keeps the badge of what it read too, so the table agrees with it.

use crate::digest_cache::{read_record, write_record};
use crate::registry::artifact::badge::{Badge, KeptBadges};
use crate::registry::client::Registry;
use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::reference::RepositoryName;
use crate::transport::WebTransport;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Milliseconds between a change and its save.
const SAVE_AFTER_MS: u64 = 1_000;

type Shared = Rc<RefCell<KeptBadges>>;

thread_local! {
    static KEPT: RefCell<Option<(String, Shared)>> = const { RefCell::new(None) };
    static SAVE_PENDING: Cell<bool> = const { Cell::new(false) };
}

fn key(base: &str) -> String {
    format!("report-badges\n{base}")
}

/// The badges kept for the registry at `base` (read once per page load).
async fn kept(base: &str) -> Shared {
    let loaded = || {
        KEPT.with(|k| {
            k.borrow()
                .as_ref()
                .filter(|(b, _)| b == base)
                .map(|(_, s)| s.clone())
        })
    };
    if let Some(k) = loaded() {
        return k;
    }
    let parsed = read_record(&key(base))
        .await
        .and_then(|t| serde_json::from_str::<KeptBadges>(&t).ok())
        .unwrap_or_default();
    if let Some(k) = loaded() {
        return k;
    }
    let k = Rc::new(RefCell::new(parsed));
    KEPT.with(|s| *s.borrow_mut() = Some((base.to_string(), k.clone())));
    k
}

fn save_soon(base: String, kept: Shared) {
    if SAVE_PENDING.with(|p| p.replace(true)) {
        return;
    }
    leptos::prelude::set_timeout(
        move || {
            SAVE_PENDING.with(|p| p.set(false));
            if let Ok(text) = serde_json::to_string(&*kept.borrow()) {
                wasm_bindgen_futures::spawn_local(async move {
                    write_record(&key(&base), &text).await;
                });
            }
        },
        std::time::Duration::from_millis(SAVE_AFTER_MS),
    );
}

/// Keep `badge` for `digest` (the image page read its attachments).
pub fn keep(base: &str, digest: &Digest, badge: Badge) {
    let (base, digest) = (base.to_string(), digest.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let k = kept(&base).await;
        k.borrow_mut().keep(&digest, badge, js_sys::Date::now());
        save_soon(base, k);
    });
}

/// One row's badge to read.
pub struct BadgeRead {
    pub registry: Registry,
    /// The table's transport, background priority.
    pub transport: WebTransport,
    pub name: RepositoryName,
    pub digest: Digest,
    /// The repository's attachment tags (the tag schema's and cosign's).
    pub tags: Rc<Vec<String>>,
}

impl BadgeRead {
    /// The badge: kept and fresh, or read now and kept.
    pub async fn run(self) -> Result<Badge, RegistryError> {
        let base = self.registry.base().to_string();
        let k = kept(&base).await;
        let key = self.digest.to_string();
        if let Some(found) = k.borrow().fresh(&key, js_sys::Date::now()) {
            return Ok(found.badge.clone());
        }
        let badge = self
            .registry
            .report_badge(&self.transport, &self.name, &self.digest, &self.tags)
            .await?;
        k.borrow_mut()
            .keep(&key, badge.clone(), js_sys::Date::now());
        save_soon(base, k);
        Ok(badge)
    }
}
