//! The pull command that fits what the page shows: for an image the
//! user's client (docker, podman, nerdctl, or the plain reference,
//! remembered in `localStorage`); for a Helm chart `helm pull oci://…`;
//! for a signature or attestation `cosign download` of the image it is
//! attached to; for other artifacts `oras pull`.

use crate::components::copy::CopyButton;
use crate::components::long_text::Identifier;
use crate::i18n::artifacts as words;
use crate::i18n::text;
use crate::registry::artifact::{artifact_pull_commands, ArtifactKind, ImageClient, PullTool};
use crate::registry::digest::Digest;
use crate::registry::manifest::Manifest;
use crate::registry::reference::{Reference, RepositoryName};
use crate::session::Session;
use leptos::prelude::*;

const CLIENT_KEY: &str = "shipshape.pull_client";

fn stored_client() -> ImageClient {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(CLIENT_KEY).ok().flatten())
        .and_then(|k| ImageClient::from_key(&k))
        .unwrap_or(ImageClient::Docker)
}

fn store_client(c: ImageClient) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(CLIENT_KEY, c.key());
    }
}

/// One command with its copy button.
#[component]
fn Command(
    /// The command as it is copied.
    command: String,
) -> impl IntoView {
    view! {
        <div class="pull">
            <code data-testid="pull-command"><Identifier text=command.clone()/></code>
            <CopyButton text=command label=text::COPY_PULL_COMMAND/>
        </div>
    }
}

/// The pull commands of the manifest on the page, by tag and by digest.
#[component]
pub fn PullCommands(
    /// The repository.
    name: RepositoryName,
    /// How the page addresses it.
    reference: Reference,
    /// Its digest.
    digest: Digest,
    /// The manifest, for its kind and subject.
    manifest: Manifest,
) -> impl IntoView {
    let session = Session::expect();
    let full = format!("{}/{}", session.connection().pull_host, name);
    let mut ats: Vec<String> = Vec::new();
    if let Reference::Tag(t) = &reference {
        ats.push(format!(":{t}"));
    }
    ats.push(format!("@{digest}"));
    let (kind, subject) = match &manifest {
        Manifest::Image { manifest, .. } => (
            ArtifactKind::of(manifest),
            manifest
                .subject
                .as_ref()
                .and_then(|s| s.digest.valid().cloned()),
        ),
        _ => (ArtifactKind::Image, None),
    };
    // cosign's tag schema names the signed image in the tag.
    let subject = subject.or_else(|| match &reference {
        Reference::Tag(t) => crate::registry::tags::attachment(t.as_str()).map(|(d, _)| d),
        Reference::Digest(_) => None,
    });
    let tool = kind.pull_tool();
    if tool != PullTool::Image {
        let subject_at = subject.map(|s| format!("@{s}"));
        let mut commands: Vec<String> = Vec::new();
        for at in &ats {
            for c in artifact_pull_commands(tool, &full, at, subject_at.as_deref(), None) {
                if !commands.contains(&c) {
                    commands.push(c);
                }
            }
        }
        return view! {
            <div class="pull-commands" data-testid="pull-commands" data-tool=format!("{tool:?}")>
                {commands.into_iter().map(|command| view! { <Command command/> }).collect_view()}
            </div>
        }
        .into_any();
    }
    let client = RwSignal::new(stored_client());
    let choose = move |ev: leptos::ev::Event| {
        if let Some(c) = ImageClient::from_key(&event_target_value(&ev)) {
            store_client(c);
            client.set(c);
        }
    };
    let options = ImageClient::ALL
        .into_iter()
        .map(|c| {
            let label = move || match c {
                ImageClient::Reference => session.t(words::PLAIN_REFERENCE)(),
                other => other.key(),
            };
            view! { <option value=c.key() selected=move || client.get() == c>{label}</option> }
        })
        .collect_view();
    let ats = StoredValue::new(ats);
    let full = StoredValue::new(full);
    view! {
        <div class="pull-commands" data-testid="pull-commands" data-tool="Image">
            <label class="pull-with">
                <span class="muted">{session.t(words::PULL_WITH)}</span>
                <select data-testid="pull-client" on:change=choose>{options}</select>
            </label>
            {move || {
                let c = client.get();
                ats.get_value()
                    .into_iter()
                    .map(|at| view! { <Command command=c.command(&format!("{}{at}", full.get_value()))/> })
                    .collect_view()
            }}
        </div>
    }
    .into_any()
}
