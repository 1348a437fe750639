//! The window's live mode, headless with egui_kittest, fed through the same bounded channel the
//! receiver and the file tail use: the call list grows batch by batch, the new call is selected
//! and stays selected (and zoomed) when calls around it come and go, the status bar counts, an
//! end message with an error shows, a full channel's dropped lines are counted, Live → Stop stops
//! a followed file, and Live → Listen… starts a real receiver that `replay` delivers to.

mod common;
use callflow::calls::CallSet;
use callflow::ingest;
use callflow::live::replay::{ReplayOptions, replay};
use callflow::live::{self, LiveMsg, LiveSender};
use callflow::store::Store;
use callflow::ui::live::{LiveState, Origin};
use callflow::ui::{App, Persisted};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(sample(name))
        .expect("sample")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// What the engine makes of these lines loaded at once: (events, calls).
fn expected(lines: &[String]) -> (u64, usize) {
    let mut store = Store::new();
    ingest::load_bytes(&mut store, "expected", lines.join("\n").as_bytes());
    (
        store.diagnostics().events,
        CallSet::build(&store).calls.len(),
    )
}

fn harness() -> Harness<'static, App> {
    common::harness(App::new(Persisted::default()))
}

/// A live channel of `capacity` that wakes the harness, handed to the app.
fn live_channel(h: &mut Harness<'static, App>, capacity: usize) -> LiveSender {
    let ctx = h.ctx.clone();
    let (sender, rx): (LiveSender, Receiver<LiveMsg>) =
        live::channel_with_capacity(capacity, Box::new(move || ctx.request_repaint()));
    h.state_mut()
        .start_live_channel(sender.clone(), rx, "test feed");
    sender
}

fn send(sender: &LiveSender, lines: &[String]) {
    for l in lines {
        assert!(sender.line(l.as_bytes().to_vec(), Instant::now()));
    }
}

/// Runs frames until `done` holds (lines are rebuilt at most every 150 ms, so this takes a few).
fn run_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    let started = Instant::now();
    while !done(h.state()) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "waited for {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
}

fn events(app: &App) -> u64 {
    app.data.as_ref().map_or(0, |d| d.diagnostics.events)
}

fn calls(app: &App) -> usize {
    app.data.as_ref().map_or(0, |d| d.set.calls.len())
}

fn selected_id(app: &App) -> Option<String> {
    let data = app.data.as_ref()?;
    let call = data.set.calls.get(app.view.selected?)?;
    Some(data.store.text(call.id).to_owned())
}

