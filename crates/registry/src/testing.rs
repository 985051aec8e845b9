//! What the core's unit tests share: [`Scripted`], a transport that
//! replays answers and records what was asked; answers built in one place;
//! and [`block_on`] for futures that never wait. Compiled for tests only.

use crate::client::Transport;
use crate::error::RegistryError;
use crate::response::{RawResponse, Request};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;

/// Answers requests from a script and records what was asked.
#[derive(Default)]
pub struct Scripted {
    pub answers: RefCell<VecDeque<Result<RawResponse, RegistryError>>>,
    pub asked: RefCell<Vec<Request>>,
    pub headers_hidden: Cell<bool>,
}

impl Scripted {
    pub fn new(answers: Vec<Result<RawResponse, RegistryError>>) -> Self {
        Scripted {
            answers: RefCell::new(answers.into()),
            asked: RefCell::default(),
            headers_hidden: Cell::new(false),
        }
    }

    /// As a browser sees a cross-origin registry that does not expose
    /// `Link`.
    pub fn hiding_headers(self) -> Self {
        self.headers_hidden.set(true);
        self
    }
}

impl Transport for Scripted {
    fn headers_visible(&self, _url: &str) -> bool {
        !self.headers_hidden.get()
    }

    async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
        self.asked.borrow_mut().push(request);
        self.answers
            .borrow_mut()
            .pop_front()
            .expect("more requests than scripted answers")
    }
}

/// An answer: status, headers, body (no reason phrase).
pub fn response(status: u16, headers: &[(&str, String)], body: impl AsRef<[u8]>) -> RawResponse {
    RawResponse {
        status,
        status_text: String::new(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        body: body.as_ref().to_vec(),
    }
}

/// Headers given as text, as [`response`] takes them.
pub fn owned<'a>(headers: &[(&'a str, &str)]) -> Vec<(&'a str, String)> {
    headers.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

/// `200 OK` with these headers.
pub fn with_headers(body: &[u8], headers: &[(&str, &str)]) -> Result<RawResponse, RegistryError> {
    Ok(RawResponse {
        status_text: "OK".into(),
        ..response(200, &owned(headers), body)
    })
}

/// `200 OK` JSON, with a next-page `Link` when given.
pub fn ok(body: &str, link: Option<&str>) -> Result<RawResponse, RegistryError> {
    let mut headers = vec![("Content-Type", "application/json".to_string())];
    if let Some(l) = link {
        headers.push(("Link", format!("<{l}>; rel=\"next\"")));
    }
    Ok(RawResponse {
        status_text: "OK".into(),
        ..response(200, &headers, body)
    })
}

/// An answer with this status and body, no headers.
pub fn status(code: u16, body: &str) -> Result<RawResponse, RegistryError> {
    Ok(response(code, &[], body))
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
