//! The SBOMs read in this browser, for "which images contain this
//! package": each image's packages (the core's `PackageIndex`: by image
//! digest, bounded) kept as one record per registry beside the digest
//! cache (`digest_cache::write_record`), so they survive a reload and are
//! forgotten on signing out. Read once per page load; saved a second after
//! a change. Nothing is fetched for it: it answers over what the image
//! pages have read. Searched by the image page (other images with a
//! package) and the search page (`/search?q=<package>`).

use crate::digest_cache::KeptRecord;
use crate::registry::artifact::document::Package;
use crate::registry::packages::{PackageIndex, PackageSearch};
use std::cell::RefCell;
use std::rc::Rc;

type Shared = Rc<RefCell<PackageIndex>>;

thread_local! {
    /// The index of the registry last asked for, once read.
    static INDEX: Rc<KeptRecord<PackageIndex>> = Rc::new(KeptRecord::new("packages"));
}

fn record() -> Rc<KeptRecord<PackageIndex>> {
    INDEX.with(Rc::clone)
}

/// The package index of the registry at `base` (read from the browser the
/// first time; an unreadable record is an empty index).
pub async fn index(base: &str) -> Shared {
    record().get(base).await
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
            record().save_soon(base, i);
        }
    });
}

/// Images other than `except` (repository, digest) whose SBOMs list a
/// package named like `query`, over the index once read (`None` before).
pub fn images_with(base: &str, query: &str, except: Option<(&str, &str)>) -> Option<PackageSearch> {
    record()
        .loaded(base)
        .map(|i| i.borrow().find(query, except))
}