fn open_live_menu_and_click(h: &mut Harness<'static, App>, item: &str) {
    h.get_by_label("Live").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

#[test]
fn a_call_appears_line_by_line_selected_and_fitted_and_the_status_counts_it() {
    let mut h = harness();
    let sender = live_channel(&mut h, 1024);
    h.run();
    assert!(
        h.query_by_label("Receiving from test feed · 0 events · 0 calls")
            .is_some()
    );
    assert!(
        h.query_by_label("Waiting for the first notification…")
            .is_some()
    );

    let warm = lines("warm-transfer.ndjson");
    let (first_events, _) = expected(&warm[..3]);
    send(&sender, &warm[..3]);
    run_until(&mut h, "the first call", |a| events(a) == first_events);
    assert_eq!(h.query_all_by_label_contains("Call from").count(), 1);
    // Nothing was selected: the new call is, and its lanes show.
    assert_eq!(h.state().view.selected, Some(0));
    assert!(h.query_by_label_contains(" · 1 session").is_some());
    let first_id = selected_id(h.state()).expect("a selected call");
    let early_zoom = h.state().view.time.ms_per_pt;

    // The rest, a line per frame: rebuilt in batches (at most one per 150 ms), not per line.
    let (all_events, all_calls) = expected(&warm);
    let batches_before = h
        .state()
        .data
        .as_ref()
        .map_or(0, |d| d.store.sources().len());
    let started = Instant::now();
    for line in &warm[3..] {
        send(&sender, std::slice::from_ref(line));
        h.step();
    }
    run_until(&mut h, "the whole transfer", |a| events(a) == all_events);
    let took_ms = started.elapsed().as_millis() as usize;
    let batches = h
        .state()
        .data
        .as_ref()
        .map_or(0, |d| d.store.sources().len())
        - batches_before;
    assert!(
        batches <= took_ms / 150 + 1,
        "{batches} rebuilds in {took_ms} ms for {} lines",
        warm.len() - 3
    );
    assert_eq!(all_calls, 1);
    assert_eq!(calls(h.state()), 1);
    assert_eq!(
        selected_id(h.state()),
        Some(first_id),
        "the call stays selected"
    );
    assert!(h.query_by_label_contains(" · 2 sessions").is_some());
    // The view was fitted, so it stays fitted to the longer call.
    assert!(h.state().view.auto_fit);
    assert!(h.state().view.time.ms_per_pt > early_zoom);
    let status = format!("Receiving from test feed · {all_events} events · 1 call");
    assert!(h.query_by_label(&status).is_some(), "no status {status:?}");
}

#[test]
fn the_selected_call_and_the_users_zoom_survive_calls_arriving_around_them() {
    let mut h = harness();
    let sender = live_channel(&mut h, 1024);
    let hold = lines("hold.ndjson");
    send(&sender, &hold);
    run_until(&mut h, "the hold call", |a| calls(a) == 1);
    let hold_id = selected_id(h.state()).expect("selected");
    // The user zooms in: the view is no longer fitted.
    h.state_mut().view.auto_fit = false;
    h.state_mut().view.time.ms_per_pt = 7.0;
    // Two calls from 2020 start before it (its row moves down the list), one after it (the
    // newest, which a newcomer would be shown).
    let mut others = lines("csndata_pstn_to_rc_ivr_then_ext_hold_acct_level.ndjson");
    others.extend(lines("csndata_rc_to_pstn_outbound_acct_level.ndjson"));
    others.extend(lines("conference-noisy.ndjson"));
    send(&sender, &others);
    run_until(&mut h, "four calls", |a| calls(a) == 4);
    let app = h.state();
    assert_eq!(app.view.selected, Some(2));
    assert_eq!(selected_id(app), Some(hold_id));
    assert_eq!(app.view.time.ms_per_pt, 7.0, "the zoom is kept");
    assert!(!app.view.auto_fit);
    assert_eq!(h.query_all_by_label_contains("Call from").count(), 4);
}

#[test]
fn an_end_message_with_an_error_shows_in_the_status_bar_and_stop_is_disabled() {
    let mut h = harness();
    let sender = live_channel(&mut h, 1024);
    send(&sender, &lines("inbound.ndjson"));
    sender.end(Some("the disk is full".into()));
    run_until(&mut h, "the end", |a| {
        a.live
            .as_ref()
            .is_some_and(|l| matches!(l.state, LiveState::Ended(_)))
    });
    // The lines sent before the end are shown.
    assert_eq!(calls(h.state()), 1);
    assert!(
        h.query_by_label("Live source stopped: the disk is full")
            .is_some()
    );
    assert!(h.query_by_label_contains("test feed ended").is_some());
    h.get_by_label("Live").click();
    h.run();
    assert!(h.get_by_label("Stop").accesskit_node().is_disabled());
}

#[test]
fn lines_a_full_channel_drops_are_counted_in_the_status_bar() {
    let mut h = harness();
    let sender = live_channel(&mut h, 4);
    let missed = lines("missed.ndjson");
    assert!(missed.len() > 4);
    // No frame runs meanwhile: the channel holds four, the rest is dropped (never blocked).
    send(&sender, &missed);
    let dropped = missed.len() - 4;
    assert_eq!(sender.dropped(), dropped as u64);
    let (shown, _) = expected(&missed[..4]);
    run_until(&mut h, "the first four lines", |a| events(a) == shown);
    let text = format!("{dropped} not shown: they came too fast (they are in the file)");
    assert!(h.query_by_label(&text).is_some(), "no {text:?}");
}

fn append(path: &Path, lines: &[String]) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("open");
    for l in lines {
        writeln!(f, "{l}").expect("write");
    }
}

#[test]
fn a_followed_file_shows_what_is_appended_until_live_stop() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("growing.ndjson");
    let conference = lines("conference.ndjson");
    append(&path, &conference[..5]);
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut()
        .start_following(&ctx, path.clone())
        .expect("follow");
    let (first, _) = expected(&conference[..5]);
    run_until(&mut h, "the first lines", |a| events(a) == first);
    assert!(h.query_by_label_contains("Following ").is_some());
    append(&path, &conference[5..]);
    let (all, all_calls) = expected(&conference);
    run_until(&mut h, "the appended lines", |a| events(a) == all);
    assert_eq!(calls(h.state()), all_calls);

    open_live_menu_and_click(&mut h, "Stop");
    run_until(&mut h, "the tail to stop", |a| {
        a.live.as_ref().is_some_and(|l| !l.is_running())
    });
    assert_eq!(
        h.state().live.as_ref().map(|l| l.state.clone()),
        Some(LiveState::Ended(None))
    );
    let stopped = format!("Stopped following {}", path.display());
    assert!(h.query_by_label_contains(&stopped).is_some());
    // Stopped means stopped: more lines in the file do not show.
    append(&path, &lines("missed.ndjson"));
    std::thread::sleep(Duration::from_millis(500));
    h.run();
    assert_eq!(events(h.state()), all);
}

