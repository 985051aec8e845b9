//! The browser side of [`Transport`]: `fetch` through gloo-net, nothing
//! interpreted. Each request has a timeout; all requests of a view are
//! aborted when the view goes away.

use crate::digest_cache;
use crate::registry::auth::BasicCredentials;
use crate::registry::client::Transport;
use crate::registry::digest::Digest;
use crate::registry::error::{NoAnswer, RegistryError};
use crate::registry::immutable::{answer_digest, content_digest};
use crate::registry::pagination::Origin;
use crate::registry::response::{Method, RawResponse, Request, MAX_BODY_BYTES};
use crate::registry::retry::RetryNotice;
use crate::registry::schedule::{pause_ms, Priority};
use crate::registry::token::{Signer, TokenCache};
use crate::request_queue;
use crate::session::Session;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use leptos::prelude::{
    on_cleanup, use_context, GetUntracked, LocalStorage, RwSignal, Set, StoredValue, WithValue,
};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    AbortController, AbortSignal, RequestCache, RequestCredentials, RequestMode, RequestRedirect,
};

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
    /// Place in the page's one request queue.
    priority: Priority,
    /// Which view this is: GETs by digest under way are shared within it
    /// (see `SHARED_READS`).
    view_id: u64,
}

type SharedAnswer = Shared<LocalBoxFuture<'static, Result<RawResponse, RegistryError>>>;

thread_local! {
    /// GETs by digest under way, per view: a second ask for the same
    /// content waits for the first answer instead of sending again (not
    /// across views: one view's abort must not fail another's read).
    static SHARED_READS: RefCell<HashMap<(u64, String), SharedAnswer>> = RefCell::new(HashMap::new());
    static NEXT_VIEW_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn next_view_id() -> u64 {
    NEXT_VIEW_ID.with(|n| {
        n.set(n.get() + 1);
        n.get()
    })
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

impl WebTransport {
    /// A transport whose requests end only by answer, error or timeout.
    pub fn new() -> Self {
        WebTransport {
            view_signal: None,
            notices: use_context::<Session>().map(|s| s.retrying),
            auth: session_auth(),
            priority: Priority::Foreground,
            view_id: next_view_id(),
        }
    }

    /// The same transport, its requests queued after what the page itself
    /// waits for (per-row details).
    pub fn background(&self) -> Self {
        WebTransport {
            priority: Priority::Background,
            ..self.clone()
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
            priority: Priority::Foreground,
            view_id: next_view_id(),
        }
    }

    /// The kept answer for `digest`, else the registry's (kept if it is
    /// that content).
    async fn kept_or_sent(
        &self,
        digest: &Digest,
        request: Request,
    ) -> Result<RawResponse, RegistryError> {
        if let Some((body, content_type)) = digest_cache::get(digest).await {
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
        self.send_and_keep(request).await
    }

    /// Sent (signed), and kept by digest when the answer is content that
    /// never changes (see `registry::immutable`).
    async fn send_and_keep(&self, request: Request) -> Result<RawResponse, RegistryError> {
        let keep_as = Request::new(request.method, request.url.clone());
        let response = self.send_signed(request).await?;
        if let Some(digest) = answer_digest(&keep_as, &response) {
            digest_cache::put(&digest, &response.body, response.header("Content-Type"));
        }
        Ok(response)
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
    /// Its own controller, aborted by a timer (cleared when the request
    /// ends) or by a listener on the view's signal (removed when it ends).
    /// Not `AbortSignal.any`/`AbortSignal.timeout`: each of those leaves
    /// work behind in the browser per request (a live timer for 30 s, a
    /// dependent of the view's signal), and with thousands of requests per
    /// view the profile showed `fetch` itself growing slow.
    fn signal(&self, seconds: u32) -> (Option<AbortSignal>, Option<RequestGuard>) {
        let Ok(controller) = AbortController::new() else {
            return (self.view_signal.clone(), None);
        };
        let own = controller.signal();
        let on_timeout = controller.clone();
        let fire = Closure::<dyn FnMut()>::new(move || {
            // Told by its name (`js_failure`: `Timeout`); no message needed.
            let reason = web_sys::DomException::new_with_message_and_name("", "TimeoutError")
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED);
            on_timeout.abort_with_reason(&reason);
        });
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                fire.as_ref().unchecked_ref(),
                (seconds * 1000) as i32,
            )
            .ok()
        });
        let view = self.view_signal.clone().map(|view| {
            let on_view = controller.clone();
            let gone = Closure::<dyn FnMut()>::new(move || on_view.abort());
            let _ = view.add_event_listener_with_callback("abort", gone.as_ref().unchecked_ref());
            if view.aborted() {
                controller.abort();
            }
            (view, gone)
        });
        (
            Some(own),
            Some(RequestGuard {
                timer,
                _fire: fire,
                view,
            }),
        )
    }
}

