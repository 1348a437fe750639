//! What the status bar says about a live source: what runs and where to ("Listening on
//! 127.0.0.1:8080 → capture.ndjson · 16 events · 1 call"), what the receiver refused, what was
//! left out of the view, and why the source stopped when it stopped by itself. Only words and
//! colours; the counts come from the engine (`Data`) and the source (`Live`).

use super::App;
use super::count;
use super::live::{Live, LiveState, Origin};
use super::state::Data;
use egui::RichText;
use std::sync::atomic::Ordering;

/// The main text: what runs (or ran), then the counts.
pub fn headline(live: &Live, data: Option<&Data>) -> String {
    let what = match (&live.state, &live.origin) {
        (LiveState::Running, Origin::Listening { addr, capture }) => {
            format!("Listening on {addr} → {}", capture.display())
        }
        (LiveState::Running, Origin::Following(path)) => format!("Following {}", path.display()),
        (LiveState::Running, Origin::Channel(name)) => format!("Receiving from {name}"),
        (LiveState::Stopping, _) => "Stopping…".to_owned(),
        (LiveState::Ended(_), Origin::Listening { addr, capture }) => {
            format!("Stopped listening on {addr}; capture {}", capture.display())
        }
        (LiveState::Ended(_), Origin::Following(path)) => {
            format!("Stopped following {}", path.display())
        }
        (LiveState::Ended(_), Origin::Channel(name)) => format!("{name} ended"),
    };
    let (events, calls) = data.map_or((0, 0), |d| (d.diagnostics.events, d.set.calls.len()));
    format!(
        "{what} · {} · {}",
        count(events, "event"),
        count(calls as u64, "call")
    )
}

/// Deliveries the receiver answered with an error, if any.
fn refused(live: &Live) -> Option<String> {
    let stats = live.receiver()?.stats();
    let n = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed);
    let mut parts = Vec::new();
    if n(&stats.rejected) > 0 {
        parts.push(format!("{} not JSON (400)", n(&stats.rejected)));
    }
    if n(&stats.unauthorized) > 0 {
        parts.push(format!("{} wrong token (401)", n(&stats.unauthorized)));
    }
    if n(&stats.failed) > 0 {
        parts.push(format!("{} not written (500)", n(&stats.failed)));
    }
    (!parts.is_empty()).then(|| format!("Refused: {}", parts.join(", ")))
}

pub fn live_status_ui(app: &App, live: &Live, ui: &mut egui::Ui) {
    let p = app.palette();
    let data = app.data.as_ref();
    if live.is_running() {
        ui.label(RichText::new("●").color(p.talking));
    }
    ui.label(headline(live, data));
    if let Some(text) = refused(live) {
        ui.label(RichText::new(text).color(p.warning));
    }
    if live.dropped() > 0 {
        ui.label(
            RichText::new(format!(
                "{} not shown: they came too fast (they are in the file)",
                live.dropped()
            ))
            .color(p.warning),
        );
    }
    if let Some(let_go) = data.and_then(|d| d.live_view()).map(|v| v.let_go_bytes())
        && let_go > 0
    {
        ui.label(
            RichText::new(format!(
                "Oldest {:.1} MB let go to keep memory bounded",
                let_go as f64 / 1e6
            ))
            .weak(),
        );
    }
    if let LiveState::Ended(Some(error)) = &live.state {
        ui.label(RichText::new(format!("Live source stopped: {error}")).color(p.disconnected_end));
    }
}
