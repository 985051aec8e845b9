//! The delete dialogs: `delete.rs` (one image, or with `untag.rs` one tag
//! only), `bulk.rs` (a selection), `execute.rs` (a retention plan), all on
//! `confirm.rs`'s `RunDialog`; `gc_panel.rs`, what to run afterwards and
//! what it should free.

pub mod bulk;
pub mod confirm;
pub mod delete;
pub mod execute;
pub mod gc_panel;
pub mod untag;
