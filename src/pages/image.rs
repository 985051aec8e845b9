//! One manifest: what it is, what it runs, what it is made of.

use crate::artifacts::{ArtifactView, Attached, PullCommands};
use crate::components::awaited::Awaited;
use crate::components::copy::CopyButton;
use crate::components::error_panel::InvalidAddress;
use crate::components::long_text::{Identifier, LongText};
use crate::deletes::dialogs::delete::DeleteDialog;
use crate::i18n::tag_writes::text as tag_writes_text;
use crate::i18n::{text, Text};
use crate::registry::client::{DigestSource, FetchedManifest};
use crate::registry::error::RegistryError;
use crate::registry::manifest::{Descriptor, ImageConfig, ImageManifest, Index, Manifest};
use crate::registry::reference::{Reference, RepositoryName};
use crate::registry::time::Timestamp;
use crate::repo::Repo;
use crate::routes::{parse_image_path, AppRoute};
use crate::session::Session;
use crate::tag_writes::dialog::TagWriteDialog;
use crate::timestamp::{format_size, tenths};
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// `/image/*reference` (`name:tag` or `name@digest`)
#[component]
pub fn ImagePage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let raw = params.read().get("reference").unwrap_or_default();
        match parse_image_path(&raw) {
            Ok((name, reference)) => view! { <ImageView name reference/> }.into_any(),
            Err(e) => view! { <InvalidAddress input=raw reason=e/> }.into_any(),
        }
    }
}

/// Fetches the manifest and shows it.
#[component]
fn ImageView(name: RepositoryName, reference: Reference) -> impl IntoView {
    let session = Session::expect();
    let transport = WebTransport::for_view();
    let registry = session.registry();
    let repo = Repo::new(name.clone(), registry.clone(), transport.clone());
    let wanted = StoredValue::new(reference.clone());
    let manifest = LocalResource::new(move || {
        let ((name, registry, transport), reference) = (repo.parts(), wanted.get_value());
        async move {
            registry
                .get_manifest_now(&transport, &name, &reference)
                .await
        }
    });
    let separator = if matches!(reference, Reference::Digest(_)) {
        "@"
    } else {
        ":"
    };
    let title_ref = match &reference {
        Reference::Tag(t) => t.to_string(),
        Reference::Digest(d) => format!("{}:{}…", d.algorithm_name(), d.short()),
    };
    let repo_href = AppRoute::Repository(name.clone()).href();
    let repo_name = name.to_string();
    let crumb_name = repo_name.clone();
    view! {
        <section class="page">
            <nav class="crumbs">
                <A href=AppRoute::Catalog.href()>{session.t(text::REPOSITORIES)}</A>
                " / "
                <A href=repo_href>{crumb_name}</A>
            </nav>
            <div class="page-head">
                <h1 class="mono" data-testid="image-title">{repo_name}{separator}{title_ref}</h1>
            </div>
            <Awaited
                resource=manifest
                loading=text::LOADING_MANIFEST
                on_retry=Callback::new(move |_| manifest.refetch())
                ok=move |fetched| {
                    let ((name, _, transport), reference) = (repo.parts(), wanted.get_value());
                    view! { <ManifestDetails name reference fetched transport/> }
                }
            />
        </section>
    }
}

