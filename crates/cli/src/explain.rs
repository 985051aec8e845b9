//! The command's words for what went wrong: what happened and what to do,
//! for a terminal and a log (the web UI's words, in two languages, are in
//! the app's `i18n/explain.rs`; these speak of flags and files instead of
//! pages and buttons).

use registry::copy::{CopyError, CopyStep};
use registry::digest::DigestParseError;
use registry::engine::{Outcome, Stop};
use registry::error::{
    ErrorCode, Expected, Got, NoAnswer, RecordFailure, RegistryError, TokenAnswerFlaw, TokenFailure,
};
use registry::plan_file::{PlanFileError, VERSION};
use registry::reference::{ReferenceError, MAX_NAME_LEN, MAX_TAG_LEN};
use registry::response::excerpt;

/// What happened, and what to do about it when we know.
#[derive(Clone)]
pub struct Explanation {
    pub what: String,
    pub fix: Option<String>,
}

impl Explanation {
    /// `what` may carry text the registry sent (error messages, realms,
    /// token-server bodies): control characters (ANSI and OSC escapes, line
    /// breaks) are neutralised, so a registry cannot rewrite the terminal
    /// or forge lines of a report.
    fn new(what: impl Into<String>, fix: Option<&str>) -> Self {
        Explanation {
            what: crate::output::safe(&what.into()),
            fix: fix.map(String::from),
        }
    }

    /// `error: …` and an indented `fix: …`, for standard error.
    pub fn render(&self) -> String {
        match &self.fix {
            Some(fix) => format!(
                "error: {}\n  fix: {}",
                self.what,
                fix.replace('\n', "\n       ")
            ),
            None => format!("error: {}", self.what),
        }
    }
}

pub const DELETE_ENABLE_FIX: &str =
    "Deletes turned off: set `storage: delete: enabled: true` in the \
registry's config.yml (or REGISTRY_STORAGE_DELETE_ENABLED=true in its environment) and restart it. \
A pull-through cache (proxy.remoteurl) never deletes: delete the image in the upstream registry; \
the cache's copy expires on its own (after proxy.ttl, 7 days by default).";

/// Why a request got no answer.
fn no_answer(why: &NoAnswer) -> String {
    match why {
        NoAnswer::Failed(m) if m.is_empty() => "no answer".into(),
        NoAnswer::Failed(m) => excerpt(m, 300),
        NoAnswer::CutOff(m) => format!("the answer was cut off: {}", excerpt(m, 300)),
        NoAnswer::UnsendableCredentials => {
            "the credentials hold characters an HTTP header cannot carry; nothing was sent".into()
        }
    }
}

/// What an answer should have been.
pub fn expected_answer(e: &Expected) -> String {
    match e {
        Expected::CatalogPage => "a catalog page {\"repositories\": [...]}".into(),
        Expected::TagList => "a tag list {\"name\": ..., \"tags\": [...]}".into(),
        Expected::ReferrersIndex => "an OCI index of referrers".into(),
        Expected::JsonManifest => "a JSON manifest".into(),
        Expected::JsonObject => "a JSON object".into(),
        Expected::ManifestFields => "a manifest with valid fields".into(),
        Expected::ImageConfig => "an image config".into(),
        Expected::Accepted => "202 Accepted".into(),
        Expected::PageLimit { max } => format!("next-page links that end within {max} pages"),
        Expected::NewPage => "a next-page link to a page not read yet".into(),
        Expected::DescriptorDigests => "a valid digest in every descriptor".into(),
        Expected::ByteRange { first, last } => {
            format!("206 Partial Content with bytes {first}-{last}")
        }
        Expected::UploadLocation => "a Location header on the blob upload's answer".into(),
        Expected::PlaceholderAlone => "the placeholder deleted, with only this tag on it".into(),
    }
}

/// What came instead.
pub fn got_instead(got: &Got) -> String {
    match got {
        Got::Text(t) => t.clone(),
        Got::Unparsable { excerpt, error } => format!("{excerpt} (JSON: {error})"),
        Got::Answer {
            status,
            status_text,
            bytes,
        } => format!("{} with {bytes} bytes", status_line(*status, status_text)),
    }
}

