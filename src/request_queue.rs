//! The page's one queue of registry requests: the browser side of
//! `registry::schedule` (which decides what starts when). `Fetch` waits
//! here for its turn and holds an [`InFlight`] until its answer is read.
//! A request whose view has gone away (its abort signal fired) while it
//! waited is dropped without being sent.

use crate::registry::error::RegistryError;
use crate::registry::schedule::{Priority, Schedule, IN_FLIGHT};
use futures::channel::oneshot;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

struct Queue {
    schedule: Schedule,
    /// Who to wake when an id may start, and the signal that cancels it.
    waiters: HashMap<u64, (oneshot::Sender<()>, Option<AbortSignal>)>,
    /// A timer is set for the end of a pause.
    timer_set: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue {
        schedule: Schedule::new(IN_FLIGHT),
        waiters: HashMap::new(),
        timer_set: false,
    });
}

/// A place among the requests under way; given back when dropped.
pub struct InFlight(());

impl Drop for InFlight {
    fn drop(&mut self) {
        QUEUE.with(|q| q.borrow_mut().schedule.finish());
        pump();
    }
}

/// Still waiting when dropped: leave the queue.
struct Waiting {
    id: u64,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        QUEUE.with(|q| {
            let mut q = q.borrow_mut();
            if q.schedule.cancel(self.id) {
                q.waiters.remove(&self.id);
            }
        });
    }
}

/// Wait for a place to send a request; `Cancelled` when `signal` fired
/// first.
pub async fn admitted(
    priority: Priority,
    signal: Option<&AbortSignal>,
) -> Result<InFlight, RegistryError> {
    let (wake, woken) = oneshot::channel();
    let id = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let id = q.schedule.enqueue(priority);
        q.waiters.insert(id, (wake, signal.cloned()));
        id
    });
    let waiting = Waiting { id };
    pump();
    let started = woken.await;
    drop(waiting);
    match started {
        Ok(()) => Ok(InFlight(())),
        Err(_) => Err(RegistryError::Cancelled),
    }
}

/// The registry asked to wait (`429` with `Retry-After`): nothing new is
/// sent for `ms`.
pub fn pause(ms: u32) {
    QUEUE.with(|q| {
        q.borrow_mut()
            .schedule
            .pause_until(js_sys::Date::now() + f64::from(ms))
    });
    pump();
}

/// Wake what may start now; set a timer for the end of a pause.
fn pump() {
    let now = js_sys::Date::now();
    let wake_at = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        loop {
            let ready = q.schedule.start_ready(now);
            if ready.is_empty() {
                break;
            }
            for id in ready {
                let started = match q.waiters.remove(&id) {
                    Some((wake, signal)) if !signal.as_ref().is_some_and(AbortSignal::aborted) => {
                        wake.send(()).is_ok()
                    }
                    // Cancelled while waiting: never sent.
                    _ => false,
                };
                if !started {
                    q.schedule.finish();
                }
            }
        }
        match q.schedule.wake_at(now) {
            Some(at) if !q.timer_set => {
                q.timer_set = true;
                Some(at)
            }
            _ => None,
        }
    });
    if let Some(at) = wake_at {
        let fire = Closure::once_into_js(|| {
            QUEUE.with(|q| q.borrow_mut().timer_set = false);
            pump();
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                fire.unchecked_ref(),
                (at - now).ceil() as i32,
            );
        }
    }
}
