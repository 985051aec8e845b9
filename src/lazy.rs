//! Values loaded on demand per key (a row), a few at a time, in the order
//! asked: rows on screen first, "load all" after. Used by the catalog (tag
//! counts) and the tag table (image details).

use crate::registry::error::RegistryError;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

/// How long arrived values wait to be applied together (about a frame).
const FLUSH_MS: u64 = 16;
/// The wait when the last flush was recent (a long list loading).
const BUSY_FLUSH_MS: u64 = 300;
/// Values applied before the longer wait starts: a screenful of rows
/// always shows at the short one.
const BUSY_AFTER: usize = 100;

/// A key's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot<V> {
    Queued,
    Ready(V),
    Failed(RegistryError),
}

/// Loads one key's value.
pub type Loader<V> = Rc<dyn Fn(String) -> LocalBoxFuture<'static, Result<V, RegistryError>>>;

/// Keyed values loaded with at most `cap` loads at once.
pub struct LazyMap<V: Send + Sync + 'static> {
    pub slots: RwSignal<HashMap<String, Slot<V>>>,
    pending: StoredValue<VecDeque<String>>,
    in_flight: StoredValue<usize>,
    /// Values that arrived since the last flush: applied together, so a
    /// long list re-sorts and re-renders a few times a second, not once per
    /// row.
    arrived: StoredValue<Vec<(String, Slot<V>)>>,
    flush_scheduled: StoredValue<bool>,
    /// When values were last applied (ms since the epoch).
    last_flush: StoredValue<f64>,
    /// How many values have been applied.
    applied: StoredValue<usize>,
    cap: usize,
    loader: StoredValue<Loader<V>, LocalStorage>,
}

impl<V: Send + Sync + 'static> Clone for LazyMap<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V: Send + Sync + 'static> Copy for LazyMap<V> {}

impl<V: Clone + Send + Sync + 'static> LazyMap<V> {
    pub fn new(cap: usize, loader: Loader<V>) -> Self {
        LazyMap {
            slots: RwSignal::new(HashMap::new()),
            pending: StoredValue::new(VecDeque::new()),
            in_flight: StoredValue::new(0),
            arrived: StoredValue::new(Vec::new()),
            flush_scheduled: StoredValue::new(false),
            last_flush: StoredValue::new(0.0),
            applied: StoredValue::new(0),
            cap,
            loader: StoredValue::new_local(loader),
        }
    }

    /// Queue the keys that have no state yet, in the order given.
    pub fn want(&self, keys: impl IntoIterator<Item = String>) {
        let fresh: Vec<String> = self
            .slots
            .with_untracked(|s| keys.into_iter().filter(|k| !s.contains_key(k)).collect());
        if fresh.is_empty() {
            return;
        }
        self.slots.update(|s| {
            for k in &fresh {
                s.insert(k.clone(), Slot::Queued);
            }
        });
        self.pending.update_value(|p| p.extend(fresh));
        self.pump();
    }

    /// Values known without loading (kept from an earlier visit), shown
    /// for the keys that have no value yet. Keys with no state are not
    /// loaded: they are returned, for the caller to check again (see
    /// [`LazyMap::replace`]). Keys already queued keep loading, and their
    /// value replaces the one offered. `None` when the view is gone.
    /// (The tag table offers before it asks for any key.)
    pub fn try_offer(&self, values: Vec<(String, V)>) -> Option<Vec<String>> {
        let mut taken = Vec::new();
        self.slots.try_update(|s| {
            for (k, v) in values {
                match s.get(&k) {
                    None => {
                        s.insert(k.clone(), Slot::Ready(v));
                        taken.push(k);
                    }
                    Some(Slot::Queued) => {
                        s.insert(k, Slot::Ready(v));
                    }
                    Some(_) => {}
                }
            }
        })?;
        Some(taken)
    }

    /// A key's state as found on checking it again (applied with the
    /// other arrivals).
    pub fn replace(&self, key: String, slot: Slot<V>) {
        if self
            .arrived
            .try_update_value(|a| a.push((key, slot)))
            .is_some()
        {
            self.schedule_flush();
        }
    }

    /// How many keys have a value or an error.
    pub fn settled(&self) -> usize {
        self.slots
            .with(|s| s.values().filter(|v| !matches!(v, Slot::Queued)).count())
    }

    fn schedule_flush(&self) {
        if self.flush_scheduled.get_value() {
            return;
        }
        self.flush_scheduled.set_value(true);
        let this = *self;
        // The first values show quickly; while many keep arriving, at most a
        // few flushes a second (each one re-sorts and re-renders the list).
        let now = js_sys::Date::now();
        let since_last = now - self.last_flush.get_value();
        let busy = since_last <= BUSY_FLUSH_MS as f64 && self.applied.get_value() >= BUSY_AFTER;
        let wait = if busy { BUSY_FLUSH_MS } else { FLUSH_MS };
        set_timeout(
            move || {
                let Some(arrived) = this.arrived.try_update_value(std::mem::take) else {
                    return;
                };
                this.flush_scheduled.try_set_value(false);
                this.last_flush.try_set_value(js_sys::Date::now());
                this.applied.try_update_value(|n| *n += arrived.len());
                this.slots.try_update(|s| s.extend(arrived));
            },
            std::time::Duration::from_millis(wait),
        );
    }

    fn pump(&self) {
        let this = *self;
        while self.in_flight.get_value() < self.cap {
            let Some(key) = self.pending.try_update_value(|p| p.pop_front()).flatten() else {
                break;
            };
            self.in_flight.update_value(|n| *n += 1);
            let load = self.loader.with_value(|l| l(key.clone()));
            leptos::task::spawn_local(async move {
                let result = load.await;
                if matches!(result, Err(RegistryError::Cancelled)) {
                    return; // the view is gone
                }
                let slot = match result {
                    Ok(v) => Slot::Ready(v),
                    Err(e) => Slot::Failed(e),
                };
                if this
                    .arrived
                    .try_update_value(|a| a.push((key, slot)))
                    .is_none()
                {
                    return; // the view is gone
                }
                this.schedule_flush();
                this.in_flight.try_update_value(|n| *n -= 1);
                this.pump();
            });
        }
    }
}
