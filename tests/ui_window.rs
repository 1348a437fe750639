//! The window, headless with egui_kittest: load captures, pick a call in the list, find its
//! lanes and labels through the accessibility tree, click a marker and read the detail panel,
//! filter the list by a number, step with the keyboard.

mod common;
use callflow::calls::CallSet;
use callflow::ingest;
use callflow::store::Store;
use callflow::ui::loader::Source;
use callflow::ui::{App, Data, Persisted, Tab};
use common::harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

#[test]
fn bundled_samples_load_on_the_loader_thread_with_the_first_call_selected() {
    let mut h = harness(App::new(Persisted::default()));
    let ctx = h.ctx.clone();
    h.state_mut().start_load(&ctx, Source::Bundled);
    let started = Instant::now();
    while h.state().is_loading() {
        assert!(started.elapsed() < Duration::from_secs(60), "loading hangs");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run();
    let app = h.state();
    let data = app.data.as_ref().expect("loaded");
    assert!(data.set.calls.len() > 10, "{}", data.set.calls.len());
    assert_eq!(app.view.selected, Some(0));
    // The people view's header: how many people, in how many sessions.
    let layout = &app.view.call.as_ref().expect("a call view").layout;
    assert!(h.query_by_label(&layout.sessions[0].id).is_some());
    assert!(
        layout.sessions[0].id.contains(" session"),
        "{}",
        layout.sessions[0].id
    );
}

#[test]
fn selecting_a_call_shows_its_sessions_lanes_and_bridge() {
    let mut h = harness(app_with(&["warm-transfer.ndjson", "conference.ndjson"]));
    h.run();
    let rows: Vec<String> = h
        .query_all_by_label_contains("Call from")
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    // The conference is the call with three sessions; find its row by index.
    let data = h.state().data.as_ref().expect("data");
    let conf = data
        .set
        .calls
        .iter()
        .position(|c| c.sessions.len() == 3)
        .expect("a conference call");
    let label = data.rows[conf].label();
    h.get_by_label(&label).click();
    h.run();
    assert_eq!(h.state().view.selected, Some(conf));
    // The people view first: one lane per person, one header naming how many.
    assert!(h.query_by_label("3 people · 3 sessions").is_some());
    assert_eq!(
        h.state()
            .view
            .call
            .as_ref()
            .expect("a call")
            .layout
            .lanes
            .len(),
        4
    );
    assert!(h.query_by_label_contains("conference: 3 people").is_some());
    // P: the session view, a header per session and the bridge's badge.
    h.key_press(egui::Key::P);
    h.run();
    assert!(!h.state().persisted.people);
    assert_eq!(h.query_all_by_label_contains("Session s-").count(), 3);
    assert!(h.query_by_label("Conference bridge").is_some());
    let layout = &h.state().view.call.as_ref().expect("a call view").layout;
    for lane in &layout.lanes {
        assert!(
            h.query_all_by_label(&lane.label).next().is_some(),
            "no lane label {}",
            lane.label
        );
    }
    assert_eq!(
        h.query_all_by_label_contains("Conference link from")
            .count(),
        2
    );
}

#[test]
fn clicking_a_gone_marker_shows_its_notification_in_the_detail_panel() {
    let mut h = harness(app_with(&["warm-transfer.ndjson"]));
    h.run();
    assert!(h.query_by_label("What the engine made of it").is_none());
    let marker = h
        .query_all_by_label_contains("Gone · AttendedTransfer marker")
        .next()
        .expect("a Gone marker");
    marker.click();
    h.run();
    assert!(h.query_by_label("What the engine made of it").is_some());
    assert!(h.query_by_label("Copy JSON").is_some());
    let detail = h.state().view.detail.as_ref().expect("detail");
    assert!(
        detail.json.contains("\"code\": \"Gone\""),
        "{}",
        detail.json
    );
    assert!(detail.json.contains("AttendedTransfer"));
    assert!(detail.explanation.contains("not a hang-up"));
    // The notification is a tree of its fields; its whole text is a labelled text field,
    // folded under "As text".
    assert!(h.query_by_label("telephonySessionId:").is_some());
    let field_label = format!("Event {}", detail.event);
    assert!(h.query_by_label(&field_label).is_none());
    h.get_by_label("As text").click();
    h.run();
    let field = h.get_by_label(&field_label);
    assert!(
        field
            .value()
            .is_some_and(|v| v.contains("telephonySessionId"))
    );
}

#[test]
fn the_search_box_filters_calls_by_number() {
    let mut h = harness(app_with(&["mixed-50.ndjson"]));
    h.run();
    let total = h.state().data.as_ref().map_or(0, |d| d.rows.len());
    assert!(h.query_all_by_label_contains("Call from").count() > 5);
    // A number of one call's caller, as the notifications carry it.
    let (wanted, number) = {
        let data = h.state().data.as_ref().expect("data");
        let (i, n) = data
            .set
            .calls
            .iter()
            .enumerate()
            .find_map(|(i, c)| {
                let p = data.set.party(c.caller?)?;
                let n = data.store.opt_text(p.identity.number)?.to_owned();
                (n.len() > 6).then_some((i, n))
            })
            .expect("a caller with a phone number");
        (i, n)
    };
    let search = h.get_by_label("Search");
    search.click();
    search.type_text(&number);
    h.run();
    let filtered = h.state().view.filtered.clone();
    assert!(
        filtered.contains(&wanted),
        "{number} did not find call {wanted}"
    );
    assert!(filtered.len() < total, "{} of {total}", filtered.len());
    let shown = h.query_all_by_label_contains("Call from").count();
    assert_eq!(shown, filtered.len());
    assert!(
        h.query_by_label(&format!("{} of {total} calls", filtered.len()))
            .is_some()
    );
}

#[test]
fn arrow_keys_step_through_events_and_escape_clears() {
    let mut h = harness(app_with(&["hold.ndjson"]));
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let first = h.state().view.call.as_ref().expect("call").layout.moments[0];
    assert_eq!(h.state().view.cursor_ms, Some(first.t_ms));
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let second = h.state().view.call.as_ref().expect("call").layout.moments[1];
    assert!(
        h.state()
            .view
            .detail
            .as_ref()
            .is_some_and(|d| d.event == second.event)
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().view.detail.is_none());
    assert!(h.state().view.cursor_ms.is_none());
}

#[test]
fn story_and_graph_tabs_show_the_call() {
    let mut h = harness(app_with(&["conference.ndjson"]));
    h.run();
    h.get_by_label("Story").click();
    h.run();
    assert_eq!(h.state().persisted.tab, Tab::Story);
    let sentence = h
        .query_all_by_label_contains("into the conference bridge")
        .next()
        .expect("a sentence about the bridge");
    sentence.click();
    h.run();
    assert_eq!(h.state().persisted.tab, Tab::Swimlanes);
    assert!(h.state().view.detail.is_some());
    h.get_by_label("Graph").click();
    h.run();
    assert_eq!(h.state().persisted.tab, Tab::Graph);
}
