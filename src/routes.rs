//! Every page's URL, in one place: routes are declared from these paths and
//! every link is built with [`AppRoute::href`], so links cannot drift.

use crate::registry::compare::Pair;
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

/// The route patterns `app.rs` declares, one per page (`<Route
/// path=path!(…)>`; `path!` takes only literals, so the tests below tie
/// these to both `app.rs` and [`AppRoute::path`]).
pub const ROUTE_PATTERNS: [&str; 9] = [
    "/",
    "/repo/*name",
    "/image/*reference",
    "/clean-up",
    "/storage",
    "/registries",
    "/runs",
    "/compare/*spec",
    "/search",
];

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
    /// Where the disk goes: `/storage?repos=<pattern>`.
    Storage(Option<String>),
    /// The registry switcher: `/registries`.
    Registries,
    /// Delete runs, live and from the journal: `/runs`.
    Runs,
    /// Two images side by side: `/compare/team/app:v1...team/app:v2`
    /// (a side may name a platform: `team/app:v1~linux/arm64`).
    Compare(Box<Pair>),
    /// Where a digest or tag lives, registry-wide: `/search?q=sha256:…`.
    Search(String),
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
            AppRoute::Storage(None) => "/storage".into(),
            AppRoute::Storage(Some(p)) => format!("/storage?repos={}", query_encode(p)),
            AppRoute::Compare(pair) => format!("/compare/{pair}"),
            AppRoute::Search(q) => format!("/search?q={}", query_encode(q)),
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
    fn compare_paths_round_trip() {
        let pair = Pair::parse(
            "team/app:v1~linux/arm64...b@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        )
        .unwrap();
        let path = AppRoute::Compare(Box::new(pair.clone())).path();
        assert_eq!(
            Pair::parse(path.strip_prefix("/compare/").unwrap()).unwrap(),
            pair
        );
        assert!(path.starts_with("/compare/team/app:v1~linux/arm64...b@sha256:"));
    }

    #[test]
    fn clean_up_links_carry_the_pattern_encoded() {
        assert_eq!(AppRoute::CleanUp(None).path(), "/clean-up");
        assert_eq!(
            AppRoute::CleanUp(Some("team/*, a b&c".into())).path(),
            "/clean-up?repos=team/*,%20a%20b%26c"
        );
    }

    /// Whether `path` (query left off) matches `pattern`: static segments
    /// equal, a trailing `*splat` takes one or more segments.
    fn matches(pattern: &str, path: &str) -> bool {
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let mut want = pattern.trim_start_matches('/').split('/');
        let mut have = path.trim_start_matches('/').split('/');
        loop {
            match (want.next(), have.next()) {
                (None, None) => return true,
                (Some(w), Some(h)) if w.starts_with('*') => {
                    return want.next().is_none() && !h.is_empty();
                }
                (Some(w), Some(h)) if w == h => {}
                _ => return false,
            }
        }
    }

    /// One example of every page. Adding an `AppRoute` variant fails to
    /// compile here until it has an example (and so a pattern).
    fn example(route: &AppRoute) -> AppRoute {
        let name = || RepositoryName::parse("team/app/api").unwrap();
        match route {
            AppRoute::Catalog => AppRoute::Catalog,
            AppRoute::Repository(_) => AppRoute::Repository(name()),
            AppRoute::Image(_, _) => AppRoute::Image(name(), Reference::parse("v1").unwrap()),
            AppRoute::CleanUp(_) => AppRoute::CleanUp(Some("team/*".into())),
            AppRoute::Storage(_) => AppRoute::Storage(Some("team/*".into())),
            AppRoute::Registries => AppRoute::Registries,
            AppRoute::Runs => AppRoute::Runs,
            AppRoute::Compare(_) => AppRoute::Compare(Box::new(
                Pair::parse("team/app/api:v1~linux/arm64/v8...other:v2").unwrap(),
            )),
            AppRoute::Search(_) => AppRoute::Search("team/app@sha256:00".into()),
        }
    }

    #[test]
    fn every_route_matches_exactly_one_pattern() {
        let n = RepositoryName::parse("a").unwrap();
        let digest = Reference::parse(
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        )
        .unwrap();
        let routes = [
            AppRoute::Catalog,
            AppRoute::Repository(n.clone()),
            AppRoute::Image(n.clone(), digest),
            AppRoute::CleanUp(None),
            AppRoute::Storage(None),
            AppRoute::Registries,
            AppRoute::Runs,
            AppRoute::Compare(Box::new(Pair::parse("a:v1...a:v2").unwrap())),
            AppRoute::Search(String::new()),
        ];
        let mut used = Vec::new();
        for route in routes.iter().flat_map(|r| [r.clone(), example(r)]) {
            let path = route.path();
            let hits: Vec<&str> = ROUTE_PATTERNS
                .into_iter()
                .filter(|p| matches(p, &path))
                .collect();
            assert_eq!(hits.len(), 1, "{route:?} ({path}) matches {hits:?}");
            used.push(hits[0]);
        }
        for pattern in ROUTE_PATTERNS {
            assert!(used.contains(&pattern), "no AppRoute for {pattern}");
        }
        assert!(!matches("/repo/*name", "/repo/"));
        assert!(!matches("/runs", "/runs/x"));
        assert!(matches("/repo/*name", "/repo/a/b"));
    }

    #[test]
    fn app_declares_every_pattern() {
        let app = include_str!("app.rs");
        let declared: Vec<&str> = app
            .split("path!(\"")
            .skip(1)
            .filter_map(|rest| rest.split_once("\")").map(|(p, _)| p))
            .collect();
        let mut expected = ROUTE_PATTERNS.to_vec();
        let mut found = declared.clone();
        expected.sort_unstable();
        found.sort_unstable();
        assert_eq!(found, expected, "app.rs declares {declared:?}");
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
