//! The storage scan: every repository (or the ones a pattern names) read
//! for the core's `registry::storage` accounting. It belongs to the
//! session, not to the Storage page: leaving the page does not stop it, and
//! every "what will this free" (delete dialog, bulk delete, clean-up plans,
//! the garbage-collection panel) counts over the whole registry once a
//! whole-registry scan of this registry is there ([`StorageScan::estimate`]),
//! and over what the page has seen otherwise, saying which.

use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::storage::{Estimate, Image, Storage};
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

/// Repositories read at once: most hold a tag or two, so a few more than
/// the request queue's 6 places keep it full.
const SCAN_CONCURRENCY: usize = 8;

/// A finished (or cancelled) scan.
#[derive(Clone, Debug)]
pub struct Scan {
    /// The registry's base URL.
    pub registry: String,
    /// The pattern scanned; empty for the whole registry.
    pub pattern: String,
    /// Milliseconds since the epoch, when it finished.
    pub at: f64,
    /// Milliseconds it took.
    pub took: f64,
    /// Repositories it was to read.
    pub asked: usize,
    /// Repositories read.
    pub read: usize,
    /// Repositories that could not be read, with why.
    pub failed: Vec<(String, RegistryError)>,
    /// `repository:tag` whose image could not be read (not counted).
    pub not_counted: Vec<String>,
    pub cancelled: bool,
    /// The repository list came from the catalog (not from the repositories
    /// configured or opened by name on a registry without one).
    pub from_catalog: bool,
    pub storage: Storage,
}

impl Scan {
    /// Every repository of the registry was read: a blob the accounting
    /// does not count as shared is used nowhere else.
    pub fn whole_registry(&self) -> bool {
        self.pattern.trim().is_empty()
            && self.from_catalog
            && !self.cancelled
            && self.failed.is_empty()
            && self.not_counted.is_empty()
    }
}

/// A scan under way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// 0 while the repository list is read.
    pub total: usize,
    pub done: usize,
    /// The repository read last.
    pub last: String,
    pub cancelling: bool,
}

/// The session's storage scan (context).
#[derive(Clone, Copy)]
pub struct StorageScan {
    pub last: RwSignal<Option<Arc<Scan>>>,
    pub progress: RwSignal<Option<Progress>>,
    /// The error that stopped a scan before it began (the repository list).
    pub error: RwSignal<Option<RegistryError>>,
    /// The scan's code (a chunk loaded on demand) did not arrive: it did
    /// not start.
    pub not_loaded: RwSignal<bool>,
    cancel: StoredValue<Rc<Cell<bool>>, LocalStorage>,
    owner: StoredValue<Owner, LocalStorage>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl StorageScan {
    /// Called once by `App`, under its root owner.
    pub fn provide() -> Self {
        let scan = StorageScan {
            last: RwSignal::new(None),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            not_loaded: RwSignal::new(false),
            cancel: StoredValue::new_local(Rc::new(Cell::new(false))),
            owner: StoredValue::new_local(Owner::current().unwrap_or_default()),
        };
        provide_context(scan);
        scan
    }

    pub fn expect() -> Self {
        expect_context::<StorageScan>()
    }

    pub fn running(&self) -> bool {
        self.progress.with(Option::is_some)
    }

    /// Stop after the repositories being read.
    pub fn cancel(&self) {
        self.cancel.with_value(|c| c.set(true));
        self.progress.update(|p| {
            if let Some(p) = p {
                p.cancelling = true;
            }
        });
    }

    /// Scan the repositories `pattern` names (all when empty) on the
    /// session's registry. The scan's code comes on demand: if it cannot
    /// be fetched, `not_loaded` says so and nothing starts.
    pub fn start(&self, session: Session, pattern: String) {
        if self.running() {
            return;
        }
        let this = *self;
        this.not_loaded.set(false);
        leptos::task::spawn_local(async move {
            if crate::on_demand::scan(this, session, pattern)
                .await
                .is_err()
            {
                this.not_loaded.set(true);
            }
        });
    }

    /// The scan itself, once its code is in (`on_demand::scan`).
    pub(crate) fn begin(&self, session: Session, pattern: String) {
        if self.running() {
            return;
        }
        let this = *self;
        let cancel = Rc::new(Cell::new(false));
        self.cancel.set_value(cancel.clone());
        self.error.set(None);
        self.progress.set(Some(Progress::default()));
        let registry = session.registry();
        let known = session.known_without_catalog();
        let transport = self.owner.get_value().with(WebTransport::new).background();
        leptos::task::spawn_local(async move {
            let started = now();
            let scope = Some(pattern.trim()).filter(|p| !p.is_empty());
            let list = registry.repository_list(&transport, scope, &known).await;
            let (names, from_catalog) = match list {
                Ok(list) => (list.names, list.from_catalog),
                Err(e) => {
                    this.error.set(Some(e));
                    this.progress.set(None);
                    return;
                }
            };
            let asked = names.len();
            this.progress.update(|p| {
                if let Some(p) = p {
                    p.total = asked;
                }
            });
            let mut images: Vec<Image> = Vec::new();
            let mut failed = Vec::new();
            let mut not_counted = Vec::new();
            let mut read = 0;
            registry
                .storage_scan(&transport, names, SCAN_CONCURRENCY, &cancel, |scanned| {
                    let name = scanned.name.to_string();
                    match scanned.read {
                        Ok(r) => {
                            read += 1;
                            not_counted.extend(r.not_counted.iter().map(|t| format!("{name}:{t}")));
                            images.extend(r.images);
                        }
                        Err(e) => failed.push((name.clone(), e)),
                    }
                    this.progress.update(|p| {
                        if let Some(p) = p {
                            p.done += 1;
                            p.last = name;
                        }
                    });
                })
                .await;
            let scan = Scan {
                registry: registry.base().to_string(),
                pattern,
                at: now(),
                took: now() - started,
                asked,
                read,
                failed,
                not_counted,
                cancelled: cancel.get(),
                from_catalog,
                storage: Storage::of(images),
            };
            this.last.set(Some(Arc::new(scan)));
            this.progress.set(None);
        });
    }

    /// What garbage collection should free once `gone` (repository and
    /// digest) are deleted: over the last whole-registry scan of
    /// `registry` brought up to date with `seen` (the images the pages
    /// hold, `registry::storage::seen_images`), else over `seen` alone.
    pub fn estimate(
        &self,
        registry: &str,
        gone: &[(String, Digest)],
        seen: Vec<Image>,
    ) -> Estimate {
        let scan = self
            .last
            .get_untracked()
            .filter(|s| s.registry == registry && s.whole_registry());
        let storage = match &scan {
            Some(scan) => scan.storage.with_seen(seen),
            None => Storage::of(seen),
        };
        let gone: Vec<(String, String)> = gone
            .iter()
            .map(|(r, d)| (r.clone(), d.to_string()))
            .collect();
        let going: Vec<(&str, &str)> = gone.iter().map(|(r, d)| (r.as_str(), d.as_str())).collect();
        Estimate {
            whole_registry: scan.is_some(),
            ..storage.estimate(&going)
        }
    }
}
