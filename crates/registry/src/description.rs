//! What an image says about itself: the OCI annotations
//! `org.opencontainers.image.description`, `.source`, `.documentation` and
//! `.url`, from the manifest's annotations (an index's own, then its first
//! platform's) or the config's labels (where `docker build` and buildah
//! put them). Registry text, untrusted: the app renders it as text, and
//! only [`web_link`]s as links.

use crate::client::{Registry, Transport};
use crate::digest::Digest;
use crate::error::RegistryError;
use crate::manifest::Manifest;
use crate::reference::{Reference, RepositoryName};
use std::collections::BTreeMap;

pub const DESCRIPTION: &str = "org.opencontainers.image.description";
pub const SOURCE: &str = "org.opencontainers.image.source";
pub const DOCUMENTATION: &str = "org.opencontainers.image.documentation";
pub const URL: &str = "org.opencontainers.image.url";

/// The longest description kept (characters); the rest is cut.
pub const MAX_DESCRIPTION: usize = 2_000;
/// The longest address kept (characters): a longer one is not shown.
pub const MAX_ADDRESS: usize = 2_000;

/// An image's description and its addresses, each as the image states it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Description {
    pub description: Option<String>,
    pub source: Option<String>,
    pub documentation: Option<String>,
    pub url: Option<String>,
}

impl Description {
    /// From annotations and labels (annotations win where both say).
    /// Blank values are left out; a description is cut at
    /// [`MAX_DESCRIPTION`] characters, an address longer than
    /// [`MAX_ADDRESS`] dropped.
    pub fn of(sources: &[&BTreeMap<String, String>]) -> Description {
        let get = |key: &str| {
            sources
                .iter()
                .find_map(|m| m.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()))
                .map(str::to_string)
        };
        let address = |key: &str| get(key).filter(|a| a.chars().count() <= MAX_ADDRESS);
        Description {
            description: get(DESCRIPTION).map(|d| d.chars().take(MAX_DESCRIPTION).collect()),
            source: address(SOURCE),
            documentation: address(DOCUMENTATION),
            url: address(URL),
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &Description::default()
    }
}

/// `text` when it is an `http:` or `https:` address a link may point at:
/// no other scheme (`javascript:`, `data:`), no spaces or control
/// characters, a host after the `//`.
pub fn web_link(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host_ok = rest
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|h| !h.is_empty() && !h.starts_with('@'));
    // Quotes and angle brackets are harmless: the page sets `href` through
    // the DOM, never as markup.
    let clean = !text.chars().any(|c| c.is_whitespace() || c.is_control());
    (host_ok && clean).then_some(text)
}

impl Registry {
    /// The description of the image `digest` in `name`: its manifest's
    /// annotations, then its config's labels; of an index, the index's
    /// annotations, then its first platform's. Read by digest (kept by a
    /// transport that keeps content by digest).
    pub async fn description(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
    ) -> Result<Description, RegistryError> {
        let fetched = self
            .get_manifest(t, name, &Reference::Digest(digest.clone()))
            .await?;
        let mut outer = BTreeMap::new();
        let image = match fetched.manifest {
            Manifest::Image { manifest, .. } => manifest,
            Manifest::Index { index, .. } => {
                outer = index.annotations.clone();
                let first = index.platforms().find_map(|d| d.digest.valid().cloned());
                let Some(first) = first else {
                    return Ok(Description::of(&[&outer]));
                };
                match self
                    .get_manifest(t, name, &Reference::Digest(first))
                    .await?
                    .manifest
                {
                    Manifest::Image { manifest, .. } => manifest,
                    _ => return Ok(Description::of(&[&outer])),
                }
            }
            Manifest::Unsupported { .. } => return Ok(Description::default()),
        };
        let labels = match image.config.digest.valid() {
            Some(d) if image.artifact_kind().is_none() => self
                .get_config(t, name, d)
                .await?
                .config
                .and_then(|c| c.labels)
                .unwrap_or_default(),
            _ => BTreeMap::new(),
        };
        Ok(Description::of(&[&outer, &image.annotations, &labels]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn annotations_win_over_labels_and_blanks_are_left_out() {
        let annotations = map(&[(DESCRIPTION, "From the manifest"), (URL, "  ")]);
        let labels = map(&[
            (DESCRIPTION, "From the config"),
            (SOURCE, "https://git.example/app"),
            (URL, "https://app.example"),
        ]);
        let d = Description::of(&[&annotations, &labels]);
        assert_eq!(d.description.as_deref(), Some("From the manifest"));
        assert_eq!(d.source.as_deref(), Some("https://git.example/app"));
        assert_eq!(d.url.as_deref(), Some("https://app.example"));
        assert_eq!(d.documentation, None);
        assert!(Description::of(&[&map(&[])]).is_empty());
    }

    #[test]
    fn a_long_description_is_cut_and_a_long_address_dropped() {
        let long = "é".repeat(MAX_DESCRIPTION + 10);
        let address = format!("https://x.example/{}", "a".repeat(MAX_ADDRESS));
        let d = Description::of(&[&map(&[(DESCRIPTION, &long), (SOURCE, &address)])]);
        assert_eq!(d.description.unwrap().chars().count(), MAX_DESCRIPTION);
        assert_eq!(d.source, None);
    }

    #[test]
    fn only_web_addresses_are_links() {
        for ok in [
            "https://github.com/org/app",
            "http://127.0.0.1:5000/docs?x=1#y",
            "HTTPS://Example.org",
            // Set through the DOM: stays an attribute value.
            "https://example.com/\"><script>x</script>",
        ] {
            assert_eq!(web_link(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT://%0aalert(1)",
            "data:text/html,<b>x</b>",
            "git@github.com:org/app.git",
            "https://",
            "https://@evil",
            "https://a.example/ x",
            "//evil.example",
            "ftp://files.example",
        ] {
            assert_eq!(web_link(bad), None, "{bad}");
        }
    }
}
