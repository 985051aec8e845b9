//! SBOMs and vulnerability reports as read by the core: package count and
//! a searchable package list; severity counts, the report's date and its
//! findings. Lists show at most [`ROWS`] rows, with how many match.

use crate::components::awaited::Awaited;
use crate::components::error_panel::ErrorPanel;
use crate::components::long_text::Identifier;
use crate::i18n::artifacts::{self as words, capped, package_count, showing, Listed};
use crate::registry::artifact::document::{Document, Finding, Package, Report, Sbom, Severity};
use crate::registry::artifact::ReadError;
use crate::registry::digest::Digest;
use crate::registry::error::RegistryError;
use crate::registry::manifest::ImageManifest;
use crate::registry::reference::Reference;
use crate::registry::reference::RepositoryName;
use crate::registry::time::Timestamp;
use crate::repo::Repo;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;

/// Rows drawn at most per list.
pub const ROWS: usize = 100;

/// A date as written in a document: UTC when it reads as RFC 3339.
pub fn document_date(s: &str) -> String {
    Timestamp::parse(s).map_or_else(|| s.to_string(), Timestamp::utc)
}

/// The first [`ROWS`] entries `matches` accepts, and how many it accepts.
/// `matches` is given the lowercase query; an empty query matches all.
fn first_matching<T: Clone>(all: &[T], matches: impl Fn(&T) -> bool) -> (Vec<T>, usize) {
    let mut shown = Vec::new();
    let mut n = 0;
    for x in all.iter().filter(|x| matches(x)) {
        if shown.len() < ROWS {
            shown.push(x.clone());
        }
        n += 1;
    }
    (shown, n)
}

/// The documents of the artifact on the page (SBOM, report, attestation).
#[component]
pub fn OwnDocuments(
    /// The repository.
    name: RepositoryName,
    /// The artifact's manifest.
    manifest: ImageManifest,
    /// The page's transport.
    transport: WebTransport,
) -> impl IntoView {
    let session = Session::expect();
    let repo = Repo::new(name, session.registry(), transport);
    let manifest = StoredValue::new(manifest);
    let read = LocalResource::new(move || {
        let ((name, registry, transport), manifest) = (repo.parts(), manifest.get_value());
        async move { Ok::<_, RegistryError>(registry.documents(&transport, &name, &manifest).await) }
    });
    view! {
        <Awaited resource=read loading=words::READING_DOCUMENT ok={move |docs: Vec<Result<Document, ReadError>>| {
            docs.into_iter()
                .map(|d| view! { <DocumentView read=d fallback_date=None/> })
                .collect_view()
        }}/>
    }
}

/// One document as read, or why it was not.
#[component]
pub fn DocumentView(
    /// What reading it came to.
    read: Result<Document, ReadError>,
    /// The artifact's own date, for a report that names none.
    fallback_date: Option<String>,
) -> impl IntoView {
    let session = Session::expect();
    match read {
        Ok(doc) => {
            let nothing = doc.sbom.is_none() && doc.report.is_none();
            view! {
                {doc.sbom.map(|sbom| view! { <SbomView sbom/> })}
                {doc.report.map(|report| view! { <ReportView report fallback_date/> })}
                {nothing.then(|| view! { <p class="muted">{session.t(words::NOTHING_MORE_IN_ATTESTATION)}</p> })}
            }
            .into_any()
        }
        Err(e) => view! { <ReadProblem error=e/> }.into_any(),
    }
}

/// Why a document was not read: the registry's error, or the document's.
#[component]
pub fn ReadProblem(
    /// What went wrong.
    error: ReadError,
) -> impl IntoView {
    let session = Session::expect();
    match error {
        ReadError::Registry(error) => view! { <ErrorPanel error/> }.into_any(),
        ReadError::Document(e) => view! {
            <p class="notice warn" data-testid="document-error">
                {move || words::document_error(session.lang.get(), &e)}
            </p>
        }
        .into_any(),
    }
}

/// A search box over a list.
#[component]
fn Search(
    /// What the box is for (its label).
    label: crate::i18n::Text,
    /// An example.
    placeholder: crate::i18n::Text,
    /// The query.
    query: RwSignal<String>,
    /// For tests.
    testid: &'static str,
) -> impl IntoView {
    let session = Session::expect();
    view! {
        <input
            class="filter"
            type="search"
            data-testid=testid
            aria-label=session.t(label)
            title=session.t(label)
            placeholder=session.t(placeholder)
            bind:value=query
        />
    }
}

