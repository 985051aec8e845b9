//! The native transport: the core's [`Transport`] on reqwest (rustls), with
//! the browser's limits: at most `concurrency` requests in flight, the same
//! timeouts (reads 30 s, writes 300 s, or `--timeout`), answers capped at
//! [`MAX_BODY_BYTES`], writes never redirected. Retries, Basic and Bearer
//! auth are the core's ([`Registry::fetch`](registry::client::Registry::fetch),
//! [`Signer`]).

use registry::auth::BasicCredentials;
use registry::client::Transport;
use registry::error::{NoAnswer, RegistryError};
use registry::response::{Method, RawResponse, Request, MAX_BODY_BYTES};
use registry::retry::RetryNotice;
use registry::token::{Signer, TokenCache};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How requests travel.
pub struct Settings {
    pub concurrency: usize,
    /// Overrides the per-method timeout when set.
    pub timeout_seconds: Option<u32>,
    /// Extra PEM certificates to trust (a private CA).
    pub ca_certificates: Vec<reqwest::Certificate>,
}

/// Sends unsigned requests.
pub struct Http {
    reads: reqwest::Client,
    writes: reqwest::Client,
    slots: Semaphore,
    timeout_seconds: Option<u32>,
    started: Instant,
    quiet: bool,
}

impl Http {
    pub fn new(settings: Settings, quiet: bool) -> Result<Http, String> {
        let build = |redirects: reqwest::redirect::Policy| {
            let mut b = reqwest::Client::builder()
                .user_agent(concat!("shipshape-cli/", env!("CARGO_PKG_VERSION")))
                .redirect(redirects)
                // No connection pool limit of our own: the semaphore is the cap.
                .connect_timeout(Duration::from_secs(10));
            for c in &settings.ca_certificates {
                b = b.add_root_certificate(c.clone());
            }
            b.build().map_err(|e| e.to_string())
        };
        Ok(Http {
            // Reads follow redirects (blob storage behind the registry);
            // reqwest drops `Authorization` when a redirect leaves the host.
            reads: build(reqwest::redirect::Policy::limited(5))?,
            // A write is never sent anywhere but where we sent it.
            writes: build(reqwest::redirect::Policy::none())?,
            slots: Semaphore::new(settings.concurrency.max(1)),
            timeout_seconds: settings.timeout_seconds,
            started: Instant::now(),
            quiet,
        })
    }

    async fn exchange(&self, request: Request) -> Result<RawResponse, RegistryError> {
        let seconds = self
            .timeout_seconds
            .unwrap_or_else(|| request.timeout_seconds());
        let client = if request.follows_redirects() {
            &self.reads
        } else {
            &self.writes
        };
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Head => reqwest::Method::HEAD,
            Method::Delete => reqwest::Method::DELETE,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Patch => reqwest::Method::PATCH,
        };
        let mut builder = client
            .request(method, &request.url)
            .timeout(Duration::from_secs(seconds.into()));
        if let Some(accept) = request.accept {
            builder = builder.header(reqwest::header::ACCEPT, accept);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if request.no_store {
            builder = builder.header(reqwest::header::CACHE_CONTROL, "no-store");
        }
        if let Some(authorization) = &request.authorization {
            let mut value = reqwest::header::HeaderValue::from_str(authorization.expose())
                .map_err(|_| RegistryError::Unreachable {
                    url: request.url.clone(),
                    detail: NoAnswer::UnsendableCredentials,
                })?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
            if let Some(ct) = &request.content_type {
                builder = builder.header(reqwest::header::CONTENT_TYPE, ct);
            }
        }
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| RegistryError::Cancelled)?;
        let mut resp = builder
            .send()
            .await
            .map_err(|e| transport_error(&request.url, e, seconds))?;
        let status = resp.status();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into()))
            .collect();
        if let Some(bytes) = resp.content_length().filter(|b| *b > MAX_BODY_BYTES) {
            if request.method != Method::Head {
                return Err(RegistryError::TooLarge {
                    url: request.url.clone(),
                    bytes,
                    limit: MAX_BODY_BYTES,
                });
            }
        }
        let mut body = Vec::new();
        if request.method != Method::Head {
            while let Some(chunk) = resp
                .chunk()
                .await
                .map_err(|e| transport_error(&request.url, e, seconds))?
            {
                body.extend_from_slice(&chunk);
                if body.len() as u64 > MAX_BODY_BYTES {
                    return Err(RegistryError::TooLarge {
                        url: request.url.clone(),
                        bytes: body.len() as u64,
                        limit: MAX_BODY_BYTES,
                    });
                }
            }
        }
        Ok(RawResponse {
            status: status.as_u16(),
            status_text: status.canonical_reason().unwrap_or_default().to_string(),
            headers,
            body,
        })
    }
}

fn transport_error(url: &str, e: reqwest::Error, seconds: u32) -> RegistryError {
    if e.is_timeout() {
        return RegistryError::Timeout {
            url: url.to_string(),
            seconds,
        };
    }
    // The chain holds the useful part ("Connection refused", a TLS reason).
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail = format!("{detail}: {s}");
        source = s.source();
    }
    RegistryError::Unreachable {
        url: url.to_string(),
        detail: NoAnswer::Failed(detail),
    }
}

impl Transport for Http {
    async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
        self.exchange(request).await
    }

    async fn sleep(&self, ms: u32) {
        tokio::time::sleep(Duration::from_millis(ms.into())).await
    }

    fn notice(&self, retry: Option<RetryNotice>) {
        if let (Some(r), false) = (retry, self.quiet) {
            eprintln!(
                "retrying in {:.1} s (attempt {} of {}): {}",
                r.wait_ms as f64 / 1000.0,
                r.attempt,
                r.max,
                crate::explain::one_line(&r.error)
            );
        }
    }

    fn now_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }

    /// A native client reads every header.
    fn headers_visible(&self, _url: &str) -> bool {
        true
    }
}

/// Requests signed the way the browser signs them: Basic credentials or a
/// Bearer token for the registry's `/v2/` only.
pub struct Native {
    pub http: Http,
    api_prefix: String,
    credentials: Option<BasicCredentials>,
    tokens: TokenCache,
}

impl Native {
    pub fn new(http: Http, base: &str, credentials: Option<BasicCredentials>) -> Native {
        Native {
            http,
            api_prefix: format!("{}/v2/", base.trim_end_matches('/')),
            credentials,
            tokens: TokenCache::default(),
        }
    }
}

impl Transport for Native {
    async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
        Signer {
            api_prefix: &self.api_prefix,
            credentials: self.credentials.as_ref(),
            tokens: &self.tokens,
        }
        .send(&self.http, request, self.http.now_ms())
        .await
    }

    async fn sleep(&self, ms: u32) {
        self.http.sleep(ms).await
    }

    fn notice(&self, retry: Option<RetryNotice>) {
        self.http.notice(retry)
    }

    fn now_ms(&self) -> f64 {
        self.http.now_ms()
    }

    fn headers_visible(&self, url: &str) -> bool {
        self.http.headers_visible(url)
    }
}
