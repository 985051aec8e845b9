//! What is attached to the manifest on the page: signatures, SBOMs and
//! attestations found by `Registry::referrers` (the referrers API, the tag
//! schema's index, cosign's tags), and for a multi-arch index its BuildKit
//! attestation manifests. For an image, each attachment that may hold an
//! SBOM or a vulnerability report is read (`Registry::attachment`): its
//! reports (or that there is none: the page never scans), then its SBOMs.

use super::documents::{ReadProblem, ReportView, SbomView};
use crate::components::awaited::Awaited;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::artifacts as words;
use crate::i18n::text;
use crate::registry::artifact::badge::Badge;
use crate::registry::artifact::{ArtifactKind, Attachment};
use crate::registry::client::Referrer;
use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::manifest::Manifest;
use crate::registry::reference::{Reference, RepositoryName};
use crate::repo::Repo;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;

/// Attachments read at most per page.
const MAX_ATTACHMENTS: usize = 20;

/// Where an attachment was found.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    Referrer,
    /// A BuildKit attestation for this platform.
    Attestation(String),
}

/// The section of attached artifacts, and for an image its reports and SBOMs.
#[component]
pub fn Attached(
    /// The repository.
    name: RepositoryName,
    /// The digest of the manifest on the page.
    digest: Digest,
    /// The manifest on the page.
    manifest: Manifest,
    /// The page's transport.
    transport: WebTransport,
) -> impl IntoView {
    let session = Session::expect();
    let repo = Repo::new(name.clone(), session.registry(), transport);
    let subject = StoredValue::new(digest);
    let found = LocalResource::new(move || {
        let ((name, registry, transport), digest) = (repo.parts(), subject.get_value());
        async move {
            let tags = registry.list_tags(&transport, &name).await?;
            registry.referrers(&transport, &name, &digest, &tags).await
        }
    });
    // An image (or index) is what reports and SBOMs describe; an
    // artifact's own page shows only what is attached to it.
    let (is_image, attestations) = match &manifest {
        Manifest::Image { manifest, .. } => (
            ArtifactKind::of(manifest) == ArtifactKind::Image,
            Vec::new(),
        ),
        Manifest::Index { index, .. } => {
            let list = index
                .attestations()
                .filter_map(|a| {
                    let digest = a.digest.valid()?.clone();
                    // The platform it describes, else the digest it names.
                    let of = index
                        .attested(a)
                        .and_then(|p| p.platform.as_ref().map(|p| p.display()))
                        .or_else(|| a.annotations.get("vnd.docker.reference.digest").cloned())
                        .unwrap_or_default();
                    Some((Reference::Digest(digest), Source::Attestation(of)))
                })
                .collect();
            (true, list)
        }
        Manifest::Unsupported { .. } => (false, Vec::new()),
    };
    let attestations = StoredValue::new(attestations);
    let list = move |list: Vec<Referrer>| {
        let rows = referrer_rows(&name, &list);
        let mut wanted: Vec<(Reference, Source)> = list
            .iter()
            .filter_map(|r| {
                let reference = r.digest.as_deref().or(r.tag.as_deref())?;
                Some((Reference::parse(reference).ok()?, Source::Referrer))
            })
            .collect();
        wanted.extend(attestations.get_value());
        wanted.truncate(MAX_ATTACHMENTS);
        let subject = subject.get_value();
        view! {
            {rows}
            {is_image.then(|| view! { <AttachedDocuments repo subject wanted/> })}
        }
    };
    view! {
        <section class="section" data-testid="referrers">
            <h2>{session.t(text::ATTACHED_ARTIFACTS)}</h2>
            <Awaited resource=found loading=text::LOOKING_FOR_SIGNATURES ok=list/>
        </section>
    }
}

/// The referrers as links to their pages.
fn referrer_rows(name: &RepositoryName, list: &[Referrer]) -> AnyView {
    let session = Session::expect();
    if list.is_empty() {
        return view! {
            <p class="muted" data-testid="no-referrers">
                {session.t(text::NO_SIGNATURES_SBOMS_OR_ATTESTATIONS)}
            </p>
        }
        .into_any();
    }
    list.iter()
        .map(|r| {
            let label = match r.artifact_type.as_str() {
                "sig" => text::SIGNATURE_COSIGN,
                "att" => text::ATTESTATION_COSIGN,
                "sbom" => text::SBOM_COSIGN,
                _ => text::ARTIFACT,
            };
            // The artifact's own digest when known (a tag-schema index
            // lists several under one tag), else the tag it is under.
            let reference = r.digest.clone().or(r.tag.clone()).unwrap_or_default();
            let href = Reference::parse(&reference)
                .map(|rf| AppRoute::Image(name.clone(), rf).href())
                .unwrap_or_default();
            let kind = r.artifact_type.clone();
            view! {
                <div class="referrer" data-testid="referrer">
                    <span class="badge good">{session.t(label)}</span>
                    <A href=href attr:class="mono">{reference}</A>
                    <span class="muted mono">{kind}</span>
                </div>
            }
        })
        .collect_view()
        .into_any()
}

