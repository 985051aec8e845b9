//! One typed error for everything that can go wrong talking to a registry,
//! and the single mapping from an HTTP answer to it.

use super::auth::{parse_challenges, Challenge};
use super::digest::Digest;
use super::reference::ReferenceError;
use super::response::{excerpt, RawResponse};
use serde::Deserialize;

/// Error codes of the distribution error envelope. Unknown codes are kept.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub enum ErrorCode {
    BlobUnknown,
    BlobUploadInvalid,
    BlobUploadUnknown,
    DigestInvalid,
    ManifestBlobUnknown,
    ManifestInvalid,
    ManifestUnknown,
    NameInvalid,
    NameUnknown,
    SizeInvalid,
    Unauthorized,
    Denied,
    Unsupported,
    TooManyRequests,
    PaginationNumberInvalid,
    Other(String),
}

impl ErrorCode {
    pub fn parse(code: &str) -> ErrorCode {
        match code {
            "BLOB_UNKNOWN" => ErrorCode::BlobUnknown,
            "BLOB_UPLOAD_INVALID" => ErrorCode::BlobUploadInvalid,
            "BLOB_UPLOAD_UNKNOWN" => ErrorCode::BlobUploadUnknown,
            "DIGEST_INVALID" => ErrorCode::DigestInvalid,
            "MANIFEST_BLOB_UNKNOWN" => ErrorCode::ManifestBlobUnknown,
            "MANIFEST_INVALID" => ErrorCode::ManifestInvalid,
            "MANIFEST_UNKNOWN" => ErrorCode::ManifestUnknown,
            "NAME_INVALID" => ErrorCode::NameInvalid,
            "NAME_UNKNOWN" => ErrorCode::NameUnknown,
            "SIZE_INVALID" => ErrorCode::SizeInvalid,
            "UNAUTHORIZED" => ErrorCode::Unauthorized,
            "DENIED" => ErrorCode::Denied,
            "UNSUPPORTED" => ErrorCode::Unsupported,
            "TOOMANYREQUESTS" => ErrorCode::TooManyRequests,
            "PAGINATION_NUMBER_INVALID" => ErrorCode::PaginationNumberInvalid,
            other => ErrorCode::Other(other.to_string()),
        }
    }
}

/// One entry of `{"errors":[…]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryErrorEntry {
    pub code: ErrorCode,
    pub message: String,
    /// `detail` as compact JSON text, if any.
    pub detail: Option<String>,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    errors: Vec<RawEntry>,
}

#[derive(Deserialize)]
struct RawEntry {
    #[serde(default)]
    code: serde_json::Value,
    #[serde(default)]
    message: serde_json::Value,
    #[serde(default)]
    detail: serde_json::Value,
}

/// Parse the registry's error envelope; `None` when the body is not one.
pub fn parse_envelope(body: &[u8]) -> Option<Vec<RegistryErrorEntry>> {
    let env: Envelope = serde_json::from_slice(body).ok()?;
    if env.errors.is_empty() {
        return None;
    }
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    Some(
        env.errors
            .iter()
            .map(|e| RegistryErrorEntry {
                code: ErrorCode::parse(&text(&e.code)),
                message: text(&e.message),
                detail: (!e.detail.is_null()).then(|| excerpt(&e.detail.to_string(), 500)),
            })
            .collect(),
    )
}

/// Why the token server gave no token.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub enum TokenFailure {
    /// The realm is not an `http(s)` address.
    RealmNotHttp,
    /// The token request itself failed (unreachable, refused, timed out).
    Request(Box<RegistryError>),
    /// It answered with an error status.
    Status { status: u16, body: String },
    /// Its answer is not a JSON token answer: what is wrong with it.
    /// (Kept before this was a fact, it reads as `Unsaid`.)
    NotAToken {
        #[serde(default)]
        flaw: TokenAnswerFlaw,
    },
    /// Its answer has neither a non-empty `token` nor a non-empty
    /// `access_token`.
    NoToken,
    /// The registry is on `https://` and its realm on plain `http://`: the
    /// credentials would travel in the clear. Not asked.
    InsecureRealm,
}

