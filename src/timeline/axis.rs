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
}
