//! `Repo`: one repository as a view reaches it (its name, the registry and
//! the view's transport), in a `Copy` handle, so closures and resources
//! capture one value instead of cloning three.

use crate::registry::client::Registry;
use crate::registry::reference::RepositoryName;
use crate::transport::WebTransport;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Repo {
    parts: StoredValue<(RepositoryName, Registry, WebTransport), LocalStorage>,
}

impl Repo {
    /// `name` on the session's registry, through `transport` (usually the
    /// view's: its requests end when the view goes).
    pub fn new(name: RepositoryName, registry: Registry, transport: WebTransport) -> Repo {
        Repo {
            parts: StoredValue::new_local((name, registry, transport)),
        }
    }

    /// All three, for an `async` block.
    pub fn parts(self) -> (RepositoryName, Registry, WebTransport) {
        self.parts.get_value()
    }
}
