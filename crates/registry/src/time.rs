//! Image dates: RFC 3339 parsing and UTC formatting. Plain Rust.

/// A moment, in whole seconds since the Unix epoch: an image's creation
/// date, parsed once from what the registry sent.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize,
)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// An RFC 3339 time such as `2026-01-02T03:04:05Z`; `None` for
    /// anything else.
    pub fn parse(s: &str) -> Option<Timestamp> {
        parse_rfc3339(s).map(Timestamp)
    }

    pub fn seconds(self) -> i64 {
        self.0
    }

    /// `2026-01-02 03:04 UTC`
    pub fn utc(self) -> String {
        format_utc(self.0)
    }
}

/// Seconds since the Unix epoch for an RFC 3339 time such as
/// `2026-01-02T03:04:05.123456789Z` or `…+08:00`.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse().ok() };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && matches!(&rest[..1], "+" | "-") && &rest[3..4] == ":" => {
            let oh: i64 = rest[1..3].parse().ok()?;
            let om: i64 = rest[4..6].parse().ok()?;
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2026-01-02 03:04 UTC`
pub fn format_utc(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_timestamp_is_parsed_once_and_orders_by_time() {
        let a = Timestamp::parse("2026-09-01T18:00:00+08:00").unwrap();
        let b = Timestamp::parse("2026-09-01T10:00:01Z").unwrap();
        assert_eq!(a.seconds(), 1_788_256_800);
        assert!(a < b);
        assert_eq!(a.utc(), "2026-09-01 10:00 UTC");
        assert_eq!(Timestamp::parse("yesterday"), None);
    }

    #[test]
    fn rfc3339_variants_parse() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2026-09-01T10:00:00Z"), Some(1_788_256_800));
        assert_eq!(
            parse_rfc3339("2026-09-01T10:00:00.123456789Z"),
            Some(1_788_256_800)
        );
        assert_eq!(
            parse_rfc3339("2026-09-01T18:00:00+08:00"),
            Some(1_788_256_800)
        );
        for bad in [
            "",
            "2026-09-01",
            "2026-13-01T00:00:00Z",
            "2026-09-01T00:00:00",
            "garbage garbage garbage",
            "2026-09-01T00:00:00+0800",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn utc_formatting_round_trips() {
        assert_eq!(format_utc(1_788_256_800), "2026-09-01 10:00 UTC");
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
    }
}
