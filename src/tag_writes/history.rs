//! `/runs`' list of tag writes from the journal: each write, how it ended,
//! and for one whose end nobody saw, a check of the tag (it points at the
//! image: written; at what it pointed at before, or absent: not written;
//! anything else stays unknown).

use crate::deletes::journal::{self, WriteRecord, WriteState};
use crate::i18n::tag_writes::{phrase, text};
use crate::i18n::Explain;
use crate::registry::digest::Digest;
use crate::registry::reference::{RepositoryName, Tag};
use crate::session::Session;
use crate::timestamp::format_utc;
use crate::transport::WebTransport;
use leptos::prelude::*;

/// The journal's tag writes, newest first (nothing when there are none).
#[component]
pub fn TagWrites() -> impl IntoView {
    let session = Session::expect();
    let writes = LocalResource::new(journal::load_writes);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let writes = writes.await;
                (!writes.is_empty()).then(|| view! {
                    <section class="tag-writes" data-testid="tag-writes">
                        <h2>{session.t(text::TAG_WRITES)}</h2>
                        <p class="muted">{session.t(text::TAG_WRITES_HELP)}</p>
                        <ul class="write-list">
                            {writes.into_iter().map(|record| view! { <WriteItem record/> }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}

fn state_text(state: WriteState) -> crate::i18n::Text {
    match state {
        WriteState::Started => text::STATE_STARTED,
        WriteState::Written => text::STATE_WRITTEN,
        WriteState::NotWritten => text::STATE_NOT_WRITTEN,
        WriteState::Unknown => text::STATE_UNKNOWN,
    }
}

/// One write.
#[component]
fn WriteItem(record: WriteRecord) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let state = RwSignal::new(record.state);
    let said: RwSignal<Option<String>> = RwSignal::new(None);
    let here = session.registry().base() == record.registry;
    let target = format!("{}:{}", record.dest, record.tag);
    let title = {
        let (source, target) = (record.source.clone(), target.clone());
        move || phrase::write_title(lang.get(), &source, &target)
    };
    let when = format_utc((record.started_at / 1000.0) as i64);
    let record = StoredValue::new(record);
    let check = move |_| {
        let r = record.get_value();
        let (Ok(name), Ok(tag), Ok(digest)) = (
            RepositoryName::parse(&r.dest),
            Tag::parse(&r.tag),
            Digest::parse(&r.digest),
        ) else {
            return;
        };
        let previous = r.previous.as_deref().and_then(|p| Digest::parse(p).ok());
        let registry = session.registry();
        leptos::task::spawn_local(async move {
            let now = registry.tag_now(&WebTransport::new(), &name, &tag).await;
            let settled = match now {
                Ok(Some(d)) if d == digest => Some(WriteState::Written),
                Ok(now) if now == previous => Some(WriteState::NotWritten),
                Ok(_) => None,
                Err(e) => {
                    said.set(Some(e.explain(lang.get_untracked()).title));
                    return;
                }
            };
            match settled {
                Some(s) => {
                    state.set(s);
                    said.set(None);
                    journal::write_state(r, s, "checked");
                }
                None => said.set(Some(
                    text::STATE_UNKNOWN.get(lang.get_untracked()).to_string(),
                )),
            }
        });
    };
    view! {
        <li class="write-item" data-testid="tag-write" data-state=move || state.get().as_str()>
            <span class="mono">{title}</span>
            " "
            <span
                class="badge"
                class:good=move || state.get() == WriteState::Written
                class:muted=move || state.get() == WriteState::NotWritten
                class:shared=move || state.get().needs_check()
            >{move || state_text(state.get()).get(lang.get())}</span>
            " "
            <span class="muted">{when}</span>
            {move || (here && state.get().needs_check()).then(|| view! {
                <button class="button small secondary" type="button" data-testid="tag-write-check" on:click=check>
                    {session.t(text::CHECK_THE_TAG)}
                </button>
            })}
            {move || said.get().map(|s| view! { <span class="muted">" " {s}</span> })}
        </li>
    }
}
