//! Removing one tag and nothing else. Distribution 3.x does it with a
//! DELETE by tag; 2.x cannot, and the dialog says so and offers the
//! placeholder workaround (push a unique empty manifest to the tag, then
//! delete that manifest by digest), which needs push rights.

use crate::components::error_panel::ErrorPanel;
use crate::deletes::journal::{UntagJournal, UntagRecord, UntagState};
use crate::i18n::explain::record_failure;
use crate::i18n::{phrase, text};
use crate::registry::client::Registry;
use crate::registry::digest::Digest;
use crate::registry::error::RecordFailure;
use crate::registry::manifest::media;
use crate::registry::reference::{Reference, RepositoryName, Tag};
use crate::registry::untag::{placeholder_digest, TagState, UntagError};
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;

/// Where an untag attempt stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Asked the registry to remove the tag alone.
    Plain(Result<(), UntagError>),
    /// Ran the placeholder workaround.
    Placeholder(Result<(), UntagError>),
}

/// The untag flow for `tag` (pointing at `digest`); `siblings` are the
/// other tags of the digest, which stay.
#[component]
pub fn UntagFlow(
    name: RepositoryName,
    tag: Tag,
    digest: Digest,
    siblings: Vec<String>,
    /// True while a request is under way (the dialog cannot close).
    busy: RwSignal<bool>,
    /// Close without (further) changes.
    on_close: Callback<()>,
    /// After the tag is gone: closes and reloads the list when given;
    /// otherwise the result links back to the repository.
    on_finished: Option<Callback<()>>,
    repo_href: String,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let transport = WebTransport::for_view();
    let registry = session.registry();
    let step: RwSignal<Option<Step>> = RwSignal::new(None);
    let tag_text = tag.to_string();
    // One attempt: the plain untag (`false`) or the placeholder workaround.
    let attempt = Action::new_local(move |with_placeholder: &bool| {
        let with_placeholder = *with_placeholder;
        let (name, tag, digest, transport, registry) = (
            name.clone(),
            tag.clone(),
            digest.clone(),
            transport.clone(),
            registry.clone(),
        );
        async move {
            busy.set(true);
            // Unique per attempt: the journal record's name, and a
            // placeholder digest shared with nothing.
            let nonce = format!(
                "{}-{:x}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 4_294_967_295.0) as u64
            );
            let done = if with_placeholder {
                Step::Placeholder(
                    with_placeholder_journaled(&registry, &transport, &name, &tag, &digest, &nonce)
                        .await,
                )
            } else {
                Step::Plain(
                    plain_journaled(&registry, &transport, &name, &tag, &digest, &nonce).await,
                )
            };
            busy.set(false);
            step.set(Some(done));
        }
    });
    let siblings_text = siblings.join(", ");
    let finish_action = move |repo_href: String| {
        match on_finished {
        Some(done) => view! {
            <button class="button" type="button" data-testid="close-result" on:click=move |_| done.run(())>{session.t(text::CLOSE)}</button>
        }
        .into_any(),
        None => view! {
            <A href=repo_href attr:class="button" attr:data-testid="back-to-repository">{session.t(text::BACK_TO_REPOSITORY)}</A>
        }
        .into_any(),
    }
    };
    view! {
        <div class="untag" data-testid="untag-flow">
            {move || {
                let (tag_text, siblings_text, repo_href) = (tag_text.clone(), siblings_text.clone(), repo_href.clone());
                match step.get() {
                    None => view! {
                        <p>{move || phrase::untag_explain(lang.get(), &tag_text, &siblings_text)}</p>
                        <div class="dialog-actions">
                            <button class="button secondary" type="button" data-testid="untag-cancel" disabled=move || busy.get() on:click=move |_| on_close.run(())>{session.t(text::CANCEL)}</button>
                            <button class="button danger" type="button" data-testid="untag-confirm" disabled=move || busy.get() on:click=move |_| { attempt.dispatch(false); }>
                                {move || if busy.get() { text::DELETING.get(lang.get()) } else { text::REMOVE_ONLY_THIS_TAG.get(lang.get()) }}
                            </button>
                        </div>
                    }.into_any(),
                    Some(Step::Plain(Ok(()))) | Some(Step::Placeholder(Ok(()))) => view! {
                        <p data-testid="untag-result" data-result="removed">
                            <strong>{move || phrase::untag_done(lang.get(), &tag_text, &siblings_text)}</strong>
                        </p>
                        <div class="dialog-actions">{finish_action(repo_href.clone())}</div>
                    }.into_any(),
                    Some(Step::Plain(Err(UntagError::NotSupported))) => view! {
                        <div class="notice" data-testid="untag-not-supported">
                            <p><strong>{session.t(text::UNTAG_NOT_SUPPORTED)}</strong></p>
                            <p>{move || phrase::placeholder_explain(lang.get(), &tag_text)}</p>
                        </div>
                        <div class="dialog-actions">
                            <button class="button secondary" type="button" data-testid="untag-cancel" disabled=move || busy.get() on:click=move |_| on_close.run(())>{session.t(text::CANCEL)}</button>
                            <button class="button danger" type="button" data-testid="placeholder-confirm" disabled=move || busy.get() on:click=move |_| { attempt.dispatch(true); }>
                                {move || if busy.get() { text::DELETING.get(lang.get()) } else { text::USE_PLACEHOLDER.get(lang.get()) }}
                            </button>
                        </div>
                    }.into_any(),
                    Some(Step::Plain(Err(e))) | Some(Step::Placeholder(Err(e))) => {
                        // A failure may still have moved the tag: reload when leaving.
                        view! {
                            <UntagFailure error=e/>
                            <div class="dialog-actions">{finish_action(repo_href.clone())}</div>
                        }.into_any()
                    }
                }
            }}
        </div>
    }
}

