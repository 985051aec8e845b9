//! The browser side of [`Transport`]: `fetch` through gloo-net, nothing
//! interpreted. Each request has a timeout; all requests of a view are
//! aborted when the view goes away.

use crate::digest_cache;
use crate::registry::auth::BasicCredentials;
use crate::registry::client::Transport;
use crate::registry::error::RegistryError;
use crate::registry::immutable::content_digest;
use crate::registry::pagination::Origin;
use crate::registry::response::{Method, RawResponse, Request};
use crate::registry::retry::RetryNotice;
use crate::registry::token::{Signer, TokenCache};
use crate::session::Session;
use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use leptos::prelude::{
    on_cleanup, use_context, GetUntracked, LocalStorage, RwSignal, Set, StoredValue, WithValue,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal, RequestCache, RequestCredentials, RequestMode};

/// How an answer that broke off while being read is described.
const BODY_CUT: &str = "the answer was cut off";

/// Seconds before a request is given up.
pub const TIMEOUT_SECONDS: u32 = 30;

/// `fetch`-based transport owned by one view.
#[derive(Clone, Default)]
pub struct WebTransport {
    view_signal: Option<AbortSignal>,
    /// Where retries are announced (the session's banner), when there is a
    /// session.
    notices: Option<RwSignal<Option<RetryNotice>>>,
    /// Where credentials may go and what they are (`None` outside a
    /// session).
    auth: Option<SessionAuth>,
}

/// The registry's API prefix (`<base>/v2/`), the signed-in credentials and
/// the session's bearer tokens.
#[derive(Clone)]
struct SessionAuth {
    api_prefix: String,
    credentials: RwSignal<Option<BasicCredentials>>,
    tokens: StoredValue<TokenCache, LocalStorage>,
}

fn session_auth() -> Option<SessionAuth> {
    use_context::<Session>().map(|s| SessionAuth {
        api_prefix: format!("{}/v2/", s.registry().base()),
        credentials: s.credentials,
        tokens: s.tokens,
    })
}

/// The largest answer read: far above any manifest (distribution caps them
/// at 4 MiB) or image config.
pub const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

impl WebTransport {
    /// A transport whose requests end only by answer, error or timeout.
    pub fn new() -> Self {
        WebTransport {
            view_signal: None,
            notices: use_context::<Session>().map(|s| s.retrying),
            auth: session_auth(),
        }
    }

    /// A transport whose requests are aborted when the current reactive
    /// owner (the view that asked) is cleaned up.
    pub fn for_view() -> Self {
        let controller = AbortController::new().ok();
        let view_signal = controller.as_ref().map(|c| c.signal());
        if let Some(c) = controller {
            on_cleanup(move || c.abort());
        }
        WebTransport {
            view_signal,
            notices: use_context::<Session>().map(|s| s.retrying),
            auth: session_auth(),
        }
    }

    /// Signed by [`Signer`]: credentials and tokens only for the registry's
    /// API (and credentials for its token realm).
    async fn send_signed(&self, request: Request) -> Result<RawResponse, RegistryError> {
        let fetch = Fetch(self);
        let Some(auth) = &self.auth else {
            return fetch.send(request).await;
        };
        let credentials = auth.credentials.try_get_untracked().flatten();
        let Some(tokens) = auth.tokens.try_with_value(TokenCache::clone) else {
            return fetch.send(request).await;
        };
        Signer {
            api_prefix: &auth.api_prefix,
            credentials: credentials.as_ref(),
            tokens: &tokens,
        }
        .send(&fetch, request, js_sys::Date::now())
        .await
    }

    /// The request's abort signal: the view going away, or the timeout.
    /// The timeout is a timer cleared when the request ends (dropping the
    /// guard): `AbortSignal.timeout` would keep a live timer (and the
    /// request's signal) for 30 s after every request, thousands of them
    /// while a long list loads.
    fn signal(&self) -> (Option<AbortSignal>, Option<TimeoutGuard>) {
        let Ok(controller) = AbortController::new() else {
            return (self.view_signal.clone(), None);
        };
        let own = controller.signal();
        let fire = Closure::once(move || {
            let reason = web_sys::DomException::new_with_message_and_name(
                "the request took too long",
                "TimeoutError",
            )
            .map(JsValue::from)
            .unwrap_or(JsValue::UNDEFINED);
            controller.abort_with_reason(&reason);
        });
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                fire.as_ref().unchecked_ref(),
                (TIMEOUT_SECONDS * 1000) as i32,
            )
            .ok()
        });
        let signal = match &self.view_signal {
            Some(view) => AbortSignal::any(&js_sys::Array::of2(view, &own)),
            None => own,
        };
        (
            Some(signal),
            timer.map(|id| TimeoutGuard { id, _fire: fire }),
        )
    }
}

impl Transport for WebTransport {
    async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
        // Content named by digest never changes: answer from the store when
        // it has it (checked against the digest), keep it when not.
        let Some(digest) = content_digest(&request) else {
            return self.send_signed(request).await;
        };
        if let Some((body, content_type)) = digest_cache::get(&digest).await {
            let mut headers = vec![("Docker-Content-Digest".to_string(), digest.to_string())];
            if let Some(c) = content_type {
                headers.push(("Content-Type".to_string(), c));
            }
            return Ok(RawResponse {
                status: 200,
                status_text: "OK (kept by digest)".into(),
                headers,
                body,
            });
        }
        let response = self.send_signed(request).await?;
        if response.status == 200 {
            digest_cache::put(&digest, &response.body, response.header("Content-Type"));
        }
        Ok(response)
    }

    async fn sleep(&self, ms: u32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// A read that kept failing without an answer: if the server does
    /// answer a `no-cors` request, the browser is refusing its answers
    /// (CORS). Not for answers cut off midway (the server did answer).
    async fn diagnose(&self, error: RegistryError) -> RegistryError {
        match error {
            RegistryError::Unreachable { url, detail }
                if !detail.starts_with(BODY_CUT) && answers_opaquely(&url).await =>
            {
                RegistryError::CorsRefused {
                    url,
                    origin: leptos::prelude::window()
                        .location()
                        .origin()
                        .unwrap_or_default(),
                }
            }
            other => other,
        }
    }

    fn notice(&self, retry: Option<RetryNotice>) {
        if let Some(n) = self.notices {
            n.try_set(retry);
        }
    }
}

