//! What a live consumer keeps: a store fed batch by batch through `ingest::load_bytes`, bounded
//! by a retention window on the text it holds. Past the window the oldest batches are let go and
//! the store is rebuilt from the rest (the capture file keeps everything). The store keeps each
//! batch's text itself (for the detail view), so nothing is held twice.

use crate::ingest;
use crate::store::Store;
use std::ops::Range;
use std::sync::Arc;

/// Default retention: about 64 MiB of notifications (some 70,000 of them).
pub const DEFAULT_RETAIN_BYTES: usize = 64 << 20;

/// The result of one [`LiveView::append`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// Indices of the events the batch added to [`LiveView::store`].
    pub new_events: Range<usize>,
    /// True when older batches were let go first (earlier indices are no longer valid).
    pub rebuilt: bool,
}

/// A store of the most recent live notifications.
pub struct LiveView {
    store: Store,
    name: String,
    retain_bytes: usize,
    held_bytes: usize,
    let_go_bytes: u64,
}

impl LiveView {
    /// `name` names the batches in diagnostics; `retain_bytes` bounds the text held.
    pub fn new(name: &str, retain_bytes: usize) -> Self {
        Self {
            store: Store::new(),
            name: name.to_owned(),
            retain_bytes: retain_bytes.max(1),
            held_bytes: 0,
            let_go_bytes: 0,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Bytes of notifications let go to stay within the retention window.
    pub fn let_go_bytes(&self) -> u64 {
        self.let_go_bytes
    }

    /// Adds complete lines (one notification each, without line ends) as one batch.
    pub fn append<L: AsRef<[u8]>>(&mut self, lines: &[L]) -> Appended {
        let size: usize = lines.iter().map(|l| l.as_ref().len() + 1).sum();
        let mut rebuilt = false;
        if lines.is_empty() {
            let n = self.store.events().len();
            return Appended {
                new_events: n..n,
                rebuilt,
            };
        }
        if self.held_bytes + size > self.retain_bytes {
            self.let_go(size);
            rebuilt = true;
        }
        let mut batch = Vec::with_capacity(size);
        for line in lines {
            batch.extend_from_slice(line.as_ref());
            batch.push(b'\n');
        }
        let before = self.store.events().len();
        ingest::load_bytes(&mut self.store, &self.name, &batch);
        self.held_bytes += batch.len();
        Appended {
            new_events: before..self.store.events().len(),
            rebuilt,
        }
    }

    /// Keeps the newest batches that fit in three quarters of the window (less what comes in),
    /// so rebuilding happens once per quarter of a window, not on every batch.
    fn let_go(&mut self, incoming: usize) {
        let budget = (self.retain_bytes / 4 * 3).saturating_sub(incoming);
        let mut kept: Vec<Arc<[u8]>> = Vec::new();
        let mut kept_bytes = 0usize;
        for source in self.store.sources().iter().rev() {
            let Some(data) = &source.data else { continue };
            if kept_bytes + data.len() > budget {
                break;
            }
            kept_bytes += data.len();
            kept.push(data.clone());
        }
        let mut store = Store::new();
        for data in kept.iter().rev() {
            ingest::load_bytes(&mut store, &self.name, data);
        }
        self.let_go_bytes += (self.held_bytes - kept_bytes) as u64;
        self.held_bytes = kept_bytes;
        self.store = store;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification(seq: u32) -> String {
        format!(
            r#"{{"uuid":"{u}","timestamp":"2026-05-28T20:26:42.044Z","body":{{"sequence":{seq},"telephonySessionId":"s-{seq}","eventTime":"2026-05-28T20:26:41.840Z","parties":[{{"id":"p-{seq}-1","direction":"Inbound","status":{{"code":"Setup"}}}}]}}}}"#,
            u = 1000 + seq
        )
    }

    #[test]
    fn appends_report_new_events_and_the_window_stays_bounded() {
        let one = notification(1).len() + 1;
        let mut view = LiveView::new("live", one * 8);
        let first = view.append(&[notification(1), notification(2)]);
        assert_eq!(first.new_events, 0..2);
        assert!(!first.rebuilt);
        let mut rebuilt = false;
        for seq in 3..40 {
            let a = view.append(&[notification(seq)]);
            assert_eq!(a.new_events.len(), 1);
            rebuilt |= a.rebuilt;
            assert!(view.store().events().len() <= 8);
        }
        assert!(rebuilt);
        assert!(view.let_go_bytes() > 0);
        let last = view
            .store()
            .events()
            .last()
            .map(|e| view.store().text(e.session));
        assert_eq!(last, Some("s-39"));
        assert_eq!(view.append::<String>(&[]).new_events.len(), 0);
    }
}