#[test]
fn live_listen_starts_the_receiver_that_replay_delivers_to() {
    let dir = tempfile::tempdir().expect("tempdir");
    let capture = dir.path().join("capture.ndjson");
    let mut h = harness();
    open_live_menu_and_click(&mut h, "Listen…");
    assert!(h.query_by_label("Listen for webhooks").is_some());

    // An address other machines can reach needs the explicit tick.
    h.get_by_label("Listen on")
        .set_text_value_accesskit("0.0.0.0:0");
    h.run();
    assert!(
        h.query_by_label_contains("Warning: anyone who can reach")
            .is_some()
    );
    h.get_by_label("Start").click();
    h.run();
    assert!(h.state().live.is_none());
    assert!(
        h.query_by_label_contains("can be reached from other machines")
            .is_some()
    );

    h.get_by_label("Listen on")
        .set_text_value_accesskit("127.0.0.1:0");
    h.get_by_label("Capture file")
        .set_text_value_accesskit(&capture.display().to_string());
    h.run();
    h.get_by_label("Start").click();
    h.run();
    assert!(
        h.query_by_label("Listen for webhooks").is_none(),
        "the dialog closes"
    );
    let addr = match h.state().live.as_ref().map(|l| l.origin.clone()) {
        Some(Origin::Listening { addr, .. }) => addr,
        other => panic!("not listening: {other:?}"),
    };
    let status = format!("Listening on {addr} → {}", capture.display());
    assert!(
        h.query_by_label_contains(&status).is_some(),
        "no {status:?}"
    );

    let opts = ReplayOptions {
        to: format!("http://{addr}/"),
        speed: 0.0,
        verification_token: None,
    };
    let sent = replay(&sample("warm-transfer.ndjson"), &opts, &mut |_| {}).expect("replay");
    let warm = lines("warm-transfer.ndjson");
    assert_eq!(sent.sent, warm.len() as u64);
    let (all, _) = expected(&warm);
    run_until(&mut h, "the delivered call", |a| events(a) == all);
    assert_eq!(calls(h.state()), 1);

    open_live_menu_and_click(&mut h, "Stop");
    run_until(&mut h, "the receiver to stop", |a| {
        a.live.as_ref().is_some_and(|l| !l.is_running())
    });
    assert!(h.query_by_label_contains("Stopped listening on").is_some());
    let written = std::fs::read_to_string(&capture).expect("capture");
    assert_eq!(written.lines().count(), warm.len());
}

/// The window's saved state, kept in memory.
#[derive(Default)]
struct Saved(std::collections::HashMap<String, String>);

impl eframe::Storage for Saved {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn the_verification_token_stays_out_of_the_saved_window_state_and_the_capture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let capture = dir.path().join("capture.ndjson");
    let token = "tok-window-7Yq2";
    let mut h = harness();
    open_live_menu_and_click(&mut h, "Listen…");
    h.get_by_label("Listen on")
        .set_text_value_accesskit("127.0.0.1:0");
    h.get_by_label("Capture file")
        .set_text_value_accesskit(&capture.display().to_string());
    h.get_by_label("Verification token")
        .set_text_value_accesskit(token);
    h.run();
    h.get_by_label("Start").click();
    h.run();
    let addr = match h.state().live.as_ref().map(|l| l.origin.clone()) {
        Some(Origin::Listening { addr, .. }) => addr,
        other => panic!("not listening: {other:?}"),
    };
    let opts = ReplayOptions {
        to: format!("http://{addr}/"),
        speed: 0.0,
        verification_token: Some(token.into()),
    };
    replay(&sample("warm-transfer.ndjson"), &opts, &mut |_| {}).expect("replay");
    let (all, _) = expected(&lines("warm-transfer.ndjson"));
    run_until(&mut h, "the delivered call", |a| events(a) == all);
    let mut saved = Saved::default();
    eframe::App::save(h.state_mut(), &mut saved);
    assert!(!saved.0.is_empty(), "something was saved");
    for (key, value) in &saved.0 {
        assert!(!value.contains(token), "{key}: {value}");
    }
    open_live_menu_and_click(&mut h, "Stop");
    run_until(&mut h, "the receiver to stop", |a| {
        a.live.as_ref().is_some_and(|l| !l.is_running())
    });
    let written = std::fs::read_to_string(&capture).expect("capture");
    assert!(!written.is_empty() && !written.contains(token));
}
