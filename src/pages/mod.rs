//! One file per page.

pub mod catalog;
