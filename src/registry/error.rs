//! One typed error for everything that can go wrong talking to a registry,
//! and the single mapping from an HTTP answer to it.

use super::auth::{parse_challenges, Challenge};
use super::digest::Digest;
use super::response::{excerpt, RawResponse};
use crate::i18n::text;
use crate::i18n::Lang;
use serde::Deserialize;

/// Error codes of the distribution error envelope. Unknown codes are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// Everything that can go wrong, in terms the UI can match on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryError {
    /// `fetch` failed without an answer: host down, wrong address, or the
    /// browser refused a cross-origin answer (the two look the same).
    Unreachable { url: String, detail: String },
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
    /// 5xx.
    Server { status: u16, message: String },
    /// The answer is not what the API promises.
    Malformed { expected: String, got: String },
    /// Bytes do not hash to the digest they were requested by or announced with.
    DigestMismatch { expected: Digest, actual: Digest },
    /// A name, tag or digest refused before sending.
    InvalidReference { input: String, reason: String },
    /// A next-page link pointed somewhere else than the registry.
    ForeignLink { link: String },
    /// The answer is bigger than anything the API sends (`limit` bytes);
    /// not read, so the tab stays responsive.
    TooLarge { url: String, bytes: u64, limit: u64 },
    /// This page's own Content-Security-Policy does not let it connect to
    /// `origin` (the browser sent nothing).
    BlockedByPolicy { url: String, origin: String },
    /// The token server the registry sent us to (`realm` of a Bearer
    /// challenge) gave no token: unreachable, refused cross-origin, an
    /// error, or an answer without a token.
    TokenServer { realm: String, detail: String },
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

/// What a user reads for an error: a title, what happened, what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub title: String,
    pub detail: String,
    pub fix: Option<String>,
}

