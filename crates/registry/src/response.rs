//! What a request is and what came back, independent of how it travelled.

/// The manifest media types every manifest request accepts. Leaving one out
/// lets the registry answer with a different document (and digest).
pub const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
application/vnd.oci.image.manifest.v1+json, \
application/vnd.docker.distribution.manifest.list.v2+json, \
application/vnd.docker.distribution.manifest.v2+json";

/// Seconds a read may take.
pub const READ_TIMEOUT_SECONDS: u32 = 30;
/// Seconds a write (DELETE, PUT, POST) may take.
pub const WRITE_TIMEOUT_SECONDS: u32 = 300;

/// The largest answer read: far above any manifest (distribution caps them
/// at 4 MiB) or image config.
pub const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// HTTP methods the UI uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Delete,
    Post,
    Put,
    /// A chunk of a blob upload.
    Patch,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Delete => "DELETE",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
        }
    }
}

/// A request to the registry, described as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    /// Value of the `Accept` header, if any.
    pub accept: Option<&'static str>,
    /// Bypass the HTTP cache (tag-addressed manifests move).
    pub no_store: bool,
    /// Bytes to send (POST, PUT), sent as they are.
    pub body: Option<Vec<u8>>,
    /// Value of the `Content-Type` header, if any (with a body).
    pub content_type: Option<String>,
    /// Value of the `Authorization` header: set only by `token::Signer`,
    /// which decides where credentials may go.
    pub authorization: Option<Secret>,
    /// Other headers, sent as they are (`Range` on a blob read,
    /// `Content-Range` on an upload chunk).
    pub headers: Vec<(&'static str, String)>,
}

/// A header value that must not end up in logs, panics or bug reports.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Request {
    pub fn get(url: impl Into<String>) -> Self {
        Request {
            method: Method::Get,
            url: url.into(),
            accept: None,
            no_store: false,
            body: None,
            content_type: None,
            authorization: None,
            headers: Vec::new(),
        }
    }

    /// A request of `method` without a body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Request::get(url).with_method(method)
    }

    pub fn with_method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    pub fn accept(mut self, accept: &'static str) -> Self {
        self.accept = Some(accept);
        self
    }

    pub fn no_store(mut self, no_store: bool) -> Self {
        self.no_store = no_store;
        self
    }

    /// How long to wait for the answer: reads 30 s; writes minutes, since
    /// a big registry can take long to answer a DELETE and giving up early
    /// turns a done delete into an unknown one.
    pub fn timeout_seconds(&self) -> u32 {
        match self.method {
            Method::Get | Method::Head => READ_TIMEOUT_SECONDS,
            _ => WRITE_TIMEOUT_SECONDS,
        }
    }

    /// Whether a redirect may be followed: only by reads. A write that meets
    /// a redirect (a sign-in page, a proxy) stops there and is reported.
    pub fn follows_redirects(&self) -> bool {
        matches!(self.method, Method::Get | Method::Head)
    }

    /// Send the header `name: value` too.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Send `body` with `Content-Type: content_type`.
    pub fn body(mut self, body: Vec<u8>, content_type: impl Into<String>) -> Self {
        self.body = Some(body);
        self.content_type = Some(content_type.into());
        self
    }
}

/// An HTTP answer as received: nothing interpreted yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub status_text: String,
    /// Header names are kept as received; look them up with [`RawResponse::header`].
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// A header's value, matched case-insensitively. Several values are joined
    /// with ", " as HTTP allows.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        if values.is_empty() {
            None
        } else {
            Some(values.join(", "))
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as text for messages, lossily decoded and cut to `max` chars.
    pub fn body_excerpt(&self, max: usize) -> String {
        excerpt(&String::from_utf8_lossy(&self.body), max)
    }
}

/// Cut `text` to at most `max` characters, marking the cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let trimmed = text.trim();
    if trimmed.chars().count() <= max {
        trimmed.to_string()
    } else {
        let cut: String = trimmed.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Parse a JSON object into `T`. serde would also accept an array for a
/// struct; the registry API only ever sends objects.
pub fn parse_json_object<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    if body.trim_ascii_start().first() == Some(&b'[') {
        return Err(serde::de::Error::custom(
            "expected a JSON object, found an array",
        ));
    }
    match serde_json::from_slice(body) {
        // Invalid UTF-8 inside strings (a label written by a broken tool):
        // read it with U+FFFD in place of the bad bytes rather than refuse
        // the whole document. Digests are checked over the raw bytes
        // elsewhere; this is only what is shown.
        Err(_) if std::str::from_utf8(body).is_err() => {
            serde_json::from_str(&String::from_utf8_lossy(body))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn header_lookup_ignores_case_and_joins_repeats() {
        let r = RawResponse {
            status: 200,
            headers: vec![
                ("link".into(), "<a>; rel=\"next\"".into()),
                ("WWW-Authenticate".into(), "Basic realm=\"a\"".into()),
                ("www-authenticate".into(), "Bearer realm=\"b\"".into()),
            ],
            ..Default::default()
        };
        assert_eq!(r.header("Link").as_deref(), Some("<a>; rel=\"next\""));
        assert_eq!(
            r.header("www-authenticate").as_deref(),
            Some("Basic realm=\"a\", Bearer realm=\"b\"")
        );
        assert_eq!(r.header("Docker-Content-Digest"), None);
    }

    #[test]
    fn excerpt_cuts_on_characters_not_bytes() {
        assert_eq!(excerpt("  短文本  ", 10), "短文本");
        assert_eq!(excerpt("镜像仓库管理", 2), "镜像…");
    }

    #[test]
    fn accept_lists_all_four_manifest_types() {
        for t in [
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json",
        ] {
            assert!(MANIFEST_ACCEPT.contains(t), "{t} missing");
        }
    }
}