/// "Showing 100 of 5,000" when the list is longer than what is drawn.
#[component]
fn Shown(
    /// Rows drawn and rows matching.
    counts: Signal<(usize, usize)>,
) -> impl IntoView {
    let session = Session::expect();
    move || {
        let (shown, matching) = counts.get();
        (matching > shown).then(|| {
            view! { <p class="muted small" data-testid="rows-shown">{showing(session.lang.get(), shown, matching)}</p> }
        })
    }
}

/// An SBOM: format, package count, and the packages, searchable.
#[component]
pub fn SbomView(
    /// The SBOM as read.
    sbom: Sbom,
    /// The image it describes (remembered for "which other images have
    /// this package"), when known.
    #[prop(optional)]
    subject: Option<(RepositoryName, Digest)>,
) -> impl IntoView {
    let session = Session::expect();
    let base = session.registry().base().to_string();
    if let Some((name, digest)) = &subject {
        super::seen::remember(&base, name.as_str(), &digest.to_string(), &sbom.packages);
    }
    let (total, kept) = (sbom.total, sbom.packages.len());
    let format = sbom.format;
    let spec = sbom.spec.clone();
    let created = sbom.created.as_deref().map(document_date);
    let packages = StoredValue::new(sbom.packages);
    let query = RwSignal::new(String::new());
    let matching = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        packages.with_value(|all| first_matching(all, |p: &Package| p.matches(&q)))
    });
    let counts = Signal::derive(move || matching.with(|(shown, n)| (shown.len(), *n)));
    let rows = move || {
        matching.with(|(shown, _)| {
            shown
                .iter()
                .map(|p| {
                    view! {
                        <tr data-testid="package-row">
                            <td class="mono"><Identifier text=p.name.clone()/></td>
                            <td class="mono keep">{p.version.clone()}</td>
                            <td class="mono muted keep">{p.licence.clone()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="document" data-testid="sbom">
            <p class="document-head">
                <strong data-testid="sbom-format">{move || words::sbom_format(session.lang.get(), format)}</strong>
                " · "
                <span data-testid="package-count">{move || package_count(session.lang.get(), total)}</span>
                {spec.map(|s| view! { " · " <span class="mono muted">{s}</span> })}
                {created.map(|c| view! { " · " <span class="muted">{session.t(words::CREATED)} " " {c}</span> })}
            </p>
            {(total > kept).then(|| view! {
                <p class="notice warn" data-testid="sbom-capped">{move || capped(session.lang.get(), Listed::Packages, kept, total)}</p>
            })}
            {(kept > 0).then(|| view! {
                <Search label=words::SEARCH_PACKAGES placeholder=words::SEARCH_PLACEHOLDER query testid="package-search"/>
                <div class="table-wrap">
                    <table class="data">
                        <thead><tr>
                            <th>{session.t(words::PACKAGE)}</th>
                            <th>{session.t(words::VERSION)}</th>
                            <th>{session.t(words::LICENCE)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {move || (counts.get().1 == 0).then(|| view! { <p class="muted">{session.t(words::NOTHING_MATCHES)}</p> })}
                <Shown counts/>
                {subject.clone().map(|subject| view! { <Elsewhere subject query base=base.clone()/> })}
            })}
        </div>
    }
}

/// Other images whose SBOMs this browser has read that list a package
/// named like the search (shown once something is searched).
#[component]
fn Elsewhere(
    /// The image on the page.
    subject: (RepositoryName, Digest),
    /// The package search.
    query: RwSignal<String>,
    /// The registry's base URL (whose package index is searched).
    base: String,
) -> impl IntoView {
    let session = Session::expect();
    let (repository, digest) = (subject.0.to_string(), subject.1.to_string());
    move || {
        let q = query.get();
        if q.trim().is_empty() {
            return None;
        }
        let found = super::seen::images_with(&base, &q, Some((&repository, &digest)))?;
        let searched = found.searched;
        if searched == 0 {
            return None;
        }
        let n = found.hits.len();
        let hits = found
            .hits
            .into_iter()
            .map(|h| {
                let href = RepositoryName::parse(&h.repository)
                    .ok()
                    .zip(Digest::parse(&h.digest).ok())
                    .map(|(name, d)| AppRoute::Image(name, Reference::Digest(d)).href())
                    .unwrap_or_default();
                let short: String = h.digest.chars().take(19).collect();
                let label = format!("{}@{short}", h.repository);
                let package = h
                    .packages
                    .first()
                    .map(|(name, version)| match version {
                        Some(v) => format!("{name} {v}"),
                        None => name.clone(),
                    })
                    .unwrap_or_default();
                view! {
                    <li data-testid="package-elsewhere-hit">
                        <A href=href attr:class="mono">{label}</A>
                        " · " <span class="mono">{package}</span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="elsewhere" data-testid="package-elsewhere">
                <p class="muted small">{move || words::elsewhere(session.lang.get(), searched, n)}</p>
                <ul class="plain">{hits}</ul>
            </div>
        })
    }
}

fn severity_text(s: Severity) -> crate::i18n::Text {
    match s {
        Severity::Critical => words::CRITICAL,
        Severity::High => words::HIGH,
        Severity::Medium => words::MEDIUM,
        Severity::Low => words::LOW,
        Severity::Other => words::OTHER_SEVERITY,
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "sev sev-critical",
        Severity::High => "sev sev-high",
        Severity::Medium => "sev sev-medium",
        Severity::Low => "sev sev-low",
        Severity::Other => "sev sev-other",
    }
}

/// A vulnerability report: counts by severity, its date, its findings.
#[component]
pub fn ReportView(
    /// The report as read.
    report: Report,
    /// The artifact's own date, for a report that names none.
    fallback_date: Option<String>,
) -> impl IntoView {
    let session = Session::expect();
    let (total, kept) = (report.total, report.findings.len());
    let format = report.format;
    let c = report.counts;
    let date = report.date.or(fallback_date).as_deref().map(document_date);
    let counts_view = [
        (Severity::Critical, c.critical, "count-critical"),
        (Severity::High, c.high, "count-high"),
        (Severity::Medium, c.medium, "count-medium"),
        (Severity::Low, c.low, "count-low"),
    ]
    .into_iter()
    .chain((c.other > 0).then_some((Severity::Other, c.other, "count-other")))
    .map(|(s, n, id)| {
        view! {
            <span class=severity_class(s) data-testid=id><b>{n}</b> " " {session.t(severity_text(s))}</span>
        }
    })
    .collect_view();
    let findings = StoredValue::new(report.findings);
    let query = RwSignal::new(String::new());
    let matching = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        findings.with_value(|all| first_matching(all, |f: &Finding| f.matches(&q)))
    });
    let counts = Signal::derive(move || matching.with(|(shown, n)| (shown.len(), *n)));
    let rows = move || {
        matching.with(|(shown, _)| {
            shown
                .iter()
                .map(|f| {
                    let package = match (&f.package, &f.version) {
                        (Some(p), Some(v)) => format!("{p} {v}"),
                        (Some(p), None) => p.clone(),
                        _ => String::new(),
                    };
                    let s = f.severity;
                    view! {
                        <tr data-testid="finding-row" class:dismissed=f.dismissed()>
                            <td><span class=severity_class(s)>{session.t(severity_text(s))}</span></td>
                            <td class="mono keep">{f.id.clone()}</td>
                            <td class="mono finding-package"><Identifier text=package/></td>
                            <td class="finding-title">{f.title.clone()}</td>
                            <td class="mono muted finding-state">{f.state.clone()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="document" data-testid="vuln-report">
            <p class="document-head">
                <strong data-testid="report-format">{move || words::report_format(session.lang.get(), format)}</strong>
                {report.scanner.map(|s| view! { " · " <span class="muted">{session.t(words::SCANNER)} " "</span><span class="mono">{s}</span> })}
                " · "
                <span class="muted">{session.t(words::SCANNED)} " "</span>
                <span data-testid="report-date">{match date {
                    Some(d) => d.into_any(),
                    None => session.t(words::UNDATED).into_any(),
                }}</span>
            </p>
            <div class="severity-counts">{counts_view}</div>
            <p class="muted small">{session.t(words::NEVER_SCANS)}</p>
            {(total > kept).then(|| view! {
                <p class="notice warn" data-testid="report-capped">{move || capped(session.lang.get(), Listed::Findings, kept, total)}</p>
            })}
            {if kept == 0 {
                view! { <p class="muted" data-testid="no-findings">{session.t(words::NO_FINDINGS)}</p> }.into_any()
            } else {
                view! {
                    <Search label=words::SEARCH_FINDINGS placeholder=words::SEARCH_FINDINGS_PLACEHOLDER query testid="finding-search"/>
                    <div class="table-wrap">
                        <table class="data findings">
                            <thead><tr>
                                <th>{session.t(words::SEVERITY)}</th>
                                <th>{session.t(words::VULNERABILITY)}</th>
                                <th>{session.t(words::PACKAGE)}</th>
                                <th>{session.t(words::DETAILS)}</th>
                                <th>{session.t(words::VEX_STATE)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {move || (counts.get().1 == 0).then(|| view! { <p class="muted">{session.t(words::NOTHING_MATCHES)}</p> })}
                    <Shown counts/>
                }
                .into_any()
            }}
        </div>
    }
}
