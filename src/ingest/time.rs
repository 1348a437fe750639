//! Reading notification times. The platform writes them one way, `2026-05-28T20:26:41.401Z`, two
//! per notification, and most share their date with the previous one: that form is read
//! directly, its date's midnight remembered; any other form goes to jiff, which reads all of RFC
//! 3339. Both give the same instant (tested against jiff below). On a 217 MB capture this saves
//! some 80 ms of a core.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;

/// Remembers the last date read.
#[derive(Debug, Default)]
pub struct TimeReader {
    /// `YYYY-MM-DD` and its midnight in Unix seconds.
    day: Option<([u8; 10], i64)>,
}

impl TimeReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads an RFC 3339 time; `None` when it is not one.
    pub fn parse(&mut self, text: &str) -> Option<Timestamp> {
        self.parse_usual(text.as_bytes())
            .or_else(|| text.parse::<Timestamp>().ok())
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` with hours, minutes and seconds in range; anything else
    /// (a leap second, an offset, a lowercase `t`, more digits) is left to jiff.
    fn parse_usual(&mut self, b: &[u8]) -> Option<Timestamp> {
        if b.len() < 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (&last, rest) = b[19..].split_last()?;
        if last != b'Z' {
            return None;
        }
        let nanos = match rest {
            [] => 0,
            [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
                let n = number(digits)?;
                n * 10i64.pow(9 - digits.len() as u32)
            }
            _ => return None,
        };
        let (h, m, s) = (
            number(&b[11..13])?,
            number(&b[14..16])?,
            number(&b[17..19])?,
        );
        if h > 23 || m > 59 || s > 59 {
            return None;
        }
        let date: [u8; 10] = b[..10].try_into().ok()?;
        let midnight = match self.day {
            Some((d, secs)) if d == date => secs,
            _ => {
                let secs = midnight(&date)?;
                self.day = Some((date, secs));
                secs
            }
        };
        let nanos = i32::try_from(nanos).ok()?;
        Timestamp::new(midnight + h * 3600 + m * 60 + s, nanos).ok()
    }
}

/// ASCII digits as a number (at most 9 of them).
fn number(digits: &[u8]) -> Option<i64> {
    digits.iter().try_fold(0i64, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

/// Midnight UTC of `YYYY-MM-DD`, checked by jiff (month lengths, leap years).
fn midnight(date: &[u8; 10]) -> Option<i64> {
    if date[4] != b'-' || date[7] != b'-' {
        return None;
    }
    let year = i16::try_from(number(&date[..4])?).ok()?;
    let month = i8::try_from(number(&date[5..7])?).ok()?;
    let day = i8::try_from(number(&date[8..10])?).ok()?;
    let date = Date::new(year, month, day).ok()?;
    let ts = Offset::UTC.to_timestamp(DateTime::from(date)).ok()?;
    Some(ts.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Option<Timestamp>, Option<Timestamp>) {
        (
            TimeReader::new().parse(text),
            text.parse::<Timestamp>().ok(),
        )
    }

    #[test]
    fn usual_times_read_as_jiff_reads_them() {
        let mut r = TimeReader::new();
        for text in [
            "2026-05-28T20:26:41.401Z",
            "2026-05-28T20:26:41Z",
            "2026-05-28T00:00:00.000Z",
            "2026-05-28T23:59:59.999999999Z",
            "2024-02-29T12:00:00.5Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.1Z",
            "2020-06-23T01:05:44.013Z",
        ] {
            // Twice: the second read takes the remembered date.
            assert_eq!(r.parse(text), text.parse::<Timestamp>().ok(), "{text}");
            assert_eq!(r.parse(text), text.parse::<Timestamp>().ok(), "{text}");
            assert!(r.parse_usual(text.as_bytes()).is_some(), "{text}");
        }
    }

    #[test]
    fn other_forms_and_bad_times_are_left_to_jiff() {
        for text in [
            "2026-05-28T20:26:41.401+02:00",
            "2026-05-28t20:26:41Z",
            "2026-05-28 20:26:41Z",
            "2016-12-31T23:59:60Z",
            "2026-02-30T20:26:41Z",
            "2025-02-29T20:26:41Z",
            "2026-05-28T24:00:00Z",
            "2026-05-28T20:60:41Z",
            "2026-05-28T20:26:41.Z",
            "2026-05-28T20:26:41.1234567890Z",
            "2026-05-28T20:26:4xZ",
            "2026-05-28",
            "not a time",
            "",
        ] {
            let (ours, jiffs) = both(text);
            assert_eq!(ours, jiffs, "{text}");
        }
        assert!(
            TimeReader::new()
                .parse_usual(b"2026-02-30T20:26:41Z")
                .is_none()
        );
    }

    proptest::proptest! {
        #[test]
        fn any_instant_written_any_precision_reads_back(
            secs in -5_000_000_000i64..5_000_000_000i64,
            nanos in 0i32..1_000_000_000,
            digits in 0usize..=9,
        ) {
            let t = Timestamp::new(secs, nanos).unwrap();
            let text = format!("{t:.digits$}");
            let (ours, jiffs) = both(&text);
            proptest::prop_assert_eq!(ours, jiffs, "{}", text);
        }
    }

    #[test]
    fn dates_change_between_reads() {
        let mut r = TimeReader::new();
        let a = r.parse("2026-05-28T23:59:59.900Z");
        let b = r.parse("2026-05-29T00:00:00.100Z");
        assert_eq!(a, "2026-05-28T23:59:59.900Z".parse().ok());
        assert_eq!(b, "2026-05-29T00:00:00.100Z".parse().ok());
    }
}
