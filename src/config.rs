//! Which registry to talk to, decided at run time: `?registry=<url>` in the
//! page URL, else `config.json` beside `index.html`, else the page's origin.
//! Plain Rust; the browser side only fetches `config.json`.

use crate::registry::client::Registry;
use crate::registry::pagination::Origin;
use crate::registry::reference::RepositoryName;
use crate::registry::retention::Pattern;
pub use crate::registry::summaries::ManifestReads;
use serde::Deserialize;

/// Why a registry added in the browser was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddProblem {
    NoName,
    NotAnAddress,
    NameTaken,
}

/// A registry the user adds in the browser: a name not yet in `taken`, and
/// an http(s) address.
pub fn new_registry(name: &str, url: &str, taken: &[&str]) -> Result<RegistryEntry, AddProblem> {
    let (name, url) = (name.trim(), url.trim());
    if name.is_empty() {
        return Err(AddProblem::NoName);
    }
    if Origin::of(url).is_none() {
        return Err(AddProblem::NotAnAddress);
    }
    if taken.contains(&name) {
        return Err(AddProblem::NameTaken);
    }
    Ok(RegistryEntry {
        name: name.to_string(),
        url: url.to_string(),
        pull_host: None,
        read_only: false,
        repositories: Vec::new(),
        manifest_reads: None,
        protected: Vec::new(),
    })
}

/// One registry as `config.json` lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryEntry {
    /// Display name.
    pub name: String,
    /// API base URL (`https://registry.example.com`); empty or `/` means
    /// the page's own origin.
    #[serde(default)]
    pub url: String,
    /// Host used in `docker pull` commands, when it differs from the URL's.
    #[serde(default)]
    pub pull_host: Option<String>,
    /// Hide every write for this registry: deletes, and adding, copying or
    /// moving tags.
    #[serde(default)]
    pub read_only: bool,
    /// Repositories to list (`"team/app"`, globs such as `"base/*"`): for a
    /// registry without a usable catalog, the list (globs shown as
    /// entered); where the catalog works, the catalog narrowed to them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repositories: Vec<String>,
    /// How a tag is read the first time: `"head-then-get"` (never counts
    /// as a pull) or `"get"` (one request, for plain distribution). Absent:
    /// `"head-then-get"`, see [`ManifestReads`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_reads: Option<ManifestReads>,
    /// Tag patterns no delete ever removes on this registry (besides the
    /// file's own `protected`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protected: Vec<String>,
}

impl RegistryEntry {
    /// A listed repository that is not a valid name nor a pattern.
    fn problem(&self) -> Option<FileProblem> {
        self.repositories
            .iter()
            .find(|r| !is_pattern(r) && RepositoryName::parse(r.trim()).is_err())
            .map(|r| FileProblem::RepositoryName {
                registry: self.name.clone(),
                entry: r.clone(),
            })
    }
}

/// Whether a `repositories` entry is a glob rather than one name.
pub fn is_pattern(entry: &str) -> bool {
    entry.contains(['*', '?'])
}

/// The whole `config.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub registries: Vec<RegistryEntry>,
    /// Name of the registry to open first; the first one when absent.
    #[serde(default)]
    pub default: Option<String>,
    /// What the UI starts with for a user who has not chosen otherwise.
    #[serde(default)]
    pub ui: UiDefaults,
    /// Tag patterns no delete ever removes, on every registry
    /// (`["latest", "v*.*.*", "prod-*"]`).
    #[serde(default)]
    pub protected: Vec<String>,
}

/// `"ui"` in `config.json`: defaults for users who have not chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiDefaults {
    /// `"system"`, `"light"` or `"dark"`.
    #[serde(default)]
    pub theme: Option<String>,
    /// `"en"` or `"zh-CN"`.
    #[serde(default)]
    pub language: Option<String>,
    /// `false` hides every delete action, and every other write (tags
    /// added, copied or moved), for every registry.
    #[serde(default)]
    pub delete: Option<bool>,
    /// The name in the top bar and the browser tab ("Acme registry"),
    /// instead of "Shipshape".
    #[serde(default)]
    pub title: Option<String>,
}

impl UiDefaults {
    /// Longest `ui.title` accepted (it has to fit the top bar).
    pub const TITLE_LIMIT: usize = 60;

    pub fn theme(&self) -> Option<crate::theme::Theme> {
        self.theme.as_deref().map(crate::theme::Theme::parse)
    }

    pub fn language(&self) -> Option<crate::i18n::Lang> {
        self.language.as_deref().and_then(crate::i18n::Lang::parse)
    }

