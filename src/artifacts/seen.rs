//! The SBOMs read in this browser, for "which images contain this
//! package": each image's packages (the core's `PackageIndex`: by image
//! digest, bounded) kept as one record per registry beside the digest
//! cache (`digest_cache::write_record`), so they survive a reload and are
//! forgotten on signing out. Read once per page load; saved a second after
//! a change. Nothing is fetched for it: it answers over what the image
//! pages have read. Searched by the image page (other images with a
//! package) and the search page (`/search?q=<package>`).

use crate::digest_cache::{read_record, write_record};
use crate::registry::artifact::document::Package;
use crate::registry::packages::{PackageIndex, PackageSearch};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Milliseconds between a change and its save.
const SAVE_AFTER_MS: u64 = 1_000;

type Shared = Rc<RefCell<PackageIndex>>;

thread_local! {
    /// The index of the registry last asked for, once read.
    static INDEX: RefCell<Option<(String, Shared)>> = const { RefCell::new(None) };
    static SAVE_PENDING: Cell<bool> = const { Cell::new(false) };
}

fn key(base: &str) -> String {
    format!("packages\n{base}")
}

/// The index already read for `base`, if it is.
fn loaded(base: &str) -> Option<Shared> {
    INDEX.with(|s| {
        s.borrow()
            .as_ref()
            .filter(|(b, _)| b == base)
            .map(|(_, i)| i.clone())
    })
}

/// The package index of the registry at `base` (read from the browser the
/// first time; an unreadable record is an empty index).
pub async fn index(base: &str) -> Shared {
    if let Some(i) = loaded(base) {
        return i;
    }
    let parsed = read_record(&key(base))
        .await
        .and_then(|t| serde_json::from_str::<PackageIndex>(&t).ok())
        .unwrap_or_default();
    // Another read may have finished meanwhile: keep the first.
    if let Some(i) = loaded(base) {
        return i;
    }
    let i = Rc::new(RefCell::new(parsed));
    INDEX.with(|s| *s.borrow_mut() = Some((base.to_string(), i.clone())));
    i
}

/// Keep an image's SBOM packages (in the background).
pub fn remember(base: &str, repository: &str, digest: &str, packages: &[Package]) {
    let (base, repository, digest) = (base.to_string(), repository.to_string(), digest.to_string());
    let packages = packages.to_vec();
    wasm_bindgen_futures::spawn_local(async move {
        let i = index(&base).await;
        let now = js_sys::Date::now();
        if i.borrow_mut()
            .remember(&repository, &digest, &packages, now)
        {
            save_soon(base, i);
        }
    });
}

/// Save the index a moment from now (once for many changes).
fn save_soon(base: String, index: Shared) {
    if SAVE_PENDING.with(|p| p.replace(true)) {
        return;
    }
    leptos::prelude::set_timeout(
        move || {
            SAVE_PENDING.with(|p| p.set(false));
            let text = serde_json::to_string(&*index.borrow());
            if let Ok(text) = text {
                wasm_bindgen_futures::spawn_local(async move {
                    write_record(&key(&base), &text).await;
                });
            }
        },
        std::time::Duration::from_millis(SAVE_AFTER_MS),
    );
}

/// Images other than `except` (repository, digest) whose SBOMs list a
/// package named like `query`, over the index once read (`None` before).
pub fn images_with(base: &str, query: &str, except: Option<(&str, &str)>) -> Option<PackageSearch> {
    loaded(base).map(|i| i.borrow().find(query, except))
}