impl RegistryError {
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
            s @ 500..=599 => RegistryError::Server { status: s, message },
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
            RegistryError::TooLarge { .. } => "too-large",
            RegistryError::Rejected { .. } => "rejected",
            RegistryError::Redirected { .. } => "redirected",
            RegistryError::TokenServer { .. } => "token-server",
            RegistryError::BlockedByPolicy { .. } => "blocked-by-policy",
        }
    }

    /// The message a user reads, in their language.
    pub fn explain(&self, lang: Lang) -> Explanation {
        let l = |en: &str, zh: &str| lang.pick(en, zh).to_string();
        let (title, detail, fix) = match self {
            RegistryError::Unreachable { url, detail } => (
                l("Cannot reach the registry", "无法连接镜像仓库"),
                match lang {
                    Lang::En => format!(
                        "The request to {url} got no answer the browser would show us ({detail}). \
                         Either the registry is down or at another address, or it refuses \
                         cross-origin requests (CORS)."
                    ),
                    Lang::Zh => format!(
                        "对 {url} 的请求没有得到浏览器可读取的响应（{detail}）。\
                         可能是仓库未运行或地址错误，也可能是仓库拒绝跨域请求（CORS）。"
                    ),
                },
                Some(l(
                    "Check that the address is right and the registry is running. If the UI is \
                     served from another origin, add Access-Control-Allow-Origin (and the other \
                     CORS headers) under http.headers in the registry's config.yml, or serve the \
                     UI from the registry's own origin through a reverse proxy.",
                    "请确认地址正确且仓库正在运行。如果界面与仓库不同源，请在仓库 config.yml 的 \
                     http.headers 中添加 Access-Control-Allow-Origin 等 CORS 头，或通过反向代理\
                     让界面与仓库同源。",
                )),
            ),
            RegistryError::CorsRefused { url, origin } => (
                l(
                    "The registry refuses cross-origin requests",
                    "仓库拒绝跨域请求",
                ),
                match lang {
                    Lang::En => format!(
                        "{} answers, but without the CORS headers that let this page ({origin}) read the answer.",
                        excerpt(url, 200)
                    ),
                    Lang::Zh => format!(
                        "{} 有响应，但没有允许本页面（{origin}）读取响应的 CORS 头。",
                        excerpt(url, 200)
                    ),
                },
                Some(match lang {
                    Lang::En => format!(
                        "Add this to the registry's config.yml and restart it:\n{}\n\n\
                         With auth enabled the registry answers the browser's preflight with 401, \
                         so then serve the UI at the registry's own origin instead (see the nginx \
                         recipe in deploy/).",
                        cors_block(origin)
                    ),
                    Lang::Zh => format!(
                        "在仓库的 config.yml 中加入以下内容并重启：\n{}\n\n\
                         如果仓库启用了认证，它会对浏览器的预检请求返回 401，此时请让界面与仓库同源\
                         （参见 deploy/ 中的 nginx 配置）。",
                        cors_block(origin)
                    ),
                }),
            ),
            RegistryError::Timeout { url, seconds } => (
                l("The registry took too long", "仓库响应超时"),
                match lang {
                    Lang::En => format!("No answer from {url} within {seconds} s."),
                    Lang::Zh => format!("{url} 在 {seconds} 秒内没有响应。"),
                },
                Some(l(
                    "Try again. If it keeps happening, check the registry's load and any proxy in between.",
                    "请重试。如果反复出现，请检查仓库负载以及中间的代理。",
                )),
            ),
            RegistryError::Cancelled => (
                l("Cancelled", "已取消"),
                l("The request was cancelled.", "请求已取消。"),
                None,
            ),
            RegistryError::Unauthorized { challenges } => {
                let schemes: Vec<&str> = challenges.iter().map(|c| c.scheme()).collect();
                let schemes = if schemes.is_empty() {
                    text::NONE_STATED.get(lang).to_string()
                } else {
                    schemes.join(", ")
                };
                (
                    l("Sign-in required", "需要登录"),
                    match lang {
                        Lang::En => format!("The registry asks for credentials (scheme: {schemes})."),
                        Lang::Zh => format!("仓库要求提供凭据（认证方式：{schemes}）。"),
                    },
                    Some(l(
                        "Sign in with an account that is allowed to do this.",
                        "请使用有权执行此操作的账号登录。",
                    )),
                )
            }
            RegistryError::Denied { message } => (
                l("Permission denied", "没有权限"),
                format!("{}: {message}", text::THE_REGISTRY_REFUSED.get(lang)),
                Some(l(
                    "Ask the registry's administrator for access, or sign in as another user.",
                    "请向仓库管理员申请权限，或换一个账号登录。",
                )),
            ),
            RegistryError::NotFound { code, message } => (
                match code {
                    Some(ErrorCode::NameUnknown) => l("Repository not found", "找不到该镜像库"),
                    Some(ErrorCode::ManifestUnknown) => l("Manifest not found", "找不到该清单"),
                    Some(ErrorCode::BlobUnknown) => l("Blob not found", "找不到该数据块"),
                    _ => l("Not found", "未找到"),
                },
                message.clone(),
                Some(l(
                    "It may have been deleted or never pushed. Reload the list to see what exists now.",
                    "它可能已被删除或从未推送。请刷新列表查看当前内容。",
                )),
            ),
            RegistryError::DeleteDisabled => (
                l("Deleting is turned off on this registry", "此仓库未开启删除功能"),
                l(
                    "The registry answered 405 UNSUPPORTED: it runs without storage.delete.enabled.",
                    "仓库返回 405 UNSUPPORTED：未开启 storage.delete.enabled。",
                ),
                Some(l(
                    "Set `storage: delete: enabled: true` in the registry's config.yml, or the \
                     environment variable REGISTRY_STORAGE_DELETE_ENABLED=true, then restart the registry.",
                    "在仓库的 config.yml 中设置 `storage: delete: enabled: true`，或设置环境变量 \
                     REGISTRY_STORAGE_DELETE_ENABLED=true，然后重启仓库。",
                )),
            ),
            RegistryError::ReadOnly { message } => (
                l("The registry is read-only", "仓库处于只读模式"),
                message.clone(),
                Some(l(
                    "The registry is in maintenance (read-only) mode. Try again when it is back to \
                     normal, or turn off storage.maintenance.readonly in config.yml.",
                    "仓库处于维护（只读）模式。请在恢复正常后重试，或在 config.yml 中关闭 \
                     storage.maintenance.readonly。",
                )),
            ),
            RegistryError::TooManyRequests { retry_after } => (
                l("Too many requests", "请求过多"),
                match (lang, retry_after) {
                    (Lang::En, Some(s)) => format!("The registry asks to wait {s} s."),
                    (Lang::Zh, Some(s)) => format!("仓库要求等待 {s} 秒。"),
                    (Lang::En, None) => "The registry is rate-limiting requests.".into(),
                    (Lang::Zh, None) => "仓库正在限制请求频率。".into(),
                },
                Some(l("Wait a moment and try again.", "请稍候再试。")),
            ),
            RegistryError::Server { status, message } => (
                l("The registry failed", "仓库内部错误"),
                format!("{status}: {message}"),
                Some(l(
                    "Try again. If it persists, read the registry's log on its host.",
                    "请重试。如果持续出现，请查看仓库主机上的日志。",
                )),
            ),
            RegistryError::Malformed { expected, got } => (
                l("Unexpected answer from the registry", "仓库返回了无法识别的内容"),
                match lang {
                    Lang::En => format!("Expected {expected}; got: {got}"),
                    Lang::Zh => format!("应为 {expected}；实际收到：{got}"),
                },
                Some(l(
                    "Check that the address points at a Docker/OCI registry (its /v2/ API), \
                     not at a web page or a proxy's error page.",
                    "请确认地址指向 Docker/OCI 仓库（/v2/ 接口），而不是网页或代理的错误页。",
                )),
            ),
            RegistryError::DigestMismatch { expected, actual } => (
                l("Content does not match its digest", "内容与摘要不符"),
                match lang {
                    Lang::En => format!("Expected {expected}, but the bytes hash to {actual}."),
                    Lang::Zh => format!("应为 {expected}，但内容的摘要是 {actual}。"),
                },
                Some(l(
                    "Something between you and the registry changed the content, or the registry \
                     storage is damaged. Nothing was deleted. Reload; if it persists, check the proxy and storage.",
                    "你与仓库之间的某个环节修改了内容，或仓库存储已损坏。没有删除任何内容。\
                     请刷新；如果持续出现，请检查代理和存储。",
                )),
            ),
            RegistryError::InvalidReference { input, reason } => (
                l("Invalid name", "名称无效"),
                format!("\"{}\": {reason}", excerpt(input, 200)),
                None,
            ),
            RegistryError::Redirected { url, status } => (
                l("Redirected instead of answered", "收到重定向而不是仓库的应答"),
                {
                    let to = if url.is_empty() {
                        String::new()
                    } else {
                        format!(" → {}", excerpt(url, 200))
                    };
                    // A browser hides a redirect's status from the page (0).
                    let status = if *status == 0 {
                        "3xx".to_string()
                    } else {
                        status.to_string()
                    };
                    match lang {
                        Lang::En => format!(
                            "The request got a redirect ({status}{to}) instead of the registry API's answer. \
                             A sign-in page or a proxy is in front of the registry. \
                             Shipshape never follows a redirect for a delete, so nothing was deleted through it."
                        ),
                        Lang::Zh => format!(
                            "请求收到了重定向（{status}{to}），而不是仓库 API 的应答。仓库前面有登录页或代理。\
                             Shipshape 删除时从不跟随重定向，因此没有经由它删除任何内容。"
                        ),
                    }
                },
                Some(l(
                    "Serve the registry's /v2/ directly (no sign-in page or redirect in front of it), then try again.",
                    "让仓库的 /v2/ 直接应答（前面不要有登录页或重定向），然后重试。",
                )),
            ),
            RegistryError::ForeignLink { link } => (
                l("Refused a link to another site", "已拒绝指向其他站点的链接"),
                match lang {
                    Lang::En => format!(
                        "A link the registry sent (a next page, or where to upload) points outside the registry: {}. Shipshape did not follow it.",
                        excerpt(link, 200)
                    ),
                    Lang::Zh => format!("仓库发来的链接（下一页或上传地址）指向了仓库以外的地址：{}。Shipshape 没有跟随它。", excerpt(link, 200)),
                },
                Some(l(
                    "A list may be incomplete. Behind a reverse proxy, make it rewrite the registry's Link and Location headers to its own address (nginx: proxy_redirect), or serve the registry directly.",
                    "列表可能不完整。若在反向代理之后，请让代理把仓库的 Link 和 Location 响应头改写为代理自己的地址（nginx：proxy_redirect），或直接访问仓库。",
                )),
            ),
            RegistryError::TooLarge { url, bytes, limit } => (
                l("The answer is too large", "响应过大"),
                match lang {
                    Lang::En => format!(
                        "{} announced {bytes} bytes; Shipshape reads at most {limit} bytes per answer, so it did not read it.",
                        excerpt(url, 200)
                    ),
                    Lang::Zh => format!(
                        "{} 声明了 {bytes} 字节；Shipshape 每个响应最多读取 {limit} 字节，因此没有读取。",
                        excerpt(url, 200)
                    ),
                },
                Some(l(
                    "A registry never sends manifests or configs this big: check the proxy in front of the registry.",
                    "镜像仓库不会发送这么大的清单或配置：请检查仓库前面的代理。",
                )),
            ),
            RegistryError::Rejected { status, message, .. } => (
                l("The registry rejected the request", "仓库拒绝了请求"),
                format!("{status}: {message}"),
                None,
            ),
            RegistryError::BlockedByPolicy { url, origin } => (
                l("This page's security policy blocks the registry", "本页面的安全策略阻止了对仓库的访问"),
                match lang {
                    Lang::En => format!(
                        "The Content-Security-Policy written into this page's index.html when it was built does not list {origin} in connect-src, so the browser did not send the request to {}.",
                        excerpt(url, 200)
                    ),
                    Lang::Zh => format!(
                        "构建时写入本页面 index.html 的 Content-Security-Policy 的 connect-src 中没有 {origin}，因此浏览器没有向 {} 发送请求。",
                        excerpt(url, 200)
                    ),
                },
                Some(match lang {
                    Lang::En => format!(
                        "Rebuild with SHIPSHAPE_CONNECT_SRC=\"{origin}\" trunk build --release, or put a config.json that lists this registry next to index.html and run: cargo run -p shipshape-csp -- <folder of index.html>"
                    ),
                    Lang::Zh => format!(
                        "请用 SHIPSHAPE_CONNECT_SRC=\"{origin}\" trunk build --release 重新构建，或在 index.html 旁放置列出此仓库的 config.json 并运行：cargo run -p shipshape-csp -- <index.html 所在目录>"
                    ),
                }),
            ),
            RegistryError::TokenServer { realm, detail } => (
                l("No token from the token server", "未能从令牌服务器获取令牌"),
                match lang {
                    Lang::En => format!(
                        "The registry sends sign-ins to the token server {}, which gave no token: {detail}",
                        excerpt(realm, 200)
                    ),
                    Lang::Zh => format!(
                        "仓库将登录交给令牌服务器 {}，但它没有给出令牌：{detail}",
                        excerpt(realm, 200)
                    ),
                },
                Some(l(
                    "Check that the token server is up and reachable from this browser. If it is on another origin than this page, it must allow this page's origin (CORS), or be proxied at this page's origin.",
                    "请确认令牌服务器正在运行且此浏览器可以访问。如果它与本页面不同源，它必须允许本页面的来源（CORS），或通过本页面的来源代理。",
                )),
            ),
        };
        Explanation { title, detail, fix }
    }
}