    /// The configured title, trimmed; `None` when absent or blank.
    pub fn title(&self) -> Option<&str> {
        self.title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// A value we do not know.
    fn problem(&self) -> Option<FileProblem> {
        if let Some(t) = self.title.as_deref() {
            if t.chars().count() > Self::TITLE_LIMIT || t.chars().any(char::is_control) {
                return Some(FileProblem::Title);
            }
        }
        if let Some(t) = self.theme.as_deref() {
            if !matches!(t, "system" | "light" | "dark") {
                return Some(FileProblem::Theme(t.to_string()));
            }
        }
        if let Some(l) = self.language.as_deref() {
            if self.language().is_none() {
                return Some(FileProblem::Language(l.to_string()));
            }
        }
        None
    }
}

/// Where the registry address came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    QueryParameter,
    ConfigFile,
    PageOrigin,
}

/// The registry the app talks to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub name: String,
    pub registry: Registry,
    pub pull_host: String,
    pub read_only: bool,
    pub source: Source,
    /// Every registry the switcher offers (empty for `?registry=`).
    pub known: Vec<Known>,
    /// `config.json`'s UI defaults (empty without one).
    pub ui: UiDefaults,
    /// `config.json`'s `repositories` for this registry (names and globs).
    pub repositories: Vec<String>,
    /// How tags are read the first time (`config.json`, else the default).
    pub manifest_reads: ManifestReads,
}

/// Why the configuration could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// `config.json` exists but is not valid.
    BadFile(FileProblem),
    /// `?registry=` is not an http(s) URL.
    BadParameter(String),
    /// `default` names no listed registry.
    UnknownDefault(String),
    /// `config.json` could not be read: no answer (`status: None`), or an
    /// answer other than the file or a 404. It may mark the registry
    /// read-only, so the app does not start without it.
    Unreadable { status: Option<u16> },
}

/// What is wrong in `config.json` ([`ConfigError::BadFile`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Not JSON of the file's shape (a typo'd or unknown key, a wrong
    /// type): the JSON parser's message, with line and column.
    Json(String),
    /// `ui.title` is longer than [`UiDefaults::TITLE_LIMIT`] characters or
    /// not on one line.
    Title,
    /// `ui.theme` is not `system`, `light` or `dark`.
    Theme(String),
    /// `ui.language` is not `en` or `zh-CN`.
    Language(String),
    /// A registry's `repositories` entry is neither a name nor a pattern.
    RepositoryName { registry: String, entry: String },
    /// A registry's `url` is not an http(s) address.
    RegistryUrl { registry: String, url: String },
}

/// What fetching `config.json` came to: the file, `None` when there is none
/// (404, or a static server answering an unknown path with this app's own
/// `index.html`), or [`ConfigError::Unreadable`] for anything else (no
/// answer, a 5xx, another HTML page): fail closed, never "no config".
/// `answer` is `(status, content type, body)`, or `None` without one.
pub fn config_file_from(
    answer: Option<(u16, Option<&str>, &[u8])>,
) -> Result<Option<Vec<u8>>, ConfigError> {
    let Some((status, content_type, body)) = answer else {
        return Err(ConfigError::Unreadable { status: None });
    };
    let html = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("text/html"));
    match status {
        404 => Ok(None),
        200 if html && is_this_apps_page(body) => Ok(None),
        200 if !html => Ok(Some(body.to_vec())),
        _ => Err(ConfigError::Unreadable {
            status: Some(status),
        }),
    }
}

/// Whether `body` is this app's own `index.html` (its loading notice).
fn is_this_apps_page(body: &[u8]) -> bool {
    let marker = br#"id="boot""#;
    body.windows(marker.len()).any(|w| w == marker)
}

/// Parse `config.json`.
pub fn parse_config_file(bytes: &[u8]) -> Result<ConfigFile, ConfigError> {
    let file: ConfigFile = serde_json::from_slice(bytes)
        .map_err(|e| ConfigError::BadFile(FileProblem::Json(e.to_string())))?;
    if let Some(problem) = file.ui.problem() {
        return Err(ConfigError::BadFile(problem));
    }
    if let Some(problem) = file.registries.iter().find_map(RegistryEntry::problem) {
        return Err(ConfigError::BadFile(problem));
    }
    Ok(file)
}

fn host_of(base: &str) -> String {
    base.split_once("://")
        .map_or(base, |(_, rest)| rest)
        .trim_end_matches('/')
        .to_string()
}

/// What the user chose in this browser: registries they added (kept in
/// `localStorage`) and the one they switched to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Choice {
    #[serde(default)]
    pub added: Vec<RegistryEntry>,
    #[serde(default)]
    pub chosen: Option<String>,
}

/// A registry the switcher offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub name: String,
    /// API base URL.
    pub base: String,
    pub read_only: bool,
    /// Listed in `config.json` (cannot be removed in the browser).
    pub from_config: bool,
    /// How its tags are read the first time (`config.json` wins).
    pub manifest_reads: ManifestReads,
}

