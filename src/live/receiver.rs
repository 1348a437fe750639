//! Starts and stops the webhook receiver: binds the socket on the caller's thread (so a busy
//! port is an error at once), then runs axum on a tokio runtime on the `callflow-receiver`
//! thread (workers `callflow-http`). Stopping (the handle dropped or stopped, or Ctrl+C / SIGTERM
//! when asked) lets requests in flight finish for up to [`DRAIN`], syncs the capture to the disk
//! and sends the end message.

use super::capture::Capture;
use super::http::{Shared, router};
use super::{LiveError, LiveSender};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::{oneshot, watch};

/// Bodies over this size get `413`.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How long requests in flight may take to finish once stopping starts.
const DRAIN: Duration = Duration::from_secs(5);

/// How often the capture is synced to the disk.
const SYNC_EVERY: Duration = Duration::from_secs(1);

/// What to start. Its `Debug` form leaves the token out (it is a secret).
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiverConfig {
    pub listen: SocketAddr,
    /// The capture file; appended to, created when missing.
    pub capture: PathBuf,
    /// When set, deliveries must carry it in `Verification-Token` (or `Validation-Token`).
    pub verification_token: Option<String>,
    /// Allow an address other than loopback (which also needs a verification token, or
    /// `accept_without_token`).
    pub allow_remote: bool,
    /// On an address other machines can reach, accept deliveries without a verification token
    /// (anyone who reaches the port can then add events to the capture).
    pub accept_without_token: bool,
    /// Stop on Ctrl+C or SIGTERM (the command line; the window stops it itself).
    pub stop_on_signal: bool,
}

impl std::fmt::Debug for ReceiverConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token = self.verification_token.as_ref().map(|_| "(set, not shown)");
        f.debug_struct("ReceiverConfig")
            .field("listen", &self.listen)
            .field("capture", &self.capture)
            .field("verification_token", &token)
            .field("allow_remote", &self.allow_remote)
            .field("accept_without_token", &self.accept_without_token)
            .field("stop_on_signal", &self.stop_on_signal)
            .finish()
    }
}

impl ReceiverConfig {
    pub fn new(listen: SocketAddr, capture: PathBuf) -> Self {
        Self {
            listen,
            capture,
            verification_token: None,
            allow_remote: false,
            accept_without_token: false,
            stop_on_signal: false,
        }
    }
}

/// The `.rejected` file kept beside a capture: `capture.ndjson` → `capture.ndjson.rejected`.
pub fn rejected_path(capture: &Path) -> PathBuf {
    let mut name = capture.as_os_str().to_owned();
    name.push(".rejected");
    PathBuf::from(name)
}

/// Counts of what the receiver answered.
#[derive(Debug, Default)]
pub struct Stats {
    /// Deliveries written to the capture and acknowledged.
    pub accepted: AtomicU64,
    /// Bodies answered `400`.
    pub rejected: AtomicU64,
    /// Deliveries answered `401`.
    pub unauthorized: AtomicU64,
    /// Writes that failed (answered `500`, not acknowledged).
    pub failed: AtomicU64,
}

/// A running receiver. Dropping it stops it and waits for its thread.
pub struct Receiver {
    addr: SocketAddr,
    stats: Arc<Stats>,
    sender: LiveSender,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Receiver {
    /// Binds, opens the capture and starts serving; messages go to `sender`.
    pub fn start(config: ReceiverConfig, sender: LiveSender) -> Result<Self, LiveError> {
        let addr = config.listen;
        if !addr.ip().is_loopback() && !config.allow_remote {
            return Err(LiveError::Remote(addr));
        }
        let no_token = config
            .verification_token
            .as_deref()
            .is_none_or(str::is_empty);
        if !addr.ip().is_loopback() && no_token && !config.accept_without_token {
            return Err(LiveError::NoToken(addr));
        }
        let capture =
            Capture::open(&config.capture, rejected_path(&config.capture)).map_err(|source| {
                LiveError::Capture {
                    path: config.capture.clone(),
                    source,
                }
            })?;
        let bind = |source| LiveError::Bind { addr, source };
        let listener = std::net::TcpListener::bind(addr).map_err(bind)?;
        listener.set_nonblocking(true).map_err(bind)?;
        let local = listener.local_addr().map_err(bind)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("callflow-http")
            .enable_io()
            .enable_time()
            .build()
            .map_err(|source| LiveError::Thread {
                what: "receiver",
                source,
            })?;
        let stats = Arc::new(Stats::default());
        let shared = Arc::new(Shared {
            capture,
            token: config.verification_token,
            sender: sender.clone(),
            stats: stats.clone(),
        });
        let (stop, stopped) = oneshot::channel();
        let signals = config.stop_on_signal;
        let thread = std::thread::Builder::new()
            .name("callflow-receiver".into())
            .spawn(move || {
                let result = runtime.block_on(serve(listener, shared.clone(), stopped, signals));
                runtime.shutdown_timeout(Duration::from_millis(200));
                let synced = shared.capture.sync().map_err(|e| format!("syncing: {e}"));
                shared.sender.end(result.and(synced).err());
            })
            .map_err(|source| LiveError::Thread {
                what: "receiver",
                source,
            })?;
        Ok(Self {
            addr: local,
            stats,
            sender,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address actually bound (the port the OS chose for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Acknowledged deliveries that found the channel full (in the file, not in the view).
    pub fn dropped(&self) -> u64 {
        self.sender.dropped()
    }

    /// Asks the receiver to stop; the end message follows once it has.
    pub fn request_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopping = stop.send(());
        }
    }

    /// Stops and waits until the capture is synced and closed.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.request_stop();
        if let Some(thread) = self.thread.take() {
            let _panicked = thread.join();
        }
    }

    /// Accepted deliveries so far.
    pub fn accepted(&self) -> u64 {
        self.stats.accepted.load(Ordering::Relaxed)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.shutdown();
    }
}

async fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    stopped: oneshot::Receiver<()>,
    signals: bool,
) -> Result<(), String> {
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
    let (fired, mut fired_rx) = watch::channel(false);
    let shutdown = async move {
        wait_for_stop(stopped, signals).await;
        let _ = fired.send(true);
    };
    let syncing = shared.clone();
    let syncer = tokio::spawn(async move {
        let mut tick = tokio::time::interval(SYNC_EVERY);
        loop {
            tick.tick().await;
            // An error here shows again, and is reported, at the final sync.
            let _later = syncing.capture.sync();
        }
    });
    let server = axum::serve(listener, router(shared)).with_graceful_shutdown(shutdown);
    let drain_limit = async move {
        let _ = fired_rx.wait_for(|fired| *fired).await;
        tokio::time::sleep(DRAIN).await;
    };
    let result = tokio::select! {
        served = server => served.map_err(|e| format!("serving: {e}")),
        () = drain_limit => Ok(()),
    };
    syncer.abort();
    result
}

async fn wait_for_stop(stopped: oneshot::Receiver<()>, signals: bool) {
    if !signals {
        let _ = stopped.await;
        return;
    }
    tokio::select! {
        _ = stopped => {}
        () = ctrl_c() => {}
        () = terminate() => {}
    }
}

async fn ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

#[cfg(unix)]
async fn terminate() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            term.recv().await;
        }
        Err(_) => std::future::pending::<()>().await,
    }
}

#[cfg(not(unix))]
async fn terminate() {
    std::future::pending::<()>().await;
}
