//! Replays a capture to a webhook receiver the way RingCentral delivers it: one POST per line
//! with RingCentral's headers, paced by the notifications' `timestamp`s scaled by a speed.
//! Line-oriented captures only (NDJSON, frames, mixed lines, `.gz`); each non-blank line is sent
//! as it is, so the receiver decides what is valid. Plain HTTP only (a local receiver).

use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What RingCentral's webhook deliveries say they are.
pub const USER_AGENT: &str = "RingCentral-Webhook/8.3";
pub const CONTENT_TYPE: &str = "application/json; charset=UTF-8";

#[derive(Debug, Clone)]
pub struct ReplayOptions {
    /// The receiver's URL, e.g. `http://127.0.0.1:8080/`.
    pub to: String,
    /// 1 is real time, 10 ten times faster; 0 (or less) as fast as possible.
    pub speed: f64,
    /// Sent as `Verification-Token` on every delivery.
    pub verification_token: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplayStats {
    /// Deliveries answered 200.
    pub sent: u64,
    /// Lines that were blank.
    pub blank: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path}:{line}: delivery failed: {error}")]
    Http {
        path: PathBuf,
        line: u64,
        error: String,
    },
    #[error("{path}:{line}: the receiver answered {status}")]
    Status {
        path: PathBuf,
        line: u64,
        status: u16,
    },
}

/// The one field pacing needs.
#[derive(serde::Deserialize)]
struct Stamp {
    timestamp: Option<jiff::Timestamp>,
}

/// Posts every line of `path`; `on_sent` hears the count after each delivery.
pub fn replay(
    path: &Path,
    opts: &ReplayOptions,
    on_sent: &mut dyn FnMut(u64),
) -> Result<ReplayStats, ReplayError> {
    let read_err = |source| ReplayError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = open(path).map_err(read_err)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut stats = ReplayStats::default();
    let mut pace = Pace::new(opts.speed);
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(read_err)? == 0 {
            break;
        }
        number += 1;
        let body = line.trim_ascii();
        if body.is_empty() {
            stats.blank += 1;
            continue;
        }
        if let Ok(Stamp {
            timestamp: Some(at),
        }) = serde_json::from_slice::<Stamp>(body)
        {
            pace.wait_for(at);
        }
        let mut request = agent
            .post(&opts.to)
            .header("Content-Type", CONTENT_TYPE)
            .header("User-Agent", USER_AGENT);
        if let Some(token) = &opts.verification_token {
            request = request.header("Verification-Token", token);
        }
        let status = match request.send(body) {
            Ok(response) => response.status().as_u16(),
            Err(e) => {
                return Err(ReplayError::Http {
                    path: path.to_path_buf(),
                    line: number,
                    error: e.to_string(),
                });
            }
        };
        if status != 200 {
            return Err(ReplayError::Status {
                path: path.to_path_buf(),
                line: number,
                status,
            });
        }
        stats.sent += 1;
        on_sent(stats.sent);
    }
    Ok(stats)
}

/// The capture, gzip or not; `-` is standard input.
fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let mut file: Box<dyn Read> = if path == Path::new("-") {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    let mut magic = Vec::with_capacity(2);
    file.by_ref().take(2).read_to_end(&mut magic)?;
    let gzip = magic == [0x1f, 0x8b];
    let head = io::Cursor::new(magic);
    Ok(if gzip {
        Box::new(BufReader::new(MultiGzDecoder::new(head.chain(file))))
    } else {
        Box::new(BufReader::new(head.chain(file)))
    })
}

/// Keeps deliveries as far apart as their timestamps, divided by the speed. Time never runs
/// backwards: an earlier timestamp than one already sent is sent at once.
struct Pace {
    speed: f64,
    origin: Option<(jiff::Timestamp, Instant)>,
}

impl Pace {
    fn new(speed: f64) -> Self {
        Self {
            speed,
            origin: None,
        }
    }

    fn wait_for(&mut self, at: jiff::Timestamp) {
        if !(self.speed.is_finite() && self.speed > 0.0) {
            return;
        }
        let (first, start) = *self.origin.get_or_insert((at, Instant::now()));
        let since_ms = at.as_millisecond().saturating_sub(first.as_millisecond());
        if since_ms <= 0 {
            return;
        }
        let due = start + Duration::from_secs_f64(since_ms as f64 / 1000.0 / self.speed);
        let now = Instant::now();
        if due > now {
            std::thread::sleep(due - now);
        }
    }
}