/// What is wrong with a token server's answer that is not a token answer.
/// Kept as kebab-case text (`"not-json"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenAnswerFlaw {
    /// It is not JSON.
    NotJson,
    /// It is JSON, but not an object (an array, a string, a number).
    NotAnObject,
    /// Its `token` or `access_token` is not a string.
    NotAString,
    /// Its token holds characters an `Authorization` header cannot carry
    /// (spaces, control characters, non-ASCII).
    Unprintable,
    /// Kept before what was wrong was recorded.
    #[default]
    Unsaid,
}

/// Why a journal (the page's, before a delete, an untag or a tag write)
/// could not record what was about to be sent; then nothing is sent. Kept
/// as kebab-case text (`"quota"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordFailure {
    /// No store here: IndexedDB is turned off, or a private window refuses
    /// it.
    NoStore,
    /// The store is full (the browser's `QuotaExceededError`).
    Quota,
    /// The store was closed under the write (another tab upgraded or
    /// deleted it: `InvalidStateError`, `TransactionInactiveError`).
    Closed,
    /// The browser refused the write for another reason.
    Refused,
    /// The browser accepted the write, then it failed.
    WriteFailed,
    /// The record could not be written as text (a manifest that is not
    /// UTF-8).
    NotText,
    /// Kept before why was recorded.
    #[default]
    Unsaid,
}

/// Everything that can go wrong, in terms the UI can match on. Kept (in
/// run reports and the journal) tagged by its kind: `{"error": "timeout", …}`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum RegistryError {
    /// `fetch` failed without an answer: host down, wrong address, or the
    /// browser refused a cross-origin answer (the two look the same).
    Unreachable { url: String, detail: NoAnswer },
    /// The registry answered, but without CORS headers that let this page
    /// read it (found out with a `no-cors` probe after the failure).
    CorsRefused { url: String, origin: String },
    /// No answer within the time limit.
    Timeout { url: String, seconds: u32 },
    /// The view that asked went away; nothing to show.
    Cancelled,
    /// 401, with what the registry asks for.
    Unauthorized { challenges: Vec<Challenge> },
    /// 403, or 401 `DENIED`.
    Denied { message: String },
    /// 404: repository, manifest or blob unknown.
    NotFound {
        code: Option<ErrorCode>,
        message: String,
    },
    /// 405 `UNSUPPORTED`: the registry runs without delete enabled.
    DeleteDisabled,
    /// 405 with a plain-text body: `maintenance.readonly` is on.
    ReadOnly { message: String },
    /// 429, with `Retry-After` in seconds when given.
    TooManyRequests { retry_after: Option<u32> },
    /// 5xx. `proxy_page` is the title of an HTML page sent instead of the
    /// registry's JSON (`502 Bad Gateway`): the answer came from a proxy or
    /// load balancer in front of the registry, not from the registry.
    Server {
        status: u16,
        message: String,
        proxy_page: Option<String>,
    },
    /// The answer is not what the API promises: what it should have been,
    /// and what came.
    Malformed { expected: Expected, got: Got },
    /// Bytes do not hash to the digest they were requested by or announced with.
    DigestMismatch { expected: Digest, actual: Digest },
    /// A name, tag or digest refused before sending.
    InvalidReference {
        input: String,
        reason: ReferenceError,
    },
    /// A next-page link pointed somewhere else than the registry.
    ForeignLink { link: String },
    /// A catalog page as long as asked for (`page_size`) came without a
    /// `Link` header, and the registry ignores `?last=`: what follows the
    /// `listed` names cannot be read (the registry, or its CORS settings,
    /// hides `Link` from the page).
    LinkHidden { page_size: u32, listed: usize },
    /// A repository's tag list could not be read whole: a page came
    /// without `Link` (hidden, or not sent), and asking for the page after
    /// its last tag answered with tags already listed, or the list changed
    /// between the pages. `listed` tags were read. Nothing is deleted on
    /// part of a list.
    TagListIncomplete { listed: usize },
    /// The answer is bigger than anything the API sends (`limit` bytes);
    /// not read, so the tab stays responsive.
    TooLarge { url: String, bytes: u64, limit: u64 },
    /// This page's own Content-Security-Policy does not let it connect to
    /// `origin` (the browser sent nothing).
    BlockedByPolicy { url: String, origin: String },
    /// The token server the registry sent us to (`realm` of a Bearer
    /// challenge) gave no token: unreachable, refused cross-origin, an
    /// error, or an answer without a token.
    TokenServer {
        realm: String,
        failure: TokenFailure,
    },
    /// A redirect (3xx) where the API answers directly: usually a sign-in
    /// page or a proxy in front of the registry. Writes never follow one.
    Redirected { url: String, status: u16 },
    /// Any other 4xx, with the registry's own words.
    Rejected {
        status: u16,
        code: Option<ErrorCode>,
        message: String,
    },
}

