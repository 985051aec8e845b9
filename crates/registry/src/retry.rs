//! When a read is sent again: idempotent requests (GET, HEAD) that failed
//! in a way that may pass (5xx from a proxy, 429, a dropped connection, a
//! timeout) are retried with backoff, honouring `Retry-After`. Writes are
//! never retried here: a DELETE whose answer was lost is checked with a
//! HEAD instead (see `Registry::delete_and_check` in `engine.rs`).

use super::error::RegistryError;

/// Retries after the first attempt.
pub const MAX_RETRIES: u32 = 3;
/// A `Retry-After` longer than this is not waited for: the error is shown.
pub const MAX_RETRY_AFTER_SECONDS: u32 = 60;

/// A retry the UI may show ("retrying in 1.5 s, attempt 2 of 3").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryNotice {
    /// 1-based retry number.
    pub attempt: u32,
    pub max: u32,
    pub wait_ms: u32,
    /// What failed.
    pub error: RegistryError,
}

/// How long to wait before retry number `attempt` (1-based) after `error`,
/// or `None` when it is not retried.
pub fn delay_ms(attempt: u32, error: &RegistryError) -> Option<u32> {
    if attempt == 0 || attempt > MAX_RETRIES {
        return None;
    }
    let backoff = 500 * 3u32.pow(attempt - 1);
    match error {
        RegistryError::TooManyRequests {
            retry_after: Some(s),
        } => (*s <= MAX_RETRY_AFTER_SECONDS).then(|| (s * 1000).max(backoff)),
        // A dropped connection may be a blip; it may also be a CORS refusal
        // or a registry that is down, which no retry fixes: once.
        RegistryError::Unreachable { .. } | RegistryError::Timeout { .. } => {
            (attempt == 1).then_some(backoff)
        }
        e if e.is_transient() => Some(backoff),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn server(status: u16) -> RegistryError {
        RegistryError::Server {
            status,
            message: String::new(),
            proxy_page: None,
        }
    }

    #[test]
    fn proxies_errors_back_off_three_times() {
        let d: Vec<Option<u32>> = (1..=4).map(|a| delay_ms(a, &server(503))).collect();
        assert_eq!(d, vec![Some(500), Some(1500), Some(4500), None]);
        assert_eq!(delay_ms(1, &server(501)), None);
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_minute() {
        let e = |s| RegistryError::TooManyRequests {
            retry_after: Some(s),
        };
        assert_eq!(delay_ms(1, &e(2)), Some(2000));
        assert_eq!(delay_ms(1, &e(0)), Some(500));
        assert_eq!(delay_ms(1, &e(3600)), None);
        assert_eq!(
            delay_ms(2, &RegistryError::TooManyRequests { retry_after: None }),
            Some(1500)
        );
    }

    #[test]
    fn unreachable_is_retried_once_and_client_errors_never() {
        let u = RegistryError::Unreachable {
            url: "u".into(),
            detail: crate::error::NoAnswer::Failed("d".into()),
        };
        assert_eq!(delay_ms(1, &u), Some(500));
        assert_eq!(delay_ms(2, &u), None);
        assert_eq!(delay_ms(1, &RegistryError::DeleteDisabled), None);
        assert_eq!(
            delay_ms(
                1,
                &RegistryError::NotFound {
                    code: None,
                    message: String::new()
                }
            ),
            None
        );
    }
}
