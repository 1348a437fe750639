//! The window's live mode: starts a live source (the webhook receiver `callflow receive` runs,
//! a followed file, or a channel the caller feeds), drains its channel for at most
//! [`DRAIN_BUDGET`] a frame, and hands what came in to `Data::append_live` as one batch when the
//! throttle allows. It neither parses nor builds calls (the engine does, through `LiveView`), nor
//! draws the listen dialog (`live_dialog`) or decides what stays selected (`live_refresh`).

use super::App;
use super::live_refresh::Throttle;
use super::state::Data;
use crate::live::tail::{self, Tail};
use crate::live::{
    self, DEFAULT_RETAIN_BYTES, LiveError, LiveMsg, LiveSender, LiveView, Receiver, ReceiverConfig,
};
use crate::notes::Notebook;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc::{self, TryRecvError};
use std::time::{Duration, Instant};

/// How long a frame may spend reading the channel (rerun's `re_log_channel` habit).
pub const DRAIN_BUDGET: Duration = Duration::from_millis(10);

/// Where live notifications come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The webhook receiver, writing every delivery to `capture`.
    Listening { addr: SocketAddr, capture: PathBuf },
    /// A growing file written by another program.
    Following(PathBuf),
    /// A channel fed by the caller (tests, embedding).
    Channel(String),
}

/// How far the source got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveState {
    Running,
    /// Asked to stop; its last lines and the end message are still coming.
    Stopping,
    /// It sent its end message: `None` when asked to stop, otherwise why it stopped.
    Ended(Option<String>),
}

enum Source {
    Receiver(Receiver),
    Tail(Tail),
    Channel,
}

/// A running (or ended) live source as the window sees it.
pub struct Live {
    // Fields drop in order: the channel goes before the source, so a source thread waiting for
    // room to send its end message is let go before its thread is joined.
    rx: mpsc::Receiver<LiveMsg>,
    pending: Vec<Vec<u8>>,
    sender: LiveSender,
    throttle: Throttle,
    pub origin: Origin,
    pub state: LiveState,
    /// Lines read from the channel so far.
    pub received: u64,
    pub started: Instant,
    source: Option<Source>,
}

impl Live {
    pub fn is_running(&self) -> bool {
        !matches!(self.state, LiveState::Ended(_))
    }

    /// Lines that found the channel full and are not in the view (they are in the file).
    pub fn dropped(&self) -> u64 {
        self.sender.dropped()
    }

    /// The receiver's counts, when listening.
    pub fn receiver(&self) -> Option<&Receiver> {
        match &self.source {
            Some(Source::Receiver(r)) => Some(r),
            _ => None,
        }
    }

    /// Asks the source to stop without waiting: its end message follows.
    fn request_stop(&mut self) {
        if !self.is_running() {
            return;
        }
        self.state = LiveState::Stopping;
        match &mut self.source {
            Some(Source::Receiver(r)) => r.request_stop(),
            Some(Source::Tail(t)) => t.request_stop(),
            Some(Source::Channel) | None => self.state = LiveState::Ended(None),
        }
    }

    /// Moves what waits in the channel to `pending` for at most `budget`. Returns true when the
    /// budget ran out with messages left.
    fn drain(&mut self, budget: Duration) -> bool {
        let started = Instant::now();
        while self.is_running() {
            if started.elapsed() >= budget {
                return true;
            }
            match self.rx.try_recv() {
                Ok(LiveMsg::Line { line, .. }) => {
                    self.received += 1;
                    self.pending.push(line);
                }
                Ok(LiveMsg::End(error)) => self.end(error),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.end(Some("the live source stopped without saying why".into()));
                }
            }
        }
        false
    }

    fn end(&mut self, error: Option<String>) {
        self.state = LiveState::Ended(error);
        // Its thread has finished: dropping it joins at once (the receiver's capture is synced).
        self.source = None;
    }
}

impl App {
    /// Starts the webhook receiver in this process (as `callflow receive` does) and shows what
    /// it acknowledges.
    pub fn start_listening(
        &mut self,
        ctx: &egui::Context,
        config: ReceiverConfig,
    ) -> Result<(), LiveError> {
        self.close_live();
        let capture = config.capture.clone();
        let (sender, rx) = live::channel(wake(ctx));
        let receiver = Receiver::start(config, sender.clone())?;
        let origin = Origin::Listening {
            addr: receiver.local_addr(),
            capture,
        };
        self.begin_live(origin, Source::Receiver(receiver), sender, rx);
        Ok(())
    }