/// Facts, pull commands, and the kind-specific parts of a manifest.
#[component]
fn ManifestDetails(
    name: RepositoryName,
    reference: Reference,
    fetched: FetchedManifest,
    transport: WebTransport,
) -> impl IntoView {
    let session = Session::expect();
    let digest = fetched.digest.to_string();
    let media_type = fetched.content_type.clone().unwrap_or_default();
    let source = match fetched.digest_source {
        DigestSource::Header => session.t(text::FROM_DOCKER_CONTENT_DIGEST_CHECKED),
        DigestSource::Computed => session.t(text::COMPUTED_FROM_THE_BYTES_HEADER),
        DigestSource::HeaderUnverifiable => session.t(text::FROM_DOCKER_CONTENT_DIGEST_SCHEMA1),
    };
    let raw = pretty_json(&fetched.bytes);
    let deleting = RwSignal::new(false);
    let delete_button = move || {
        session.can_delete().then(|| {
            view! {
                <button class="button danger small" type="button" data-testid="delete-button" on:click=move |_| deleting.set(true)>
                    {session.t(text::DELETE)}
                </button>
            }
        })
    };
    let writing = RwSignal::new(false);
    let write_button = move || {
        session.can_write().then(|| {
            view! {
                <button class="button secondary small" type="button" data-testid="tag-write-button" on:click=move |_| writing.set(true)>
                    {session.t(tag_writes_text::ADD_TAG_OR_COPY)}
                </button>
            }
        })
    };
    let write_dialog = {
        let (name, reference) = (name.clone(), reference.clone());
        move || {
            writing.get().then(|| {
                view! {
                    <TagWriteDialog
                        name=name.clone()
                        reference=reference.clone()
                        on_close=Callback::new(move |_| writing.set(false))
                    />
                }
            })
        }
    };
    let dialog = {
        let (name, reference, digest) = (name.clone(), reference.clone(), fetched.digest.clone());
        move || {
            deleting.get().then(|| {
                view! {
                    <DeleteDialog
                        name=name.clone()
                        reference=reference.clone()
                        digest=digest.clone()
                        on_close=Callback::new(move |_| deleting.set(false))
                    />
                }
            })
        }
    };
    let compare_with = view! { <crate::pages::compare::CompareWith name=name.clone() reference=reference.clone()/> };
    let pull = view! { <PullCommands name=name.clone() reference=reference.clone() digest=fetched.digest.clone() manifest=fetched.manifest.clone()/> };
    let attached = view! { <Attached name=name.clone() digest=fetched.digest.clone() manifest=fetched.manifest.clone() transport=transport.clone()/> };
    let body = match fetched.manifest {
        Manifest::Index { index, .. } => view! { <IndexParts name=name.clone() index/> }.into_any(),
        Manifest::Image { manifest, .. } => view! {
            <ArtifactView name=name.clone() manifest=manifest.clone() transport=transport.clone()/>
            <ImageParts name=name.clone() manifest transport/>
        }
        .into_any(),
        Manifest::Unsupported { media_type, .. } => view! {
            <p class="muted" data-testid="unsupported">
                {session.t(text::SHIPSHAPE_DOES_NOT_KNOW_THIS)}
                " " {media_type.unwrap_or_default()}
            </p>
        }
        .into_any(),
    };
    view! {
        <dl class="facts">
            <dt>{session.t(text::DIGEST)}</dt>
            <dd>
                <span class="mono" data-testid="image-digest">{digest.clone()}</span>
                <CopyButton text=digest.clone() label=text::COPY_DIGEST/>
                <div class="muted">{source}</div>
            </dd>
            <dt>{session.t(text::MEDIA_TYPE)}</dt>
            <dd class="mono" data-testid="media-type"><Identifier text=media_type/></dd>
            <dt>{session.t(text::PULL)}</dt>
            <dd>{pull}</dd>
        </dl>
        <div class="image-actions">{write_button}</div>
        {write_dialog}
        {compare_with}
        <div class="danger-zone">{delete_button}</div>
        {dialog}
        {body}
        {attached}
        <section class="section">
            <details>
                <summary>{session.t(text::RAW_MANIFEST)}</summary>
                <CopyButton text=raw.clone() label=text::COPY_MANIFEST_JSON/>
                <pre class="raw" data-testid="raw-manifest">{raw}</pre>
            </details>
        </section>
    }
}

/// Pretty-printed for reading only; digests are always over the raw bytes.
fn pretty_json(bytes: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned())
}

/// An index: its platforms and, apart, its attestations.
#[component]
fn IndexParts(name: RepositoryName, index: Index) -> impl IntoView {
    let session = Session::expect();
    // An attestation is named for the platform it describes, not its own
    // `unknown/unknown`.
    let row = |d: &Descriptor, name: &RepositoryName| {
        let platform = if d.is_attestation() {
            let of = index
                .attested(d)
                .and_then(|p| p.platform.as_ref())
                .map(|p| p.display());
            let lang = session.lang;
            view! { {move || crate::i18n::phrase::attestation_of(lang.get(), of.as_deref())} }
                .into_any()
        } else {
            d.platform
                .as_ref()
                .map(|p| p.display())
                .unwrap_or_else(|| "?".into())
                .into_any()
        };
        let link = d
            .digest
            .valid()
            .map(|dg| AppRoute::Image(name.clone(), Reference::Digest(dg.clone())).href())
            .unwrap_or_default();
        let short = d.digest.short();
        view! {
            <tr data-testid="platform-row">
                <td><A href=link attr:class="mono">{platform}</A></td>
                <td class="mono keep" title=d.digest.to_string()>{short}</td>
                <td class="mono muted"><Identifier text=d.media_type.clone()/></td>
            </tr>
        }
    };
    let platforms: Vec<_> = index.platforms().map(|d| row(d, &name)).collect();
    let attestations: Vec<_> = index.attestations().map(|d| row(d, &name)).collect();
    let has_attestations = !attestations.is_empty();
    view! {
        <section class="section">
            <h2>{session.t(text::PLATFORMS)}</h2>
            <div class="table-wrap"><table class="data"><tbody>{platforms}</tbody></table></div>
        </section>
        {has_attestations.then(|| view! {
            <section class="section">
                <h2>{session.t(text::ATTESTATIONS)}</h2>
                <p class="muted">{session.t(text::PROVENANCE_AND_SBOM_DOCUMENTS_ATTACHED)}</p>
                <div class="table-wrap"><table class="data"><tbody>{attestations}</tbody></table></div>
            </section>
        })}
    }
}

