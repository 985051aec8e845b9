//! Which registry to talk to, decided at run time: `?registry=<url>` in the
//! page URL, else `config.json` beside `index.html`, else the page's origin.
//! Plain Rust; the browser side only fetches `config.json`.

use crate::registry::client::Registry;
use crate::registry::pagination::Origin;
use serde::Deserialize;

/// One registry as `config.json` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
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
    /// Hide every delete action for this registry.
    #[serde(default)]
    pub read_only: bool,
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
}

/// Why the configuration could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// `config.json` exists but is not valid.
    BadFile(String),
    /// `?registry=` is not an http(s) URL.
    BadParameter(String),
    /// `default` names no listed registry.
    UnknownDefault(String),
}

impl ConfigError {
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        match (self, lang) {
            (ConfigError::BadFile(e), Lang::En) => format!("config.json is not valid: {e}"),
            (ConfigError::BadFile(e), Lang::Zh) => format!("config.json 无效：{e}"),
            (ConfigError::BadParameter(v), Lang::En) => {
                format!("?registry= must be an http:// or https:// address, not \"{v}\"")
            }
            (ConfigError::BadParameter(v), Lang::Zh) => {
                format!("?registry= 必须是 http:// 或 https:// 地址，而不是“{v}”")
            }
            (ConfigError::UnknownDefault(d), Lang::En) => {
                format!("config.json: \"default\" names \"{d}\", which is not in \"registries\"")
            }
            (ConfigError::UnknownDefault(d), Lang::Zh) => {
                format!("config.json：\"default\" 指定的“{d}”不在 \"registries\" 中")
            }
        }
    }
}

/// Parse `config.json`.
pub fn parse_config_file(bytes: &[u8]) -> Result<ConfigFile, ConfigError> {
    serde_json::from_slice(bytes).map_err(|e| ConfigError::BadFile(e.to_string()))
}

fn host_of(base: &str) -> String {
    base.split_once("://")
        .map_or(base, |(_, rest)| rest)
        .trim_end_matches('/')
        .to_string()
}

/// Decide the connection. `config_file` is `None` when there is no
/// `config.json` (404); `origin` is the page's origin.
pub fn resolve(
    query_registry: Option<&str>,
    config_file: Option<&[u8]>,
    origin: &str,
) -> Result<Connection, ConfigError> {
    if let Some(url) = query_registry.map(str::trim).filter(|u| !u.is_empty()) {
        if Origin::of(url).is_none() {
            return Err(ConfigError::BadParameter(url.to_string()));
        }
        let registry = Registry::new(url);
        return Ok(Connection {
            name: host_of(registry.base()),
            pull_host: host_of(registry.base()),
            registry,
            read_only: false,
            source: Source::QueryParameter,
        });
    }
    if let Some(bytes) = config_file {
        let file = parse_config_file(bytes)?;
        let entry = match &file.default {
            Some(d) => Some(
                file.registries
                    .iter()
                    .find(|r| &r.name == d)
                    .ok_or_else(|| ConfigError::UnknownDefault(d.clone()))?,
            ),
            None => file.registries.first(),
        };
        if let Some(entry) = entry {
            let url = entry.url.trim();
            let base = if url.is_empty() || url == "/" {
                origin.to_string()
            } else if Origin::of(url).is_some() {
                url.to_string()
            } else {
                return Err(ConfigError::BadFile(format!(
                    "registry \"{}\": url \"{url}\" is not an http(s) address",
                    entry.name
                )));
            };
            let registry = Registry::new(&base);
            return Ok(Connection {
                name: entry.name.clone(),
                pull_host: entry
                    .pull_host
                    .clone()
                    .unwrap_or_else(|| host_of(registry.base())),
                registry,
                read_only: entry.read_only,
                source: Source::ConfigFile,
            });
        }
    }
    let registry = Registry::new(origin);
    Ok(Connection {
        name: host_of(origin),
        pull_host: host_of(origin),
        registry,
        read_only: false,
        source: Source::PageOrigin,
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
    fn broken_config_files_say_what_is_wrong() {
        match resolve(None, Some(b"{\"registries\": [ {\"name\": 1} ]}"), ORIGIN) {
            Err(ConfigError::BadFile(msg)) => assert!(msg.contains("line 1"), "{msg}"),
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
            Err(ConfigError::BadFile(_))
        ));
        assert!(matches!(
            resolve(None, Some(br#"{"registry":"typo"}"#), ORIGIN),
            Err(ConfigError::BadFile(_))
        ));
    }
}
