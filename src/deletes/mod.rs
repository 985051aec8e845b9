//! Deleting, in the page: everything between the user's choice and the
//! core's delete engine (`registry::engine`), and what is left afterwards.
//!
//! - `runs.rs`: the run service (`Runs`: every run belongs to the session;
//!   the one `check_again`; the one place that learns a registry refuses
//!   deletes);
//! - `journal.rs`: the IndexedDB journal (runs and their items, typed;
//!   untag and tag-write records);
//! - `report.rs`: a run's items in words, the text to copy, the JSON
//!   download (the core's `RunReport`);
//! - `run_view.rs`: one run, live or from the journal;
//! - `pending_untag.rs`: untags left half-way, restored or finished;
//! - `dialogs/`: the single, bulk and plan delete dialogs on one
//!   confirm-then-run dialog, the untag flow, the garbage-collection panel.
//!
//! The dialogs load on demand (`on_demand.rs`), with the engine.

pub mod dialogs;
pub mod journal;
pub mod pending_untag;
pub mod report;
pub mod run_view;
pub mod runs;
