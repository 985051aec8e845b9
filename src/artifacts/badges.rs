//! The tag table's vulnerability badges, read on demand (this code is in
//! a chunk: `on_demand::report_badge`). A badge read in the last
//! `FRESH_MS` is answered from the record this browser keeps per registry
//! (`KeptBadges` beside the digest cache: no request); else the core's
//! `Registry::report_badge` reads what is attached to the image through
//! the page's background queue (manifests and small documents by digest
//! come from the digest cache when kept), and the badge is kept. The image
//! page keeps the badge of what it read too, so the table agrees with it.

use crate::digest_cache::KeptRecord;
use crate::registry::artifact::badge::{Badge, KeptBadges};
use crate::registry::client::Registry;
use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::reference::RepositoryName;
use crate::transport::WebTransport;
use std::rc::Rc;

thread_local! {
    static KEPT: Rc<KeptRecord<KeptBadges>> = Rc::new(KeptRecord::new("report-badges"));
}

fn kept_badges() -> Rc<KeptRecord<KeptBadges>> {
    KEPT.with(Rc::clone)
}

/// Keep `badge` for `digest` (the image page read its attachments).
pub fn keep(base: &str, digest: &Digest, badge: Badge) {
    let (base, digest) = (base.to_string(), digest.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let record = kept_badges();
        let k = record.get(&base).await;
        k.borrow_mut().keep(&digest, badge, js_sys::Date::now());
        record.save_soon(base, k);
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
        let record = kept_badges();
        let k = record.get(&base).await;
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
        record.save_soon(base, k);
        Ok(badge)
    }
}
