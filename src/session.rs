//! Services shared by every view through context: the connection to the
//! registry and the UI language.

use crate::config::{is_pattern, listed_without_catalog, Choice, Connection, Remembered};
use crate::i18n::Lang;
use crate::registry::auth::BasicCredentials;
use crate::registry::client::Registry;
use crate::registry::token::TokenCache;
use leptos::prelude::*;

/// What every view may use. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Session {
    pub lang: RwSignal<Lang>,
    /// Set when the registry refused a DELETE as unsupported (405): delete
    /// actions are hidden from then on.
    pub delete_refused: RwSignal<bool>,
    pub theme: RwSignal<crate::theme::Theme>,
    /// A read being retried right now (the header shows it).
    pub retrying: RwSignal<Option<crate::registry::retry::RetryNotice>>,
    /// Basic credentials for this registry, once the user signed in: in
    /// memory, or in the tab's session storage when they chose "remember".
    /// Never in `localStorage`.
    pub credentials: RwSignal<Option<BasicCredentials>>,
    /// Bearer tokens from the registry's token server, per scope (memory
    /// only; dropped when the user signs in or out).
    pub tokens: StoredValue<TokenCache, LocalStorage>,
    /// The page is shown inside another page's frame: write actions are
    /// hidden (a framing page could steer clicks into a delete).
    pub framed: bool,
    connection: StoredValue<Connection>,
}

/// Whether this page runs inside a frame (`window.top !== window.self`;
/// a top it may not even look at counts as a frame).
fn is_framed() -> bool {
    let this = window();
    match this.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &this),
        Ok(None) => false,
        Err(_) => true,
    }
}

/// `localStorage` key of the user's registries and choice.
const CHOICE_KEY: &str = "shipshape.registries";

/// The registries this browser's user added, and the one they chose.
pub fn stored_choice() -> Choice {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(CHOICE_KEY).ok().flatten())
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

/// Keep `choice` (names and URLs only; never credentials).
pub fn store_choice(choice: &Choice) {
    if let (Some(storage), Ok(raw)) = (
        window().local_storage().ok().flatten(),
        serde_json::to_string(choice),
    ) {
        let _ = storage.set_item(CHOICE_KEY, &raw);
    }
}

/// Session-storage key of remembered credentials for `base`.
fn storage_key(base: &str) -> String {
    format!("shipshape.credentials.{base}")
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// The repositories opened by name in this browser for the registry at
/// `base`.
fn opened_by_name(base: &str) -> Remembered {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(&Remembered::storage_key(base)).ok().flatten())
        .map(|raw| Remembered::parse(&raw))
        .unwrap_or_default()
}

fn remembered(base: &str) -> Option<BasicCredentials> {
    let raw = session_storage()?.get_item(&storage_key(base)).ok()??;
    let (user, password) = raw.split_once('\n')?;
    Some(BasicCredentials {
        user: user.to_string(),
        password: password.to_string(),
    })
}

impl Session {
    pub fn new(
        connection: Connection,
        lang: RwSignal<Lang>,
        theme: RwSignal<crate::theme::Theme>,
    ) -> Self {
        Session {
            lang,
            delete_refused: RwSignal::new(false),
            retrying: RwSignal::new(None),
            credentials: RwSignal::new(remembered(connection.registry.base())),
            tokens: StoredValue::new_local(TokenCache::default()),
            framed: is_framed(),
            theme,
            connection: StoredValue::new(connection),
        }
    }

    /// Use `credentials` from now on; keep them for this tab's session when
    /// `remember`.
    pub fn sign_in(&self, credentials: BasicCredentials, remember: bool) {
        let key = storage_key(self.registry().base());
        if let Some(storage) = session_storage() {
            let _ = if remember {
                storage.set_item(
                    &key,
                    &format!("{}\n{}", credentials.user, credentials.password),
                )
            } else {
                storage.remove_item(&key)
            };
        }
        self.tokens.with_value(TokenCache::clear);
        self.credentials.set(Some(credentials));
    }

    /// Forget the credentials (memory and session storage), and what was
    /// read with them that this browser keeps (manifests, configs, tag
    /// lists, the catalog; then `forget_journal`, which the caller passes
    /// so the session does not depend on the delete code: the journal's
    /// `strip_contents`, after which untag records keep their outcomes),
    /// then reload, so nothing read with them stays on screen or on disk.
    pub fn sign_out(&self, forget_journal: impl std::future::Future<Output = ()> + 'static) {
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(&storage_key(self.registry().base()));
        }
        self.tokens.with_value(TokenCache::clear);
        let had_credentials = self.credentials.get_untracked().is_some();
        if had_credentials {
            // Before the views react (a page left saves what it read).
            crate::digest_cache::stop_keeping();
        }
        self.credentials.set(None);
        leptos::task::spawn_local(async move {
            if had_credentials {
                let _ = crate::digest_cache::forget_everything_read().await;
                forget_journal.await;
            }
            let _ = window().location().reload();
        });
    }

    /// The session provided by `App`. Panics outside it, which is a bug.
    pub fn expect() -> Self {
        expect_context::<Session>()
    }

    pub fn connection(&self) -> Connection {
        self.connection.get_value()
    }

    /// The repositories opened by name in this browser for this registry.
    pub fn opened_by_name(&self) -> Remembered {
        self.connection
            .with_value(|c| opened_by_name(c.registry.base()))
    }

    /// Keep `list` as the repositories opened by name for this registry.
    pub fn keep_opened_by_name(&self, list: &Remembered) {
        if let Some(storage) = window().local_storage().ok().flatten() {
            let key = self
                .connection
                .with_value(|c| Remembered::storage_key(c.registry.base()));
            let _ = storage.set_item(&key, &list.to_json());
        }
    }

    /// The repositories known without the catalog: `config.json`'s names
    /// (patterns left out) and the ones opened by name here. The clean-up
    /// page's patterns and the storage scan go over these when the catalog
    /// is unavailable.
    pub fn known_without_catalog(&self) -> Vec<String> {
        let connection = self.connection();
        listed_without_catalog(&connection.repositories, &self.opened_by_name().0)
            .into_iter()
            .filter(|r| !is_pattern(r))
            .collect()
    }

    /// Whether delete actions are offered: not for a registry configured
    /// read-only, nor once it has answered a DELETE with 405, nor inside
    /// another page's frame.
    pub fn can_delete(&self) -> bool {
        !self.framed && !self.connection.with_value(|c| c.read_only) && !self.delete_refused.get()
    }

    /// Whether tag writes (add, copy, move) are offered: not for a
    /// registry configured read-only (read-only means no writes at all),
    /// nor inside another page's frame. A registry that refuses deletes
    /// may still take tags.
    pub fn can_write(&self) -> bool {
        !self.framed && !self.connection.with_value(|c| c.read_only)
    }

    pub fn registry(&self) -> Registry {
        self.connection.with_value(|c| c.registry.clone())
    }

    /// A reactive text from the translation table, in the current language.
    pub fn t(&self, text: crate::i18n::Text) -> impl Fn() -> &'static str + Copy {
        let lang = self.lang;
        move || text.get(lang.get())
    }
}
