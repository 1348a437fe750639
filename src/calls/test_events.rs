//! Tiny hand-written captures for the engine's unit tests: one notification per call of
//! [`Capture::ev`], in the documented envelope shape.

use crate::calls::CallSet;
use crate::store::Store;

/// A capture being written.
#[derive(Default)]
pub struct Capture {
    lines: Vec<String>,
    seq: Vec<(String, i64)>,
}

impl Capture {
    /// Party `party` (`p-<session hex>-<n>`) of session `s-<hex>` reports `code`/`reason` at
    /// `secs` after 10:00:00; `extra` is more JSON members of the party (`,"muted":true`).
    #[allow(clippy::too_many_arguments)]
    pub fn ev(
        &mut self,
        hex: &str,
        n: u32,
        secs: u32,
        direction: &str,
        code: &str,
        reason: Option<&str>,
        extra: &str,
    ) -> &mut Self {
        let seq = match self.seq.iter_mut().find(|(h, _)| h == hex) {
            Some((_, s)) => {
                *s += 1;
                *s
            }
            None => {
                self.seq.push((hex.to_owned(), 2));
                2
            }
        };
        let reason = reason.map_or(String::new(), |r| format!(r#","reason":"{r}""#));
        let uuid = 1000 + self.lines.len();
        self.lines.push(format!(
            r#"{{"uuid":"{uuid}","event":"/restapi/v1.0/account/1/telephony/sessions","timestamp":"2026-01-05T10:00:00.000Z","body":{{"sequence":{seq},"sessionId":"9{seq}","telephonySessionId":"s-{hex}","eventTime":"2026-01-05T10:{:02}:{:02}.000Z","parties":[{{"accountId":"1","id":"p-{hex}-{n}","direction":"{direction}","from":{{"phoneNumber":"+16505550111","name":"Pat Doe"}},"to":{{"phoneNumber":"+16505550122","name":"Sam Roe"}},"status":{{"code":"{code}"{reason}}}{extra}}}],"origin":{{"type":"Call"}}}}}}"#,
            secs / 60,
            secs % 60
        ));
        self
    }

    pub fn build(&self) -> (Store, CallSet) {
        let mut store = Store::new();
        crate::ingest::load_bytes(&mut store, "test.ndjson", self.lines.join("\n").as_bytes());
        let set = CallSet::build(&store);
        (store, set)
    }
}

/// `10:MM:SS` of a timestamp.
pub fn clock(t: jiff::Timestamp) -> String {
    t.strftime("%H:%M:%S").to_string()
}
