//! Small generic views used by several pages (deleting lives in
//! `deletes/`).

pub mod awaited;
pub mod copy;
pub mod description;
pub mod error_panel;
pub mod icon;
pub mod long_text;
pub mod modal;
pub mod sign_in;