/// Why a request got no answer ([`RegistryError::Unreachable`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub enum NoAnswer {
    /// The request failed; the browser's or the system's own message
    /// (`TypeError: Failed to fetch`, `error sending request: Connection
    /// refused`), possibly empty.
    Failed(String),
    /// The answer began, but was cut off while its body was read (the
    /// server did answer); the browser's own message.
    CutOff(String),
    /// The credentials hold characters an HTTP header cannot carry:
    /// nothing was sent.
    UnsendableCredentials,
}

/// What an answer should have been ([`RegistryError::Malformed`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub enum Expected {
    /// A catalog page, `{"repositories": [...]}`.
    CatalogPage,
    /// A tag list, `{"name": ..., "tags": [...]}`.
    TagList,
    /// The referrers API's answer: an OCI image index.
    ReferrersIndex,
    /// A manifest: JSON.
    JsonManifest,
    /// A manifest: a JSON object.
    JsonObject,
    /// A manifest whose fields have the types its kind gives them.
    ManifestFields,
    /// An image config: a JSON object.
    ImageConfig,
    /// `202 Accepted`, the answer to a DELETE.
    Accepted,
    /// Next-page links that end within `max` pages.
    PageLimit { max: usize },
    /// A next-page link to a page not read yet (not back to the same one).
    NewPage,
    /// A valid digest in every descriptor of a manifest.
    DescriptorDigests,
    /// `206 Partial Content` with exactly the bytes `first..=last`.
    ByteRange { first: u64, last: u64 },
    /// A `Location` header on a blob upload's answer (cross-origin, the
    /// registry must expose it: `Access-Control-Expose-Headers: Location`).
    UploadLocation,
    /// The untag placeholder deleted, with only the one tag on it.
    PlaceholderAlone,
}

/// What came instead ([`RegistryError::Malformed`]): the registry's own
/// bytes and facts, never our words.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub enum Got {
    /// Text as it came: an excerpt of the body, a link, a digest, the kind
    /// of the engine's outcome.
    Text(String),
    /// An excerpt of the body as it came, and what the JSON parser said
    /// of it.
    Unparsable { excerpt: String, error: String },
    /// An answer: its status line and how many bytes its body had.
    Answer {
        status: u16,
        status_text: String,
        bytes: usize,
    },
}

impl Got {
    /// The body, cut to `limit` characters, and the JSON parser's complaint.
    pub fn unparsable(body: &[u8], limit: usize, error: &serde_json::Error) -> Got {
        Got::Unparsable {
            excerpt: excerpt(&String::from_utf8_lossy(body), limit),
            error: error.to_string(),
        }
    }

    /// An answer's status line and body size.
    pub fn answer(resp: &RawResponse) -> Got {
        Got::Answer {
            status: resp.status,
            status_text: resp.status_text.clone(),
            bytes: resp.body.len(),
        }
    }
}

impl RegistryError {
    /// A name, tag or digest refused before sending: `input` breaks `reason`.
    pub fn invalid_reference(input: &str, reason: ReferenceError) -> RegistryError {
        RegistryError::InvalidReference {
            input: input.to_string(),
            reason,
        }
    }

