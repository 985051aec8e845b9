//! Artifact-aware parts of the image page: what a Helm chart, a cosign
//! signature, an in-toto attestation, an SBOM, a vulnerability report or
//! another OCI artifact says (`ArtifactView`), the pull command that fits
//! the kind (`PullCommands`), and the SBOMs and reports attached to an
//! image (`Attached`). Reading and parsing are the core's
//! (`registry::artifact`); these components draw what it found, as text.
//! Words in `i18n/artifacts.rs`.

pub mod attached;
pub mod badges;
pub mod chart;
pub mod documents;
pub mod pull;
pub mod seen;
pub mod signature;

pub use attached::Attached;
pub use pull::PullCommands;

use crate::components::long_text::Identifier;
use crate::i18n::artifacts as words;
use crate::registry::artifact::{files, ArtifactKind};
use crate::registry::manifest::ImageManifest;
use crate::registry::reference::RepositoryName;
use crate::session::Session;
use crate::timestamp::format_size;
use crate::transport::WebTransport;
use leptos::prelude::*;

/// The kind-specific part of an artifact's own page (nothing for an image).
#[component]
pub fn ArtifactView(
    /// The repository.
    name: RepositoryName,
    /// The artifact's manifest.
    manifest: ImageManifest,
    /// The page's transport.
    transport: WebTransport,
) -> impl IntoView {
    let session = Session::expect();
    match ArtifactKind::of(&manifest) {
        ArtifactKind::Image => ().into_any(),
        ArtifactKind::HelmChart => view! { <chart::ChartView name manifest transport/> }.into_any(),
        ArtifactKind::Signature => {
            view! { <signature::SignatureView name manifest transport/> }.into_any()
        }
        ArtifactKind::Attestation { predicate_type } => view! {
            <section class="section" data-testid="attestation">
                <h2>{session.t(words::ATTESTATION)}</h2>
                <dl class="facts">
                    <dt>{session.t(words::PREDICATE_TYPE)}</dt>
                    <dd class="mono" data-testid="predicate-type">{predicate_type}</dd>
                </dl>
                <documents::OwnDocuments name manifest transport/>
            </section>
        }
        .into_any(),
        ArtifactKind::Document(_) => view! {
            <section class="section" data-testid="document">
                <h2>{session.t(words::THIS_ARTIFACT)}</h2>
                <documents::OwnDocuments name manifest transport/>
            </section>
        }
        .into_any(),
        ArtifactKind::Other { .. } => view! { <Files manifest/> }.into_any(),
    }
}

/// A generic OCI artifact's files, by their title annotations.
#[component]
fn Files(
    /// The artifact's manifest.
    manifest: ImageManifest,
) -> impl IntoView {
    let session = Session::expect();
    let list = files(&manifest);
    let empty = list.is_empty();
    let rows = list
        .into_iter()
        .map(|f| {
            let title = match f.title {
                Some(t) => t.into_any(),
                None => {
                    view! { <span class="muted">{session.t(words::UNTITLED)}</span> }.into_any()
                }
            };
            view! {
                <tr data-testid="artifact-file">
                    <td class="mono">{title}</td>
                    <td class="mono muted"><Identifier text=f.media_type/></td>
                    <td class="size">{format_size(f.size)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="section" data-testid="artifact-files">
            <h2>{session.t(words::OCI_ARTIFACT)} " · " {session.t(words::FILES)}</h2>
            {if empty {
                view! { <p class="muted">{session.t(words::NO_FILES)}</p> }.into_any()
            } else {
                view! { <div class="table-wrap"><table class="data"><tbody>{rows}</tbody></table></div> }.into_any()
            }}
        </section>
    }
}