/// `HTTP 200 OK`, or `HTTP 200` without a reason phrase.
fn status_line(status: u16, text: &str) -> String {
    if text.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status} {text}")
    }
}

pub fn registry_error(e: &RegistryError) -> Explanation {
    match e {
        RegistryError::Unreachable { url, detail } => Explanation::new(
            format!("cannot reach {}: {}", excerpt(url, 200), no_answer(detail)),
            Some("Check the --registry address (scheme, host and port) and that the registry is running."),
        ),
        RegistryError::CorsRefused { url, .. } | RegistryError::BlockedByPolicy { url, .. } => {
            Explanation::new(format!("{} refused the request", excerpt(url, 200)), None)
        }
        RegistryError::Timeout { url, seconds } => Explanation::new(
            format!("no answer from {} within {seconds} s", excerpt(url, 200)),
            Some("Try again later, or give more time with --timeout."),
        ),
        RegistryError::Cancelled => Explanation::new("cancelled", None),
        RegistryError::Unauthorized { challenges } => {
            let schemes: Vec<&str> = challenges.iter().map(|c| c.scheme()).collect();
            Explanation::new(
                format!(
                    "the registry asks for credentials{}, and none were accepted",
                    if schemes.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", schemes.join(", "))
                    }
                ),
                Some("Log in with `docker login` (the Docker config.json is read), set SHIPSHAPE_USERNAME and SHIPSHAPE_PASSWORD, or pass --username with --password-stdin."),
            )
        }
        RegistryError::Denied { message } => Explanation::new(
            format!("permission denied: {}", excerpt(message, 300)),
            Some("These credentials may read but not do this; use an account with the right (delete needs push/delete rights)."),
        ),
        RegistryError::NotFound { code, message } => Explanation::new(
            match code {
                Some(ErrorCode::NameUnknown) => "repository not found".to_string(),
                Some(ErrorCode::ManifestUnknown) => "manifest not found".to_string(),
                Some(ErrorCode::BlobUnknown) => "blob not found".to_string(),
                _ => format!("not found: {}", excerpt(message, 300)),
            },
            Some("Check the name and tag; `shipshape-cli repos` and `shipshape-cli tags REPO` list what exists."),
        ),
        RegistryError::DeleteDisabled => Explanation::new(
            "the registry refuses deletes (405 UNSUPPORTED): it runs without storage.delete.enabled, or it is a pull-through cache",
            Some(DELETE_ENABLE_FIX),
        ),
        RegistryError::ReadOnly { message } => Explanation::new(
            format!("the registry is read-only: {}", excerpt(message, 300)),
            Some("Turn off storage.maintenance.readonly in its config.yml once maintenance is over."),
        ),
        RegistryError::TooManyRequests { retry_after } => Explanation::new(
            match retry_after {
                Some(s) => format!("too many requests (the registry asks to wait {s} s)"),
                None => "too many requests".to_string(),
            },
            Some("Try again later, or lower --concurrency."),
        ),
        RegistryError::Server {
            status,
            proxy_page: Some(page),
            ..
        } => Explanation::new(
            format!(
                "a proxy in front of the registry answered HTTP {status} with a web page ({}), not the registry",
                excerpt(page, 120)
            ),
            Some("Check that the registry runs and that the proxy forwards /v2/ to it; the proxy's error log names the cause."),
        ),
        RegistryError::Server { status, message, .. } => Explanation::new(
            format!("the registry failed (HTTP {status}): {}", excerpt(message, 300)),
            Some("Look at the registry's log; try again once it is healthy."),
        ),
        RegistryError::Malformed { expected, got } => Explanation::new(
            format!(
                "unexpected answer: expected {}; got {}",
                expected_answer(expected),
                excerpt(&got_instead(got), 300)
            ),
            Some("Is --registry a registry's address (not a web page or proxy error page)?"),
        ),
        RegistryError::DigestMismatch { expected, actual } => Explanation::new(
            format!("content does not match its digest: expected {expected}, the bytes hash to {actual}"),
            Some("Something between here and the registry changes answers; do not trust this registry's content until it is fixed."),
        ),
        RegistryError::InvalidReference { input, reason } => Explanation::new(
            format!("\"{}\": {}", excerpt(input, 200), reference(reason)),
            None,
        ),
        RegistryError::LinkHidden { page_size, listed } => Explanation::new(
            format!("after {listed} repositories, a full page of {page_size} came without a Link header and the registry ignores ?last=, so the rest of the catalog cannot be read"),
            Some("Have the registry send its Link header (a proxy in front of it must pass it on)."),
        ),
        RegistryError::TagListIncomplete { listed } => Explanation::new(
            format!("after {listed} tags, a page came without a Link header and the page after it did not answer consistently, so the tag list cannot be read whole; nothing is deleted on part of a list"),
            Some("Try again; have the registry (and any proxy in front of it) send its Link header."),
        ),
        RegistryError::ForeignLink { link } => Explanation::new(
            format!("the registry's next-page link points to another site: {}", excerpt(link, 200)),
            Some("Fix the registry's (or its proxy's) idea of its own address."),
        ),
        RegistryError::TooLarge { url, bytes, limit } => Explanation::new(
            format!("{} sent {bytes} bytes, more than the {limit} read", excerpt(url, 200)),
            None,
        ),
        RegistryError::Redirected { url, status } => Explanation::new(
            format!("redirected (HTTP {status}) to {} instead of answered", excerpt(url, 200)),
            Some("Use the address the registry redirects to as --registry (https instead of http, perhaps). Deletes are never sent through a redirect."),
        ),
        RegistryError::Rejected { status, message, .. } => Explanation::new(
            format!("the registry rejected the request (HTTP {status}): {}", excerpt(message, 300)),
            None,
        ),
        RegistryError::TokenServer { realm, failure } => Explanation::new(
            format!("no token from the token server {}: {}", excerpt(realm, 200), token_failure(failure)),
            Some("Check the credentials and that the token server is reachable from here."),
        ),
    }
}