/// The `http.headers` block a registry needs for a UI at `origin`.
pub fn cors_block(origin: &str) -> String {
    [
        "http:".to_string(),
        "  headers:".to_string(),
        format!("    Access-Control-Allow-Origin: ['{origin}']"),
        "    Access-Control-Allow-Methods: ['HEAD', 'GET', 'OPTIONS', 'DELETE', 'POST', 'PUT']"
            .to_string(),
        "    Access-Control-Allow-Headers: ['Authorization', 'Accept', 'Cache-Control', 'Content-Type']"
            .to_string(),
        "    Access-Control-Expose-Headers: ['Docker-Content-Digest', 'Link', 'WWW-Authenticate', 'Location', 'Retry-After']"
            .to_string(),
    ]
    .join("\n")
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

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        RawResponse {
            status,
            status_text: String::new(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
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
            RegistryError::Server { status: 503, ref message } if message == "HTTP 503"
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
    fn every_error_explains_itself_in_both_languages() {
        let d = Digest::sha256_of(b"a");
        let all = vec![
            RegistryError::Unreachable {
                url: "u".into(),
                detail: "TypeError".into(),
            },
            RegistryError::Timeout {
                url: "u".into(),
                seconds: 30,
            },
            RegistryError::Cancelled,
            RegistryError::Unauthorized { challenges: vec![] },
            RegistryError::Denied {
                message: "m".into(),
            },
            RegistryError::NotFound {
                code: None,
                message: "m".into(),
            },
            RegistryError::DeleteDisabled,
            RegistryError::ReadOnly {
                message: "m".into(),
            },
            RegistryError::TooManyRequests {
                retry_after: Some(3),
            },
            RegistryError::Server {
                status: 500,
                message: "m".into(),
            },
            RegistryError::Malformed {
                expected: "e".into(),
                got: "g".into(),
            },
            RegistryError::DigestMismatch {
                expected: d.clone(),
                actual: d,
            },
            RegistryError::InvalidReference {
                input: "i".into(),
                reason: "r".into(),
            },
            RegistryError::ForeignLink { link: "l".into() },
            RegistryError::Redirected {
                url: "u".into(),
                status: 303,
            },
            RegistryError::CorsRefused {
                url: "u".into(),
                origin: "o".into(),
            },
            RegistryError::TooLarge {
                url: "u".into(),
                bytes: 2,
                limit: 1,
            },
            RegistryError::Rejected {
                status: 400,
                code: None,
                message: "m".into(),
            },
        ];
        for e in all {
            let en = e.explain(Lang::En);
            let zh = e.explain(Lang::Zh);
            assert!(!en.title.is_empty() && !zh.title.is_empty(), "{e:?}");
            assert_ne!(en.title, zh.title, "{e:?} has no Chinese title");
        }
        let fix = RegistryError::DeleteDisabled.explain(Lang::En).fix.unwrap();
        assert!(fix.contains("REGISTRY_STORAGE_DELETE_ENABLED=true"));
        assert!(fix.contains("delete: enabled: true"));
    }

    #[test]
    fn a_cors_refusal_gives_the_exact_yaml_for_this_origin() {
        let fix = RegistryError::CorsRefused {
            url: "http://r:5000/v2/".into(),
            origin: "https://ui.example.com".into(),
        }
        .explain(Lang::En)
        .fix
        .unwrap();
        assert!(fix.contains(
            "http:\n  headers:\n    Access-Control-Allow-Origin: ['https://ui.example.com']\n    Access-Control-Allow-Methods:"
        ), "{fix}");
        assert!(fix.contains("preflight with 401"));
    }

    #[test]
    fn transient_errors_are_the_retryable_ones() {
        assert!(RegistryError::TooManyRequests { retry_after: None }.is_transient());
        assert!(RegistryError::Server {
            status: 503,
            message: String::new()
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