/// Clears a request's timeout timer when the request is over.
struct TimeoutGuard {
    id: i32,
    /// The timer's callback, freed with the guard (after the timer is
    /// cleared).
    _fire: Closure<dyn FnMut()>,
}

impl Drop for TimeoutGuard {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}

/// The plain `fetch` under the signer: sends what it is given.
struct Fetch<'a>(&'a WebTransport);

impl Transport for Fetch<'_> {
    async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
        if blocked_by_page_policy(&request.url) {
            return Err(RegistryError::BlockedByPolicy {
                origin: Origin::of(&request.url)
                    .map(|o| o.to_url())
                    .unwrap_or_default(),
                url: request.url,
            });
        }
        let method = match request.method {
            Method::Get => HttpMethod::GET,
            Method::Head => HttpMethod::HEAD,
            Method::Delete => HttpMethod::DELETE,
            Method::Post => HttpMethod::POST,
            Method::Put => HttpMethod::PUT,
        };
        let (signal, _timeout) = self.0.signal();
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .abort_signal(signal.as_ref());
        if let Some(accept) = request.accept {
            builder = builder.header("Accept", accept);
        }
        if let Some(content_type) = &request.content_type {
            builder = builder.header("Content-Type", content_type);
        }
        if request.no_store {
            builder = builder.cache(RequestCache::NoStore);
        }
        // No cookies, no browser sign-in pop-up; an `Authorization` header
        // only where the signer put one.
        builder = builder.credentials(RequestCredentials::Omit);
        if let Some(authorization) = &request.authorization {
            builder = builder.header("Authorization", authorization.expose());
        }
        let sent = match &request.body {
            Some(bytes) => match builder.body(js_sys::Uint8Array::from(bytes.as_slice())) {
                Ok(req) => req.send().await,
                Err(e) => Err(e),
            },
            None => builder.send().await,
        };
        let resp = sent.map_err(|e| fetch_error(&request.url, e))?;
        let headers: Vec<(String, String)> = resp.headers().entries().collect();
        // Refuse a huge answer before reading it (Content-Length is always
        // readable, also cross-origin).
        let announced = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse::<u64>().ok());
        if let Some(bytes) = announced.filter(|b| *b > MAX_BODY_BYTES) {
            return Err(RegistryError::TooLarge {
                url: request.url.clone(),
                bytes,
                limit: MAX_BODY_BYTES,
            });
        }
        let body = if request.method == Method::Head {
            Vec::new()
        } else {
            resp.binary()
                .await
                .map_err(|e| match fetch_error(&request.url, e) {
                    RegistryError::Unreachable { url, detail } => RegistryError::Unreachable {
                        url,
                        detail: format!("{BODY_CUT}: {detail}"),
                    },
                    other => other,
                })?
        };
        if body.len() as u64 > MAX_BODY_BYTES {
            return Err(RegistryError::TooLarge {
                url: request.url.clone(),
                bytes: body.len() as u64,
                limit: MAX_BODY_BYTES,
            });
        }
        Ok(RawResponse {
            status: resp.status(),
            status_text: resp.status_text(),
            headers,
            body,
        })
    }
}

thread_local! {
    /// The page's `<meta>` Content-Security-Policy, read once.
    static PAGE_POLICY: Option<String> = leptos::prelude::window()
        .document()
        .and_then(|d| {
            d.query_selector("meta[http-equiv='Content-Security-Policy']")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"));
}

/// Whether the `<meta>` Content-Security-Policy of this page forbids
/// fetching `url`: the browser would refuse it in a way that looks like an
/// unreachable host. (A policy sent as a header cannot be read.)
fn blocked_by_page_policy(url: &str) -> bool {
    PAGE_POLICY.with(|policy| {
        policy.as_deref().is_some_and(|p| {
            let page = leptos::prelude::window()
                .location()
                .href()
                .unwrap_or_default();
            !crate::policy::allows_connect(p, &page, url)
        })
    })
}

/// After a failed fetch: does the server answer at all? A `no-cors` GET
/// resolves (with an opaque answer) when it does, and fails when nothing
/// answers. So a failure plus an opaque answer means CORS refused.
async fn answers_opaquely(url: &str) -> bool {
    RequestBuilder::new(url)
        .method(HttpMethod::GET)
        .mode(RequestMode::NoCors)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .abort_signal(Some(&AbortSignal::timeout_with_u32(5_000)))
        .send()
        .await
        .is_ok()
}

fn fetch_error(url: &str, e: gloo_net::Error) -> RegistryError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "TimeoutError" => RegistryError::Timeout {
            url: url.to_string(),
            seconds: TIMEOUT_SECONDS,
        },
        gloo_net::Error::JsError(js) if js.name == "AbortError" => RegistryError::Cancelled,
        gloo_net::Error::JsError(js) => RegistryError::Unreachable {
            url: url.to_string(),
            detail: format!("{}: {}", js.name, js.message),
        },
        other => RegistryError::Unreachable {
            url: url.to_string(),
            detail: other.to_string(),
        },
    }
}