    /// Interpret a non-success answer. `Ok` answers are not errors: callers
    /// decide what a 2xx means.
    pub fn from_response(resp: &RawResponse) -> RegistryError {
        let entries = parse_envelope(&resp.body);
        let first = entries.as_ref().and_then(|e| e.first().cloned());
        let code = first.as_ref().map(|e| e.code.clone());
        let message = match &first {
            Some(e) if !e.message.is_empty() => e.message.clone(),
            Some(e) => format!("{:?}", e.code),
            None => status_line(resp),
        };
        match resp.status {
            401 if code == Some(ErrorCode::Denied) => RegistryError::Denied { message },
            401 => RegistryError::Unauthorized {
                challenges: resp
                    .header("WWW-Authenticate")
                    .map(|h| parse_challenges(&h))
                    .unwrap_or_default(),
            },
            403 => RegistryError::Denied { message },
            404 => RegistryError::NotFound { code, message },
            405 if code == Some(ErrorCode::Unsupported) => RegistryError::DeleteDisabled,
            405 if entries.is_none() => RegistryError::ReadOnly {
                message: resp.body_excerpt(300),
            },
            429 => RegistryError::TooManyRequests {
                retry_after: resp
                    .header("Retry-After")
                    .and_then(|v| v.trim().parse().ok()),
            },
            s @ 500..=599 => RegistryError::Server {
                status: s,
                message,
                proxy_page: html_title(resp),
            },
            s @ 300..=399 => RegistryError::Redirected {
                url: resp.header("Location").unwrap_or_default(),
                status: s,
            },
            s => RegistryError::Rejected {
                status: s,
                code,
                message,
            },
        }
    }

    /// Whether the same request may succeed if simply sent again later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            RegistryError::Timeout { .. }
                | RegistryError::TooManyRequests { .. }
                | RegistryError::Server {
                    status: 500 | 502 | 503 | 504,
                    ..
                }
        )
    }

    /// A short stable name, for `data-kind` attributes and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            RegistryError::Unreachable { .. } => "unreachable",
            RegistryError::CorsRefused { .. } => "cors-refused",
            RegistryError::Timeout { .. } => "timeout",
            RegistryError::Cancelled => "cancelled",
            RegistryError::Unauthorized { .. } => "unauthorized",
            RegistryError::Denied { .. } => "denied",
            RegistryError::NotFound { .. } => "not-found",
            RegistryError::DeleteDisabled => "delete-disabled",
            RegistryError::ReadOnly { .. } => "read-only",
            RegistryError::TooManyRequests { .. } => "too-many-requests",
            RegistryError::Server { .. } => "server-error",
            RegistryError::Malformed { .. } => "malformed",
            RegistryError::DigestMismatch { .. } => "digest-mismatch",
            RegistryError::InvalidReference { .. } => "invalid-reference",
            RegistryError::ForeignLink { .. } => "foreign-link",
            RegistryError::LinkHidden { .. } => "link-hidden",
            RegistryError::TagListIncomplete { .. } => "tag-list-incomplete",
            RegistryError::TooLarge { .. } => "too-large",
            RegistryError::Rejected { .. } => "rejected",
            RegistryError::Redirected { .. } => "redirected",
            RegistryError::TokenServer { .. } => "token-server",
            RegistryError::BlockedByPolicy { .. } => "blocked-by-policy",
        }
    }
}

/// An HTML page's `<title>` (or its status line when it has none): what
/// proxies and load balancers answer with. `None` for any other body.
fn html_title(resp: &RawResponse) -> Option<String> {
    let html = resp
        .header("Content-Type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("text/html"));
    let head = String::from_utf8_lossy(&resp.body[..resp.body.len().min(4096)]).into_owned();
    let lower = head.to_ascii_lowercase();
    let looks_html = lower.trim_start().starts_with('<')
        && (lower.contains("<html") || lower.contains("<!doctype") || lower.contains("<title"));
    if !html && !looks_html {
        return None;
    }
    let title = lower
        .find("<title>")
        .map(|start| start + "<title>".len())
        .and_then(|start| {
            lower[start..]
                .find("</title>")
                .map(|end| &head[start..start + end])
        })
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty() && t.chars().count() <= 200);
    Some(title.unwrap_or_else(|| status_line(resp)))
}

