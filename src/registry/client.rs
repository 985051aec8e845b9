//! Request sequences over any [`Transport`]: pagination, page-size retries,
//! "no tags" normalisation. The browser implements `Transport` with `fetch`;
//! tests implement it with recorded answers.

use super::catalog::{parse_catalog_page, parse_tags_page};
use super::error::{ErrorCode, RegistryError};
use super::pagination::{next_link, resolve_same_origin, LinkError};
use super::reference::{paths, RepositoryName};
use super::response::{RawResponse, Request};
use std::future::Future;

/// Sends one request and returns the raw answer. Network-level failures
/// (no answer at all) are returned as `RegistryError` by the implementation.
pub trait Transport {
    fn send(&self, request: Request) -> impl Future<Output = Result<RawResponse, RegistryError>>;
}

/// Catalog page size asked for first: distribution's default `maxentries`.
pub const CATALOG_PAGE: u32 = 1000;
/// Page size after a 400 `PAGINATION_NUMBER_INVALID`.
pub const CATALOG_PAGE_FALLBACK: u32 = 100;
/// Safety stop for a registry whose next links never end.
pub const MAX_PAGES: usize = 10_000;

/// A registry at `base` (e.g. `http://127.0.0.1:5000`, no trailing slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registry {
    base: String,
}

