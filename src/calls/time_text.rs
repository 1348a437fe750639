//! Times as callflow writes them: RFC 3339 in UTC with milliseconds, `2026-05-28T20:26:41.401Z`
//! (jiff's `{:.3}`). `calls --json` writes some 250,000 of them for 20,000 calls, nearly all on a
//! few days, so the date of the last day written is remembered (per thread) and the time of day
//! is written directly; times before 1970 go to jiff. Both write the same text (tested below).

use jiff::Timestamp;
use jiff::tz::Offset;
use serde::{Serialize, Serializer};
use std::cell::Cell;
use std::io::Write;

/// A written time, kept on the stack.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TimeText {
    buf: [u8; 32],
    len: u8,
}

impl TimeText {
    pub fn new(t: Timestamp) -> Self {
        let mut text = Self {
            buf: [0; 32],
            len: 0,
        };
        let ms = t.as_millisecond();
        if ms >= 0 {
            let (day, in_day) = (ms / 86_400_000, ms % 86_400_000);
            let date = date_of_day(day);
            text.buf[..10].copy_from_slice(&date);
            let (h, m, s, milli) = (
                in_day / 3_600_000,
                in_day / 60_000 % 60,
                in_day / 1000 % 60,
                in_day % 1000,
            );
            let time = &mut text.buf[10..24];
            time[0] = b'T';
            two(&mut time[1..3], h);
            time[3] = b':';
            two(&mut time[4..6], m);
            time[6] = b':';
            two(&mut time[7..9], s);
            time[9] = b'.';
            two(&mut time[10..12], milli / 10);
            time[12] = b'0' + (milli % 10) as u8;
            time[13] = b'Z';
            text.len = 24;
        } else {
            let mut rest = &mut text.buf[..];
            // jiff's longest text ("-009999-…") fits.
            let _ = write!(rest, "{t:.3}");
            let left = rest.len();
            text.len = (32 - left) as u8;
        }
        text
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or("")
    }
}

impl std::fmt::Debug for TimeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for TimeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TimeText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Two digits of `n` (0–99).
fn two(out: &mut [u8], n: i64) {
    out[0] = b'0' + (n / 10) as u8;
    out[1] = b'0' + (n % 10) as u8;
}

thread_local! {
    /// The last day written (days since 1970-01-01) and its date.
    static DAY: Cell<(i64, [u8; 10])> = const { Cell::new((-1, [0; 10])) };
}

/// `YYYY-MM-DD` of a day since 1970-01-01, by jiff, remembered.
fn date_of_day(day: i64) -> [u8; 10] {
    let (last, date) = DAY.get();
    if last == day {
        return date;
    }
    let mut date = [b'0'; 10];
    let noon = Timestamp::from_second(day * 86_400 + 43_200).unwrap_or(Timestamp::MAX);
    let d = Offset::UTC.to_datetime(noon).date();
    let mut out = &mut date[..];
    let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
    DAY.set((day, date));
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jiffs(t: Timestamp) -> String {
        format!("{t:.3}")
    }

    #[test]
    fn times_are_written_as_jiff_writes_them() {
        for text in [
            "2026-05-28T20:26:41.401Z",
            "2026-05-28T20:26:41Z",
            "2026-05-28T23:59:59.999999Z",
            "2026-05-29T00:00:00.000001Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z",
            "1900-03-01T12:00:00.5Z",
            "2024-02-29T00:00:00Z",
            "9999-12-30T12:00:00.999Z",
            "0001-01-01T00:00:00Z",
        ] {
            let t: Timestamp = text.parse().unwrap();
            assert_eq!(TimeText::new(t).as_str(), jiffs(t), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_instant_is_written_as_jiff_writes_it(
            secs in -10_000_000_000i64..20_000_000_000i64,
            nanos in 0i32..1_000_000_000,
        ) {
            let t = Timestamp::new(secs, nanos).unwrap();
            let ours = TimeText::new(t);
            proptest::prop_assert_eq!(ours.as_str(), jiffs(t));
        }
    }
}
