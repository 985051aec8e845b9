//! A Helm chart: its config (name, version, appVersion, description,
//! dependencies) and, unpacked in the page within the core's limits, its
//! README and values.yaml, shown as text.

use crate::components::awaited::Awaited;
use crate::components::long_text::Identifier;
use crate::i18n::artifacts::{self as words, chart_error, file_cut};
use crate::registry::artifact::chart::{
    chart_files, ChartError, ChartFile, ChartFiles, MAX_COMPRESSED,
};
use crate::registry::artifact::{media, HelmChart, Unreadable};
use crate::registry::error::RegistryError;
use crate::registry::manifest::ImageManifest;
use crate::registry::reference::RepositoryName;
use crate::repo::Repo;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;

/// The chart's facts and files.
#[component]
pub fn ChartView(
    /// The repository.
    name: RepositoryName,
    /// The chart's manifest.
    manifest: ImageManifest,
    /// The page's transport.
    transport: WebTransport,
) -> impl IntoView {
    let session = Session::expect();
    let repo = Repo::new(name, session.registry(), transport);
    let config_digest = StoredValue::new(manifest.config.digest.valid().cloned());
    let config = LocalResource::new(move || {
        let ((name, registry, transport), digest) = (repo.parts(), config_digest.get_value());
        async move {
            let Some(digest) = digest else {
                return Ok(Err(Unreadable {
                    detail: String::new(),
                }));
            };
            let bytes = registry.get_blob(&transport, &name, &digest).await?;
            Ok::<_, RegistryError>(HelmChart::parse(&bytes))
        }
    });
    let layer = StoredValue::new(
        manifest
            .layers
            .iter()
            .find(|l| l.media_type == media::HELM_CHART)
            .cloned(),
    );
    let files = LocalResource::new(move || {
        let ((name, registry, transport), layer) = (repo.parts(), layer.get_value());
        async move {
            let Some(layer) = layer else {
                return Ok(None);
            };
            if layer.size > MAX_COMPRESSED {
                return Ok(Some(Err(ChartError::TooLarge {
                    size: layer.size,
                    limit: MAX_COMPRESSED,
                })));
            }
            let Some(digest) = layer.digest.valid() else {
                return Ok(Some(Err(ChartError::NotGzip {
                    detail: layer.digest.to_string(),
                })));
            };
            let bytes = registry.get_blob(&transport, &name, digest).await?;
            Ok::<_, RegistryError>(Some(chart_files(&bytes)))
        }
    });
    view! {
        <section class="section" data-testid="helm-chart">
            <h2>{session.t(words::HELM_CHART)}</h2>
            <Awaited resource=config loading=words::LOADING_CHART ok={move |c: Result<HelmChart, Unreadable>| match c {
                Ok(chart) => view! { <ChartFacts chart/> }.into_any(),
                Err(e) => view! {
                    <p class="notice warn" data-testid="chart-config-error">
                        {move || words::document_error(session.lang.get(), &crate::registry::artifact::document::DocumentError::Malformed { detail: e.detail.clone() })}
                    </p>
                }.into_any(),
            }}/>
            <Awaited resource=files loading=words::UNPACKING_CHART ok={move |f: Option<Result<ChartFiles, ChartError>>| match f {
                None => view! { <p class="muted">{session.t(words::NO_CHART_LAYER)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="notice warn" data-testid="chart-error">{move || chart_error(session.lang.get(), &e)}</p>
                }.into_any(),
                Some(Ok(files)) => view! {
                    <ChartText title=words::README missing=words::NO_README file=files.readme testid="chart-readme"/>
                    <ChartText title=words::VALUES missing=words::NO_VALUES file=files.values testid="chart-values"/>
                }.into_any(),
            }}/>
        </section>
    }
}

/// Name, versions, description, dependencies.
#[component]
fn ChartFacts(
    /// The chart's config.
    chart: HelmChart,
) -> impl IntoView {
    let session = Session::expect();
    let mut facts = vec![
        (words::CHART_NAME, Some(chart.name.clone()), "chart-name"),
        (words::VERSION, Some(chart.version.clone()), "chart-version"),
        (
            words::APP_VERSION,
            chart.app_version.clone(),
            "chart-app-version",
        ),
        (
            words::DESCRIPTION,
            chart.description.clone(),
            "chart-description",
        ),
        (words::CHART_TYPE, chart.chart_type.clone(), "chart-type"),
        (words::HOME, chart.home.clone(), "chart-home"),
    ];
    facts.retain(|(_, v, _)| v.as_ref().is_some_and(|v| !v.is_empty()));
    let facts = facts
        .into_iter()
        .map(|(label, v, id)| view! { <dt>{session.t(label)}</dt><dd data-testid=id>{v}</dd> })
        .collect_view();
    let has_deps = !chart.dependencies.is_empty();
    let deps = chart
        .dependencies
        .into_iter()
        .map(|d| {
            view! {
                <tr data-testid="chart-dependency">
                    <td class="mono keep">{d.name}</td>
                    <td class="mono keep">{d.version}</td>
                    <td class="mono muted">{d.repository.map(|text| view! { <Identifier text/> })}</td>
                    <td class="mono muted">{d.condition.map(|text| view! { <Identifier text/> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl class="facts" data-testid="chart-facts">{facts}</dl>
        <h3>{session.t(words::DEPENDENCIES)}</h3>
        {if has_deps {
            view! {
                <div class="table-wrap"><table class="data">
                    <thead><tr>
                        <th>{session.t(words::NAME)}</th>
                        <th>{session.t(words::VERSION)}</th>
                        <th>{session.t(words::FROM_REPOSITORY)}</th>
                        <th>{session.t(words::CONDITION)}</th>
                    </tr></thead>
                    <tbody>{deps}</tbody>
                </table></div>
            }.into_any()
        } else {
            view! { <p class="muted">{session.t(words::NO_DEPENDENCIES)}</p> }.into_any()
        }}
    }
}

/// A file from the archive as preformatted text (never rendered).
#[component]
fn ChartText(
    /// Its heading.
    title: crate::i18n::Text,
    /// Said when the chart lacks it.
    missing: crate::i18n::Text,
    /// The file, if the chart has it.
    file: Option<ChartFile>,
    /// For tests.
    testid: &'static str,
) -> impl IntoView {
    let session = Session::expect();
    view! {
        <h3>{session.t(title)}</h3>
        {match file {
            Some(f) => {
                let (shown, size) = (f.text.len() as u64, f.size);
                view! {
                    <p class="muted small mono">{f.path}</p>
                    {f.cut.then(|| view! { <p class="notice warn">{move || file_cut(session.lang.get(), shown, size)}</p> })}
                    <pre class="raw chart-file" data-testid=testid>{f.text}</pre>
                }.into_any()
            }
            None => view! { <p class="muted" data-testid=testid>{session.t(missing)}</p> }.into_any(),
        }}
    }
}
