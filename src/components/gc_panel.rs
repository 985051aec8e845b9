//! What to do after deletes: disk space comes back only after garbage
//! collection on the registry host. The commands, the warnings, and an
//! estimate of what it should free.

use crate::components::copy::CopyButton;
use crate::i18n::{phrase, text};
use crate::registry::reclaim::Estimate;
use crate::session::Session;
use leptos::prelude::*;

/// The commands for each way the registry may be installed, dry run first.
pub const GC_COMMANDS: &str = "\
# Debian/Ubuntu package (docker-registry)
docker-registry garbage-collect --dry-run /etc/docker/registry/config.yml
docker-registry garbage-collect /etc/docker/registry/config.yml

# Plain binary (registry)
registry garbage-collect --dry-run /etc/docker/registry/config.yml
registry garbage-collect /etc/docker/registry/config.yml

# Container (registry:2)
docker exec <container> registry garbage-collect --dry-run /etc/docker/registry/config.yml
docker exec <container> registry garbage-collect /etc/docker/registry/config.yml";

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
                view! {
                <p data-testid="reclaim-estimate" data-bytes=bytes data-shared-bytes=shared>
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
