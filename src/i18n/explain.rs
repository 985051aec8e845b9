//! Every registry error in words, in both languages: what happened and
//! what to do. The protocol core (`registry`) only carries the facts.

use super::{phrase, text, Lang};
use crate::config::{ConfigError, FileProblem, UiDefaults};
use crate::registry::digest::DigestParseError;
use crate::registry::error::{
    ErrorCode, Expected, Got, NoAnswer, RecordFailure, RegistryError, TokenAnswerFlaw, TokenFailure,
};
use crate::registry::plan_file::{PlanFileError, VERSION as PLAN_VERSION};
use crate::registry::reference::{ReferenceError, MAX_NAME_LEN, MAX_TAG_LEN};
use crate::registry::response::excerpt;

/// What a user reads for an error: a title, what happened, what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub title: String,
    pub detail: String,
    pub fix: Option<String>,
    /// Lines to paste exactly (a registry's config), shown as code with a
    /// copy button after the fix.
    pub snippet: Option<String>,
}

/// An error a user reads: `error.explain(lang)`.
pub trait Explain {
    fn explain(&self, lang: Lang) -> Explanation;
}

impl Explain for RegistryError {
    fn explain(&self, lang: Lang) -> Explanation {
        let l = |en: &str, zh: &str| lang.pick(en, zh).to_string();
        let (title, detail, fix) = match self {
            RegistryError::Unreachable { url, detail } => (
                l("Cannot reach the registry", "无法连接镜像仓库"),
                match (lang, no_answer(lang, detail)) {
                    (Lang::En, detail) => format!(
                        "The request to {url} got no answer the browser would show us ({detail}). \
                         Either the registry is down or at another address, or it refuses \
                         cross-origin requests (CORS)."
                    ),
                    (Lang::Zh, detail) => format!(
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
                Some(l(
                    "Add the lines below to the registry's config.yml and restart it. With auth \
                     enabled the registry answers the browser's preflight with 401, so then serve \
                     the UI at the registry's own origin instead (see the nginx recipe in deploy/).",
                    "在仓库的 config.yml 中加入下面几行并重启。如果仓库启用了认证，它会对浏览器的\
                     预检请求返回 401，此时请让界面与仓库同源（参见 deploy/ 中的 nginx 配置）。",
                )),
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
                l("This registry does not delete", "此仓库不执行删除"),
                l(
                    "The registry answered 405 UNSUPPORTED. Either it runs without \
                     storage.delete.enabled, or it is a pull-through cache (proxy.remoteurl in its \
                     config), which never deletes.",
                    "仓库返回 405 UNSUPPORTED。原因之一：仓库未开启 storage.delete.enabled；\
                     或者它是一个拉取缓存（配置中有 proxy.remoteurl），缓存从不执行删除。",
                ),
                Some(l(
                    "Deletes turned off: add the lines below to the registry's config.yml (or set \
                     the environment variable REGISTRY_STORAGE_DELETE_ENABLED=true), then restart \
                     the registry.\nA pull-through cache: delete the image in the upstream \
                     registry instead; the cache's copy expires on its own (after proxy.ttl, 7 days by \
                     default).",
                    "若是未开启删除：在仓库的 config.yml 中加入下面几行（或设置环境变量 \
                     REGISTRY_STORAGE_DELETE_ENABLED=true），然后重启仓库。\n若是拉取缓存：请在上游仓库中删除该镜像；\
                     缓存中的副本会自行过期（proxy.ttl 之后，默认 7 天）。",
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
            RegistryError::Server {
                status,
                proxy_page: Some(page),
                ..
            } => (
                match lang {
                    Lang::En => format!("The proxy in front of the registry answered {}", excerpt(page, 120)),
                    Lang::Zh => format!("仓库前面的代理返回了 {}", excerpt(page, 120)),
                },
                match (lang, status) {
                    (Lang::En, 502) => "The answer is a web page from a proxy or load balancer, not the registry's: the proxy could not reach the registry (refused, or the address it forwards to is wrong).".into(),
                    (Lang::En, 503) => "The answer is a web page from a proxy or load balancer, not the registry's: it has no running registry to send the request to.".into(),
                    (Lang::En, 504) => "The answer is a web page from a proxy or load balancer, not the registry's: the registry did not answer it in time.".into(),
                    (Lang::En, s) => format!("The answer is a web page (HTTP {s}) from a proxy or load balancer, not the registry's JSON."),
                    (Lang::Zh, 502) => "这是代理或负载均衡器返回的网页，而不是仓库的应答：代理无法连接到仓库（连接被拒绝，或转发地址有误）。".into(),
                    (Lang::Zh, 503) => "这是代理或负载均衡器返回的网页，而不是仓库的应答：它没有可转发请求的正在运行的仓库。".into(),
                    (Lang::Zh, 504) => "这是代理或负载均衡器返回的网页，而不是仓库的应答：仓库没有及时应答代理。".into(),
                    (Lang::Zh, s) => format!("这是代理或负载均衡器返回的网页（HTTP {s}），而不是仓库的 JSON 应答。"),
                },
                Some(l(
                    "Check that the registry is running and that the proxy forwards /v2/ to it (nginx: proxy_pass; the proxy's error log names the cause), then try again.",
                    "请确认仓库正在运行，且代理把 /v2/ 转发给它（nginx：proxy_pass；代理的错误日志会写明原因），然后重试。",
                )),
            ),
            RegistryError::Server { status, message, .. } => (
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
                    Lang::En => format!(
                        "Expected {}; got: {}",
                        expected_answer(lang, expected),
                        got_instead(lang, got)
                    ),
                    Lang::Zh => format!(
                        "应为{}；实际收到：{}",
                        expected_answer(lang, expected),
                        got_instead(lang, got)
                    ),
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
                format!("\"{}\": {}", excerpt(input, 200), reference_problem(lang, reason)),
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
            RegistryError::LinkHidden { page_size, listed } => (
                l("The rest of the catalog cannot be read", "无法读取目录的其余部分"),
                match lang {
                    Lang::En => format!(
                        "After {listed} repositories, a page of {page_size} came without the Link header that says where the next page is, and the registry ignored the ?last= that asks for it directly. Shipshape stopped rather than show a list that looks complete but is not."
                    ),
                    Lang::Zh => format!(
                        "已列出 {listed} 个镜像库后，一页 {page_size} 个的结果没有带上指明下一页位置的 Link 响应头，而仓库也忽略了直接请求下一页的 ?last= 参数。Shipshape 停了下来，而不是显示一个看似完整实则不全的列表。"
                    ),
                },
                Some(l(
                    "If the registry is on another origin, add 'Link' to Access-Control-Expose-Headers in its http.headers (README, Deploying), or serve it at this page's origin behind a reverse proxy.",
                    "若仓库位于其他源，请在其 http.headers 的 Access-Control-Expose-Headers 中加入 'Link'（见 README 的“部署”一节），或通过反向代理让它与本页面同源。",
                )),
            ),
            RegistryError::TagListIncomplete { listed } => (
                l("The tag list could not be read whole", "无法完整读取标签列表"),
                match lang {
                    Lang::En => format!(
                        "After {listed} tags, a page came without the Link header that says where the next page is, and asking for the page after its last tag did not give a consistent answer (tags already listed, or a list that changed between pages). Shipshape neither shows nor deletes anything on part of a list: a tag on the part not read could point at the image."
                    ),
                    Lang::Zh => format!(
                        "已读取 {listed} 个标签后，一页结果没有带上指明下一页位置的 Link 响应头，而请求其最后一个标签之后的一页也没有得到一致的应答（返回了已列出的标签，或列表在两页之间发生了变化）。Shipshape 不会基于不完整的列表显示或删除任何内容：未读到的部分中可能有标签指向该镜像。"
                    ),
                },
                Some(l(
                    "Try again. If the registry is on another origin, add 'Link' to Access-Control-Expose-Headers in its http.headers (README, Deploying), or serve it at this page's origin behind a reverse proxy.",
                    "请重试。若仓库位于其他源，请在其 http.headers 的 Access-Control-Expose-Headers 中加入 'Link'（见 README 的“部署”一节），或通过反向代理让它与本页面同源。",
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
                        "{} sent or announced at least {}; Shipshape reads at most {} per answer, so it stopped reading.",
                        excerpt(url, 200),
                        crate::timestamp::format_size(*bytes),
                        crate::timestamp::format_size(*limit)
                    ),
                    Lang::Zh => format!(
                        "{} 发送或声明了至少 {}；Shipshape 每个响应最多读取 {}，因此停止了读取。",
                        excerpt(url, 200),
                        crate::timestamp::format_size(*bytes),
                        crate::timestamp::format_size(*limit)
                    ),
                },
                Some(l(
                    "A registry's answers (lists, manifests, configs) are never this big: check the proxy in front of the registry.",
                    "仓库的响应（列表、清单、配置）不会这么大：请检查仓库前面的代理。",
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
                        "The Content-Security-Policy in this page's index.html does not list {origin} in connect-src, so the browser did not send the request to {}.",
                        excerpt(url, 200)
                    ),
                    Lang::Zh => format!(
                        "本页面 index.html 中的 Content-Security-Policy 的 connect-src 中没有 {origin}，因此浏览器没有向 {} 发送请求。",
                        excerpt(url, 200)
                    ),
                },
                Some(match lang {
                    Lang::En => format!(
                        "List it and re-stamp the policy where the page is served: SHIPSHAPE_REGISTRY_URL=\"{origin}\" sh deploy/configure.sh <folder of index.html> (the container image does this at start from the same variables; SHIPSHAPE_CONNECT_SRC=\"{origin}\" adds an origin without making it the registry)."
                    ),
                    Lang::Zh => format!(
                        "在页面所在位置列出它并重新写入策略：SHIPSHAPE_REGISTRY_URL=\"{origin}\" sh deploy/configure.sh <index.html 所在目录>（容器镜像启动时会根据同样的变量自动完成；SHIPSHAPE_CONNECT_SRC=\"{origin}\" 只添加来源，不将其设为仓库）。"
                    ),
                }),
            ),
            RegistryError::TokenServer { realm, failure } => (
                l("No token from the token server", "未能从令牌服务器获取令牌"),
                match lang {
                    Lang::En => format!(
                        "The registry sends sign-ins to the token server {}, which gave no token: {}",
                        excerpt(realm, 200),
                        token_failure(lang, failure)
                    ),
                    Lang::Zh => format!(
                        "仓库将登录交给令牌服务器 {}，但它没有给出令牌：{}",
                        excerpt(realm, 200),
                        token_failure(lang, failure)
                    ),
                },
                Some(l(
                    "Check that the token server is up and reachable from this browser. If it is on another origin than this page, it must allow this page's origin (CORS), or be proxied at this page's origin.",
                    "请确认令牌服务器正在运行且此浏览器可以访问。如果它与本页面不同源，它必须允许本页面的来源（CORS），或通过本页面的来源代理。",
                )),
            ),
        };
        let snippet = match self {
            RegistryError::CorsRefused { origin, .. } => Some(cors_block(origin)),
            RegistryError::DeleteDisabled => Some(DELETE_ENABLED.to_string()),
            _ => None,
        };
        Explanation {
            title,
            detail,
            fix,
            snippet,
        }
    }
}

impl Explain for PlanFileError {
    fn explain(&self, lang: Lang) -> Explanation {
        let l = |en: &str, zh: &str| lang.pick(en, zh).to_string();
        let remake = || {
            Some(l(
                "Choose the file that \"Download plan file\" or shipshape-cli plan wrote, as it was written; or make the plan again with a dry run.",
                "请选择由“下载计划文件”或 shipshape-cli plan 生成且未经修改的文件；或重新试运行以生成计划。",
            ))
        };
        let (title, detail, fix) = match self {
            PlanFileError::Unreadable { detail } => (
                l("This file cannot be read as a plan", "无法将此文件读取为计划"),
                match lang {
                    Lang::En => format!(
                        "It is not JSON, or not shaped like a Shipshape plan file ({}). Nothing was loaded.",
                        excerpt(detail, 300)
                    ),
                    Lang::Zh => format!(
                        "它不是 JSON，或不是 Shipshape 计划文件的结构（{}）。未载入任何内容。",
                        excerpt(detail, 300)
                    ),
                },
                remake(),
            ),
            PlanFileError::NotAPlan => (
                l("This file is not a plan file", "此文件不是计划文件"),
                l(
                    "It is JSON, but it does not say \"format\": \"shipshape-plan\" with a version: it is another kind of file (a run report or an export, perhaps). Nothing was loaded.",
                    "它是 JSON，但没有 \"format\": \"shipshape-plan\" 及版本号：它是另一种文件（可能是执行报告或导出文件）。未载入任何内容。",
                ),
                remake(),
            ),
            PlanFileError::NewerVersion { found } => (
                l(
                    "The plan file is from a newer Shipshape",
                    "该计划文件来自更新版本的 Shipshape",
                ),
                match lang {
                    Lang::En => format!(
                        "It is version {found}; this Shipshape reads plan files up to version {PLAN_VERSION}. Nothing was loaded."
                    ),
                    Lang::Zh => format!(
                        "它的版本是 {found}；此 Shipshape 只能读取版本 {PLAN_VERSION} 及以下的计划文件。未载入任何内容。"
                    ),
                },
                Some(l(
                    "Update this Shipshape to the version that wrote the file, or make the plan again here with a dry run.",
                    "请将此 Shipshape 更新到生成该文件的版本，或在此重新试运行以生成计划。",
                )),
            ),
            PlanFileError::BadName { input, reason } => (
                l(
                    "The plan names an invalid repository",
                    "计划中的镜像库名称无效",
                ),
                match lang {
                    Lang::En => format!(
                        "\"{}\": {}. The file was changed or damaged; nothing was loaded.",
                        excerpt(input, 200),
                        reference_problem(lang, reason)
                    ),
                    Lang::Zh => format!(
                        "“{}”：{}。文件已被修改或损坏；未载入任何内容。",
                        excerpt(input, 200),
                        reference_problem(lang, reason)
                    ),
                },
                remake(),
            ),
            PlanFileError::BadDigest { input, reason } => (
                l("The plan lists an invalid digest", "计划中的摘要无效"),
                match lang {
                    Lang::En => format!(
                        "\"{}\": {}. The file was changed or damaged; nothing was loaded.",
                        excerpt(input, 200),
                        digest_problem(lang, reason)
                    ),
                    Lang::Zh => format!(
                        "“{}”：{}。文件已被修改或损坏；未载入任何内容。",
                        excerpt(input, 200),
                        digest_problem(lang, reason)
                    ),
                },
                remake(),
            ),
            PlanFileError::OtherRegistry { plan, here } => (
                l("The plan is for another registry", "该计划适用于另一个仓库"),
                match lang {
                    Lang::En => format!(
                        "It was made for {}, and this page is connected to {}. A plan only runs on the registry it was made for.",
                        excerpt(plan, 200),
                        excerpt(here, 200)
                    ),
                    Lang::Zh => format!(
                        "它是为 {} 制定的，而本页面连接的是 {}。计划只能在为其制定的仓库上执行。",
                        excerpt(plan, 200),
                        excerpt(here, 200)
                    ),
                },
                Some(match lang {
                    Lang::En => format!(
                        "Switch to {} (Registries, in the header) and load the file there, or make a new plan for this registry with a dry run.",
                        excerpt(plan, 200)
                    ),
                    Lang::Zh => format!(
                        "请切换到 {}（页眉中的“仓库”）并在那里载入该文件，或为此仓库重新试运行以生成新计划。",
                        excerpt(plan, 200)
                    ),
                }),
            ),
            PlanFileError::FromTheFuture { ahead } => (
                l("The plan is dated in the future", "该计划的日期在未来"),
                match lang {
                    Lang::En => format!(
                        "It says it was made {} from now. A wrong clock where it was made, or a file changed to look fresh: Shipshape does not run it.",
                        phrase::duration(lang, *ahead)
                    ),
                    Lang::Zh => format!(
                        "它声称制定于 {} 之后。可能是制定它的机器时钟有误，或文件被改得看起来很新：Shipshape 不会执行它。",
                        phrase::duration(lang, *ahead)
                    ),
                },
                Some(l(
                    "Check the clock of the machine that made it, then make a new plan with a dry run.",
                    "请检查制定它的机器的时钟，然后重新试运行以生成新计划。",
                )),
            ),
            PlanFileError::TooOld { age, max } => (
                l("The plan is too old to run", "该计划太旧，无法执行"),
                match lang {
                    Lang::En => format!(
                        "It was made {} ago; plans older than {} are refused, since the registry has likely changed.",
                        phrase::duration(lang, *age),
                        phrase::duration(lang, *max)
                    ),
                    Lang::Zh => format!(
                        "它制定于 {} 前；超过 {} 的计划会被拒绝，因为仓库很可能已经变化。",
                        phrase::duration(lang, *age),
                        phrase::duration(lang, *max)
                    ),
                },
                Some(l(
                    "Make a new plan with a dry run, review it, and run that.",
                    "请重新试运行以生成新计划，审阅后再执行。",
                )),
            ),
        };
        Explanation {
            title,
            detail,
            fix,
            snippet: None,
        }
    }
}

/// Why a request got no answer, in a few words.
pub fn no_answer(lang: Lang, why: &NoAnswer) -> String {
    match (lang, why) {
        (_, NoAnswer::Failed(m)) if m.is_empty() => lang.pick("no answer", "没有应答").into(),
        (_, NoAnswer::Failed(m)) => excerpt(m, 300),
        (Lang::En, NoAnswer::CutOff(m)) => format!("the answer was cut off: {}", excerpt(m, 300)),
        (Lang::Zh, NoAnswer::CutOff(m)) => format!("应答中途断开：{}", excerpt(m, 300)),
        (_, NoAnswer::UnsendableCredentials) => lang
            .pick(
                "the credentials hold characters an HTTP header cannot carry; nothing was sent",
                "凭据含有 HTTP 头无法携带的字符；没有发送任何请求",
            )
            .into(),
    }
}

/// What an answer should have been (`RegistryError::Malformed`).
pub fn expected_answer(lang: Lang, e: &Expected) -> String {
    let l = |en: &str, zh: &str| lang.pick(en, zh).to_string();
    match e {
        Expected::CatalogPage => l(
            "a catalog page {\"repositories\": [...]}",
            "目录页 {\"repositories\": [...]}",
        ),
        Expected::ReferrersIndex => l("an OCI index of referrers", "列出引用者的 OCI 索引"),
        Expected::TagList => l(
            "a tag list {\"name\": ..., \"tags\": [...]}",
            "标签列表 {\"name\": ..., \"tags\": [...]}",
        ),
        Expected::JsonManifest => l("a JSON manifest", "JSON 格式的清单"),
        Expected::JsonObject => l("a JSON object", "JSON 对象"),
        Expected::ManifestFields => l("a manifest with valid fields", "字段有效的清单"),
        Expected::ImageConfig => l("an image config", "镜像配置"),
        Expected::NewPage => l(
            "a next-page link to a page not read yet",
            "指向尚未读取页面的下一页链接",
        ),
        Expected::Accepted => l("202 Accepted", "202 Accepted"),
        Expected::PageLimit { max } => match lang {
            Lang::En => format!("next-page links that end within {max} pages"),
            Lang::Zh => format!("下一页链接在 {max} 页内结束"),
        },
        Expected::DescriptorDigests => l(
            "a valid digest in every descriptor",
            "每个描述符都带有效摘要",
        ),
        Expected::ByteRange { first, last } => match lang {
            Lang::En => format!("206 Partial Content with bytes {first}-{last}"),
            Lang::Zh => format!("206 Partial Content，包含字节 {first}-{last}"),
        },
        Expected::UploadLocation => l(
            "a Location header on the blob upload's answer (cross-origin, the registry \
             must expose it: Access-Control-Expose-Headers: Location)",
            "上传数据块的应答带 Location 头（跨域时，仓库必须公开它：\
             Access-Control-Expose-Headers: Location）",
        ),
        Expected::PlaceholderAlone => l(
            "the placeholder deleted, with only this tag on it",
            "删除只带此标签的占位清单",
        ),
    }
}

/// What came instead (`RegistryError::Malformed`).
pub fn got_instead(lang: Lang, got: &Got) -> String {
    match (lang, got) {
        (_, Got::Text(t)) => t.clone(),
        (Lang::En, Got::Unparsable { excerpt, error }) => format!("{excerpt} (JSON: {error})"),
        (Lang::Zh, Got::Unparsable { excerpt, error }) => format!("{excerpt}（JSON：{error}）"),
        (
            _,
            Got::Answer {
                status,
                status_text,
                bytes,
            },
        ) => {
            let line = if status_text.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status} {status_text}")
            };
            match lang {
                Lang::En => format!("{line} with {bytes} bytes"),
                Lang::Zh => format!("{line}，{bytes} 字节"),
            }
        }
    }
}

/// What is wrong in `config.json`.
pub fn file_problem(lang: Lang, p: &FileProblem) -> String {
    let limit = UiDefaults::TITLE_LIMIT;
    match p {
        FileProblem::Json(m) => excerpt(m, 300),
        FileProblem::Title => match lang {
            Lang::En => format!("\"ui.title\": at most {limit} characters on one line"),
            Lang::Zh => format!("\"ui.title\"：最多 {limit} 个字符，且只能一行"),
        },
        FileProblem::Theme(t) => {
            let t = excerpt(t, 60);
            match lang {
                Lang::En => {
                    format!("\"ui.theme\": \"{t}\" is not one of \"system\", \"light\", \"dark\"")
                }
                Lang::Zh => format!("\"ui.theme\"：“{t}”不是 \"system\"、\"light\"、\"dark\" 之一"),
            }
        }
        FileProblem::Language(l) => {
            let l = excerpt(l, 60);
            match lang {
                Lang::En => format!("\"ui.language\": \"{l}\" is not one of \"en\", \"zh-CN\""),
                Lang::Zh => format!("\"ui.language\"：“{l}”不是 \"en\"、\"zh-CN\" 之一"),
            }
        }
        FileProblem::RepositoryName { registry, entry } => {
            let (r, e) = (excerpt(registry, 60), excerpt(entry, 200));
            match lang {
                Lang::En => format!(
                    "registry \"{r}\": \"{e}\" in \"repositories\" is not a repository name"
                ),
                Lang::Zh => format!("仓库“{r}”：\"repositories\" 中的“{e}”不是镜像库名称"),
            }
        }
        FileProblem::RegistryUrl { registry, url } => {
            let (r, u) = (excerpt(registry, 60), excerpt(url, 200));
            match lang {
                Lang::En => format!("registry \"{r}\": url \"{u}\" is not an http(s) address"),
                Lang::Zh => format!("仓库“{r}”：url“{u}”不是 http(s) 地址"),
            }
        }
    }
}

/// Why the configuration cannot be used.
pub fn config_problem(lang: Lang, e: &ConfigError) -> String {
    match (e, lang) {
        (ConfigError::BadFile(e), Lang::En) => {
            format!("config.json is not valid: {}", file_problem(lang, e))
        }
        (ConfigError::BadFile(e), Lang::Zh) => format!("config.json 无效：{}", file_problem(lang, e)),
        (ConfigError::BadParameter(v), Lang::En) => {
            format!("?registry= must be an http:// or https:// address, not \"{v}\"")
        }
        (ConfigError::BadParameter(v), Lang::Zh) => {
            format!("?registry= 必须是 http:// 或 https:// 地址，而不是“{v}”")
        }
        (ConfigError::UnknownDefault(d), Lang::En) => {
            format!("config.json: \"default\" names \"{d}\", which is not in \"registries\"")
        }
        (ConfigError::UnknownDefault(d), Lang::Zh) => {
            format!("config.json：\"default\" 指定的“{d}”不在 \"registries\" 中")
        }
        (ConfigError::Unreadable { status: Some(s) }, Lang::En) => format!(
            "config.json could not be read: the server answered {s} instead of the file or 404. It can mark this registry read-only, so Shipshape does not start without it."
        ),
        (ConfigError::Unreadable { status: Some(s) }, Lang::Zh) => format!(
            "无法读取 config.json：服务器应答了 {s}，而不是该文件或 404。它可能把此仓库标记为只读，因此读不到它时 Shipshape 不会启动。"
        ),
        (ConfigError::Unreadable { status: None }, Lang::En) => "config.json could not be read: no answer came (network error, or the server is down). It can mark this registry read-only, so Shipshape does not start without it.".into(),
        (ConfigError::Unreadable { status: None }, Lang::Zh) => "无法读取 config.json：没有收到应答（网络错误或服务器未运行）。它可能把此仓库标记为只读，因此读不到它时 Shipshape 不会启动。".into(),
    }
}

/// Which rule a name, tag or digest breaks.
pub fn reference_problem(lang: Lang, e: &ReferenceError) -> String {
    match (lang, e) {
        (Lang::En, ReferenceError::EmptyName) => "the repository name is empty".into(),
        (Lang::Zh, ReferenceError::EmptyName) => "镜像库名称为空".into(),
        (Lang::En, ReferenceError::NameTooLong(n)) => {
            format!("the name has {n} characters; at most {MAX_NAME_LEN} are allowed")
        }
        (Lang::Zh, ReferenceError::NameTooLong(n)) => {
            format!("名称有 {n} 个字符；最多允许 {MAX_NAME_LEN} 个")
        }
        (Lang::En, ReferenceError::BadNameComponent(c)) => format!(
            "\"{}\" is not a valid name part: use lowercase letters and digits, separated by '.', '_', '__' or '-'",
            excerpt(c, 200)
        ),
        (Lang::Zh, ReferenceError::BadNameComponent(c)) => format!(
            "“{}”不是有效的名称部分：请使用小写字母和数字，以 '.'、'_'、'__' 或 '-' 分隔",
            excerpt(c, 200)
        ),
        (Lang::En, ReferenceError::EmptyTag) => "the tag is empty".into(),
        (Lang::Zh, ReferenceError::EmptyTag) => "标签为空".into(),
        (Lang::En, ReferenceError::TagTooLong(n)) => {
            format!("the tag has {n} characters; at most {MAX_TAG_LEN} are allowed")
        }
        (Lang::Zh, ReferenceError::TagTooLong(n)) => {
            format!("标签有 {n} 个字符；最多允许 {MAX_TAG_LEN} 个")
        }
        (Lang::En, ReferenceError::BadTag) => {
            "a tag uses letters, digits, '_', '.' and '-', and does not start with '.' or '-'".into()
        }
        (Lang::Zh, ReferenceError::BadTag) => {
            "标签只能使用字母、数字、'_'、'.' 和 '-'，且不能以 '.' 或 '-' 开头".into()
        }
        (Lang::En, ReferenceError::BadDigest(d)) => format!("invalid digest: {}", digest_problem(lang, d)),
        (Lang::Zh, ReferenceError::BadDigest(d)) => format!("摘要无效：{}", digest_problem(lang, d)),
    }
}

/// Why a string is not a digest.
pub fn digest_problem(lang: Lang, e: &DigestParseError) -> String {
    match (lang, e) {
        (Lang::En, DigestParseError::MissingAlgorithm) => {
            "a digest looks like sha256:<64 hex digits>".into()
        }
        (Lang::Zh, DigestParseError::MissingAlgorithm) => {
            "摘要的格式是 sha256:<64 位十六进制数字>".into()
        }
        (Lang::En, DigestParseError::UnsupportedAlgorithm(a)) => {
            format!("unsupported digest algorithm \"{}\"", excerpt(a, 50))
        }
        (Lang::Zh, DigestParseError::UnsupportedAlgorithm(a)) => {
            format!("不支持的摘要算法“{}”", excerpt(a, 50))
        }
        (Lang::En, DigestParseError::BadHex) => {
            "the hex part has the wrong length or characters".into()
        }
        (Lang::Zh, DigestParseError::BadHex) => "十六进制部分的长度或字符不正确".into(),
    }
}

/// Why the token server gave no token.
fn token_failure(lang: Lang, f: &TokenFailure) -> String {
    match (lang, f) {
        (Lang::En, TokenFailure::RealmNotHttp) => "the realm is not an http(s) address".into(),
        (Lang::Zh, TokenFailure::RealmNotHttp) => "realm 不是 http(s) 地址".into(),
        (_, TokenFailure::Request(e)) => e.explain(lang).detail,
        (_, TokenFailure::Status { status, body }) => format!("HTTP {status}: {body}"),
        (Lang::En, TokenFailure::NotAToken { flaw }) => {
            format!("the answer is not a token: {}", token_flaw(lang, *flaw))
        }
        (Lang::Zh, TokenFailure::NotAToken { flaw }) => {
            format!("响应不是令牌：{}", token_flaw(lang, *flaw))
        }
        (Lang::En, TokenFailure::NoToken) => {
            "the answer holds neither a token nor an access_token".into()
        }
        (Lang::Zh, TokenFailure::NoToken) => "响应中既没有 token 也没有 access_token".into(),
        (Lang::En, TokenFailure::InsecureRealm) => "the registry is on https:// but sends credentials to a token server on plain http://, where they would travel unencrypted; Shipshape did not ask it".into(),
        (Lang::Zh, TokenFailure::InsecureRealm) => "仓库使用 https://，却要把凭据发往明文 http:// 的令牌服务器，凭据将以未加密的方式传输；Shipshape 没有向它请求".into(),
    }
}

/// What is wrong with a token server's answer.
pub fn token_flaw(lang: Lang, f: TokenAnswerFlaw) -> &'static str {
    use TokenAnswerFlaw as F;
    match (lang, f) {
        (Lang::En, F::NotJson) => "it is not JSON",
        (Lang::Zh, F::NotJson) => "它不是 JSON",
        (Lang::En, F::NotAnObject) => "it is JSON, but not an object",
        (Lang::Zh, F::NotAnObject) => "它是 JSON，但不是对象",
        (Lang::En, F::NotAString) => "its token is not a string",
        (Lang::Zh, F::NotAString) => "其中的令牌不是字符串",
        (Lang::En, F::Unprintable) => {
            "its token holds characters a header cannot carry (spaces, control or non-ASCII characters)"
        }
        (Lang::Zh, F::Unprintable) => "其中的令牌含有请求头无法携带的字符（空格、控制字符或非 ASCII 字符）",
        (Lang::En, F::Unsaid) => "what was wrong was not recorded",
        (Lang::Zh, F::Unsaid) => "当时未记录具体问题",
    }
}

/// Why this browser's journal could not record a step before it was sent
/// (a delete, an untag, a tag write): then nothing was sent.
pub fn record_failure(lang: Lang, f: RecordFailure) -> &'static str {
    use RecordFailure as F;
    match (lang, f) {
        (Lang::En, F::NoStore) => {
            "this browser offers no IndexedDB here (it may be disabled, or refused in a private window)"
        }
        (Lang::Zh, F::NoStore) => {
            "此浏览器在此处不提供 IndexedDB（可能已被禁用，或在隐私窗口中被拒绝）"
        }
        (Lang::En, F::Quota) => {
            "this browser's storage for the site is full: free some space, or clear old data of this site"
        }
        (Lang::Zh, F::Quota) => "此浏览器为本网站分配的存储空间已满：请释放空间，或清除本网站的旧数据",
        (Lang::En, F::Closed) => {
            "the journal was closed during the write (another tab may have upgraded or deleted it); reload the page"
        }
        (Lang::Zh, F::Closed) => "写入时日志已被关闭（可能另一个标签页升级或删除了它）；请重新加载页面",
        (Lang::En, F::Refused) => "the browser refused the journal write",
        (Lang::Zh, F::Refused) => "浏览器拒绝了日志写入",
        (Lang::En, F::WriteFailed) => "the browser accepted the journal write, then it failed",
        (Lang::Zh, F::WriteFailed) => "浏览器接受了日志写入，随后写入失败",
        (Lang::En, F::NotText) => {
            "the record could not be kept as text (the manifest is not UTF-8 text)"
        }
        (Lang::Zh, F::NotText) => "记录无法以文本形式保存（清单不是 UTF-8 文本）",
        (Lang::En, F::Unsaid) => "why was not recorded",
        (Lang::Zh, F::Unsaid) => "当时未记录原因",
    }
}

/// The `storage.delete` block that lets a registry delete.
pub const DELETE_ENABLED: &str = "storage:\n  delete:\n    enabled: true";

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::digest::Digest;

    #[test]
    fn every_error_explains_itself_in_both_languages() {
        let d = Digest::sha256_of(b"a");
        let all = vec![
            RegistryError::Unreachable {
                url: "u".into(),
                detail: NoAnswer::Failed("TypeError".into()),
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
                proxy_page: None,
            },
            RegistryError::Server {
                status: 502,
                message: "m".into(),
                proxy_page: Some("502 Bad Gateway".into()),
            },
            RegistryError::Malformed {
                expected: Expected::ImageConfig,
                got: Got::Text("g".into()),
            },
            RegistryError::DigestMismatch {
                expected: d.clone(),
                actual: d,
            },
            RegistryError::InvalidReference {
                input: "i".into(),
                reason: ReferenceError::EmptyTag,
            },
            RegistryError::ForeignLink { link: "l".into() },
            RegistryError::LinkHidden {
                page_size: 1000,
                listed: 1000,
            },
            RegistryError::TagListIncomplete { listed: 100 },
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
        let off = RegistryError::DeleteDisabled.explain(Lang::En);
        assert_eq!(off.snippet.as_deref(), Some(DELETE_ENABLED));
        let fix = off.fix.unwrap();
        assert!(fix.contains("REGISTRY_STORAGE_DELETE_ENABLED=true"));
        // Both causes of a 405 UNSUPPORTED, each with its own fix.
        assert!(fix.contains("pull-through cache") && fix.contains("proxy.ttl"));
        let zh = RegistryError::DeleteDisabled.explain(Lang::Zh).fix.unwrap();
        assert!(zh.contains("拉取缓存") && zh.contains("REGISTRY_STORAGE_DELETE_ENABLED=true"));
    }

    #[test]
    fn every_plan_file_error_explains_itself_in_both_languages() {
        let all = vec![
            PlanFileError::Unreadable {
                detail: "expected value at line 1 column 1".into(),
            },
            PlanFileError::NotAPlan,
            PlanFileError::NewerVersion { found: 2 },
            PlanFileError::BadName {
                input: "Team/App".into(),
                reason: ReferenceError::BadNameComponent("Team".into()),
            },
            PlanFileError::BadDigest {
                input: "sha256:abc".into(),
                reason: DigestParseError::BadHex,
            },
            PlanFileError::OtherRegistry {
                plan: "https://a.example".into(),
                here: "https://b.example".into(),
            },
            PlanFileError::TooOld {
                age: 3 * 86_400,
                max: 86_400,
            },
            PlanFileError::FromTheFuture { ahead: 3600 },
        ];
        for e in all {
            let en = e.explain(Lang::En);
            let zh = e.explain(Lang::Zh);
            for x in [&en, &zh] {
                assert!(!x.title.is_empty() && !x.detail.is_empty(), "{e:?}");
                assert!(x.fix.as_ref().is_some_and(|f| !f.is_empty()), "{e:?}");
            }
            assert_ne!(en.title, zh.title, "{e:?} has no Chinese title");
            assert_ne!(en.detail, zh.detail, "{e:?} has no Chinese detail");
        }
        let other = PlanFileError::OtherRegistry {
            plan: "https://a.example".into(),
            here: "https://b.example".into(),
        }
        .explain(Lang::En);
        assert!(
            other.detail.contains("https://a.example")
                && other.detail.contains("https://b.example")
        );
        let old = PlanFileError::TooOld {
            age: 3 * 86_400,
            max: 86_400,
        }
        .explain(Lang::En);
        assert!(
            old.detail.contains("3 days") && old.detail.contains("24 hours"),
            "{}",
            old.detail
        );
    }

    /// Whether `s` holds an English word (two or more ASCII letters) that
    /// is not one of `allowed` (protocol names, fields, JSON keys).
    fn english_in(s: &str, allowed: &[&str]) -> Option<String> {
        s.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2)
            .find(|w| !allowed.contains(w))
            .map(str::to_string)
    }

    #[test]
    fn what_was_expected_and_what_came_are_said_in_both_languages() {
        let all = [
            Expected::CatalogPage,
            Expected::TagList,
            Expected::ReferrersIndex,
            Expected::JsonManifest,
            Expected::JsonObject,
            Expected::ManifestFields,
            Expected::ImageConfig,
            Expected::Accepted,
            Expected::PageLimit { max: 1000 },
            Expected::NewPage,
            Expected::DescriptorDigests,
            Expected::ByteRange { first: 0, last: 9 },
            Expected::UploadLocation,
            Expected::PlaceholderAlone,
        ];
        // Names of the protocol, said as they are in both languages.
        let names = [
            "repositories",
            "name",
            "tags",
            "OCI",
            "JSON",
            "Accepted",
            "Partial",
            "Content",
            "Location",
            "Access",
            "Control",
            "Expose",
            "Headers",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for e in &all {
            let en = expected_answer(Lang::En, e);
            let zh = expected_answer(Lang::Zh, e);
            assert!(!en.is_empty() && seen.insert(en.clone()), "{e:?}: {en}");
            assert_eq!(english_in(&zh, &names), None, "{e:?}: {zh}");
        }
        assert!(expected_answer(Lang::En, &Expected::PageLimit { max: 1000 }).contains("1000"));
        assert!(
            expected_answer(Lang::Zh, &Expected::ByteRange { first: 5, last: 9 }).contains("5-9")
        );
        let answer = Got::Answer {
            status: 200,
            status_text: "OK".into(),
            bytes: 12,
        };
        assert_eq!(got_instead(Lang::En, &answer), "HTTP 200 OK with 12 bytes");
        assert_eq!(got_instead(Lang::Zh, &answer), "HTTP 200 OK，12 字节");
        let bare = Got::Answer {
            status: 200,
            status_text: String::new(),
            bytes: 0,
        };
        assert_eq!(got_instead(Lang::Zh, &bare), "HTTP 200，0 字节");
        // The image config a Chinese user once read as "应为 an image config".
        let detail = RegistryError::Malformed {
            expected: Expected::ImageConfig,
            got: Got::Unparsable {
                excerpt: "<html>".into(),
                error: "expected value at line 1 column 1".into(),
            },
        }
        .explain(Lang::Zh)
        .detail;
        assert_eq!(
            detail,
            "应为镜像配置；实际收到：<html>（JSON：expected value at line 1 column 1）"
        );
    }

    #[test]
    fn a_failed_request_is_said_by_its_cause() {
        for (why, en, zh) in [
            (NoAnswer::Failed(String::new()), "no answer", "没有应答"),
            (
                NoAnswer::Failed("TypeError: Failed to fetch".into()),
                "TypeError: Failed to fetch",
                "TypeError: Failed to fetch",
            ),
            (
                NoAnswer::CutOff("network error".into()),
                "the answer was cut off: network error",
                "应答中途断开：network error",
            ),
        ] {
            assert_eq!(no_answer(Lang::En, &why), en);
            assert_eq!(no_answer(Lang::Zh, &why), zh);
        }
        let zh = no_answer(Lang::Zh, &NoAnswer::UnsendableCredentials);
        assert_eq!(english_in(&zh, &["HTTP"]), None, "{zh}");
    }

    #[test]
    fn every_config_file_problem_is_said_in_both_languages() {
        let all = [
            FileProblem::Json("unknown field `colour` at line 1 column 9".into()),
            FileProblem::Title,
            FileProblem::Theme("purple".into()),
            FileProblem::Language("fr".into()),
            FileProblem::RepositoryName {
                registry: "prod".into(),
                entry: "Team/App".into(),
            },
            FileProblem::RegistryUrl {
                registry: "prod".into(),
                url: "ftp://x".into(),
            },
        ];
        // Keys and values of config.json, quoted as they are.
        let keys = [
            "ui",
            "title",
            "theme",
            "system",
            "light",
            "dark",
            "language",
            "en",
            "zh",
            "CN",
            "repositories",
            "url",
            "http",
            "prod",
            "purple",
            "fr",
            "Team",
            "App",
            "ftp",
        ];
        for p in &all {
            let en = config_problem(Lang::En, &ConfigError::BadFile(p.clone()));
            let zh = config_problem(Lang::Zh, &ConfigError::BadFile(p.clone()));
            assert!(en.starts_with("config.json is not valid: "), "{en}");
            assert!(zh.starts_with("config.json 无效："), "{zh}");
            if !matches!(p, FileProblem::Json(_)) {
                assert_eq!(
                    english_in(&zh, &[&["config", "json"][..], &keys].concat()),
                    None,
                    "{zh}"
                );
            }
        }
        assert!(
            config_problem(Lang::En, &ConfigError::BadFile(FileProblem::Title))
                .contains("at most 60 characters")
        );
    }

    #[test]
    fn token_flaws_and_record_failures_are_said_in_both_languages() {
        use RecordFailure as R;
        use TokenAnswerFlaw as F;
        // Names said as they are in both languages.
        let names = ["JSON", "IndexedDB", "ASCII", "UTF", "token", "access"];
        let flaws = [
            F::NotJson,
            F::NotAnObject,
            F::NotAString,
            F::Unprintable,
            F::Unsaid,
        ];
        let mut said = Vec::new();
        for flaw in flaws {
            let e = RegistryError::TokenServer {
                realm: "https://auth/token".into(),
                failure: TokenFailure::NotAToken { flaw },
            };
            said.push((
                token_flaw(Lang::En, flaw).to_string(),
                token_flaw(Lang::Zh, flaw).to_string(),
            ));
            assert!(e
                .explain(Lang::Zh)
                .detail
                .contains(token_flaw(Lang::Zh, flaw)));
            assert!(e
                .explain(Lang::En)
                .detail
                .contains(token_flaw(Lang::En, flaw)));
        }
        let no_token = TokenFailure::NoToken;
        said.push((
            token_failure(Lang::En, &no_token),
            token_failure(Lang::Zh, &no_token),
        ));
        for why in [
            R::NoStore,
            R::Quota,
            R::Closed,
            R::Refused,
            R::WriteFailed,
            R::NotText,
            R::Unsaid,
        ] {
            said.push((
                record_failure(Lang::En, why).to_string(),
                record_failure(Lang::Zh, why).to_string(),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (en, zh) in &said {
            assert!(!en.is_empty() && en != zh, "{en}");
            assert!(seen.insert(en.clone()), "said twice: {en}");
            assert_eq!(english_in(zh, &names), None, "{zh}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }

    #[test]
    fn a_cors_refusal_gives_the_exact_yaml_for_this_origin() {
        let fix = RegistryError::CorsRefused {
            url: "http://r:5000/v2/".into(),
            origin: "https://ui.example.com".into(),
        }
        .explain(Lang::En);
        let snippet = fix.snippet.unwrap();
        assert!(snippet.starts_with(
            "http:\n  headers:\n    Access-Control-Allow-Origin: ['https://ui.example.com']\n    Access-Control-Allow-Methods:"
        ), "{snippet}");
        assert!(fix.fix.unwrap().contains("preflight with 401"));
    }
}
