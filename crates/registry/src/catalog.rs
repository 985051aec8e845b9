//! Catalog and tag-list pages.

use super::error::RegistryError;
use super::response::{excerpt, parse_json_object as parse_object};
use serde::Deserialize;

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

fn malformed(expected: &str, body: &[u8], err: serde_json::Error) -> RegistryError {
    RegistryError::Malformed {
        expected: expected.to_string(),
        got: format!("{} ({err})", excerpt(&String::from_utf8_lossy(body), 160)),
    }
}

/// Repository names on one catalog page. `null` counts as none.
pub fn parse_catalog_page(body: &[u8]) -> Result<Vec<String>, RegistryError> {
    parse_object::<CatalogBody>(body)
        .map(|b| b.repositories.unwrap_or_default())
        .map_err(|e| malformed("a catalog page {\"repositories\": [...]}", body, e))
}

/// Tags on one tag-list page. `"tags": null` (an emptied repository on 2.8)
/// counts as none.
pub fn parse_tags_page(body: &[u8]) -> Result<Vec<String>, RegistryError> {
    parse_object::<TagsBody>(body)
        .map(|b| b.tags.unwrap_or_default())
        .map_err(|e| malformed("a tag list {\"name\": ..., \"tags\": [...]}", body, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
                    assert!(expected.contains("catalog"))
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