fn token_failure(f: &TokenFailure) -> String {
    match f {
        TokenFailure::RealmNotHttp => "its address is not http(s)".into(),
        TokenFailure::Request(e) => one_line(e),
        TokenFailure::Status { status, body } => format!("HTTP {status} {}", excerpt(body, 200)),
        TokenFailure::NotAToken { flaw } => format!("its answer is not a token: {}", token_flaw(*flaw)),
        TokenFailure::NoToken => "its answer holds neither a token nor an access_token".into(),
        TokenFailure::InsecureRealm => "the registry is on https:// but its token server on plain http://, where the password would travel unencrypted; not asked".into(),
    }
}

fn token_flaw(f: TokenAnswerFlaw) -> &'static str {
    match f {
        TokenAnswerFlaw::NotJson => "it is not JSON",
        TokenAnswerFlaw::NotAnObject => "it is JSON, but not an object",
        TokenAnswerFlaw::NotAString => "its token is not a string",
        TokenAnswerFlaw::Unprintable => "its token holds characters a header cannot carry",
        TokenAnswerFlaw::Unsaid => "what was wrong was not recorded",
    }
}

/// Why a journal could not record a step before it was sent.
pub fn record_failure(f: RecordFailure) -> &'static str {
    match f {
        RecordFailure::NoStore => "there is no store to record it in",
        RecordFailure::Quota => "the store is full",
        RecordFailure::Closed => "the store was closed under the write",
        RecordFailure::Refused => "the store refused the write",
        RecordFailure::WriteFailed => "the store accepted the write, then it failed",
        RecordFailure::NotText => "the record could not be written as text",
        RecordFailure::Unsaid => "why was not recorded",
    }
}

/// One line, for progress and reports.
pub fn one_line(e: &RegistryError) -> String {
    registry_error(e).what
}

