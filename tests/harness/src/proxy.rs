//! A TCP proxy in front of the registry that holds back every `DELETE` for
//! a while, so a test can act while deletes are under way (cancel a bulk
//! delete mid-way). Everything else passes through unchanged, byte for byte.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// A running proxy; stops accepting when dropped.
pub struct SlowProxy {
    /// `http://127.0.0.1:<port>`
    pub url: String,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl SlowProxy {
    /// Forward to `upstream` (`http://host:port`), holding each request
    /// that starts with `DELETE ` back for `delay`.
    pub fn start(upstream: &str, delay: Duration) -> Result<SlowProxy, String> {
        let target = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let target = target.clone();
                thread::spawn(move || {
                    let _ = forward(client, &target, delay);
                });
            }
        });
        Ok(SlowProxy {
            url: format!("http://127.0.0.1:{port}"),
            stop,
            port,
        })
    }
}

impl Drop for SlowProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn forward(mut client: TcpStream, target: &str, delay: Duration) -> std::io::Result<()> {
    let mut upstream = TcpStream::connect(target)?;
    let mut back_client = client.try_clone()?;
    let mut back_upstream = upstream.try_clone()?;
    thread::spawn(move || {
        let _ = std::io::copy(&mut back_upstream, &mut back_client);
        let _ = back_client.shutdown(Shutdown::Write);
    });
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = client.read(&mut buf)?;
        if n == 0 {
            let _ = upstream.shutdown(Shutdown::Write);
            return Ok(());
        }
        // Requests from the browser are small: a request's head arrives
        // at the start of a read.
        if buf[..n].starts_with(b"DELETE ") {
            thread::sleep(delay);
        }
        upstream.write_all(&buf[..n])?;
    }
}
