//! `receive` and `replay`: the glue between the command line and `live`. The receiver prints a
//! line per event (or a running summary) by feeding what it acknowledged through the engine.

use super::printable;
use crate::calls::json::time_text;
use crate::live::replay::{ReplayOptions, replay};
use crate::live::{self, DEFAULT_RETAIN_BYTES, LiveMsg, LiveView, Receiver, ReceiverConfig};
use crate::store::Store;
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct ReceiveArgs {
    /// Address and port to listen on (loopback unless --allow-remote; port 0 picks a free one).
    /// A port alone (`8080`) or `localhost:8080` is that port on loopback.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT", value_parser = parse_listen)]
    pub listen: SocketAddr,
    /// The capture file: every acknowledged delivery is appended to it as one NDJSON line.
    #[arg(long, value_name = "CAPTURE")]
    pub out: PathBuf,
    /// Require this token in each delivery's Verification-Token header (401 otherwise).
    #[arg(long, value_name = "TOKEN")]
    pub verification_token: Option<String>,
    /// Allow listening on an address other than loopback (deliveries from other machines);
    /// needs --verification-token, or --no-verification-token to accept anyone's deliveries.
    #[arg(long)]
    pub allow_remote: bool,
    /// With --allow-remote: accept deliveries without a verification token (anyone who can
    /// reach the port can add events to the capture).
    #[arg(long, conflicts_with = "verification_token")]
    pub no_verification_token: bool,
    /// Print a running summary on standard error instead of a line per event.
    #[arg(long)]
    pub summary: bool,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The capture to send (one notification per line; .gz is fine; `-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The receiver's URL.
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Speed-up of the notifications' own timing; 0 sends as fast as possible.
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Sent as the Verification-Token header of every delivery.
    #[arg(long, value_name = "TOKEN")]
    pub verification_token: Option<String>,
}

/// Most lines handed to the engine at once.
const BATCH: usize = 4096;

/// `8080`, `localhost:8080` (both loopback), or an address and port.
fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    let loopback = |port: &str| {
        port.parse::<u16>()
            .map(|p| SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, p)))
            .map_err(|_| format!("{port:?} is not a port (0 to 65535)"))
    };
    if let Some(port) = text.strip_prefix("localhost:") {
        return loopback(port);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return loopback(text);
    }
    text.parse().map_err(|_| {
        format!(
            "\"{}\" is not an address and port (such as 127.0.0.1:8080, [::1]:8080, \
             localhost:8080 or 8080)",
            printable(text)
        )
    })
}

pub fn receive(args: ReceiveArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let remote = !args.listen.ip().is_loopback() && args.allow_remote;
    if remote && args.verification_token.is_none() && !args.no_verification_token {
        // Said before anything is opened (the receiver refuses it too).
        return Err(live::LiveError::NoToken(args.listen).into());
    }
    if remote {
        eprintln!(
            "warning: listening on {}: other machines can send deliveries to this receiver",
            args.listen
        );
    }
    let (sender, rx) = live::channel(Box::new(|| {}));
    let mut config = ReceiverConfig::new(args.listen, args.out.clone());
    config.verification_token = args.verification_token;
    config.allow_remote = args.allow_remote;
    config.accept_without_token = args.no_verification_token;
    config.stop_on_signal = true;
    let receiver = Receiver::start(config, sender)?;
    eprintln!(
        "listening on http://{}/ , writing {} (Ctrl+C to stop)",
        receiver.local_addr(),
        args.out.display()
    );
    let mut view = LiveView::new("live", DEFAULT_RETAIN_BYTES);
    let mut batch: Vec<Vec<u8>> = Vec::new();
    let mut last_summary = Instant::now();
    let ended = loop {
        let mut ended = None;
        match rx.recv() {
            Ok(LiveMsg::Line { line, .. }) => batch.push(line),
            Ok(LiveMsg::End(error)) => ended = Some(error),
            Err(_) => ended = Some(Some("the receiver stopped unexpectedly".to_owned())),
        }
        while ended.is_none() && batch.len() < BATCH {
            match rx.try_recv() {
                Ok(LiveMsg::Line { line, .. }) => batch.push(line),
                Ok(LiveMsg::End(error)) => ended = Some(error),
                Err(_) => break,
            }
        }
        let appended = view.append(&batch);
        batch.clear();
        if args.summary {
            if last_summary.elapsed() >= Duration::from_secs(1) || ended.is_some() {
                last_summary = Instant::now();
                eprint!("\r{}", summary(&receiver, view.store()));
            }
        } else {
            for id in appended.new_events {
                event_line(out, view.store(), id)?;
            }
            out.flush()?;
        }
        if let Some(error) = ended {
            break error;
        }
    };
    if args.summary {
        eprintln!();
    }
    let stats = summary(&receiver, view.store());
    drop(receiver);
    match ended {
        None => {
            eprintln!("stopped; capture closed: {stats}");
            Ok(ExitCode::SUCCESS)
        }
        Some(error) => bail!("the receiver failed: {error} ({stats})"),
    }
}

fn event_line(out: &mut dyn Write, store: &Store, id: usize) -> std::io::Result<()> {
    let Some(e) = store.events().get(id) else {
        return Ok(());
    };
    // Capture text, shown escaped: a delivery must not drive the terminal.
    write!(
        out,
        "{}  {}  {}  {}",
        time_text(e.at),
        printable(store.text(e.session)),
        printable(store.text(e.party.id)),
        printable(store.text(e.party.code_raw))
    )?;
    match store.opt_text(e.party.reason) {
        Some(reason) => writeln!(out, " ({})", printable(reason)),
        None => writeln!(out),
    }
}

fn summary(receiver: &Receiver, store: &Store) -> String {
    let stats = receiver.stats();
    let n = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed);
    let mut text = format!(
        "{} accepted, {} rejected, {} unauthorized, {} events in view",
        n(&stats.accepted),
        n(&stats.rejected),
        n(&stats.unauthorized),
        store.events().len()
    );
    if n(&stats.failed) > 0 {
        text.push_str(&format!(", {} failed writes", n(&stats.failed)));
    }
    if receiver.dropped() > 0 {
        text.push_str(&format!(", {} not shown (too fast)", receiver.dropped()));
    }
    text
}

pub fn replay_cmd(args: ReplayArgs) -> Result<ExitCode> {
    let opts = ReplayOptions {
        to: args.to,
        speed: args.speed,
        verification_token: args.verification_token,
    };
    let stats = replay(&args.file, &opts, &mut |_| {})?;
    eprintln!("sent {} deliveries to {}", stats.sent, opts.to);
    Ok(ExitCode::SUCCESS)
}
