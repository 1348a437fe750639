//! Time axis ticks: a "nice" step for the visible range, each tick labelled with the time since
//! the call started and the wall-clock time (UTC, as the notifications carry it).

use jiff::{SignedDuration, Timestamp};

/// One tick of the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub ms: f64,
    /// Time since the call started, e.g. `+1:05` or `+2.5 s`.
    pub since: String,
    /// Wall-clock time, e.g. `14:03:05`.
    pub wall: String,
}

const STEPS_MS: [f64; 19] = [
    10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3,
    600e3, 1_800e3, 3_600e3, 7_200e3,
];

/// Ticks covering `[from_ms, to_ms]`, at most about `max_ticks` of them.
pub fn ticks(start: Timestamp, from_ms: f64, to_ms: f64, max_ticks: usize) -> Vec<Tick> {
    if !(from_ms.is_finite() && to_ms.is_finite()) || to_ms <= from_ms || max_ticks == 0 {
        return Vec::new();
    }
    let span = to_ms - from_ms;
    let want = span / max_ticks as f64;
    let step = STEPS_MS
        .iter()
        .copied()
        .find(|s| *s >= want)
        .unwrap_or_else(|| (want / 3_600e3).ceil() * 3_600e3);
    let mut out = Vec::new();
    let mut t = (from_ms / step).ceil() * step;
    while t <= to_ms && out.len() <= max_ticks * 2 {
        out.push(Tick {
            ms: t,
            since: format_since(t, step),
            wall: wall_clock(start, t, step),
        });
        t += step;
    }
    out
}

/// Ticks of the visible part `[from_ms, to_ms]` of a call lasting `duration_ms`: none before the
/// start or after the end, and the end itself labelled (to the second or tenth of a second) when
/// it is visible, so the axis reads where the call stops. A regular tick closer than 60 % of a step
/// to the end gives way to it.
pub fn call_ticks(
    start: Timestamp,
    from_ms: f64,
    to_ms: f64,
    duration_ms: f64,
    max_ticks: usize,
) -> Vec<Tick> {
    let (a, b) = (from_ms.max(0.0), to_ms.min(duration_ms));
    let mut out = ticks(start, a, b, max_ticks);
    if duration_ms <= 0.0 || !(from_ms..=to_ms).contains(&duration_ms) {
        return out;
    }
    let step = ticks(start, from_ms, to_ms, max_ticks)
        .windows(2)
        .next()
        .map_or(duration_ms, |w| w[1].ms - w[0].ms);
    while out
        .last()
        .is_some_and(|t| duration_ms - t.ms < 0.6 * step && t.ms < duration_ms)
    {
        out.pop();
    }
    if out.last().is_none_or(|t| t.ms < duration_ms) {
        let precision = if step < 10_000.0 { 100.0 } else { 1000.0 };
        out.push(Tick {
            ms: duration_ms,
            since: format_since(duration_ms, precision),
            wall: wall_clock(start, duration_ms, precision),
        });
    }
    out
}

/// `+1:05`, `+12.5 s`, `-0.2 s`: time since the start at the precision a step needs.
pub fn format_since(ms: f64, step_ms: f64) -> String {
    let sign = if ms < 0.0 { "-" } else { "+" };
    let a = ms.abs();
    if step_ms < 1000.0 {
        let decimals = if step_ms < 100.0 { 2 } else { 1 };
        return format!("{sign}{:.*} s", decimals, a / 1000.0);
    }
    let secs = (a / 1000.0).round() as i64;
    if secs < 60 {
        format!("{sign}{secs} s")
    } else if secs < 3600 {
        format!("{sign}{}:{:02}", secs / 60, secs % 60)
    } else {
        format!(
            "{sign}{}:{:02}:{:02}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        )
    }
}

fn wall_clock(start: Timestamp, ms: f64, step_ms: f64) -> String {
    let at = start.saturating_add(SignedDuration::from_millis(ms.round() as i64));
    match at {
        Ok(at) if step_ms < 1000.0 => at.strftime("%H:%M:%S%.3f").to_string(),
        Ok(at) => at.strftime("%H:%M:%S").to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_use_a_nice_step_and_both_clocks() {
        let start: Timestamp = "2024-05-01T14:03:00Z".parse().unwrap_or_default();
        let t = ticks(start, 0.0, 60_000.0, 6);
        assert_eq!(t.first().map(|t| t.ms), Some(0.0));
        assert_eq!(t[1].ms, 10_000.0);
        assert_eq!(t[1].since, "+10 s");
        assert_eq!(t[1].wall, "14:03:10");
        assert_eq!(format_since(65_000.0, 5000.0), "+1:05");
        assert!(ticks(start, 5.0, 5.0, 4).is_empty());
    }

    #[test]
    fn call_ticks_stop_at_the_calls_end_and_label_it() {
        let start: Timestamp = "2024-05-01T20:28:15Z".parse().unwrap_or_default();
        // A 4:29 call shown with room to its right, up to +6:00.
        let t = call_ticks(start, -10_000.0, 360_000.0, 269_000.0, 6);
        assert!(t.iter().all(|t| t.ms >= 0.0 && t.ms <= 269_000.0), "{t:?}");
        let last = t.last().cloned().unwrap_or_else(|| Tick {
            ms: 0.0,
            since: String::new(),
            wall: String::new(),
        });
        assert_eq!(last.ms, 269_000.0);
        assert_eq!(last.since, "+4:29");
        assert_eq!(last.wall, "20:32:44");
        // The end out of view: plain ticks.
        assert_eq!(
            call_ticks(start, 0.0, 60_000.0, 269_000.0, 6),
            ticks(start, 0.0, 60_000.0, 6)
        );
    }
}
