//! Lengths of time as flow files write them (`30s`, `1m30s`, `500ms`, a bare number of seconds).

/// `30s`, `1m30s`, `500ms`, `1.5s`, `2m`, `1h`, or a bare number of seconds.
pub fn parse_duration_ms(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(secs) = t.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| (secs * 1000.0).round() as i64);
    }
    let mut total = 0f64;
    let mut rest = t;
    let mut any = false;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest[..n].parse().ok()?;
        rest = rest[n..].trim_start();
        let u = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let scale = match &rest[..u] {
            "ms" => 1.0,
            "s" | "sec" | "secs" => 1000.0,
            "m" | "min" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        total += value * scale;
        rest = rest[u..].trim_start();
        any = true;
    }
    (any && total.is_finite()).then(|| total.round() as i64)
}

/// A duration as a flow file writes it: `1m30s`, `30s`, `1.5s`, `500ms`.
pub fn duration_text(ms: i64) -> String {
    let ms = ms.max(0);
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (m, rest) = (ms / 60_000, ms % 60_000);
    let secs = if rest % 1000 == 0 {
        format!("{}s", rest / 1000)
    } else {
        let fraction = format!("{:03}", rest % 1000);
        format!("{}.{}s", rest / 1000, fraction.trim_end_matches('0'))
    };
    match (m, rest) {
        (0, _) => secs,
        (m, 0) => format!("{m}m"),
        (m, _) => format!("{m}m{secs}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_write_back() {
        assert_eq!(parse_duration_ms("30s"), Some(30_000));
        assert_eq!(parse_duration_ms("1m30s"), Some(90_000));
        assert_eq!(parse_duration_ms("500ms"), Some(500));
        assert_eq!(parse_duration_ms("1.5"), Some(1500));
        assert_eq!(parse_duration_ms("soon"), None);
        assert_eq!(parse_duration_ms("-3"), None);
        assert_eq!(duration_text(19_520), "19.52s");
        assert_eq!(duration_text(61_005), "1m1.005s");
        for ms in [500, 1000, 1500, 30_000, 60_000, 90_000, 3_725_250] {
            assert_eq!(parse_duration_ms(&duration_text(ms)), Some(ms), "{ms}");
        }
    }
}
