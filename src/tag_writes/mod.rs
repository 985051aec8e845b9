//! Writing tags from the page: add a tag to an image, copy it to another
//! repository, move a tag onto it. The protocol is the core's `copy.rs`;
//! here are the dialog (`dialog.rs`), the journal observer that records a
//! write before anything is sent, and `/runs`' list of writes
//! (`history.rs`).

pub mod dialog;
pub mod history;

use crate::deletes::journal::{self, WriteRecord, WriteState};
use crate::registry::copy::{BlobWay, CopyError, CopyObserver, CopyOutcome, CopyPlan};
use crate::registry::error::RecordFailure;
use leptos::prelude::*;
use std::cell::RefCell;
use std::future::Future;

/// Journals a write before it is sent and shows its progress.
pub struct Journaled {
    record: RefCell<Option<WriteRecord>>,
    registry: String,
    progress: RwSignal<Option<(usize, usize)>>,
}

impl Journaled {
    pub fn new(registry: String, progress: RwSignal<Option<(usize, usize)>>) -> Self {
        Journaled {
            record: RefCell::new(None),
            registry,
            progress,
        }
    }
}

impl CopyObserver for Journaled {
    /// Record how the write ended (when it was recorded as started).
    fn finished(&self, result: &Result<CopyOutcome, CopyError>) {
        let Some(record) = self.record.borrow_mut().take() else {
            return;
        };
        let (state, why) = match result {
            Ok(_) => (WriteState::Written, ""),
            Err(e @ CopyError::Unknown { .. }) => (WriteState::Unknown, e.kind()),
            Err(e) => (WriteState::NotWritten, e.kind()),
        };
        journal::write_state(record, state, why);
    }

    fn writing(&self, plan: &CopyPlan) -> impl Future<Output = Result<(), RecordFailure>> {
        let record = WriteRecord {
            write: format!("{}-{}", js_sys::Date::now() as u64, plan.digest.short()),
            registry: self.registry.clone(),
            source: plan.source_image().to_string(),
            digest: plan.digest.to_string(),
            dest: plan.dest.to_string(),
            tag: plan.tag.to_string(),
            previous: plan.replaces.as_ref().map(|d| d.to_string()),
            state: WriteState::Started,
            why: String::new(),
            started_at: js_sys::Date::now(),
        };
        *self.record.borrow_mut() = Some(record.clone());
        async move { journal::write_started(&record).await }
    }

    fn blob(&self, done: usize, total: usize, _way: BlobWay) {
        self.progress.set(Some((done, total)));
    }
}