/// Whether two registry addresses are the same registry: scheme, host and
/// port as the URL standard reads them (default ports, case, user-info),
/// and the path as the URL standard normalises it ([`normalized_path`]),
/// without trailing slashes.
pub fn same_registry(a: &str, b: &str) -> bool {
    let path = |u: &str| {
        let u = u.trim();
        let after = u.split_once("://").map_or("", |(_, r)| r);
        let raw = after
            .find(['/', '?', '#', '\\'])
            .map_or("", |i| &after[i..])
            .split(['?', '#'])
            .next()
            .unwrap_or("");
        normalized_path(raw).trim_end_matches('/').to_string()
    };
    match (Origin::of(a), Origin::of(b)) {
        (Some(x), Some(y)) => x == y && path(a) == path(b),
        _ => false,
    }
}

/// A URL path as a browser sends it, so that two spellings of one path
/// compare equal: `\` as `/`, percent-encoded unreserved characters
/// decoded (`%2e` is `.`, `%61` is `a`), other escapes in capitals, and
/// `.` and `..` segments removed (RFC 3986, section 5.2.4).
pub fn normalized_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut decoded = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |c: u8| (c as char).to_digit(16);
        if b == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                let c = (h * 16 + l) as u8;
                if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~') {
                    decoded.push(c as char);
                } else {
                    decoded.push_str(&format!("%{c:02X}"));
                }
                i += 3;
                continue;
            }
        }
        decoded.push(if b == b'\\' { '/' } else { b as char });
        i += 1;
    }
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (n, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if n == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if n == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.is_empty() || joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// The registry's address as another program can use it (the plan file's
/// `registry`): an absolute base as it is, one given as a path (a registry
/// served at the page's own origin) resolved against `origin`.
pub fn absolute_base(base: &str, origin: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    if Origin::of(base).is_some() {
        base.to_string()
    } else {
        let origin = origin.trim_end_matches('/');
        match base.strip_prefix('/') {
            Some(path) if !path.is_empty() => format!("{origin}/{path}"),
            _ => origin.to_string(),
        }
    }
}

/// Whether `config.json` marks the registry at `base` read-only, under any
/// name or spelling of its address. A user cannot lift that in the page.
fn configured_read_only(file: &ConfigFile, base: &str, origin: &str) -> bool {
    file.ui.delete == Some(false)
        || file
            .registries
            .iter()
            .any(|e| e.read_only && entry_base(e, origin).is_ok_and(|b| same_registry(&b, base)))
}

/// The tag patterns protected on the registry at `base`: the file's own,
/// and its entry's (under any spelling of its address).
fn protected_for(file: &ConfigFile, base: &str, origin: &str) -> Pattern {
    let mut all = file.protected.clone();
    if let Some(entry) = configured_entry(file, base, origin) {
        all.extend(entry.protected.iter().cloned());
    }
    Pattern::parse(&all.join(","))
}

/// `config.json`'s entry for the registry at `base`, under any spelling.
fn configured_entry<'a>(
    file: &'a ConfigFile,
    base: &str,
    origin: &str,
) -> Option<&'a RegistryEntry> {
    file.registries
        .iter()
        .find(|e| entry_base(e, origin).is_ok_and(|b| same_registry(&b, base)))
}

/// The repositories to list when the catalog is unavailable: the
/// configured names and patterns as entered, then the ones opened by name
/// in this browser (newest first), each once.
pub fn listed_without_catalog(configured: &[String], remembered: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in configured.iter().chain(remembered) {
        let r = r.trim();
        if !r.is_empty() && !out.iter().any(|o| o == r) {
            out.push(r.to_string());
        }
    }
    out
}

/// The catalog narrowed to the configured `repositories` (names and
/// globs); all of it when none are configured.
pub fn narrowed_catalog(catalog: &[String], configured: &[String]) -> Vec<String> {
    if configured.is_empty() {
        return catalog.to_vec();
    }
    let patterns: Vec<Pattern> = configured
        .iter()
        .map(|c| Pattern::parse(c.trim()))
        .collect();
    catalog
        .iter()
        .filter(|n| patterns.iter().any(|p| p.matching(n).is_some()))
        .cloned()
        .collect()
}

/// Repositories opened by name, remembered per registry in the browser
/// (`localStorage`): newest first, each once, at most [`Remembered::LIMIT`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Remembered(pub Vec<String>);

impl Remembered {
    /// How many are kept; the oldest goes first.
    pub const LIMIT: usize = 50;

    /// The `localStorage` key for the registry at `base` (one list per
    /// registry address).
    pub fn storage_key(base: &str) -> String {
        format!("shipshape.opened.{}", base.trim().trim_end_matches('/'))
    }

    /// Read back what was stored (anything unreadable, or an invalid name,
    /// is left out).
    pub fn parse(stored: &str) -> Remembered {
        let list: Vec<String> = serde_json::from_str(stored).unwrap_or_default();
        let mut out = Remembered::default();
        for name in list.into_iter().rev() {
            out.open(&name);
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "[]".into())
    }

