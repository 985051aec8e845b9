//! What a repository's newest image says about itself (core
//! `registry::description`): a line of text and its addresses, shown in
//! the repository page's header and under catalog rows on screen.
//! Registry text: rendered as text nodes, links only for http(s)
//! addresses (`web_link`), opened with `rel="noopener noreferrer"`.

use crate::digest_cache::LastDigests;
use crate::i18n::find::text as words;
use crate::i18n::Text;
use crate::registry::client::Registry;
use crate::registry::description::{web_link, Description};
use crate::registry::error::RegistryError;
use crate::registry::image::ImageSummary;
use crate::registry::last_push::{newest, read_activity};
use crate::registry::reference::RepositoryName;
use crate::registry::summaries::{ManifestReads, Summaries};
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;

/// The description of the newest of `summaries`: what its summary says,
/// or (a summary kept before summaries said) its manifest and config read
/// by digest (kept, so usually no request). `None` without one.
pub async fn description_of_newest<'a>(
    registry: &Registry,
    transport: &WebTransport,
    name: &RepositoryName,
    summaries: impl IntoIterator<Item = &'a ImageSummary>,
) -> Result<Option<Description>, RegistryError> {
    let Some(newest) = newest(summaries) else {
        return Ok(None);
    };
    let d = match &newest.description {
        Some(d) => d.clone(),
        None => {
            registry
                .description(transport, name, &newest.digest)
                .await?
        }
    };
    Ok(Some(d).filter(|d| !d.is_empty()))
}

/// The description of a repository's newest image: from what this browser
/// kept of it (`kept`, the view's own record when it has one, so two
/// copies never overwrite each other) when every tag's image is there,
/// else, for a repository of at most `limit` tags, its tags read now
/// (then kept).
pub async fn repository_description(
    registry: Registry,
    transport: WebTransport,
    name: RepositoryName,
    tags: Vec<String>,
    reads: ManifestReads,
    limit: usize,
    kept: LastDigests,
) -> Result<Option<Description>, RegistryError> {
    let known = kept.known().await;
    let all_kept = !tags.is_empty()
        && tags.iter().all(|t| {
            known
                .tags
                .get(t)
                .is_some_and(|d| known.summaries.contains_key(d))
        });
    if all_kept {
        let current = tags
            .iter()
            .filter_map(|t| known.tags.get(t).and_then(|d| known.summaries.get(d)));
        return description_of_newest(&registry, &transport, &name, current).await;
    }
    if tags.is_empty() || tags.len() > limit {
        return Ok(None);
    }
    let summaries =
        Summaries::new(registry.clone(), transport.clone(), name.clone()).with_reads(reads);
    let activity = read_activity(&summaries, tags, &known.tags, limit, 2).await?;
    for (tag, summary) in &activity.read {
        kept.set(tag, &summary.digest.to_string());
        kept.keep(summary);
    }
    description_of_newest(
        &registry,
        &transport,
        &name,
        activity.read.iter().map(|(_, s)| s),
    )
    .await
}

/// A description and its links. `compact`: one line (catalog rows).
#[component]
pub fn DescriptionView(
    /// What the image says.
    description: Description,
    /// One cut line, for a list row.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let session = Session::expect();
    // An http(s) address is a link; any other is shown as text (not in a
    // compact line).
    let link = |address: Option<String>, label: Text, id: &'static str| {
        address.map(|a| match web_link(&a) {
            Some(href) => view! {
                <a href=href.to_string() rel="noopener noreferrer nofollow" target="_blank" data-testid=id title=a.clone()>
                    {session.t(label)}
                </a>
            }
            .into_any(),
            // A list row has no room for it: the repository page shows it.
            None if compact => ().into_any(),
            None => view! {
                <span class="muted" data-testid=id>{session.t(label)}": "<span class="mono">{a}</span></span>
            }
            .into_any(),
        })
    };
    let Description {
        description,
        source,
        documentation,
        url,
    } = description;
    view! {
        <div class=if compact { "image-description compact" } else { "image-description" } data-testid="description">
            {description.map(|d| {
                let title = d.clone();
                view! { <span class="description-text" data-testid="description-text" title=title>{d}</span> }
            })}
            <span class="description-links">
                {link(source, words::SOURCE, "description-source")}
                {link(documentation, words::DOCUMENTATION, "description-docs")}
                {link(url, words::WEBSITE, "description-url")}
            </span>
        </div>
    }
}