/// The reports and SBOMs the attachments hold.
#[component]
fn AttachedDocuments(
    /// The repository as the view reaches it.
    repo: Repo,
    /// The digest of the image on the page.
    subject: Digest,
    /// The attachments to read, with where each was found.
    wanted: Vec<(Reference, Source)>,
) -> impl IntoView {
    let session = Session::expect();
    let wanted = StoredValue::new(wanted);
    let read = LocalResource::new(move || {
        let ((name, registry, transport), wanted) = (repo.parts(), wanted.get_value());
        async move {
            let reads = wanted
                .iter()
                .map(|(reference, _)| registry.attachment(&transport, &name, reference));
            let results = futures::future::join_all(reads).await;
            Ok::<_, RegistryError>(
                wanted
                    .into_iter()
                    .map(|(_, source)| source)
                    .zip(results)
                    .collect::<Vec<(Source, Result<Attachment, RegistryError>)>>(),
            )
        }
    });
    view! {
        <Awaited resource=read loading=words::READING_ATTACHMENTS ok={move |all: Vec<(Source, Result<Attachment, RegistryError>)>| {
            let mut reports = Vec::new();
            let mut sboms = Vec::new();
            let mut problems = Vec::new();
            for (source, attachment) in all {
                let attachment = match attachment {
                    Ok(a) => a,
                    Err(error) => {
                        problems.push(view! { <ErrorPanel error/> }.into_any());
                        continue;
                    }
                };
                let name = repo.parts().0;
                for read in attachment.documents {
                    match read {
                        Ok(doc) => {
                            if let Some(report) = doc.report {
                                reports.push((source.clone(), attachment.digest.clone(), report, attachment.created.clone()));
                            }
                            if let Some(sbom) = doc.sbom {
                                sboms.push((source.clone(), attachment.digest.clone(), sbom));
                            }
                        }
                        Err(error) => problems.push(view! {
                            <From name=name.clone() source=source.clone() digest=attachment.digest.clone()/>
                            <ReadProblem error/>
                        }.into_any()),
                    }
                }
            }
            // What the tag table's badge says of this image, from now on.
            let read: Vec<_> = reports.iter().map(|(_, _, r, created)| (r.clone(), created.clone())).collect();
            super::badges::keep(
                session.registry().base(),
                &subject,
                Badge::of(&read, problems.len()),
            );
            let no_reports = reports.is_empty();
            let no_sboms = sboms.is_empty();
            let name = repo.parts().0;
            let reports = reports
                .into_iter()
                .map(|(source, digest, report, created)| view! {
                    <From name=name.clone() source digest/>
                    <ReportView report fallback_date=created/>
                })
                .collect_view();
            let sboms = sboms
                .into_iter()
                .map(|(source, digest, sbom)| view! {
                    <From name=name.clone() source digest/>
                    <SbomView sbom subject=(name.clone(), subject.clone())/>
                })
                .collect_view();
            view! {
                <div class="attached-documents">
                    {problems}
                    <h3>{session.t(words::VULN_REPORTS)}</h3>
                    {if no_reports {
                        view! { <p class="muted" data-testid="no-vuln-report">{session.t(words::NO_VULN_REPORT)}</p> }.into_any()
                    } else {
                        reports.into_any()
                    }}
                    <h3>{session.t(words::SBOMS)}</h3>
                    {if no_sboms {
                        view! { <p class="muted" data-testid="no-sbom">{session.t(words::NO_SBOM)}</p> }.into_any()
                    } else {
                        sboms.into_any()
                    }}
                </div>
            }
        }}/>
    }
}

/// Where a document came from: a link to the attachment's page.
#[component]
fn From(
    /// The repository.
    name: RepositoryName,
    /// How it was found.
    source: Source,
    /// The attachment's manifest digest.
    digest: Digest,
) -> impl IntoView {
    let session = Session::expect();
    let href = AppRoute::Image(name, Reference::Digest(digest.clone())).href();
    let (label, platform) = match source {
        Source::Referrer => (words::SOURCE_ATTACHED, None),
        Source::Attestation(p) => (words::SOURCE_ATTESTATION, Some(p)),
    };
    view! {
        <p class="document-source muted small">
            {session.t(label)}
            {platform.map(|p| view! { " · " <span class="mono">{p}</span> })}
            " · "
            <A href=href attr:class="mono">{digest.short().to_string()}</A>
        </p>
    }
}