pub fn reference(e: &ReferenceError) -> String {
    match e {
        ReferenceError::EmptyName => "the repository name is empty".into(),
        ReferenceError::NameTooLong(n) => {
            format!("the name is {n} characters long; at most {MAX_NAME_LEN} are allowed")
        }
        ReferenceError::BadNameComponent(c) => format!(
            "\"{}\" is not a valid name part (lower-case letters, digits and . _ - separators; no registry host: give that as --registry)",
            excerpt(c, 100)
        ),
        ReferenceError::EmptyTag => "a tag or digest is needed (name:tag or name@sha256:…)".into(),
        ReferenceError::TagTooLong(n) => {
            format!("the tag is {n} characters long; at most {MAX_TAG_LEN} are allowed")
        }
        ReferenceError::BadTag => "not a valid tag (letters, digits, . _ -, not starting with . or -)".into(),
        ReferenceError::BadDigest(d) => digest(d),
    }
}

pub fn digest(e: &DigestParseError) -> String {
    let why = match e {
        DigestParseError::MissingAlgorithm => "no algorithm".to_string(),
        DigestParseError::UnsupportedAlgorithm(a) => {
            format!("unsupported algorithm \"{}\"", excerpt(a, 40))
        }
        DigestParseError::BadHex => "the hex part is not lower-case hex of the right length".into(),
    };
    format!("not a valid digest ({why}); a digest reads like sha256:<64 hex digits>")
}

pub fn plan_file(e: &PlanFileError) -> Explanation {
    let remake = Some("Make the plan again: `shipshape-cli plan … --output FILE`, or download it from the clean-up page after a dry run.");
    match e {
        PlanFileError::Unreadable { detail } => Explanation::new(
            format!("the plan file is not readable JSON: {}", excerpt(detail, 200)),
            remake,
        ),
        PlanFileError::NotAPlan => Explanation::new(
            "this file is not a Shipshape plan file (no \"format\": \"shipshape-plan\" with a version)",
            remake,
        ),
        PlanFileError::NewerVersion { found } => Explanation::new(
            format!("the plan file is version {found}; this shipshape-cli reads up to version {VERSION}"),
            Some("Update shipshape-cli to the version that wrote it."),
        ),
        PlanFileError::BadName { input, reason } => Explanation::new(
            format!("the plan names an invalid repository \"{}\": {}", excerpt(input, 200), reference(reason)),
            remake,
        ),
        PlanFileError::BadDigest { input, reason } => Explanation::new(
            format!("the plan lists an invalid digest \"{}\": {}", excerpt(input, 200), digest(reason)),
            remake,
        ),
        PlanFileError::OtherRegistry { plan, here } => Explanation::new(
            format!(
                "the plan was made for {}, not for {}",
                excerpt(plan, 200),
                excerpt(here, 200)
            ),
            Some("A plan only runs on the registry it was made for: leave out --registry to use the plan's, or make a plan for this one."),
        ),
        PlanFileError::FromTheFuture { ahead } => Explanation::new(
            format!(
                "the plan says it was made {} from now: a wrong clock, or a file changed to look fresh; refused",
                duration(*ahead)
            ),
            Some("Check the clock of the machine that made it, then make a fresh plan."),
        ),
        PlanFileError::TooOld { age, max } => Explanation::new(
            format!(
                "the plan is {} old; plans older than {} are refused",
                duration(*age),
                duration(*max)
            ),
            Some("Make a fresh plan, or pass --max-age with a longer time (e.g. 7d) if this one was reviewed. The registry is checked again before every delete either way."),
        ),
    }
}

/// `45s`, `30m`, `3h`, `1d`, `2d 4h`.
pub fn duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (days, hours) = (s / 86_400, (s % 86_400) / 3600);
    match s {
        0..=119 => format!("{s}s"),
        120..=7199 => format!("{}m", s / 60),
        _ if days == 0 || (days == 1 && hours != 0) => format!("{}h", s / 3600),
        _ if hours == 0 => format!("{days}d"),
        _ => format!("{days}d {hours}h"),
    }
}

