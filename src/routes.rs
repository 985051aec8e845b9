//! Every page's URL, in one place: routes are declared from these paths and
//! every link is built with [`AppRoute::href`], so links cannot drift.

use crate::registry::reference::{Reference, ReferenceError, RepositoryName};

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppRoute {
    Catalog,
    /// The tags of one repository: `/repo/team/app/api`.
    Repository(RepositoryName),
    /// One manifest: `/image/team/app/api:v1` or `/image/team/app/api@sha256:…`.
    Image(RepositoryName, Reference),
}

impl AppRoute {
    pub fn href(&self) -> String {
        match self {
            AppRoute::Catalog => "/".into(),
            AppRoute::Repository(n) => format!("/repo/{n}"),
            AppRoute::Image(n, Reference::Tag(t)) => format!("/image/{n}:{t}"),
            AppRoute::Image(n, Reference::Digest(d)) => format!("/image/{n}@{d}"),
        }
    }
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
            let href = route.href();
            let (pn, pr) = parse_image_path(href.strip_prefix("/image/").unwrap()).unwrap();
            assert_eq!(AppRoute::Image(pn, pr), route);
        }
        assert_eq!(AppRoute::Repository(n).href(), "/repo/team/app/api");
        assert_eq!(
            parse_image_path("alpine").unwrap().1,
            Reference::parse("latest").unwrap()
        );
        assert!(parse_image_path("Bad Name:v1").is_err());
        assert!(parse_image_path("a@sha256:zz").is_err());
    }
}