    /// Follows a growing capture from its start, like `tail -F`.
    pub fn start_following(&mut self, ctx: &egui::Context, path: PathBuf) -> Result<(), LiveError> {
        self.close_live();
        let (sender, rx) = live::channel(wake(ctx));
        let tail = Tail::follow(path.clone(), sender.clone(), tail::DEFAULT_POLL)?;
        self.begin_live(Origin::Following(path), Source::Tail(tail), sender, rx);
        Ok(())
    }

    /// Shows what the caller sends on a channel of [`crate::live::channel`] (tests use this to
    /// drive live mode; `sender` is a clone kept for its dropped count).
    pub fn start_live_channel(
        &mut self,
        sender: LiveSender,
        rx: mpsc::Receiver<LiveMsg>,
        name: &str,
    ) {
        self.close_live();
        self.begin_live(
            Origin::Channel(name.to_owned()),
            Source::Channel,
            sender,
            rx,
        );
    }

    fn begin_live(
        &mut self,
        origin: Origin,
        source: Source,
        sender: LiveSender,
        rx: mpsc::Receiver<LiveMsg>,
    ) {
        self.loading = None;
        let (name, title) = match &origin {
            Origin::Listening { addr, capture } => (
                capture.display().to_string(),
                format!("Live: http://{addr}/ → {}", capture.display()),
            ),
            Origin::Following(path) => (
                path.display().to_string(),
                format!("Live: following {}", path.display()),
            ),
            Origin::Channel(name) => (name.clone(), format!("Live: {name}")),
        };
        // Notes on a live capture live beside its capture file.
        let notes = match &origin {
            Origin::Listening { capture, .. } => Notebook::for_files(std::slice::from_ref(capture)),
            Origin::Following(path) => Notebook::for_files(std::slice::from_ref(path)),
            Origin::Channel(_) => Notebook::default(),
        };
        self.set_data(
            Data::live(LiveView::new(&name, DEFAULT_RETAIN_BYTES), title).with_notes(notes),
        );
        self.notice = None;
        self.live = Some(Live {
            rx,
            pending: Vec::new(),
            sender,
            throttle: Throttle::default(),
            origin,
            state: LiveState::Running,
            received: 0,
            started: Instant::now(),
            source: Some(source),
        });
    }

    /// Asks the live source to stop; the window keeps what it received.
    pub fn stop_live(&mut self) {
        if let Some(live) = &mut self.live {
            live.request_stop();
        }
    }

    /// Stops the live source and waits for it (the receiver syncs and closes its capture), then
    /// forgets it. Returns where it came from, if one was running.
    pub fn close_live(&mut self) -> Option<Origin> {
        let live = self.live.take()?;
        let running = live.is_running();
        let origin = live.origin.clone();
        drop(live);
        running.then_some(origin)
    }

    /// A frame's live work: read the channel, then rebuild when the throttle allows (at once
    /// when the source ended, so its last lines show).
    pub(super) fn live_logic(&mut self, ctx: &egui::Context) {
        let Some(live) = &mut self.live else { return };
        if live.drain(DRAIN_BUDGET) {
            ctx.request_repaint();
        }
        if live.pending.is_empty() {
            return;
        }
        let wait = if live.is_running() {
            live.throttle.wait(Instant::now())
        } else {
            Duration::ZERO
        };
        if !wait.is_zero() {
            ctx.request_repaint_after(wait);
            return;
        }
        let lines = std::mem::take(&mut live.pending);
        let previous = self.selected_call_id();
        let started = Instant::now();
        let appended = self.data.as_mut().and_then(|d| d.append_live(&lines));
        if let Some(live) = &mut self.live {
            live.throttle.done(Instant::now(), started.elapsed());
        }
        if let Some(appended) = appended {
            self.follow_rebuild(previous.as_deref(), appended.rebuilt);
        }
    }
}

fn wake(ctx: &egui::Context) -> live::Wake {
    let ctx = ctx.clone();
    Box::new(move || ctx.request_repaint())
}
