//! One queue for every request the page sends to a registry: at most
//! [`IN_FLIGHT`] at once, what the page itself shows (lists, a manifest, a
//! delete: [`Priority::Foreground`]) before per-row details
//! ([`Priority::Background`]), first come first served within each, and
//! nothing new started while the registry has asked to wait (a `429` with
//! `Retry-After`). Past the cap, requests wait here, where they can be
//! reordered and dropped, not inside the browser (6 connections per host
//! over HTTP/1.1), where they can be neither. Cached answers (by digest)
//! never take a place.
//!
//! This is the bookkeeping only; `crate::transport` wakes the requests.

use super::error::RegistryError;
use super::response::RawResponse;
use super::retry::MAX_RETRY_AFTER_SECONDS;
use std::collections::VecDeque;

/// Requests sent at once (the browser's own per-host limit for HTTP/1.1).
pub const IN_FLIGHT: usize = 6;

/// Which requests go first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Priority {
    /// What the page is waiting for: lists, a manifest, a delete.
    #[default]
    Foreground,
    /// Per-row details (sizes, dates, tag counts), already ordered by the
    /// view (rows on screen first).
    Background,
}

/// The queue's state: ids waiting per priority, how many run, and until
/// when nothing new starts.
#[derive(Debug)]
pub struct Schedule {
    cap: usize,
    running: usize,
    waiting: [VecDeque<u64>; 2],
    next_id: u64,
    paused_until_ms: f64,
}

impl Schedule {
    pub fn new(cap: usize) -> Self {
        Schedule {
            cap: cap.max(1),
            running: 0,
            waiting: [VecDeque::new(), VecDeque::new()],
            next_id: 0,
            paused_until_ms: 0.0,
        }
    }

    /// Queue a request; its id is returned by [`Schedule::start_ready`]
    /// when it may be sent.
    pub fn enqueue(&mut self, priority: Priority) -> u64 {
        self.next_id += 1;
        self.waiting[priority as usize].push_back(self.next_id);
        self.next_id
    }

    /// Drop a request that is still waiting (nobody needs it any more);
    /// `false` when it was not waiting.
    pub fn cancel(&mut self, id: u64) -> bool {
        for queue in &mut self.waiting {
            if let Some(i) = queue.iter().position(|w| *w == id) {
                queue.remove(i);
                return true;
            }
        }
        false
    }

    /// A started request is over (answered, failed or dropped).
    pub fn finish(&mut self) {
        self.running = self.running.saturating_sub(1);
    }

    /// The requests that may be sent now, in order; they count as running
    /// until [`Schedule::finish`].
    pub fn start_ready(&mut self, now_ms: f64) -> Vec<u64> {
        let mut ready = Vec::new();
        if now_ms < self.paused_until_ms {
            return ready;
        }
        while self.running < self.cap {
            let Some(id) = self.waiting.iter_mut().find_map(VecDeque::pop_front) else {
                break;
            };
            self.running += 1;
            ready.push(id);
        }
        ready
    }

    /// Start nothing new before `until_ms`.
    pub fn pause_until(&mut self, until_ms: f64) {
        self.paused_until_ms = self.paused_until_ms.max(until_ms);
    }

    /// When a pause ends, while requests wait for it.
    pub fn wake_at(&self, now_ms: f64) -> Option<f64> {
        (now_ms < self.paused_until_ms && self.waiting.iter().any(|q| !q.is_empty()))
            .then_some(self.paused_until_ms)
    }

    pub fn running(&self) -> usize {
        self.running
    }

    pub fn waiting(&self) -> usize {
        self.waiting.iter().map(VecDeque::len).sum()
    }
}

/// How long the registry asked everyone to wait, in ms: a `429` with a
/// `Retry-After` the retry rules would wait for.
pub fn pause_ms(response: &RawResponse) -> Option<u32> {
    if response.status != 429 {
        return None;
    }
    match RegistryError::from_response(response) {
        RegistryError::TooManyRequests {
            retry_after: Some(s),
        } if s <= MAX_RETRY_AFTER_SECONDS => Some(s * 1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn at_most_the_cap_runs_and_a_finished_request_lets_the_next_in() {
        let mut s = Schedule::new(2);
        let ids: Vec<u64> = (0..4).map(|_| s.enqueue(Priority::Background)).collect();
        assert_eq!(s.start_ready(0.0), ids[..2]);
        assert!(s.start_ready(0.0).is_empty());
        assert_eq!((s.running(), s.waiting()), (2, 2));
        s.finish();
        assert_eq!(s.start_ready(0.0), [ids[2]]);
        s.finish();
        s.finish();
        assert_eq!(s.start_ready(0.0), [ids[3]]);
    }

    #[test]
    fn what_the_page_waits_for_goes_before_row_details() {
        let mut s = Schedule::new(1);
        let row1 = s.enqueue(Priority::Background);
        let row2 = s.enqueue(Priority::Background);
        let list = s.enqueue(Priority::Foreground);
        assert_eq!(s.start_ready(0.0), [list]);
        s.finish();
        assert_eq!(s.start_ready(0.0), [row1]);
        s.finish();
        assert_eq!(s.start_ready(0.0), [row2]);
    }

    #[test]
    fn a_cancelled_request_is_never_started() {
        let mut s = Schedule::new(1);
        let a = s.enqueue(Priority::Background);
        let b = s.enqueue(Priority::Background);
        let c = s.enqueue(Priority::Background);
        assert_eq!(s.start_ready(0.0), [a]);
        assert!(s.cancel(b));
        assert!(!s.cancel(b));
        assert!(!s.cancel(a), "a running request is not waiting");
        s.finish();
        assert_eq!(s.start_ready(0.0), [c]);
    }

    #[test]
    fn nothing_starts_while_the_registry_asked_to_wait() {
        let mut s = Schedule::new(6);
        s.pause_until(5_000.0);
        let a = s.enqueue(Priority::Foreground);
        assert!(s.start_ready(1_000.0).is_empty());
        assert_eq!(s.wake_at(1_000.0), Some(5_000.0));
        // An earlier end does not shorten the pause.
        s.pause_until(2_000.0);
        assert!(s.start_ready(4_999.0).is_empty());
        assert_eq!(s.start_ready(5_000.0), [a]);
        assert_eq!(s.wake_at(5_000.0), None);
    }

    #[test]
    fn only_a_429_with_a_retry_after_pauses_everyone() {
        let answer = |status: u16, retry_after: Option<&str>| RawResponse {
            status,
            headers: retry_after
                .map(|r| vec![("Retry-After".to_string(), r.to_string())])
                .unwrap_or_default(),
            ..Default::default()
        };
        assert_eq!(pause_ms(&answer(429, Some("3"))), Some(3_000));
        assert_eq!(pause_ms(&answer(429, None)), None);
        assert_eq!(pause_ms(&answer(503, Some("3"))), None);
        // Longer than the retry rules wait: shown as an error instead.
        assert_eq!(pause_ms(&answer(429, Some("3600"))), None);
    }
}
