//! Small views used by several pages.

pub mod error_panel;
pub mod header;
