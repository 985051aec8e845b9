//! "3 days ago" and sizes, in the user's language. Plain Rust; the caller
//! passes "now". Parsing and UTC formatting are in `registry::time`.

use crate::i18n::text;
use crate::i18n::Lang;
pub use crate::registry::time::{format_utc, parse_rfc3339};

/// "3 days ago" / "3 天前", from seconds since the epoch.
pub fn relative(now: i64, then: i64, lang: Lang) -> String {
    let ago = now - then;
    if ago < 0 {
        return text::IN_THE_FUTURE.get(lang).to_string();
    }
    let (n, unit_en, unit_zh) = match ago {
        0..=59 => return text::JUST_NOW.get(lang).to_string(),
        60..=3599 => (ago / 60, "minute", "分钟"),
        3600..=86_399 => (ago / 3600, "hour", "小时"),
        86_400..=2_591_999 => (ago / 86_400, "day", "天"),
        2_592_000..=31_535_999 => (ago / 2_592_000, "month", "个月"),
        _ => (ago / 31_536_000, "year", "年"),
    };
    match lang {
        Lang::En => format!("{n} {unit_en}{} ago", if n == 1 { "" } else { "s" }),
        Lang::Zh => format!("{n} {unit_zh}前"),
    }
}

/// `12.3 MB`, decimal units as registries and `docker images` show them.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else if v < 10.0 {
        format!("{v:.1} {}", UNITS[u])
    } else {
        format!("{v:.0} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_in_both_languages() {
        let now = 1_000_000_000;
        assert_eq!(relative(now, now - 30, Lang::En), "just now");
        assert_eq!(relative(now, now - 3 * 86_400, Lang::En), "3 days ago");
        assert_eq!(relative(now, now - 3600, Lang::En), "1 hour ago");
        assert_eq!(relative(now, now - 3 * 86_400, Lang::Zh), "3 天前");
        assert_eq!(relative(now, now - 400 * 86_400, Lang::En), "1 year ago");
        assert_eq!(relative(now, now + 10, Lang::En), "in the future");
    }

    #[test]
    fn sizes_use_decimal_units() {
        assert_eq!(format_size(999), "999 B");
        assert_eq!(format_size(1_500), "1.5 kB");
        assert_eq!(format_size(27_800_000), "28 MB");
    }
}
