//! The Compare tab and the Call log panel, headless with egui_kittest: C makes the selected call
//! the reference, selecting another shows both with their differences; a reference kept when
//! another capture opens; a call log's disagreements listed and linked to their call.

mod common;
use callflow::calls::CallSet;
use callflow::ingest;
use callflow::store::Store;
use callflow::ui::{App, Data, Persisted, Tab};
use common::harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn data(names: &[&str]) -> Data {
    let mut store = Store::new();
    let paths: Vec<PathBuf> = names.iter().map(|n| sample(n)).collect();
    ingest::load_paths(&mut store, &paths, &mut |_| {});
    let set = CallSet::build(&store);
    Data::new(store, set, names.join(" + "), 0)
}

fn index_of(app: &App, id: &str) -> usize {
    let d = app.data.as_ref().unwrap();
    d.set.find_index(&d.store, id).unwrap()
}

const WARM: &str = "s-dc8a0e369bfa342a09dba595ca715a63";
const BLIND: &str = "s-035d9b313657867e0a5327bc5a562dba";

#[test]
fn c_pins_the_reference_and_the_tab_shows_both_calls_and_what_differs() {
    let mut app = App::new(Persisted::default());
    app.set_data(data(&["warm-transfer.ndjson", "blind-transfer.ndjson"]));
    let warm = index_of(&app, WARM);
    let blind = index_of(&app, BLIND);
    app.select_call(warm);
    let mut h = harness(app);
    h.run();
    h.key_press(egui::Key::C);
    h.run();
    assert_eq!(h.state().persisted.tab, Tab::Compare);
    assert!(
        h.query_by_label_contains("This is the reference call itself")
            .is_some()
    );
    h.state_mut().select_call(blind);
    h.run();
    assert!(h.query_by_label_contains("differences").is_some());
    assert!(
        h.query_by_label_contains("by an attended transfer in A")
            .is_some(),
        "the hand-over difference is listed"
    );
    // Both calls' sessions are drawn: two of the warm transfer, one of the blind.
    let sessions = h.query_all_by_label_contains("Session s-").count();
    assert_eq!(sessions, 3);
}

#[test]
fn the_reference_stays_when_another_capture_opens() {
    let mut app = App::new(Persisted::default());
    app.set_data(data(&["warm-transfer.ndjson"]));
    app.pin_reference(0);
    app.set_data(data(&["warm-transfer-noisy.ndjson"]));
    let mut h = harness(app);
    h.run();
    assert_eq!(h.state().persisted.tab, Tab::Compare);
    let diff = h.state_mut().current_diff().cloned().expect("a diff");
    assert!(diff.findings.iter().all(|f| !f.kind.structural()));
    assert!(h.query_by_label_contains("warm-transfer.ndjson").is_some());
}

#[test]
fn the_call_log_panel_lists_disagreements_and_shows_their_call() {
    let mut app = App::new(Persisted::default());
    app.set_data(data(&["warm-transfer.ndjson", "blind-transfer.ndjson"]));
    let warm = index_of(&app, WARM);
    let blind = index_of(&app, BLIND);
    app.select_call(warm);
    app.open_call_log(vec![
        sample("warm-transfer.calllog.json"),
        sample("blind-transfer.calllog-disagrees.json"),
    ]);
    let mut h = harness(app);
    h.run();
    assert!(
        h.query_by_label_contains("Ethan Kim — 3 disagreements")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("agrees with the call log")
            .is_some()
    );
    let row = h.get_by_label_contains("result: the call log's result is \"Missed\"");
    row.click();
    h.run();
    assert_eq!(h.state().view.selected, Some(blind));
    assert!(h.state().view.cursor_ms.is_some(), "the moment is shown");
}