/// The placeholder workaround, recorded in the journal first (with the
/// bytes of the manifest the tag points at), so a sequence that stops
/// half-way (an error, a closed tab) can be undone or finished from the
/// runs page.
async fn with_placeholder_journaled(
    registry: &Registry,
    transport: &WebTransport,
    name: &RepositoryName,
    tag: &Tag,
    digest: &Digest,
    nonce: &str,
) -> Result<(), UntagError> {
    let placeholder = placeholder_digest(tag.as_str(), nonce).to_string();
    let journal = untag_journal(registry, transport, name, tag, digest, nonce, placeholder).await?;
    // Nothing is written to the tag that the journal could not record
    // (the core records it before its first request, and where it ended).
    registry
        .untag_with_placeholder(transport, name, tag, digest, nonce, &journal)
        .await
        .map(|_| ())
}

/// The plain untag (one DELETE by tag), recorded in the journal first as
/// the workaround is: a DELETE whose answer is lost can be finished or
/// undone from the runs page.
async fn plain_journaled(
    registry: &Registry,
    transport: &WebTransport,
    name: &RepositoryName,
    tag: &Tag,
    digest: &Digest,
    nonce: &str,
) -> Result<(), UntagError> {
    let journal =
        untag_journal(registry, transport, name, tag, digest, nonce, String::new()).await?;
    registry
        .untag(transport, name, tag, digest, &journal)
        .await
        .map(|_| ())
}

/// The journal of one untag: its record, with the confirmed manifest's
/// bytes (read now) to put back if it must be undone.
async fn untag_journal(
    registry: &Registry,
    transport: &WebTransport,
    name: &RepositoryName,
    tag: &Tag,
    digest: &Digest,
    nonce: &str,
    placeholder: String,
) -> Result<UntagJournal, UntagError> {
    let original = registry
        .get_manifest(transport, name, &Reference::Digest(digest.clone()))
        .await
        .map_err(UntagError::Registry)?;
    // The journal keeps the manifest as text.
    let manifest = String::from_utf8(original.bytes).map_err(|_| UntagError::NotRecorded {
        why: RecordFailure::NotText,
    })?;
    let record = UntagRecord {
        untag: format!("{}-{nonce}", js_sys::Date::now() as u64),
        registry: registry.base().to_string(),
        repo: name.to_string(),
        tag: tag.to_string(),
        confirmed: digest.to_string(),
        placeholder,
        manifest,
        content_type: original
            .content_type
            .unwrap_or_else(|| media::OCI_MANIFEST.to_string()),
        state: UntagState::Started,
        started_at: js_sys::Date::now(),
    };
    Ok(UntagJournal { record })
}

/// Why an untag did not happen, and where the tag is now.
#[component]
fn UntagFailure(error: UntagError) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    match error {
        UntagError::TagMoved { .. } => view! {
            <p class="error-title" data-testid="untag-result" data-result="moved">{session.t(text::TAG_MOVED)}</p>
        }
        .into_any(),
        UntagError::NotSupported => view! {
            <p data-testid="untag-result" data-result="not-supported">{session.t(text::UNTAG_NOT_SUPPORTED)}</p>
        }
        .into_any(),
        UntagError::Protected { tag, pattern } => view! {
            <p class="error-title" data-testid="untag-result" data-result="protected">{move || phrase::protected_tag(lang.get(), &tag, &pattern)}</p>
        }
        .into_any(),
        UntagError::Registry(error) => view! {
            <div data-testid="untag-result" data-result="failed"><ErrorPanel error/></div>
        }
        .into_any(),
        UntagError::NotRecorded { why } => view! {
            <div class="error-panel" role="alert" data-testid="untag-result" data-result="not-recorded">
                <p class="error-title">{session.t(text::UNTAG_NOT_RECORDED)}</p>
                <p class="small">{move || record_failure(lang.get(), why)}</p>
            </div>
        }
        .into_any(),
        UntagError::Placeholder(f) => {
            let state = f.tag_state();
            let repair = matches!(state, TagState::AtPlaceholder | TagState::Unknown);
            let (tag, placeholder, step) = (f.tag.clone(), f.placeholder.to_string(), f.step);
            let state_text = move || match &state {
                TagState::Unchanged => text::TAG_UNCHANGED.get(lang.get()).to_string(),
                TagState::AtPlaceholder => phrase::tag_at_placeholder(lang.get(), &tag, &placeholder),
                TagState::AtOther(d) => phrase::tag_at_other(lang.get(), &tag, &d.to_string()),
                TagState::Unknown => text::TAG_STATE_UNKNOWN.get(lang.get()).to_string(),
            };
            view! {
                <div data-testid="untag-result" data-result="placeholder-failed">
                    <p><strong>{move || phrase::placeholder_step_failed(lang.get(), step)}</strong></p>
                    <p data-testid="untag-tag-state">{state_text}</p>
                    {repair.then(|| view! {
                        <p><A href=crate::routes::AppRoute::Runs.href() attr:data-testid="untag-repair-link">{session.t(text::UNTAG_GO_TO_RUNS)}</A></p>
                    })}
                    <ErrorPanel error=f.error.clone()/>
                </div>
            }
            .into_any()
        }
    }
}
