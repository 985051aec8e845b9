//! Readable output: aligned tables, sizes and dates. Everything the
//! registry sent is printed as text with control characters replaced, so a
//! hostile tag cannot move the cursor or rewrite a terminal line.

use registry::time::{format_utc, Timestamp};

/// Print to standard output. A reader that went away (`| head`) ends the
/// program quietly, as command-line tools do, instead of a panic.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::emit(format_args!($($arg)*), true)
    };
}

/// `say!` without the newline.
#[macro_export]
macro_rules! say_part {
    ($($arg:tt)*) => {
        $crate::output::emit(format_args!($($arg)*), false)
    };
}

pub fn emit(args: std::fmt::Arguments, newline: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(args).and_then(|_| {
        if newline {
            out.write_all(b"\n")
        } else {
            Ok(())
        }
    });
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(crate::exit::DONE);
        }
    }
}

/// A table printed with its columns aligned.
pub struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: Vec<&'static str>) -> Table {
        Table {
            header,
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.into_iter().map(|c| safe(&c)).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let line = |cells: Vec<&str>| {
            let mut out = String::new();
            for (i, cell) in cells.iter().enumerate() {
                if i + 1 == cells.len() {
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    let pad = widths[i] - cell.chars().count() + 2;
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.trim_end().to_string() + "\n"
        };
        let mut out = line(self.header.clone());
        for row in &self.rows {
            out.push_str(&line(row.iter().map(String::as_str).collect()));
        }
        out
    }
}

/// Control characters (ANSI escapes, carriage returns) shown, not obeyed.
pub fn safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// `12.3 MB` (decimal units, as registries and `docker images` count).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

pub fn size(n: Option<u64>) -> String {
    n.map(bytes).unwrap_or_else(|| "-".into())
}

pub fn date(t: Option<Timestamp>) -> String {
    t.map(|t| format_utc(t.seconds()))
        .unwrap_or_else(|| "-".into())
}

pub fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_neutralise_control_characters() {
        let mut t = Table::new(vec!["TAG", "SIZE"]);
        t.row(vec!["v1".into(), "1.0 kB".into()]);
        t.row(vec!["release-2026\u{1b}[2J".into(), "-".into()]);
        let out = t.render();
        assert_eq!(
            out,
            "TAG               SIZE\nv1                1.0 kB\nrelease-2026\u{fffd}[2J  -\n"
        );
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn sizes_read_like_docker_counts_them() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_000), "1.0 kB");
        assert_eq!(bytes(2_345_678), "2.3 MB");
        assert_eq!(size(None), "-");
    }
}
