//! Image snapshots of the main views, rendered headless (wgpu on lavapipe) at 1400×900 with the
//! app's own fonts: the warm transfer, the conference and the queue fan-out in the people view,
//! the conference in the session view, and the story. A changed picture fails the test and leaves
//! `tests/snapshots/NAME.new.png` and `NAME.diff.png` beside the accepted one; after looking at
//! them, `UPDATE_SNAPSHOTS=1 cargo test --test ui_snapshots` accepts the new pictures.
//!
//! The notes panel is folded (it would show the sidecar's absolute path, which differs from
//! machine to machine).

mod common;
use callflow::calls::CallSet;
use callflow::ingest;
use callflow::store::Store;
use callflow::ui::theme::ThemeChoice;
use callflow::ui::{App, Data, Persisted, Tab};
use common::harness_in;
use egui_kittest::SnapshotOptions;
use std::path::PathBuf;

fn app(sample: &str, theme: ThemeChoice) -> App {
    let mut store = Store::new();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(sample);
    ingest::load_paths(&mut store, &[path], &mut |_| {});
    let set = CallSet::build(&store);
    let persisted = Persisted {
        theme,
        show_notes: false,
        ..Persisted::default()
    };
    let mut app = App::new(persisted);
    app.set_data(Data::new(store, set, sample.into(), 0));
    app
}

/// The picture of `sample`'s first call, compared with `tests/snapshots/NAME.png`.
fn check(name: &str, sample: &str, theme: ThemeChoice, people: bool, tab: Tab) {
    let mut app = app(sample, theme);
    app.persisted.people = people;
    app.persisted.tab = tab;
    let mut h = harness_in(app, Some(theme.egui()));
    h.run();
    assert!(h.state().view.call.is_some(), "{sample}: a call is shown");
    // Default per-pixel tolerance (0.6, enough across wgpu backends); not one pixel may differ
    // beyond it, so a moved label or a missing connector fails.
    h.snapshot_options(name, &SnapshotOptions::new());
}

#[test]
fn warm_transfer_in_the_people_view_dark() {
    check(
        "warm-transfer-people-dark",
        "warm-transfer.ndjson",
        ThemeChoice::Dark,
        true,
        Tab::Swimlanes,
    );
}

#[test]
fn conference_in_the_people_view_light() {
    check(
        "conference-people-light",
        "conference.ndjson",
        ThemeChoice::Light,
        true,
        Tab::Swimlanes,
    );
}

#[test]
fn conference_in_the_session_view_dark() {
    check(
        "conference-sessions-dark",
        "conference.ndjson",
        ThemeChoice::Dark,
        false,
        Tab::Swimlanes,
    );
}

#[test]
fn queue_fanout_in_the_people_view_light() {
    check(
        "queue-fanout-people-light",
        "queue-fanout.ndjson",
        ThemeChoice::Light,
        true,
        Tab::Swimlanes,
    );
}

#[test]
fn warm_transfer_story_dark() {
    check(
        "warm-transfer-story-dark",
        "warm-transfer.ndjson",
        ThemeChoice::Dark,
        true,
        Tab::Story,
    );
}
