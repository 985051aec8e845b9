//! One file per page.

pub mod catalog;
pub mod image;
pub mod repository;