/// An image (or artifact): config details, layers, history.
#[component]
fn ImageParts(
    name: RepositoryName,
    manifest: ImageManifest,
    transport: WebTransport,
) -> impl IntoView {
    let session = Session::expect();
    let total = manifest.total_size().max(1);
    let layers: Vec<_> = manifest
        .layers
        .iter()
        .map(|l| {
            let share = format!("{}%", tenths(l.size * 100, total));
            let short = l.digest.short();
            view! {
                <tr data-testid="layer-row">
                    <td class="mono keep" title=l.digest.to_string()>{short}</td>
                    <td class="mono muted"><Identifier text=l.media_type.clone()/></td>
                    <td class="size">{format_size(l.size)}</td>
                    <td class="share-cell">
                        // CSSOM, not a style attribute: the CSP allows no inline styles.
                        <div class="layer-share" data-testid="layer-share" style:width=share.clone() title=share></div>
                    </td>
                </tr>
            }
        })
        .collect();
    let artifact = manifest.artifact_kind().map(str::to_string);
    let subject = manifest
        .subject
        .as_ref()
        .and_then(|s| s.digest.valid().cloned());
    let config_digest = manifest.config.digest.valid().cloned();
    // An artifact's config is its own (cosign's, too, under the image type).
    let runnable = crate::registry::artifact::ArtifactKind::of(&manifest)
        == crate::registry::artifact::ArtifactKind::Image;
    let config = config_digest
        .filter(|_| artifact.is_none() && runnable)
        .map(|d| {
            let registry = session.registry();
            let name = name.clone();
            LocalResource::new(move || {
                let (registry, name, transport, d) =
                    (registry.clone(), name.clone(), transport.clone(), d.clone());
                async move {
                    let bytes = registry.get_blob(&transport, &name, &d).await?;
                    let config = crate::registry::manifest::parse_config(&bytes)?;
                    Ok::<_, RegistryError>((config, pretty_json(&bytes)))
                }
            })
        });
    let total_size = manifest.total_size();
    view! {
        <dl class="facts">
            <dt>{session.t(text::SIZE_COMPRESSED)}</dt>
            <dd data-testid="image-size">{format_size(total_size)}</dd>
            {artifact.map(|a| view! {
                <dt>{session.t(text::ARTIFACT_TYPE)}</dt>
                <dd class="mono" data-testid="artifact-type"><Identifier text=a/></dd>
            })}
            {subject.map(|s| {
                let href = AppRoute::Image(name.clone(), Reference::Digest(s.clone())).href();
                view! {
                    <dt>{session.t(text::ATTACHED_TO)}</dt>
                    <dd><A href=href attr:class="mono" attr:data-testid="subject">{s.to_string()}</A></dd>
                }
            })}
        </dl>
        {config.map(|config| view! {
            <Awaited resource=config loading=text::LOADING_CONFIG ok=move |(c, raw): (_, String)| view! {
                <ConfigParts config=c/>
                <section class="section">
                    <details>
                        <summary>{session.t(text::RAW_CONFIG)}</summary>
                        <CopyButton text=raw.clone() label=text::COPY_CONFIG_JSON/>
                        <pre class="raw" data-testid="raw-config">{raw}</pre>
                    </details>
                </section>
            }/>
        })}
        <section class="section">
            <h2>{session.t(text::LAYERS)}</h2>
            <div class="table-wrap"><table class="data"><tbody>{layers}</tbody></table></div>
        </section>
    }
}

/// Is `s` a URL safe to link to (http or https only)?
fn is_web_url(s: &str) -> bool {
    crate::registry::description::web_link(s).is_some()
}

