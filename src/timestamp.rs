//! Dates and sizes as the pages show them, in no language: UTC dates (from
//! `registry::time`) and decimal sizes. "3 days ago" is a phrase
//! (`i18n::phrase::ago`).

pub use crate::registry::time::format_utc;

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
    fn sizes_use_decimal_units() {
        assert_eq!(format_size(999), "999 B");
        assert_eq!(format_size(1_500), "1.5 kB");
        assert_eq!(format_size(27_800_000), "28 MB");
    }
}