impl Registry {
    pub fn new(base: &str) -> Self {
        Registry {
            base: base.trim_end_matches('/').to_string(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET /v2/`: is this a v2 registry we may read?
    pub async fn check(&self, t: &impl Transport) -> Result<(), RegistryError> {
        let resp = t.send(Request::get(self.url(paths::base()))).await?;
        if resp.is_success() {
            Ok(())
        } else {
            Err(RegistryError::from_response(&resp))
        }
    }

    /// Every repository name, following next links to the end.
    /// `on_page` is told the running total after each page.
    pub async fn list_repositories(
        &self,
        t: &impl Transport,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<String>, RegistryError> {
        let mut page = CATALOG_PAGE;
        let mut url = self.url(&paths::catalog(page));
        let mut names = Vec::new();
        let mut pages = 0;
        loop {
            let resp = t.send(Request::get(url.clone())).await?;
            if resp.status == 400 && page > CATALOG_PAGE_FALLBACK && names.is_empty() {
                let err = RegistryError::from_response(&resp);
                if matches!(
                    &err,
                    RegistryError::Rejected { code: Some(ErrorCode::PaginationNumberInvalid), .. }
                ) {
                    page = CATALOG_PAGE_FALLBACK;
                    url = self.url(&paths::catalog(page));
                    continue;
                }
                return Err(err);
            }
            if !resp.is_success() {
                return Err(RegistryError::from_response(&resp));
            }
            names.extend(parse_catalog_page(&resp.body)?);
            on_page(names.len());
            pages += 1;
            match self.next_page(&url, &resp, pages)? {
                Some(next) => url = next,
                None => return Ok(names),
            }
        }
    }

    /// Every tag of a repository. An emptied repository (`null`, `[]`, or 404
    /// `NAME_UNKNOWN` on some storage) has no tags.
    pub async fn list_tags(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
    ) -> Result<Vec<String>, RegistryError> {
        let mut url = self.url(&paths::tags(name));
        let mut tags = Vec::new();
        let mut pages = 0;
        loop {
            let resp = t.send(Request::get(url.clone()).no_store(true)).await?;
            if !resp.is_success() {
                return match RegistryError::from_response(&resp) {
                    RegistryError::NotFound { code: Some(ErrorCode::NameUnknown), .. }
                        if pages == 0 =>
                    {
                        Ok(Vec::new())
                    }
                    e => Err(e),
                };
            }
            tags.extend(parse_tags_page(&resp.body)?);
            pages += 1;
            match self.next_page(&url, &resp, pages)? {
                Some(next) => url = next,
                None => return Ok(tags),
            }
        }
    }

    fn next_page(
        &self,
        url: &str,
        resp: &RawResponse,
        pages: usize,
    ) -> Result<Option<String>, RegistryError> {
        let Some(link) = resp.header("Link").and_then(|h| next_link(&h)) else {
            return Ok(None);
        };
        if pages >= MAX_PAGES {
            return Err(RegistryError::Malformed {
                expected: format!("at most {MAX_PAGES} pages"),
                got: "next-page links that do not end".into(),
            });
        }
        let next = resolve_same_origin(url, &link).map_err(|e| match e {
            LinkError::ForeignOrigin(l) | LinkError::BadBase(l) => RegistryError::ForeignLink { link: l },
        })?;
        if next == url {
            return Err(RegistryError::Malformed {
                expected: "a next-page link to a new page".into(),
                got: format!("a link back to the same page ({link})"),
            });
        }
        Ok(Some(next))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::VecDeque;

    /// Answers requests from a script and records what was asked.
    #[derive(Default)]
    pub struct Scripted {
        pub answers: RefCell<VecDeque<Result<RawResponse, RegistryError>>>,
        pub asked: RefCell<Vec<Request>>,
    }

    impl Scripted {
        pub fn new(answers: Vec<Result<RawResponse, RegistryError>>) -> Self {
            Scripted {
                answers: RefCell::new(answers.into()),
                asked: RefCell::default(),
            }
        }
    }

    impl Transport for Scripted {
        async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
            self.asked.borrow_mut().push(request);
            self.answers
                .borrow_mut()
                .pop_front()
                .expect("more requests than scripted answers")
        }
    }

    pub fn ok(body: &str, link: Option<&str>) -> Result<RawResponse, RegistryError> {
        let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
        if let Some(l) = link {
            headers.push(("Link".into(), format!("<{l}>; rel=\"next\"")));
        }
        Ok(RawResponse {
            status: 200,
            status_text: "OK".into(),
            headers,
            body: body.as_bytes().to_vec(),
        })
    }

    pub fn status(code: u16, body: &str) -> Result<RawResponse, RegistryError> {
        Ok(RawResponse {
            status: code,
            status_text: String::new(),
            headers: vec![],
            body: body.as_bytes().to_vec(),
        })
    }

    /// Runs a future that never waits (scripted transports answer at once).
    pub fn block_on<F: Future>(f: F) -> F::Output {
        use std::pin::pin;
        use std::task::{Context, Poll, Waker};
        let mut f = pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        match f.as_mut().poll(&mut cx) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("scripted future should not wait"),
        }
    }

    const BASE: &str = "http://127.0.0.1:5000";

    #[test]
    fn catalog_follows_every_next_link() {
        let t = Scripted::new(vec![
            ok(r#"{"repositories":["a","b"]}"#, Some("/v2/_catalog?last=b&n=1000")),
            ok(r#"{"repositories":["c"]}"#, Some("/v2/_catalog?last=c&n=1000")),
            ok(r#"{"repositories":[]}"#, None),
        ]);
        let mut progress = vec![];
        let names = block_on(Registry::new(BASE).list_repositories(&t, |n| progress.push(n))).unwrap();
        assert_eq!(names, vec!["a", "b", "c"]);
        assert_eq!(progress, vec![2, 3, 3]);
        let urls: Vec<String> = t.asked.borrow().iter().map(|r| r.url.clone()).collect();
        assert_eq!(
            urls,
            vec![
                "http://127.0.0.1:5000/v2/_catalog?n=1000",
                "http://127.0.0.1:5000/v2/_catalog?last=b&n=1000",
                "http://127.0.0.1:5000/v2/_catalog?last=c&n=1000",
            ]
        );
    }

    #[test]
    fn catalog_retries_with_a_smaller_page_when_n_is_refused() {
        let t = Scripted::new(vec![
            status(
                400,
                r#"{"errors":[{"code":"PAGINATION_NUMBER_INVALID","message":"invalid number of results requested"}]}"#,
            ),
            ok(r#"{"repositories":["a"]}"#, None),
        ]);
        let names = block_on(Registry::new(BASE).list_repositories(&t, |_| {})).unwrap();
        assert_eq!(names, vec!["a"]);
        assert_eq!(t.asked.borrow()[1].url, "http://127.0.0.1:5000/v2/_catalog?n=100");
    }

    #[test]
    fn catalog_refuses_foreign_and_looping_links() {
        let t = Scripted::new(vec![ok(r#"{"repositories":["a"]}"#, Some("http://evil.example/v2/_catalog"))]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_| {})),
            Err(RegistryError::ForeignLink { .. })
        ));
        let t = Scripted::new(vec![ok(r#"{"repositories":["a"]}"#, Some("/v2/_catalog?n=1000"))]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_| {})),
            Err(RegistryError::Malformed { .. })
        ));
    }

    #[test]
    fn catalog_errors_pass_through_typed() {
        let t = Scripted::new(vec![Err(RegistryError::Unreachable {
            url: "u".into(),
            detail: "TypeError".into(),
        })]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_| {})),
            Err(RegistryError::Unreachable { .. })
        ));
        let t = Scripted::new(vec![status(401, "")]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_| {})),
            Err(RegistryError::Unauthorized { .. })
        ));
        let t = Scripted::new(vec![ok("<html>proxy login</html>", None)]);
        assert!(matches!(
            block_on(Registry::new(BASE).list_repositories(&t, |_| {})),
            Err(RegistryError::Malformed { .. })
        ));
    }

    #[test]
    fn emptied_repositories_have_no_tags_in_every_dialect() {
        let name = RepositoryName::parse("team/app").unwrap();
        for answer in [
            ok(r#"{"name":"team/app","tags":null}"#, None),
            ok(r#"{"name":"team/app","tags":[]}"#, None),
            status(404, r#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}"#),
        ] {
            let t = Scripted::new(vec![answer]);
            assert_eq!(block_on(Registry::new(BASE).list_tags(&t, &name)).unwrap(), Vec::<String>::new());
            let asked = t.asked.borrow();
            assert_eq!(asked[0].url, "http://127.0.0.1:5000/v2/team/app/tags/list");
            assert!(asked[0].no_store);
        }
    }

    #[test]
    fn tags_paginate_when_the_registry_does() {
        let name = RepositoryName::parse("a").unwrap();
        let t = Scripted::new(vec![
            ok(r#"{"name":"a","tags":["1"]}"#, Some("/v2/a/tags/list?last=1&n=1")),
            ok(r#"{"name":"a","tags":["2"]}"#, None),
        ]);
        assert_eq!(block_on(Registry::new(BASE).list_tags(&t, &name)).unwrap(), vec!["1", "2"]);
    }
}
