//! Every page's URL, in one place: routes are declared from these paths and
//! every link is built with [`AppRoute::href`], so links cannot drift.

use crate::registry::reference::{Reference, ReferenceError, RepositoryName};
use std::sync::OnceLock;

static BASE: OnceLock<String> = OnceLock::new();

/// Set once at start-up from `<base href>`: the path the app is served
/// under, without a trailing slash (`""` at the root, `"/ui"` under `/ui/`).
pub fn set_base(base: &str) {
    let _ = BASE.set(normalise_base(base));
}

/// The path the app is served under (see [`set_base`]).
pub fn base() -> &'static str {
    BASE.get().map_or("", String::as_str)
}

/// `/ui/` → `/ui`, `/` → ``, `ui` → `/ui`.
pub fn normalise_base(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppRoute {
    Catalog,
    /// The tags of one repository: `/repo/team/app/api`.
    Repository(RepositoryName),
    /// One manifest: `/image/team/app/api:v1` or `/image/team/app/api@sha256:…`.
    Image(RepositoryName, Reference),
    /// Retention plans: `/clean-up?repos=<pattern>`.
    CleanUp(Option<String>),
    /// The registry switcher: `/registries`.
    Registries,
    /// Delete runs, live and from the journal: `/runs`.
    Runs,
}

impl AppRoute {
    /// The link to this page, under the app's base path.
    pub fn href(&self) -> String {
        format!("{}{}", base(), self.path())
    }

    /// The path relative to the app's base (what `<Routes>` matches).
    pub fn path(&self) -> String {
        match self {
            AppRoute::Catalog => "/".into(),
            AppRoute::Repository(n) => format!("/repo/{n}"),
            AppRoute::Image(n, Reference::Tag(t)) => format!("/image/{n}:{t}"),
            AppRoute::Image(n, Reference::Digest(d)) => format!("/image/{n}@{d}"),
            AppRoute::CleanUp(None) => "/clean-up".into(),
            AppRoute::Registries => "/registries".into(),
            AppRoute::Runs => "/runs".into(),
            AppRoute::CleanUp(Some(p)) => format!("/clean-up?repos={}", query_encode(p)),
        }
    }
}

/// Percent-encode a query value (everything but unreserved characters and
/// the few a pattern uses that are safe in a query: `/ * ,`).
pub fn query_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/*,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Split `name:tag` or `name@digest` (the wildcard part of an image URL).
/// Names contain no `:` or `@`, tags contain no `/`, so this is unambiguous.
pub fn parse_image_path(s: &str) -> Result<(RepositoryName, Reference), ReferenceError> {
    let (name, reference) = match s.split_once('@') {
        Some((n, d)) => (n, d),
        None => match s.rsplit_once(':') {
            Some((n, t)) if !t.contains('/') => (n, t),
            _ => (s, "latest"),
        },
    };
    Ok((RepositoryName::parse(name)?, Reference::parse(reference)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_paths_round_trip() {
        let n = RepositoryName::parse("team/app/api").unwrap();
        for r in [
            "v1.10.0",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ] {
            let route = AppRoute::Image(n.clone(), Reference::parse(r).unwrap());
            let path = route.path();
            let (pn, pr) = parse_image_path(path.strip_prefix("/image/").unwrap()).unwrap();
            assert_eq!(AppRoute::Image(pn, pr), route);
        }
        assert_eq!(AppRoute::Repository(n).path(), "/repo/team/app/api");
        assert_eq!(
            parse_image_path("alpine").unwrap().1,
            Reference::parse("latest").unwrap()
        );
        assert!(parse_image_path("Bad Name:v1").is_err());
        assert!(parse_image_path("a@sha256:zz").is_err());
    }

    #[test]
    fn clean_up_links_carry_the_pattern_encoded() {
        assert_eq!(AppRoute::CleanUp(None).path(), "/clean-up");
        assert_eq!(
            AppRoute::CleanUp(Some("team/*, a b&c".into())).path(),
            "/clean-up?repos=team/*,%20a%20b%26c"
        );
    }

    #[test]
    fn base_paths_are_normalised() {
        assert_eq!(normalise_base("/"), "");
        assert_eq!(normalise_base(""), "");
        assert_eq!(normalise_base("/ui/"), "/ui");
        assert_eq!(normalise_base("/a/b"), "/a/b");
        assert_eq!(normalise_base("ui/"), "/ui");
    }
}