/// Runtime settings, labels and build history from the config blob.
#[component]
fn ConfigParts(config: ImageConfig) -> impl IntoView {
    let session = Session::expect();
    let c = config.config.clone().unwrap_or_default();
    let platform = match config.variant.as_deref() {
        Some(v) if !v.is_empty() => format!("{}/{}/{v}", config.os, config.architecture),
        _ => format!("{}/{}", config.os, config.architecture),
    };
    let created = config
        .created
        .as_deref()
        .and_then(Timestamp::parse)
        .map(Timestamp::utc);
    let join = |v: &Option<Vec<String>>| v.as_ref().map(|v| v.join(" ")).filter(|s| !s.is_empty());
    let keys = |m: &Option<std::collections::BTreeMap<String, serde_json::Value>>| {
        m.as_ref()
            .map(|m| m.keys().cloned().collect::<Vec<_>>().join(", "))
            .filter(|s| !s.is_empty())
    };
    // `None`: unknown, said in the page's language.
    let mut facts: Vec<(Text, Option<String>)> =
        vec![(text::CREATED, created), (text::PLATFORM, Some(platform))];
    for (label, v) in [
        (text::ENTRYPOINT, join(&c.entrypoint)),
        (text::COMMAND, join(&c.cmd)),
        (
            text::WORKING_DIR,
            c.working_dir.clone().filter(|s| !s.is_empty()),
        ),
        (text::USER, c.user.clone().filter(|s| !s.is_empty())),
        (text::PORTS, keys(&c.exposed_ports)),
        (text::VOLUMES, keys(&c.volumes)),
    ] {
        if v.is_some() {
            facts.push((label, v));
        }
    }

    let facts = facts
        .into_iter()
        .map(|(label, v)| {
            let v = match v {
                Some(v) => v.into_any(),
                None => session.t(text::UNKNOWN).into_any(),
            };
            view! { <dt>{session.t(label)}</dt><dd class="mono">{v}</dd> }
        })
        .collect_view();
    let mut labels: Vec<(String, String)> =
        c.labels.clone().unwrap_or_default().into_iter().collect();
    // OCI annotations first.
    crate::registry::sort::sort_by(&mut labels, |(a, _), (b, _)| {
        (!a.starts_with("org.opencontainers.image."), a)
            .cmp(&(!b.starts_with("org.opencontainers.image."), b))
    });
    let has_labels = !labels.is_empty();
    let labels_view = labels
        .into_iter()
        .map(|(k, v)| {
            let value = if is_web_url(&v) {
                let href = v.clone();
                view! { <a href=href rel="noopener noreferrer nofollow" target="_blank">{v}</a> }.into_any()
            } else {
                view! { <LongText text=v/> }.into_any()
            };
            view! { <tr data-testid="label-row"><td class="mono">{k}</td><td class="mono">{value}</td></tr> }
        })
        .collect_view();
    let env = c.env.clone().unwrap_or_default();
    let has_env = !env.is_empty();
    let env_view = env
        .into_iter()
        .map(|e| view! { <div class="mono">{e}</div> })
        .collect_view();
    let history = config
        .history
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let cmd = h.created_by.clone().unwrap_or_default();
            let cmd = cmd.strip_prefix("/bin/sh -c #(nop) ").map(str::trim).map(str::to_string).unwrap_or(cmd);
            let empty = h.empty_layer;
            view! {
                <tr data-testid="history-row">
                    <td class="muted step">{i + 1}</td>
                    <td class="history-cmd"><LongText text=cmd/></td>
                    <td>{empty.then(|| view! { <span class="empty-layer">{session.t(text::NO_LAYER)}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl class="facts" data-testid="config-facts">{facts}</dl>
        <section class="section">
            <h2>{session.t(text::LABELS)}</h2>
            {if has_labels {
                view! { <div class="table-wrap"><table class="data"><tbody>{labels_view}</tbody></table></div> }.into_any()
            } else {
                view! { <p class="muted">{session.t(text::THIS_IMAGE_HAS_NO_LABELS)}</p> }.into_any()
            }}
        </section>
        <section class="section">
            <h2>{session.t(text::ENVIRONMENT)}</h2>
            {has_env.then_some(env_view)}
            {(!has_env).then(|| view! { <p class="muted" data-testid="no-environment">{session.t(text::THIS_IMAGE_HAS_NO_ENVIRONMENT)}</p> })}
        </section>
        <section class="section">
            <h2>{session.t(text::BUILD_HISTORY)}</h2>
            <div class="table-wrap"><table class="data"><tbody>{history}</tbody></table></div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::is_web_url;

    #[test]
    fn only_http_urls_become_links() {
        assert!(is_web_url("https://github.com/x/y"));
        assert!(is_web_url("HTTP://example.com"));
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "ftp://x",
            "https://x y",
            "file:///etc/passwd",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}