    /// `name` was opened: first in the list. Only valid names are kept.
    pub fn open(&mut self, name: &str) {
        let Ok(name) = RepositoryName::parse(name.trim()) else {
            return;
        };
        self.0.retain(|n| n != name.as_str());
        self.0.insert(0, name.to_string());
        self.0.truncate(Self::LIMIT);
    }

    pub fn forget(&mut self, name: &str) {
        self.0.retain(|n| n != name);
    }
}

/// Every registry to offer: `config.json`'s, then the user's (a user entry
/// whose name or URL is not usable is left out).
pub fn known_registries(file: &ConfigFile, choice: &Choice, origin: &str) -> Vec<Known> {
    let mut out: Vec<Known> = Vec::new();
    let config = file.registries.iter().map(|e| (e, true));
    let added = choice.added.iter().map(|e| (e, false));
    for (entry, from_config) in config.chain(added) {
        if out.iter().any(|k| k.name == entry.name) {
            continue;
        }
        if let Ok(base) = entry_base(entry, origin) {
            let listed = configured_entry(file, &base, origin).unwrap_or(entry);
            out.push(Known {
                name: entry.name.clone(),
                manifest_reads: entry
                    .manifest_reads
                    .or(listed.manifest_reads)
                    .unwrap_or_default(),
                read_only: entry.read_only || configured_read_only(file, &base, origin),
                base,
                from_config,
            });
        }
    }
    out
}

fn entry_base(entry: &RegistryEntry, origin: &str) -> Result<String, ConfigError> {
    let url = entry.url.trim();
    if url.is_empty() || url == "/" {
        Ok(origin.to_string())
    } else if Origin::of(url).is_some() {
        Ok(url.trim_end_matches('/').to_string())
    } else {
        Err(ConfigError::BadFile(FileProblem::RegistryUrl {
            registry: entry.name.clone(),
            url: url.to_string(),
        }))
    }
}

/// Decide the connection. `config_file` is `None` when there is no
/// `config.json` (404); `origin` is the page's origin.
pub fn resolve(
    query_registry: Option<&str>,
    config_file: Option<&[u8]>,
    origin: &str,
) -> Result<Connection, ConfigError> {
    resolve_with(query_registry, config_file, &Choice::default(), origin)
}

