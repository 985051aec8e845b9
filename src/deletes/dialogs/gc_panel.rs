//! What to do after deletes: disk space comes back only after garbage
//! collection on the registry host. The commands, the warnings, and an
//! estimate of what it should free, also shown before a delete is
//! confirmed (`Frees`).

use crate::components::copy::CopyButton;
use crate::i18n::{phrase, text};
use crate::registry::digest::Digest;
use crate::registry::storage::{Estimate, Image};
use crate::routes::AppRoute;
use crate::session::Session;
use crate::storage_scan::StorageScan;
use leptos::prelude::*;
use leptos_router::components::A;

/// The commands for each way the registry may be installed, dry run first.
pub const GC_COMMANDS: &str = "\
# Debian/Ubuntu package (docker-registry, distribution 2.x)
docker-registry garbage-collect --dry-run /etc/docker/registry/config.yml
docker-registry garbage-collect /etc/docker/registry/config.yml

# Plain binary (registry), distribution 2.x
registry garbage-collect --dry-run /etc/docker/registry/config.yml
registry garbage-collect /etc/docker/registry/config.yml

# Container (registry:2)
docker exec <container> registry garbage-collect --dry-run /etc/docker/registry/config.yml
docker exec <container> registry garbage-collect /etc/docker/registry/config.yml

# distribution 3.x: binary or container (registry:3), config in /etc/distribution
registry garbage-collect --dry-run /etc/distribution/config.yml
registry garbage-collect /etc/distribution/config.yml
docker exec <container> registry garbage-collect --dry-run /etc/distribution/config.yml
docker exec <container> registry garbage-collect /etc/distribution/config.yml";

/// The garbage-collection panel, with an estimate when one is known.
#[component]
pub fn GcPanel(#[prop(optional)] estimate: Option<Estimate>) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    view! {
        <div class="gc-note" data-testid="gc-note">
            <h3>{session.t(text::RECLAIMING_SPACE)}</h3>
            {estimate.map(|e| {
                let (bytes, shared) = (e.bytes.to_string(), e.shared_bytes.to_string());
                let whole = e.whole_registry.to_string();
                view! {
                <p data-testid="reclaim-estimate" data-bytes=bytes data-shared-bytes=shared data-whole-registry=whole>
                    {move || phrase::reclaim_estimate(lang.get(), &e)}
                </p>
            }})}
            <p>{session.t(text::GC_NOTE)}</p>
            <div class="raw-head"><CopyButton text=GC_COMMANDS.to_string() label=text::COPY_COMMANDS/></div>
            <pre class="raw" data-testid="gc-commands">{GC_COMMANDS}</pre>
            <p class="warn-text">{session.t(text::GC_UNTAGGED_WARNING)}</p>
        </div>
    }
}

/// Before a delete is confirmed: what garbage collection should then free
/// (the same accounting as after it, `StorageScan::estimate`), when every
/// image going is known to it; when it is not counted over the whole
/// registry, a link to the scan that makes it so.
#[component]
pub fn Frees(
    /// Repository and digest of every image that would go.
    going: Vec<(String, Digest)>,
    /// The images the page has seen (`registry::storage::seen_images`).
    seen: Vec<Image>,
    testid: &'static str,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let e = StorageScan::expect().estimate(session.registry().base(), &going, seen);
    (e.unseen == 0 && !going.is_empty()).then(|| {
        let (bytes, whole) = (e.bytes.to_string(), e.whole_registry.to_string());
        let partial = !e.whole_registry;
        view! {
            <p class="muted frees" data-testid=testid data-bytes=bytes data-whole-registry=whole>
                {move || phrase::reclaim_estimate(lang.get(), &e)}
                {partial.then(|| view! {
                    " " <A href=AppRoute::Storage(None).href()>{session.t(text::SCAN_THE_REGISTRY)}</A>
                })}
            </p>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::GC_COMMANDS;

    #[test]
    fn every_install_gets_a_dry_run_first_and_3x_its_own_config_path() {
        let commands: Vec<&str> = GC_COMMANDS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(commands.len(), 10);
        for pair in commands.chunks(2) {
            assert!(pair[0].contains(" --dry-run "), "{pair:?}");
            assert_eq!(pair[0].replace(" --dry-run", ""), pair[1]);
        }
        let v3: Vec<&&str> = commands
            .iter()
            .filter(|c| c.contains("/etc/distribution/config.yml"))
            .collect();
        assert_eq!(v3.len(), 4);
        assert!(v3.iter().all(|c| c.contains("registry garbage-collect")));
    }
}
