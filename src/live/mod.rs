//! Live sources: the RingCentral webhook receiver and the file tail, each on named threads of its
//! own, handing notifications to the window or the command line over one bounded channel and
//! waking the consumer with a callback (rerun's `re_log_channel` shape: typed messages, an
//! explicit end message carrying any error). No parsing, store internals or egui types here:
//! consumers feed the lines through `ingest` (see [`LiveView`]).

mod capture;
mod http;
mod receiver;
pub mod replay;
pub mod tail;
mod view;

pub use receiver::{MAX_BODY_BYTES, Receiver, ReceiverConfig, Stats, rejected_path};
pub use view::{Appended, DEFAULT_RETAIN_BYTES, LiveView};

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver as ChannelReceiver, SyncSender, TrySendError, sync_channel};
use std::time::Instant;

/// Called after each message is sent, e.g. `ctx.request_repaint()`. Must be cheap.
pub type Wake = Box<dyn Fn() + Send + Sync>;

/// How many messages wait in the channel before the receiver's new ones are dropped from the view
/// (they are still in the capture file; the view can be reloaded from it) and the tail waits.
pub const CHANNEL_CAPACITY: usize = 16_384;

/// A message of a live source.
#[derive(Debug)]
pub enum LiveMsg {
    /// One notification as one NDJSON line (no line end). For the receiver it is already in the
    /// capture file and acknowledged; `at` is when (for the tail: when it was read).
    Line { line: Vec<u8>, at: Instant },
    /// The source stopped: `None` when asked to, otherwise why. Nothing follows it.
    End(Option<String>),
}

/// Errors starting a live source.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error(
        "refusing to listen on {0}: it is not a loopback address (pass --allow-remote to accept \
         deliveries from other machines)"
    )]
    Remote(std::net::SocketAddr),
    #[error(
        "refusing to listen on {0} without a verification token: anyone who can reach the port \
         could add events to the capture (give the token of the webhook subscription, or pass \
         --no-verification-token to accept deliveries from anyone)"
    )]
    NoToken(std::net::SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot open the capture file {path}: {source}")]
    Capture {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start the {what} thread: {source}")]
    Thread {
        what: &'static str,
        source: std::io::Error,
    },
}

/// The sending half shared by a source's threads.
#[derive(Clone)]
pub struct LiveSender {
    tx: SyncSender<LiveMsg>,
    wake: Arc<Wake>,
    dropped: Arc<AtomicU64>,
}

/// A bounded channel for live sources; `wake` is called after every message.
pub fn channel(wake: Wake) -> (LiveSender, ChannelReceiver<LiveMsg>) {
    channel_with_capacity(CHANNEL_CAPACITY, wake)
}

/// [`channel`] with a given capacity (tests).
pub fn channel_with_capacity(
    capacity: usize,
    wake: Wake,
) -> (LiveSender, ChannelReceiver<LiveMsg>) {
    let (tx, rx) = sync_channel(capacity);
    let sender = LiveSender {
        tx,
        wake: Arc::new(wake),
        dropped: Arc::new(AtomicU64::new(0)),
    };
    (sender, rx)
}

impl LiveSender {
    /// Sends a line without ever blocking: when the consumer is behind and the channel is full,
    /// the line is counted in [`LiveSender::dropped`] instead (the HTTP acknowledgement must not
    /// wait for the window). Returns false when the consumer has gone.
    pub fn line(&self, line: Vec<u8>, at: Instant) -> bool {
        let alive = match self.tx.try_send(LiveMsg::Line { line, at }) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                true
            }
            Err(TrySendError::Disconnected(_)) => false,
        };
        (self.wake)();
        alive
    }

    /// Sends a line, waiting for room when the consumer is behind: for sources that can wait
    /// (the tail: the file keeps its lines), so nothing is left out of the view. Returns false
    /// when the consumer has gone.
    pub fn line_waiting(&self, line: Vec<u8>, at: Instant) -> bool {
        let alive = self.tx.send(LiveMsg::Line { line, at }).is_ok();
        (self.wake)();
        alive
    }

    /// Sends the end message, waiting for room: the consumer must learn that the source ended.
    pub fn end(&self, error: Option<String>) {
        let _gone = self.tx.send(LiveMsg::End(error));
        (self.wake)();
    }

    /// Lines that found the channel full and were left out of the view.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}
