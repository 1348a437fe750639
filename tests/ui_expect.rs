//! File → Check against expected flow… in the window, headless with egui_kittest: the menu item
//! opens the file dialog (absent headless: the test answers for it, as the system dialog
//! would), the steps are listed beside the diagram, a matched step moves the playback cursor to
//! its moment, the first difference is shown with what happened instead, a bad flow file says
//! file, line and field.

mod common;
use callflow::calls::CallSet;
use callflow::expect::{self, NameBy, SaveOptions, flow_of, write_flow};
use callflow::ingest;
use callflow::store::Store;
use callflow::ui::commands::Picking;
use callflow::ui::{App, Data, Persisted};
use common::harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn app_with(names: &[&str]) -> App {
    let mut store = Store::new();
    let paths: Vec<PathBuf> = names.iter().map(|n| sample(n)).collect();
    ingest::load_paths(&mut store, &paths, &mut |_| {});
    let set = CallSet::build(&store);
    let mut app = App::new(Persisted::default());
    app.set_data(Data::new(store, set, "test".into(), 0));
    app
}

/// The role flow of the warm transfer, written where a user would keep it.
fn warm_flow(dir: &Path) -> PathBuf {
    let mut store = Store::new();
    ingest::load_paths(&mut store, &[sample("warm-transfer.ndjson")], &mut |_| {});
    let set = CallSet::build(&store);
    let facts = expect::facts(&store, &set, &set.calls[0]);
    let flow = flow_of(
        Some("Warm transfer".into()),
        &facts,
        SaveOptions {
            name_by: NameBy::Role,
            timing: false,
        },
    );
    let path = dir.join("warm.yaml");
    std::fs::write(&path, write_flow(&flow, &[])).unwrap();
    path
}

#[test]
fn the_menu_checks_the_shown_call_and_a_step_moves_the_cursor_to_its_moment() {
    let dir = tempfile::tempdir().unwrap();
    let flow = warm_flow(dir.path());
    let mut h = harness(app_with(&["warm-transfer.ndjson"]));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Check against expected flow…").click();
    h.run();
    // The system's dialog answers on its own thread; headless there is none: answer for it.
    h.state_mut()
        .picked(Picking::Flow, Some(vec![flow.clone()]));
    h.run();
    assert!(h.query_by_label("Expected flow").is_some());
    assert!(h.query_by_label("This call follows the flow").is_some());
    let check = h
        .state()
        .shown_check()
        .cloned()
        .expect("the shown call is checked");
    assert!(check.passed());
    // Step 6 of the warm transfer is the attended transfer; clicking it shows its moment.
    let transfer = h.get_by_label_contains("transfer by callee to party3");
    transfer.click();
    h.run();
    let fact = check
        .facts
        .iter()
        .find(|f| f.action == expect::Action::Transfer)
        .unwrap();
    let app = h.state();
    let layout = &app.view.call.as_ref().unwrap().layout;
    let cursor = app.view.cursor_ms.expect("the cursor is set");
    assert!((cursor - layout.ms_of(fact.at)).abs() < 1.0, "{cursor}");
    let detail = app.view.detail.as_ref().expect("its event is shown");
    assert!(detail.json.contains("AttendedTransfer"), "{}", detail.json);
}

#[test]
fn the_first_difference_is_highlighted_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let flow = warm_flow(dir.path());
    let mut h = harness(app_with(&["blind-transfer.ndjson"]));
    h.run();
    h.state_mut().picked(Picking::Flow, Some(vec![flow]));
    h.run();
    assert!(
        h.query_by_label("This call does not follow the flow")
            .is_some()
    );
    let check = h.state().shown_check().cloned().unwrap();
    let m = check.result.mismatch.clone().expect("a difference");
    assert!(h.query_by_label(&m.message).is_some(), "{}", m.message);
    // Loading the flow put the cursor on what happened instead.
    let fact = &check.facts[m.fact.expect("it points at a step")];
    let app = h.state();
    let layout = &app.view.call.as_ref().unwrap().layout;
    let cursor = app.view.cursor_ms.expect("the cursor is set");
    assert!((cursor - layout.ms_of(fact.at)).abs() < 1.0);
    h.get_by_label("Show what happened instead").click();
    h.run();
    assert!(h.state().view.cursor_ms.is_some());
}

#[test]
fn a_bad_flow_file_says_where_and_a_fixed_one_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, "steps:\n  - answer: callee\n    within: soon\n").unwrap();
    let mut h = harness(app_with(&["inbound.ndjson"]));
    h.run();
    h.state_mut()
        .picked(Picking::Flow, Some(vec![path.clone()]));
    h.run();
    let expected = format!(
        "This flow file cannot be used: {}:3:13: steps[1].within: \"soon\" is not a length of time",
        path.display()
    );
    assert!(h.query_by_label_contains(&expected).is_some(), "{expected}");
    std::fs::write(&path, "steps:\n  - answer: callee\n    within: 1m\n").unwrap();
    h.get_by_label("Reload").click();
    h.run();
    assert!(h.query_by_label("This call follows the flow").is_some());
    h.get_by_label("Close").click();
    h.run();
    assert!(h.state().expect.is_none());
}

#[test]
fn the_calls_that_do_not_follow_are_listed_and_one_click_shows_each() {
    let dir = tempfile::tempdir().unwrap();
    let flow = warm_flow(dir.path());
    let mut h = harness(app_with(&["warm-transfer.ndjson", "blind-transfer.ndjson"]));
    h.run();
    h.state_mut().picked(Picking::Flow, Some(vec![flow]));
    h.run();
    assert!(h.query_by_label("1 of 2 calls follow the flow").is_some());
    let check = h.state().expect.as_ref().unwrap().check.clone().unwrap();
    let bad = check.calls.iter().find(|c| !c.passed()).unwrap();
    let step = bad.result.mismatch.as_ref().unwrap().step + 1;
    let label = format!("{}… · step {step}", &bad.id[..14]);
    h.get_by_label(&label).click();
    h.run();
    assert_eq!(h.state().view.selected, Some(bad.call));
    assert!(
        h.query_by_label("This call does not follow the flow")
            .is_some()
    );
}
