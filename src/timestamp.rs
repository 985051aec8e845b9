//! Dates and sizes as the pages show them, in no language: UTC dates (from
//! `registry::time`) and decimal sizes. "3 days ago" is a phrase
//! (`i18n::phrase::ago`).

pub use crate::registry::time::format_utc;

/// `12.3 MB`, decimal units as registries and `docker images` show them.
/// Whole-number arithmetic: no float formatting reaches the page's code.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut unit = 1u64;
    let mut u = 0;
    while bytes / unit >= 1000 && u < UNITS.len() - 1 {
        unit *= 1000;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else if bytes < 10 * unit {
        format!("{} {}", tenths(bytes, unit), UNITS[u])
    } else {
        format!(
            "{} {}",
            rounded(u128::from(bytes), u128::from(unit)),
            UNITS[u]
        )
    }
}

/// `part / whole` with one decimal (`1.5`), rounded half to even.
pub fn tenths(part: u64, whole: u64) -> String {
    let t = rounded(u128::from(part) * 10, u128::from(whole.max(1)));
    format!("{}.{}", t / 10, t % 10)
}

/// `n / d` rounded to the nearest whole number, half to even.
fn rounded(n: u128, d: u128) -> u128 {
    let (q, r) = (n / d, n % d);
    if 2 * r > d || (2 * r == d && q % 2 == 1) {
        q + 1
    } else {
        q
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
        assert_eq!(format_size(9_960), "10.0 kB");
        assert_eq!(format_size(999_600), "1000 kB");
        assert_eq!(format_size(1_000_000), "1.0 MB");
        assert_eq!(format_size(1_250), "1.2 kB");
        assert_eq!(format_size(1_350), "1.4 kB");
        assert_eq!(format_size(u64::MAX), "18446744 TB");
        assert_eq!(tenths(1, 3), "0.3");
        assert_eq!(tenths(2, 3), "0.7");
        assert_eq!(tenths(5, 0), "5.0");
    }

    #[test]
    fn sizes_read_as_float_formatting_did() {
        // The old `{:.1}` / `{:.0}` over f64, for sizes that are no tie
        // (x.x5 is not exact in binary, so the old rounding of a tie went
        // by the float's error).
        for bytes in (1_000..2_000_000u64)
            .step_by(997)
            .chain([123_456_789, 9_999_999_999])
        {
            if bytes % 50 == 0 {
                continue;
            }
            let mut v = bytes as f64;
            let mut u = 0;
            while v >= 1000.0 {
                v /= 1000.0;
                u += 1;
            }
            let unit = ["B", "kB", "MB", "GB", "TB"][u];
            let old = if v < 10.0 {
                format!("{v:.1} {unit}")
            } else {
                format!("{v:.0} {unit}")
            };
            assert_eq!(format_size(bytes), old, "{bytes}");
        }
    }
}