fn status_line(resp: &RawResponse) -> String {
    let body = resp.body_excerpt(200);
    let line = if resp.status_text.is_empty() {
        format!("HTTP {}", resp.status)
    } else {
        format!("HTTP {} {}", resp.status, resp.status_text)
    };
    if body.is_empty() || body.starts_with('<') {
        line
    } else {
        format!("{line}: {body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        crate::testing::response(status, &crate::testing::owned(headers), body)
    }

    #[test]
    fn envelope_parsing_keeps_unknown_codes_and_odd_details() {
        let e = parse_envelope(
            br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}},{"code":"SOMETHING_NEW","message":7}]}"#,
        )
        .unwrap();
        assert_eq!(e[0].code, ErrorCode::ManifestUnknown);
        assert_eq!(e[0].detail.as_deref(), Some(r#"{"Tag":"x"}"#));
        assert_eq!(e[1].code, ErrorCode::Other("SOMETHING_NEW".into()));
        assert_eq!(e[1].message, "7");
        assert_eq!(parse_envelope(b"not json"), None);
        assert_eq!(parse_envelope(br#"{"errors":[]}"#), None);
        assert_eq!(parse_envelope(br#"{"errors":"x"}"#), None);
    }

    #[test]
    fn status_codes_map_to_typed_errors() {
        let e = RegistryError::from_response(&resp(
            401,
            &[("Www-Authenticate", r#"Basic realm="r""#)],
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#,
        ));
        assert_eq!(
            e,
            RegistryError::Unauthorized {
                challenges: vec![Challenge::Basic {
                    realm: Some("r".into())
                }]
            }
        );
        assert!(matches!(
            RegistryError::from_response(&resp(403, &[], "")),
            RegistryError::Denied { .. }
        ));
        assert_eq!(
            RegistryError::from_response(&resp(
                404,
                &[],
                r#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}"#
            )),
            RegistryError::NotFound {
                code: Some(ErrorCode::NameUnknown),
                message: "repository name not known to registry".into()
            }
        );
        assert_eq!(
            RegistryError::from_response(&resp(
                405,
                &[],
                r#"{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}"#
            )),
            RegistryError::DeleteDisabled
        );
        assert_eq!(
            RegistryError::from_response(&resp(405, &[], "read-only mode\n")),
            RegistryError::ReadOnly {
                message: "read-only mode".into()
            }
        );
        assert_eq!(
            RegistryError::from_response(&resp(429, &[("Retry-After", " 7 ")], "")),
            RegistryError::TooManyRequests {
                retry_after: Some(7)
            }
        );
        assert_eq!(
            RegistryError::from_response(&resp(
                429,
                &[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")],
                ""
            )),
            RegistryError::TooManyRequests { retry_after: None }
        );
        assert!(matches!(
            RegistryError::from_response(&resp(503, &[], "<html>Service Unavailable</html>")),
            RegistryError::Server { status: 503, ref message, proxy_page: Some(ref p) } if message == "HTTP 503" && p == "HTTP 503"
        ));
        // nginx's own 502 page, as a proxy in front of a registry sends it.
        assert_eq!(
            RegistryError::from_response(&resp(
                502,
                &[("Content-Type", "text/html")],
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
            )),
            RegistryError::Server {
                status: 502,
                message: "HTTP 502".into(),
                proxy_page: Some("502 Bad Gateway".into())
            }
        );
        // The registry's own 5xx (its JSON envelope) is not a proxy's.
        assert!(matches!(
            RegistryError::from_response(&resp(
                503,
                &[("Content-Type", "application/json")],
                r#"{"errors":[{"code":"UNAVAILABLE","message":"service unavailable"}]}"#
            )),
            RegistryError::Server {
                status: 503,
                proxy_page: None,
                ..
            }
        ));
        assert_eq!(
            RegistryError::from_response(&resp(
                400,
                &[],
                r#"{"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"}]}"#
            )),
            RegistryError::Rejected {
                status: 400,
                code: Some(ErrorCode::DigestInvalid),
                message: "provided digest did not match uploaded content".into()
            }
        );
    }

    #[test]
    fn non_json_bodies_fall_back_to_the_status_line() {
        let mut r = resp(418, &[], "I'm a teapot");
        r.status_text = "I'm a teapot".into();
        assert_eq!(
            RegistryError::from_response(&r),
            RegistryError::Rejected {
                status: 418,
                code: None,
                message: "HTTP 418 I'm a teapot: I'm a teapot".into()
            }
        );
    }

    #[test]
    fn transient_errors_are_the_retryable_ones() {
        assert!(RegistryError::TooManyRequests { retry_after: None }.is_transient());
        assert!(RegistryError::Server {
            status: 503,
            message: String::new(),
            proxy_page: None,
        }
        .is_transient());
        assert!(!RegistryError::DeleteDisabled.is_transient());
        assert!(!RegistryError::NotFound {
            code: None,
            message: String::new()
        }
        .is_transient());
    }
}
