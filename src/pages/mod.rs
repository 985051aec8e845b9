//! One file per page.

pub mod catalog;
pub mod clean_up;
pub mod compare;
pub mod image;
pub mod registries;
pub mod repository;
pub mod runs;
pub mod storage;