impl Transport for WebTransport {
    async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
        // Content named by digest never changes: answer from the store when
        // it has it (checked against the digest), keep it when not, and ask
        // once while an ask for it is under way.
        let Some(digest) = content_digest(&request) else {
            return self.send_and_keep(request).await;
        };
        let key = (self.view_id, request.url.clone());
        let under_way = SHARED_READS.with(|m| m.borrow().get(&key).cloned());
        if let Some(answer) = under_way {
            return answer.await;
        }
        let (this, done_key) = (self.clone(), key.clone());
        let answer = async move {
            let out = this.kept_or_sent(&digest, request).await;
            // Over: the next ask (a retry after an error) sends again.
            SHARED_READS.with(|m| m.borrow_mut().remove(&done_key));
            out
        }
        .boxed_local()
        .shared();
        SHARED_READS.with(|m| m.borrow_mut().insert(key, answer.clone()));
        answer.await
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    /// Same-origin answers show every header; cross-origin ones only those
    /// the registry exposes.
    fn headers_visible(&self, url: &str) -> bool {
        let page = leptos::prelude::window().location().origin().ok();
        match (Origin::of(url), page.as_deref().and_then(Origin::of)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    fn forget(&self, digest: &crate::registry::digest::Digest) {
        digest_cache::remove(digest);
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
            RegistryError::Unreachable {
                url,
                detail: NoAnswer::Failed(_),
            } if answers_opaquely(&url).await => RegistryError::CorsRefused {
                url,
                origin: leptos::prelude::window()
                    .location()
                    .origin()
                    .unwrap_or_default(),
            },
            other => other,
        }
    }

    fn notice(&self, retry: Option<RetryNotice>) {
        if let Some(n) = self.notices {
            n.try_set(retry);
        }
    }
}

/// Clears a request's timeout timer and stops listening to its view's
/// signal when the request is over.
struct RequestGuard {
    timer: Option<i32>,
    /// The timer's callback, freed with the guard (after the timer is
    /// cleared).
    _fire: Closure<dyn FnMut()>,
    /// The view's signal and the listener that aborts this request.
    view: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl Drop for RequestGuard {
    fn drop(&mut self) {
        if let (Some(w), Some(id)) = (web_sys::window(), self.timer) {
            w.clear_timeout_with_handle(id);
        }
        if let Some((signal, listener)) = &self.view {
            let _ = signal
                .remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
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
            Method::Patch => HttpMethod::PATCH,
        };
        // The page's queue first: the timeout counts from when it is sent.
        let _in_flight =
            request_queue::admitted(self.0.priority, self.0.view_signal.as_ref()).await?;
        let seconds = request.timeout_seconds();
        let (signal, _timeout) = self.0.signal(seconds);
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .abort_signal(signal.as_ref());
        if let Some(accept) = request.accept {
            builder = builder.header("Accept", accept);
        }
        if let Some(content_type) = &request.content_type {
            builder = builder.header("Content-Type", content_type);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if request.no_store {
            builder = builder.cache(RequestCache::NoStore);
        }
        if !request.follows_redirects() {
            builder = builder.redirect(RequestRedirect::Manual);
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
        let resp = sent.map_err(|e| fetch_error(&request.url, e, seconds))?;
        // `redirect: manual`: the browser hides where it pointed.
        if resp.type_() == web_sys::ResponseType::Opaqueredirect {
            return Err(RegistryError::Redirected {
                url: String::new(),
                status: resp.status(),
            });
        }
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
            // Read as a stream and stop past the limit: an answer without a
            // length (chunked, or a decompression bomb) never fills the
            // tab's memory.
            match read_capped(resp.body(), MAX_BODY_BYTES).await {
                Ok(Ok(body)) => body,
                Ok(Err(bytes)) => {
                    return Err(RegistryError::TooLarge {
                        url: request.url.clone(),
                        bytes,
                        limit: MAX_BODY_BYTES,
                    })
                }
                Err(e) => return Err(body_error(&request.url, &e, seconds)),
            }
        };
        let response = RawResponse {
            status: resp.status(),
            status_text: resp.status_text(),
            headers,
            body,
        };
        if let Some(ms) = pause_ms(&response) {
            request_queue::pause(ms);
        }
        Ok(response)
    }
}

/// An answer's body `stream`, read chunk by chunk: `Ok(Err(read))` as soon
/// as more than `limit` bytes came (the rest is cancelled, never buffered).
async fn read_capped(
    stream: Option<web_sys::ReadableStream>,
    limit: u64,
) -> Result<Result<Vec<u8>, u64>, JsValue> {
    let Some(stream) = stream.map(JsValue::from) else {
        return Ok(Ok(Vec::new()));
    };
    let call = |target: &JsValue, name: &str| -> Result<JsValue, JsValue> {
        js_sys::Reflect::get(target, &name.into())?
            .dyn_into::<js_sys::Function>()?
            .call0(target)
    };
    let reader = call(&stream, "getReader")?;
    let mut body: Vec<u8> = Vec::new();
    loop {
        let next = call(&reader, "read")?.dyn_into::<js_sys::Promise>()?;
        let chunk = wasm_bindgen_futures::JsFuture::from(next).await?;
        if js_sys::Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(Ok(body));
        }
        let bytes = js_sys::Uint8Array::new(&js_sys::Reflect::get(&chunk, &"value".into())?);
        let read = body.len() as u64 + u64::from(bytes.length());
        if read > limit {
            // Stop the download; what came is dropped.
            let _ = call(&reader, "cancel");
            return Ok(Err(read));
        }
        let start = body.len();
        body.resize(start + bytes.length() as usize, 0);
        bytes.copy_to(&mut body[start..]);
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

fn fetch_error(url: &str, e: gloo_net::Error, seconds: u32) -> RegistryError {
    match e {
        gloo_net::Error::JsError(js) => js_failure(url, &js.name, &js.message, seconds),
        other => RegistryError::Unreachable {
            url: url.to_string(),
            detail: NoAnswer::Failed(other.to_string()),
        },
    }
}

/// A browser error named `name` while asking `url`: our timeout, the view
/// gone (abort), or no answer.
fn js_failure(url: &str, name: &str, message: &str, seconds: u32) -> RegistryError {
    match name {
        "TimeoutError" => RegistryError::Timeout {
            url: url.to_string(),
            seconds,
        },
        "AbortError" => RegistryError::Cancelled,
        _ => RegistryError::Unreachable {
            url: url.to_string(),
            detail: NoAnswer::Failed(format!("{name}: {message}")),
        },
    }
}

/// An error while the body was read (the same cases, the answer cut off).
fn body_error(url: &str, e: &JsValue, seconds: u32) -> RegistryError {
    let (name, message) = if let Some(e) = e.dyn_ref::<web_sys::DomException>() {
        (e.name(), e.message())
    } else if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        (String::from(e.name()), String::from(e.message()))
    } else {
        (String::new(), crate::digest_cache::js_error_text(e))
    };
    match js_failure(url, &name, &message, seconds) {
        RegistryError::Unreachable {
            url,
            detail: NoAnswer::Failed(m),
        } => RegistryError::Unreachable {
            url,
            detail: NoAnswer::CutOff(m),
        },
        other => other,
    }
}