/// Why a tag was not written, or may not have been.
pub fn copy_error(e: &CopyError) -> Explanation {
    let step = |s: &CopyStep| match s {
        CopyStep::Read => "reading the image and the destination tag".to_string(),
        CopyStep::Blob(d) => format!("bringing blob {} into the destination", d.short()),
        CopyStep::Manifest(d) => format!("writing platform manifest {}", d.short()),
        CopyStep::Check => "reading the destination tag again before writing it".to_string(),
        CopyStep::Tag => "writing the tag".to_string(),
    };
    match e {
        CopyError::Failed { step: s, error } => {
            let inner = registry_error(error);
            let push = matches!(
                error,
                RegistryError::Unauthorized { .. } | RegistryError::Denied { .. }
            ) && !matches!(s, CopyStep::Read | CopyStep::Check);
            Explanation::new(
                format!("{} failed: {}. The tag was not written", step(s), inner.what),
                if push {
                    Some("Writing needs push rights (the token scope repository:<destination>:push, and pull on the source). Sign in as a user who has them.")
                } else {
                    inner.fix.as_deref()
                },
            )
        }
        CopyError::NotCopyable { media_type } => Explanation::new(
            format!(
                "this manifest cannot be copied byte for byte ({}): a signed schema 1 manifest, or a type whose blobs are unknown",
                media_type.as_deref().unwrap_or("no type")
            ),
            Some("Copy it with a tool that converts it (skopeo copy), knowing the digest will change."),
        ),
        CopyError::TooDeep => Explanation::new(
            "indexes are nested more than 4 deep: not copied",
            None,
        ),
        CopyError::Protected { tag, pattern } => Explanation::new(
            format!("tag {tag} exists and is protected (--protect \"{pattern}\"): never overwritten. Nothing was written"),
            None,
        ),
        CopyError::Moved { tag, expected, now } => Explanation::new(
            format!(
                "tag {tag} changed since it was read (was {}, now {}): another client wrote it. Nothing was written to it",
                expected.as_ref().map_or("absent".to_string(), |d| d.short().to_string()),
                now.as_ref().map_or("absent".to_string(), |d| d.short().to_string()),
            ),
            Some("Look at what it points at now and run the command again (with --overwrite to replace it)."),
        ),
        CopyError::Exists { tag, now } => Explanation::new(
            format!(
                "{tag} exists in the destination and points at {}: an attachment never overwrites. Not copied",
                now.short()
            ),
            None,
        ),
        CopyError::NotRecorded { why } => Explanation::new(
            format!("could not be recorded first: {}", record_failure(*why)),
            None,
        ),
        CopyError::Unknown { error } => Explanation::new(
            format!(
                "UNKNOWN: the tag was sent but no clear answer came ({}), and a look did not find it written; a write held by a proxy may still land",
                one_line(error)
            ),
            Some("Check it later with `shipshape-cli inspect` before writing again."),
        ),
        CopyError::DigestChanged { expected, actual } => Explanation::new(
            format!(
                "the registry stored the tag as {actual}, not {expected}: it changed the manifest's bytes"
            ),
            None,
        ),
    }
}

/// Why nothing was sent for a digest.
pub fn stop(s: &Stop) -> String {
    crate::output::safe(&stop_words(s))
}

