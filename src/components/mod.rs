//! Small views used by several pages.

pub mod awaited;
pub mod bulk_delete;
pub mod confirm;
pub mod copy;
pub mod delete_dialog;
pub mod description;
pub mod error_panel;
pub mod gc_panel;
pub mod header;
pub mod icon;
pub mod long_text;
pub mod modal;
pub mod run_view;
pub mod sign_in;
pub mod untag;