/// [`resolve`] with the user's own registries and choice: the chosen one
/// (when it still exists) comes before `config.json`'s default.
pub fn resolve_with(
    query_registry: Option<&str>,
    config_file: Option<&[u8]>,
    choice: &Choice,
    origin: &str,
) -> Result<Connection, ConfigError> {
    if let Some(url) = query_registry.map(str::trim).filter(|u| !u.is_empty()) {
        if Origin::of(url).is_none() {
            return Err(ConfigError::BadParameter(url.to_string()));
        }
        // A broken config.json does not stop `?registry=`; its UI defaults,
        // read-only marks and protected tags (when readable) still hold.
        // When it cannot be parsed, nobody knows what it marks: read-only.
        let parsed = config_file.map(parse_config_file);
        let broken = matches!(parsed, Some(Err(_)));
        let file = parsed.and_then(Result::ok).unwrap_or_default();
        let registry = Registry::new(url).with_protected(protected_for(
            &file,
            url.trim_end_matches('/'),
            origin,
        ));
        let read_only = broken || configured_read_only(&file, registry.base(), origin);
        let listed = configured_entry(&file, registry.base(), origin).cloned();
        let ui = file.ui;
        return Ok(Connection {
            repositories: listed
                .as_ref()
                .map(|e| e.repositories.clone())
                .unwrap_or_default(),
            manifest_reads: listed.and_then(|e| e.manifest_reads).unwrap_or_default(),
            name: host_of(registry.base()),
            pull_host: host_of(registry.base()),
            registry,
            read_only,
            source: Source::QueryParameter,
            known: Vec::new(),
            ui,
        });
    }
    let file = match config_file {
        Some(bytes) => parse_config_file(bytes)?,
        None => ConfigFile::default(),
    };
    {
        let chosen = choice.chosen.as_deref().and_then(|c| {
            file.registries
                .iter()
                .chain(choice.added.iter())
                .find(|r| r.name == c)
        });
        let entry = match (chosen, &file.default) {
            (Some(c), _) => Some(c),
            (None, Some(d)) => Some(
                file.registries
                    .iter()
                    .find(|r| &r.name == d)
                    .ok_or_else(|| ConfigError::UnknownDefault(d.clone()))?,
            ),
            (None, None) => file.registries.first().or(choice.added.first()),
        };
        for e in &file.registries {
            entry_base(e, origin)?;
        }
        if let Some(entry) = entry {
            let base = entry_base(entry, origin)?;
            let registry = Registry::new(&base).with_protected(protected_for(&file, &base, origin));
            // A registry added in the browser under another name keeps what
            // config.json says about its address.
            let listed = configured_entry(&file, &base, origin).unwrap_or(entry);
            return Ok(Connection {
                repositories: if entry.repositories.is_empty() {
                    listed.repositories.clone()
                } else {
                    entry.repositories.clone()
                },
                manifest_reads: entry
                    .manifest_reads
                    .or(listed.manifest_reads)
                    .unwrap_or_default(),
                name: entry.name.clone(),
                pull_host: entry
                    .pull_host
                    .clone()
                    .unwrap_or_else(|| host_of(registry.base())),
                registry,
                read_only: entry.read_only || configured_read_only(&file, &base, origin),
                source: Source::ConfigFile,
                known: known_registries(&file, choice, origin),
                ui: file.ui.clone(),
            });
        }
    }
    let registry = Registry::new(origin).with_protected(protected_for(&file, origin, origin));
    let listed = configured_entry(&file, origin, origin);
    Ok(Connection {
        repositories: listed.map(|e| e.repositories.clone()).unwrap_or_default(),
        manifest_reads: listed.and_then(|e| e.manifest_reads).unwrap_or_default(),
        name: host_of(origin),
        pull_host: host_of(origin),
        registry,
        read_only: configured_read_only(&file, origin, origin),
        source: Source::PageOrigin,
        known: known_registries(&file, choice, origin),
        ui: file.ui.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "http://ui.example:8080";

    #[test]
    fn query_parameter_wins() {
        let c = resolve(Some("http://127.0.0.1:5000/"), Some(b"{ broken"), ORIGIN).unwrap();
        assert_eq!(c.registry.base(), "http://127.0.0.1:5000");
        assert_eq!(c.source, Source::QueryParameter);
        assert_eq!(c.pull_host, "127.0.0.1:5000");
        assert!(matches!(
            resolve(Some("javascript:alert(1)"), None, ORIGIN),
            Err(ConfigError::BadParameter(_))
        ));
    }

    #[test]
    fn config_file_is_next() {
        let file = br#"{"registries":[
            {"name":"dev","url":"https://dev.example"},
            {"name":"prod","url":"https://prod.example","pull_host":"registry.example.com","read_only":true}],
            "default":"prod"}"#;
        let c = resolve(None, Some(file), ORIGIN).unwrap();
        assert_eq!(c.name, "prod");
        assert_eq!(c.registry.base(), "https://prod.example");
        assert_eq!(c.pull_host, "registry.example.com");
        assert!(c.read_only);
        let c = resolve(
            None,
            Some(br#"{"registries":[{"name":"here","url":"/"}]}"#),
            ORIGIN,
        )
        .unwrap();
        assert_eq!(c.registry.base(), ORIGIN);
    }

    #[test]
    fn without_anything_the_page_origin_is_used() {
        let c = resolve(None, None, ORIGIN).unwrap();
        assert_eq!((c.registry.base(), c.source), (ORIGIN, Source::PageOrigin));
        let c = resolve(Some("  "), Some(b"{}"), ORIGIN).unwrap();
        assert_eq!(c.source, Source::PageOrigin);
    }

    #[test]
    fn the_users_choice_and_added_registries_come_before_the_default() {
        let file = br#"{"registries":[
            {"name":"dev","url":"https://dev.example"},
            {"name":"prod","url":"https://prod.example"}],"default":"prod"}"#;
        let mine = RegistryEntry {
            name: "mine".into(),
            url: "http://127.0.0.1:5000/".into(),
            pull_host: None,
            read_only: false,
            ..Default::default()
        };
        let choice = Choice {
            added: vec![
                mine.clone(),
                RegistryEntry {
                    name: "dev".into(),
                    url: "https://shadow.example".into(),
                    pull_host: None,
                    read_only: false,
                    ..Default::default()
                },
            ],
            chosen: Some("mine".into()),
        };
        let c = resolve_with(None, Some(file), &choice, ORIGIN).unwrap();
        assert_eq!(
            (c.name.as_str(), c.registry.base()),
            ("mine", "http://127.0.0.1:5000")
        );
        let names: Vec<(&str, bool)> = c
            .known
            .iter()
            .map(|k| (k.name.as_str(), k.from_config))
            .collect();
        // A user entry cannot shadow a config entry's name.
        assert_eq!(names, vec![("dev", true), ("prod", true), ("mine", false)]);
        // A choice that no longer exists falls back to the default.
        let gone = Choice {
            added: vec![],
            chosen: Some("mine".into()),
        };
        assert_eq!(
            resolve_with(None, Some(file), &gone, ORIGIN).unwrap().name,
            "prod"
        );
        // Without config.json, added registries still work.
        let only = Choice {
            added: vec![mine],
            chosen: None,
        };
        assert_eq!(
            resolve_with(None, None, &only, ORIGIN).unwrap().name,
            "mine"
        );
    }

    #[test]
    fn broken_config_files_say_what_is_wrong() {
        match resolve(None, Some(b"{\"registries\": [ {\"name\": 1} ]}"), ORIGIN) {
            Err(ConfigError::BadFile(FileProblem::Json(msg))) => {
                assert!(msg.contains("line 1"), "{msg}")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            resolve(None, Some(br#"{"registries":[],"default":"x"}"#), ORIGIN),
            Err(ConfigError::UnknownDefault(_))
        ));
        assert!(matches!(
            resolve(
                None,
                Some(br#"{"registries":[{"name":"a","url":"ftp://x"}]}"#),
                ORIGIN
            ),
            Err(ConfigError::BadFile(FileProblem::RegistryUrl { registry, url }))
                if registry == "a" && url == "ftp://x"
        ));
        assert!(matches!(
            resolve(None, Some(br#"{"registry":"typo"}"#), ORIGIN),
            Err(ConfigError::BadFile(FileProblem::Json(_)))
        ));
    }

    #[test]
    fn plan_files_name_the_registry_by_an_absolute_address() {
        assert_eq!(
            absolute_base("http://127.0.0.1:5000/", ORIGIN),
            "http://127.0.0.1:5000"
        );
        assert_eq!(absolute_base("", ORIGIN), ORIGIN);
        assert_eq!(absolute_base("/", ORIGIN), ORIGIN);
        assert_eq!(
            absolute_base("/registry", "https://ui.example/"),
            "https://ui.example/registry"
        );
    }

    #[test]
    fn a_read_only_registry_stays_read_only_however_it_is_reached() {
        let file = br#"{"registries":[{"name":"prod","url":"https://Prod.example:443/","read_only":true},{"name":"dev","url":"https://dev.example"}]}"#;
        for url in [
            "https://prod.example",
            "https://PROD.example:443",
            "https://prod.example/",
            "HTTPS://prod.example//",
            "https://user@prod.example",
        ] {
            let q = resolve(Some(url), Some(file), ORIGIN).unwrap();
            assert!(q.read_only, "?registry={url} must stay read-only");
        }
        assert!(
            !resolve(Some("https://dev.example"), Some(file), ORIGIN)
                .unwrap()
                .read_only
        );
        assert!(
            !resolve(Some("https://prod.example:8443"), Some(file), ORIGIN)
                .unwrap()
                .read_only
        );
        // Added in the browser under another name, then chosen.
        let choice = Choice {
            added: vec![RegistryEntry {
                name: "mine".into(),
                url: "https://prod.example/".into(),
                pull_host: None,
                read_only: false,
                ..Default::default()
            }],
            chosen: Some("mine".into()),
        };
        let c = resolve_with(None, Some(file), &choice, ORIGIN).unwrap();
        assert_eq!(c.name, "mine");
        assert!(c.read_only);
        let f = parse_config_file(file).unwrap();
        let known = known_registries(&f, &choice, ORIGIN);
        assert!(known.iter().find(|k| k.name == "mine").unwrap().read_only);
        assert!(!known.iter().find(|k| k.name == "dev").unwrap().read_only);
        assert!(same_registry("http://a:80/x/", "HTTP://A/x"));
        assert!(!same_registry("http://a/x", "http://a/y"));
    }

    #[test]
    fn a_read_only_registry_under_a_path_stays_read_only_under_any_spelling_of_it() {
        let file =
            br#"{"registries":[{"name":"prod","url":"https://reg.example/x","read_only":true}]}"#;
        for url in [
            "https://reg.example/x",
            "https://reg.example/x/.",
            "https://reg.example/x/./",
            "https://reg.example/y/../x",
            "https://reg.example/x/y/..",
            "https://reg.example/%78",
            "https://reg.example/%2e/x",
            "https://reg.example/x/%2E",
            "https://reg.example/x/%2e%2E/x",
            "https://reg.example/./x//",
            "https://reg.example\\x",
        ] {
            let q = resolve(Some(url), Some(file), ORIGIN).unwrap();
            assert!(q.read_only, "?registry={url} must stay read-only");
        }
        // The same registry's root is another address: "x" is part of it.
        assert!(!same_registry(
            "https://reg.example/x",
            "https://reg.example/"
        ));
        assert!(!same_registry(
            "https://reg.example/x",
            "https://reg.example/x/y"
        ));
        // Reserved characters stay escaped; a path is case-sensitive.
        assert!(!same_registry(
            "https://reg.example/a%2Fb",
            "https://reg.example/a/b"
        ));
        assert!(!same_registry(
            "https://reg.example/X",
            "https://reg.example/x"
        ));
        assert!(same_registry(
            "https://reg.example/a%2fb",
            "https://reg.example/a%2Fb"
        ));
        // The root cannot be climbed out of.
        assert!(same_registry(
            "https://reg.example/..",
            "https://reg.example"
        ));
        assert_eq!(normalized_path("/a/b/../c/./d"), "/a/c/d");
    }

    #[test]
    fn protected_tags_come_from_the_file_and_the_registrys_entry() {
        let file = br#"{"protected":["latest"],"registries":[{"name":"prod","url":"https://prod.example","protected":["v*.*.*","prod-*"]},{"name":"dev","url":"https://dev.example"}]}"#;
        let c = resolve(None, Some(file), ORIGIN).unwrap();
        let p = c.registry.protected();
        assert_eq!(p.matching("latest"), Some("latest"));
        assert_eq!(p.matching("v1.2.3"), Some("v*.*.*"));
        assert_eq!(p.matching("prod-7"), Some("prod-*"));
        assert_eq!(p.matching("build-7"), None);
        // Reached by ?registry= under another spelling: the same.
        let q = resolve(Some("https://PROD.example:443/"), Some(file), ORIGIN).unwrap();
        assert_eq!(q.registry.protected().matching("v1.0.0"), Some("v*.*.*"));
        // Another registry: only the file's own.
        let d = resolve(Some("https://dev.example"), Some(file), ORIGIN).unwrap();
        assert_eq!(d.registry.protected().matching("v1.0.0"), None);
        assert_eq!(d.registry.protected().matching("latest"), Some("latest"));
        // A file that cannot be parsed: ?registry= still opens, read-only.
        let b = resolve(Some("https://dev.example"), Some(b"{not json"), ORIGIN).unwrap();
        assert!(b.read_only);
    }

    #[test]
    fn config_json_that_cannot_be_read_stops_the_app_instead_of_counting_as_none() {
        let html = Some("text/html; charset=utf-8");
        let json = Some("application/json");
        // The file, or none.
        assert_eq!(
            config_file_from(Some((200, json, b"{}"))),
            Ok(Some(b"{}".to_vec()))
        );
        assert_eq!(config_file_from(Some((404, html, b"nope"))), Ok(None));
        // A static server answering every path with this app's index.html.
        assert_eq!(
            config_file_from(Some((200, html, br#"<div id="boot" class="boot">"#))),
            Ok(None)
        );
        // Anything else fails closed: the file may say read-only.
        assert_eq!(
            config_file_from(None),
            Err(ConfigError::Unreadable { status: None })
        );
        for status in [500, 502, 503, 401, 403, 301] {
            assert_eq!(
                config_file_from(Some((status, json, b"{}"))),
                Err(ConfigError::Unreadable {
                    status: Some(status)
                })
            );
        }
        assert_eq!(
            config_file_from(Some((200, html, b"<html>proxy error</html>"))),
            Err(ConfigError::Unreadable { status: Some(200) })
        );
    }

    #[test]
    fn ui_defaults_are_read_checked_and_delete_false_means_read_only() {
        let file = br#"{"registries":[{"name":"a","url":"https://a.example"}],"ui":{"theme":"dark","language":"zh-CN","delete":false}}"#;
        let c = resolve(None, Some(file), ORIGIN).unwrap();
        assert_eq!(c.ui.theme(), Some(crate::theme::Theme::Dark));
        assert_eq!(c.ui.language(), Some(crate::i18n::Lang::Zh));
        assert!(c.read_only, "delete: false hides deleting");
        let q = resolve(Some("https://b.example"), Some(file), ORIGIN).unwrap();
        assert!(q.read_only, "also for ?registry=");
        let none = resolve(None, Some(br#"{"ui":{}}"#), ORIGIN).unwrap();
        assert!(!none.read_only);
        assert_eq!(none.ui.theme(), None);
        assert_eq!(none.ui.title(), None);
        let titled = resolve(
            None,
            Some(r#"{"ui":{"title":" Acme <registry> 镜像 "}}"#.as_bytes()),
            ORIGIN,
        )
        .unwrap();
        assert_eq!(titled.ui.title(), Some("Acme <registry> 镜像"));
        let long = format!(r#"{{"ui":{{"title":"{}"}}}}"#, "x".repeat(61));
        assert!(matches!(
            resolve(None, Some(long.as_bytes()), ORIGIN),
            Err(ConfigError::BadFile(FileProblem::Title))
        ));
        for (bad, want) in [
            (
                &br#"{"ui":{"theme":"purple"}}"#[..],
                FileProblem::Theme("purple".into()),
            ),
            (
                br#"{"ui":{"language":"fr"}}"#,
                FileProblem::Language("fr".into()),
            ),
            (br#"{"ui":{"title":"two\nlines"}}"#, FileProblem::Title),
        ] {
            assert_eq!(
                resolve(None, Some(bad), ORIGIN),
                Err(ConfigError::BadFile(want))
            );
        }
        match resolve(None, Some(br#"{"ui":{"colour":"dark"}}"#), ORIGIN) {
            Err(ConfigError::BadFile(FileProblem::Json(m))) => assert!(m.contains("colour"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_registry_added_in_the_browser_needs_a_free_name_and_an_address() {
        let taken = ["prod"];
        assert_eq!(
            new_registry(" ", "https://r.example", &taken),
            Err(AddProblem::NoName)
        );
        assert_eq!(
            new_registry("dev", "r.example", &taken),
            Err(AddProblem::NotAnAddress)
        );
        assert_eq!(
            new_registry("prod", "https://r.example", &taken),
            Err(AddProblem::NameTaken)
        );
        let e = new_registry(" dev ", " http://127.0.0.1:5000 ", &taken).unwrap();
        assert_eq!(
            (e.name.as_str(), e.url.as_str()),
            ("dev", "http://127.0.0.1:5000")
        );
        assert!(!e.read_only);
    }

    #[test]
    fn registries_list_repositories_and_choose_how_manifests_are_read() {
        let file = br#"{"registries":[
            {"name":"gitlab","url":"https://gitlab.example","repositories":["team/app","base/*"],"manifest_reads":"head-then-get"},
            {"name":"plain","url":"https://plain.example","manifest_reads":"get"},
            {"name":"harbor","url":"https://harbor.example"}]}"#;
        let c = resolve(None, Some(file), ORIGIN).unwrap();
        assert_eq!(c.repositories, vec!["team/app", "base/*"]);
        assert_eq!(c.manifest_reads, ManifestReads::HeadThenGet);
        // Reached by ?registry=, config.json's entry still holds.
        let q = resolve(Some("https://PLAIN.example/"), Some(file), ORIGIN).unwrap();
        assert_eq!(q.manifest_reads, ManifestReads::Get);
        assert!(q.repositories.is_empty());
        // Not configured: head-then-get, whatever the registry is.
        let choice = Choice {
            added: vec![],
            chosen: Some("harbor".into()),
        };
        let h = resolve_with(None, Some(file), &choice, ORIGIN).unwrap();
        assert_eq!(h.manifest_reads, ManifestReads::HeadThenGet);
        let reads: Vec<ManifestReads> = h.known.iter().map(|k| k.manifest_reads).collect();
        assert_eq!(
            reads,
            vec![
                ManifestReads::HeadThenGet,
                ManifestReads::Get,
                ManifestReads::HeadThenGet
            ]
        );
        let q = resolve(Some("https://elsewhere.example"), Some(file), ORIGIN).unwrap();
        assert_eq!(q.manifest_reads, ManifestReads::HeadThenGet);
        for bad in [
            &br#"{"registries":[{"name":"a","url":"https://a.example","repositories":["Team/App"]}]}"#[..],
            br#"{"registries":[{"name":"a","url":"https://a.example","manifest_reads":"head"}]}"#,
        ] {
            assert!(
                matches!(resolve(None, Some(bad), ORIGIN), Err(ConfigError::BadFile(_))),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn without_a_catalog_the_list_is_the_configured_then_the_opened_ones() {
        let configured = vec!["team/app".to_string(), "base/*".to_string()];
        let remembered = vec!["team/db".to_string(), "team/app".to_string()];
        assert_eq!(
            listed_without_catalog(&configured, &remembered),
            vec!["team/app", "base/*", "team/db"]
        );
        let catalog: Vec<String> = ["base/os", "base/tools", "other/x", "team/app"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            narrowed_catalog(&catalog, &configured),
            vec!["base/os", "base/tools", "team/app"]
        );
        assert_eq!(narrowed_catalog(&catalog, &[]), catalog);
        assert!(is_pattern("base/*") && !is_pattern("base/os"));
    }

    #[test]
    fn opened_repositories_are_remembered_newest_first_bounded_and_forgettable() {
        let mut r = Remembered::default();
        r.open("team/app");
        r.open("team/db");
        r.open(" team/app ");
        r.open("Not A Name");
        assert_eq!(r.0, vec!["team/app", "team/db"]);
        r.forget("team/db");
        assert_eq!(r.0, vec!["team/app"]);
        for i in 0..(Remembered::LIMIT + 10) {
            r.open(&format!("r/{i}"));
        }
        assert_eq!(r.0.len(), Remembered::LIMIT);
        assert_eq!(r.0[0], format!("r/{}", Remembered::LIMIT + 9));
        let back = Remembered::parse(&r.to_json());
        assert_eq!(back, r);
        assert_eq!(Remembered::parse("{broken").0, Vec::<String>::new());
        assert_eq!(
            Remembered::parse(r#"["a","BAD NAME","b"]"#).0,
            vec!["a", "b"]
        );
        assert_ne!(
            Remembered::storage_key("http://a:5000/"),
            Remembered::storage_key("http://b:5000")
        );
        assert_eq!(
            Remembered::storage_key("http://a:5000/"),
            Remembered::storage_key("http://a:5000")
        );
    }
}
