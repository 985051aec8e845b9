//! Services shared by every view through context: the connection to the
//! registry and the UI language.

use crate::config::Connection;
use crate::i18n::Lang;
use crate::registry::client::Registry;
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
    connection: StoredValue<Connection>,
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
            theme,
            connection: StoredValue::new(connection),
        }
    }

    /// The session provided by `App`. Panics outside it, which is a bug.
    pub fn expect() -> Self {
        expect_context::<Session>()
    }

    pub fn connection(&self) -> Connection {
        self.connection.get_value()
    }

    /// Whether delete actions are offered: not for a registry configured
    /// read-only, nor once it has answered a DELETE with 405.
    pub fn can_delete(&self) -> bool {
        !self.connection.with_value(|c| c.read_only) && !self.delete_refused.get()
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
