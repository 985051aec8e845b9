//! A child process that is stopped (by its own PID) when dropped, and a
//! check for processes that outlived a run.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Owns a child process; `Drop` kills and reaps it.
pub struct ProcessGuard {
    name: String,
    child: Child,
}

impl ProcessGuard {
    /// Start `cmd` with stdout and stderr appended to `log`.
    pub fn spawn(name: &str, mut cmd: Command, log: &Path) -> std::io::Result<ProcessGuard> {
        let out = std::fs::File::create(log)?;
        let err = out.try_clone()?;
        let child = cmd.stdin(Stdio::null()).stdout(out).stderr(err).spawn()?;
        Ok(ProcessGuard {
            name: name.to_string(),
            child,
        })
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// `Err` with the exit status if the process has already ended.
    pub fn check_alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Err(format!("{} exited early: {status}", self.name)),
            Ok(None) => Ok(()),
            Err(e) => Err(format!("{}: {e}", self.name)),
        }
    }
}

impl Drop for ProcessGuard {
    /// `SIGTERM` first, so a process with children of its own stops them
    /// (nginx's master stops its workers, which a `SIGKILL` of the master
    /// would leave running, holding its port); `SIGKILL` after 3 s.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            // SAFETY: `kill` with the PID of our own unreaped child.
            unsafe {
                libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
            }
            let ended = wait_until(Duration::from_secs(3), || {
                matches!(self.child.try_wait(), Ok(Some(_)))
            });
            if !ended {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
    }
}

/// `/proc/<pid>/stat`: (parent PID, start time in clock ticks after boot).
fn stat(pid: u32) -> Option<(u32, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some((fields.get(1)?.parse().ok()?, fields.get(19)?.parse().ok()?))
}

/// The PIDs of `parent`'s children.
pub fn children_of(parent: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .filter(|pid| stat(*pid).is_some_and(|(ppid, _)| ppid == parent))
        .collect()
}

/// Whether `pid` is a live process (a zombie counts as gone).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|t| {
            t.rfind(')')
                .map(|i| t[i + 2..].starts_with('Z'))
                .map(|z| !z)
        })
        .unwrap_or(false)
}

/// Make this process the reaper of its orphaned descendants (Linux
/// `PR_SET_CHILD_SUBREAPER`): a process that something it started leaves
/// behind re-parents to it instead of PID 1, so [`orphans_of_this_process`]
/// finds exactly what this run left, and nothing a developer started
/// elsewhere. `false` where the kernel refuses.
pub fn become_subreaper() -> bool {
    // SAFETY: prctl with an integer option and no pointers.
    unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1 as libc::c_ulong, 0, 0, 0) == 0 }
}

/// Live processes whose parent is this process: after the work is over,
/// what it left behind (re-parented here by [`become_subreaper`]).
/// `(pid, name)`.
pub fn orphans_of_this_process() -> Vec<(u32, String)> {
    let me = std::process::id();
    let mut out: Vec<(u32, String)> = children_of(me)
        .into_iter()
        .filter(|pid| alive(*pid))
        .map(|pid| {
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|c| c.trim().to_string())
                .unwrap_or_default();
            (pid, name)
        })
        .collect();
    out.sort();
    out
}

/// Kill the leftovers found by [`orphans_of_this_process`], by their PIDs.
pub fn kill_leftovers(leftovers: &[(u32, String)]) {
    for (pid, _) in leftovers {
        // SAFETY: plain `kill(2)` on a PID we just listed.
        unsafe {
            libc::kill(*pid as libc::pid_t, libc::SIGKILL);
        }
    }
}

/// Poll `ready` every 50 ms until it is true or `timeout` passes.
pub fn wait_until(timeout: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    ready()
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
pub fn port_open(port: u16) -> bool {
    std::net::TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_millis(200),
    )
    .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_this_process_left_behind_is_found_never_an_unrelated_process() {
        // An unrelated process: orphaned before this one became a reaper,
        // it belongs to PID 1 (as a developer's own browser or registry
        // would belong to their session), although it started after us.
        let out = Command::new("sh")
            .args(["-c", "sleep 60 >/dev/null 2>&1 & echo $!"])
            .output()
            .unwrap();
        let unrelated: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        assert!(become_subreaper());
        // What "the run" leaves behind re-parents here.
        let out = Command::new("sh")
            .args(["-c", "sleep 60 >/dev/null 2>&1 & echo $!"])
            .output()
            .unwrap();
        let ours: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        assert!(wait_until(Duration::from_secs(5), || {
            orphans_of_this_process().iter().any(|(p, _)| *p == ours)
        }));
        let found = orphans_of_this_process();
        assert!(!found.iter().any(|(p, _)| *p == unrelated), "{found:?}");
        // Only ours: other tests of this binary have live children too.
        kill_leftovers(&[(ours, "sleep".into())]);
        assert!(wait_until(Duration::from_secs(5), || !alive(ours)));
        // The unrelated one lives on; this test stops it itself.
        assert!(alive(unrelated));
        kill_leftovers(&[(unrelated, "sleep".into())]);
    }
}
