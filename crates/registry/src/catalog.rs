//! Catalog and tag-list pages.

use super::error::{ErrorCode, Expected, Got, RegistryError};
use super::response::parse_json_object as parse_object;
use serde::Deserialize;

/// Why a registry gives no repository list: its `_catalog` answered 401,
/// 403, 404 or 405 (GitLab, GHCR, Docker Hub, Harbor for anyone but an
/// admin, registries with the catalog switched off). Repositories are then
/// reached by name. Other failures (unreachable, 5xx, …) are not this:
/// the list may work on a retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogUnavailable {
    /// 401: the registry wants credentials that may list (or a token with
    /// `registry:catalog:*`, which most token services give only admins).
    Unauthorized,
    /// 403 (or a 401 `DENIED`): these credentials may not list.
    Denied,
    /// 404: the registry has no catalog route.
    NotFound,
    /// 405, or `UNSUPPORTED`: the registry does not offer a catalog.
    Unsupported,
}

impl CatalogUnavailable {
    /// The reason, when `error` (from listing the catalog) is one.
    pub fn of(error: &RegistryError) -> Option<CatalogUnavailable> {
        match error {
            RegistryError::Unauthorized { .. } => Some(CatalogUnavailable::Unauthorized),
            RegistryError::Denied { .. } => Some(CatalogUnavailable::Denied),
            RegistryError::NotFound { .. } => Some(CatalogUnavailable::NotFound),
            // 405 `UNSUPPORTED` is mapped as for a DELETE; on `_catalog` it
            // means no catalog.
            RegistryError::DeleteDisabled | RegistryError::ReadOnly { .. } => {
                Some(CatalogUnavailable::Unsupported)
            }
            RegistryError::Rejected { status, code, .. }
                if *status == 405 || *code == Some(ErrorCode::Unsupported) =>
            {
                Some(CatalogUnavailable::Unsupported)
            }
            _ => None,
        }
    }

    /// For `data-kind`.
    pub fn kind(self) -> &'static str {
        match self {
            CatalogUnavailable::Unauthorized => "unauthorized",
            CatalogUnavailable::Denied => "denied",
            CatalogUnavailable::NotFound => "not-found",
            CatalogUnavailable::Unsupported => "unsupported",
        }
    }
}

#[derive(Deserialize)]
struct CatalogBody {
    #[serde(default)]
    repositories: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct TagsBody {
    #[serde(default)]
    tags: Option<Vec<String>>,
}

fn malformed(expected: Expected, body: &[u8], err: serde_json::Error) -> RegistryError {
    RegistryError::Malformed {
        expected,
        got: Got::unparsable(body, 160, &err),
    }
}

/// Repository names on one catalog page. `null` counts as none.
pub fn parse_catalog_page(body: &[u8]) -> Result<Vec<String>, RegistryError> {
    parse_object::<CatalogBody>(body)
        .map(|b| b.repositories.unwrap_or_default())
        .map_err(|e| malformed(Expected::CatalogPage, body, e))
}

/// Tags on one tag-list page. `"tags": null` (an emptied repository on 2.8)
/// counts as none.
pub fn parse_tags_page(body: &[u8]) -> Result<Vec<String>, RegistryError> {
    parse_object::<TagsBody>(body)
        .map(|b| b.tags.unwrap_or_default())
        .map_err(|e| malformed(Expected::TagList, body, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn refused_catalogs_are_told_apart_from_failures() {
        let answer = |status: u16, body: &str| {
            RegistryError::from_response(&crate::testing::response(status, &[], body))
        };
        let envelope = |code: &str| format!(r#"{{"errors":[{{"code":"{code}","message":"m"}}]}}"#);
        for (status, body, want) in [
            (
                401,
                envelope("UNAUTHORIZED"),
                Some(CatalogUnavailable::Unauthorized),
            ),
            (401, envelope("DENIED"), Some(CatalogUnavailable::Denied)),
            (403, envelope("DENIED"), Some(CatalogUnavailable::Denied)),
            (
                404,
                "404 page not found".to_string(),
                Some(CatalogUnavailable::NotFound),
            ),
            (
                405,
                envelope("UNSUPPORTED"),
                Some(CatalogUnavailable::Unsupported),
            ),
            (405, String::new(), Some(CatalogUnavailable::Unsupported)),
            (
                400,
                envelope("UNSUPPORTED"),
                Some(CatalogUnavailable::Unsupported),
            ),
            (500, String::new(), None),
            (429, String::new(), None),
        ] {
            assert_eq!(
                CatalogUnavailable::of(&answer(status, &body)),
                want,
                "{status} {body}"
            );
        }
        assert_eq!(
            CatalogUnavailable::of(&RegistryError::Unreachable {
                url: "u".into(),
                detail: crate::error::NoAnswer::Failed("d".into())
            }),
            None
        );
    }

    #[test]
    fn catalog_pages_parse_and_tolerate_null() {
        assert_eq!(
            parse_catalog_page(br#"{"repositories":["a","team/app/api"],"extra":1}"#).unwrap(),
            vec!["a", "team/app/api"]
        );
        assert!(parse_catalog_page(br#"{"repositories":null}"#)
            .unwrap()
            .is_empty());
        assert!(parse_catalog_page(br#"{}"#).unwrap().is_empty());
    }

    #[test]
    fn tag_pages_treat_null_and_empty_alike() {
        assert_eq!(
            parse_tags_page(br#"{"name":"a","tags":["1","2"]}"#).unwrap(),
            vec!["1", "2"]
        );
        assert!(parse_tags_page(br#"{"name":"a","tags":null}"#)
            .unwrap()
            .is_empty());
        assert!(parse_tags_page(br#"{"name":"a","tags":[]}"#)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn hostile_bodies_are_malformed_not_panics() {
        for body in [
            &b"<html><body>502 Bad Gateway</body></html>"[..],
            br#"{"repositories":"#,
            br#"{"repositories":[1,2]}"#,
            br#"[]"#,
            b"\xff\xfe",
        ] {
            match parse_catalog_page(body) {
                Err(RegistryError::Malformed { expected, .. }) => {
                    assert_eq!(expected, Expected::CatalogPage)
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
