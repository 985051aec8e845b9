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

/// Seconds since the Unix epoch for an HTTP date (`Date` header, RFC 9110
/// IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let mut parts = s.trim().split_ascii_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let d: i64 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let y: i64 = parts.next()?.parse().ok()?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mo = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec)
}

/// Which clock ages are counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// Seconds since the epoch: the registry's time when its clock differs
    /// from this machine's by more than [`CLOCK_SKEW_LIMIT`], else ours.
    pub now: i64,
    /// The registry's clock minus ours, when that difference decided.
    pub skew: Option<i64>,
}

/// Clocks further apart than this (seconds) count as differing.
pub const CLOCK_SKEW_LIMIT: i64 = 60;

impl Clock {
    /// `local` is this machine's time; `registry` the registry's `Date`,
    /// when it could be read.
    pub fn of(local: i64, registry: Option<i64>) -> Clock {
        match registry {
            Some(r) if (r - local).abs() > CLOCK_SKEW_LIMIT => Clock {
                now: r,
                skew: Some(r - local),
            },
            _ => Clock {
                now: local,
                skew: None,
            },
        }
    }
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
    fn http_dates_parse_and_a_distant_registry_clock_wins() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date(""), None);
        assert_eq!(
            Clock::of(1000, Some(1030)),
            Clock {
                now: 1000,
                skew: None
            }
        );
        assert_eq!(
            Clock::of(1000, Some(1000 + 3600)),
            Clock {
                now: 4600,
                skew: Some(3600)
            }
        );
        assert_eq!(
            Clock::of(1000, None),
            Clock {
                now: 1000,
                skew: None
            }
        );
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