fn stop_words(s: &Stop) -> String {
    match s {
        Stop::TagListUnreadable(e) => {
            format!("the tag list could not be read again: {}", one_line(e))
        }
        Stop::TagUnresolvable { tag, error } => format!(
            "tag {tag} could not be checked ({}); it might point here",
            one_line(error)
        ),
        Stop::IndexUnreadable { tag, error } => format!(
            "the index tagged {tag} could not be read ({}); it might list this image",
            one_line(error)
        ),
        Stop::NewTag { tag } => {
            format!("new tag {tag} points at it (pushed after the plan was made)")
        }
        Stop::MovedOnto { tag } => format!("tag {tag} was moved onto it after the plan was made"),
        Stop::MovedAway { tag, now } => format!("tag {tag} now points at {}", now.short()),
        Stop::Blocked { parents } => format!(
            "kept multi-arch images list it: {}",
            parents
                .iter()
                .map(|(tag, _)| tag.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Stop::ParentNotGone { parent } => {
            format!("the index {} that lists it is still there", parent.short())
        }
        Stop::NotRecorded { why } => format!(
            "could not be recorded before sending: {}",
            record_failure(*why)
        ),
        Stop::Protected { tag, pattern } => {
            format!("tag {tag} is protected (--protect \"{pattern}\"): never deleted")
        }
    }
}

/// One digest's outcome in words.
pub fn outcome(o: &Outcome) -> String {
    crate::output::safe(&outcome_words(o))
}

fn outcome_words(o: &Outcome) -> String {
    match o {
        Outcome::Deleted => "deleted".into(),
        Outcome::DeletedUnchecked(e) => format!("unknown: the registry answered 202, but the check afterwards failed, so nothing confirms it is gone: {}", one_line(e)),
        Outcome::StillPresent { tag: Some(t) } => format!("the registry said deleted, yet tag {t} still answers"),
        Outcome::StillPresent { tag: None } => "the registry said deleted, yet the manifest still answers".into(),
        Outcome::AlreadyGone => "already gone".into(),
        Outcome::GoneAfterCheck => "gone (the answer was lost; a check found it gone)".into(),
        Outcome::Unknown(e) => format!(
            "UNKNOWN: no clear answer ({}) and the manifest was not found gone afterwards; a DELETE held by a proxy may still land: check it later with `shipshape-cli inspect`",
            one_line(e)
        ),
        Outcome::Stopped(s) => format!("not sent: {}", stop(s)),
        Outcome::Failed(e) => format!("failed: {}", one_line(e)),
        Outcome::NotSent => "not sent (the run stopped)".into(),
        Outcome::KeptAfterCheck => "kept (a check found it still there)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_answers_and_failed_requests_are_said_from_their_facts() {
        let e = registry_error(&RegistryError::Malformed {
            expected: Expected::ByteRange {
                first: 0,
                last: 8_388_607,
            },
            got: Got::Answer {
                status: 200,
                status_text: String::new(),
                bytes: 12,
            },
        });
        assert_eq!(
            e.what,
            "unexpected answer: expected 206 Partial Content with bytes 0-8388607; got HTTP 200 with 12 bytes"
        );
        let e = registry_error(&RegistryError::Malformed {
            expected: Expected::ImageConfig,
            got: Got::Unparsable {
                excerpt: "<html>".into(),
                error: "expected value at line 1 column 1".into(),
            },
        });
        assert!(
            e.what.ends_with(
                "expected an image config; got <html> (JSON: expected value at line 1 column 1)"
            ),
            "{}",
            e.what
        );
        let e = registry_error(&RegistryError::Unreachable {
            url: "http://r".into(),
            detail: NoAnswer::UnsendableCredentials,
        });
        assert!(e.what.contains("nothing was sent"), "{}", e.what);
        let e = registry_error(&RegistryError::Unreachable {
            url: "http://r".into(),
            detail: NoAnswer::Failed("Connection refused".into()),
        });
        assert_eq!(e.what, "cannot reach http://r: Connection refused");
    }

    #[test]
    fn durations_read_short() {
        assert_eq!(duration(45), "45s");
        assert_eq!(duration(1800), "30m");
        assert_eq!(duration(3 * 3600), "3h");
        assert_eq!(duration(86_400), "1d");
        assert_eq!(duration(86_400 + 3600), "25h");
        assert_eq!(duration(3 * 86_400), "3d");
        assert_eq!(duration(2 * 86_400 + 4 * 3600 + 5), "2d 4h");
    }
}

#[cfg(test)]
mod escapes {
    use super::*;

    #[test]
    fn registry_text_cannot_drive_the_terminal() {
        let hostile = RegistryError::Server {
            status: 500,
            message: "\u{1b}[2K\r3 of 3 images deleted.\u{1b}]0;pwned\u{7}\nfake line".into(),
            proxy_page: None,
        };
        for text in [
            one_line(&hostile),
            registry_error(&hostile).render(),
            outcome(&Outcome::Failed(hostile.clone())),
            stop(&Stop::TagListUnreadable(hostile.clone())),
        ] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\r') && !text.contains('\u{7}'),
                "{text:?}"
            );
            // The line break of the registry's text is gone; only the
            // explanation's own "fix:" line may follow.
            assert!(!text.contains("\nfake line"), "{text:?}");
        }
    }
}
