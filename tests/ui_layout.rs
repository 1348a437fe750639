//! The window's layout, headless with egui_kittest: the shown call follows the search (first
//! match, or an empty state), the empty detail panel stays folded until something is selected
//! (D opens it), lanes grow into the free height, and the cursor readout stays on the toolbar's
//! one line.

mod common;
use callflow::calls::CallSet;
use callflow::ingest;
use callflow::store::Store;
use callflow::ui::{App, Data, Persisted};
use common::harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;

fn app_with(names: &[&str]) -> App {
    let mut store = Store::new();
    let paths: Vec<PathBuf> = names
        .iter()
        .map(|n| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("sample_sessions")
                .join(n)
        })
        .collect();
    ingest::load_paths(&mut store, &paths, &mut |_| {});
    let set = CallSet::build(&store);
    let mut app = App::new(Persisted::default());
    app.set_data(Data::new(store, set, "test".into(), 0));
    app
}

#[test]
fn the_shown_call_follows_the_search() {
    let mut h = harness(app_with(&["mixed-50.ndjson"]));
    h.run();
    let first = h.state().view.selected;
    // A caller's number of a call other than the one shown.
    let (wanted, number) = {
        let data = h.state().data.as_ref().expect("data");
        data.set
            .calls
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != first)
            .find_map(|(i, c)| {
                let p = data.set.party(c.caller?)?;
                let n = data.store.opt_text(p.identity.number)?.to_owned();
                (n.len() > 6).then_some((i, n))
            })
            .expect("a caller with a phone number")
    };
    let search = h.get_by_label("Search");
    search.click();
    search.type_text(&number);
    h.run();
    let view = &h.state().view;
    assert!(view.filtered.contains(&wanted));
    assert_ne!(
        view.selected, first,
        "the old call is no longer in the list"
    );
    assert_eq!(view.selected, view.filtered.first().copied());
    let shown = view
        .call
        .as_ref()
        .expect("a call is shown")
        .layout
        .request
        .call;
    assert_eq!(Some(shown), view.selected);

    // Nothing matches: nothing is shown, and the swimlanes say why.
    h.get_by_label("Search").type_text("zzqqxx-no-such-call");
    h.run();
    let view = &h.state().view;
    assert!(view.filtered.is_empty());
    assert!(view.call.is_none() && view.selected.is_none());
    assert!(
        h.query_by_label_contains("No call matches").is_some(),
        "an empty state"
    );
}

#[test]
fn the_empty_detail_panel_is_folded_until_something_is_selected() {
    let mut h = harness(app_with(&["warm-transfer.ndjson"]));
    h.run();
    assert!(h.state().view.call.is_some());
    assert!(
        h.query_by_label("Details").is_none(),
        "no empty 300 px panel"
    );
    let strip = h.get_by_label("‹");
    assert!(strip.rect().width() < 40.0, "{:?}", strip.rect());
    // D opens it by hand, D folds it again.
    h.key_press(egui::Key::D);
    h.run();
    assert!(h.query_by_label("Details").is_some());
    h.key_press(egui::Key::D);
    h.run();
    assert!(h.query_by_label("Details").is_none());
    // A click on a marker opens it with the notification as a tree; Esc folds it.
    h.query_all_by_label_contains("Gone · AttendedTransfer marker")
        .next()
        .expect("a Gone marker")
        .click();
    h.run();
    assert!(h.query_by_label("Details").is_some());
    assert!(h.query_by_label("telephonySessionId:").is_some());
    assert!(h.query_all_by_label("copy").count() > 5, "copy buttons");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Details").is_none());
}

#[test]
fn lanes_grow_into_free_height_and_the_cursor_readout_stays_on_one_line() {
    let mut h = harness(app_with(&["hold.ndjson"]));
    h.run();
    let layout = h.state().view.call.as_ref().expect("call").layout.clone();
    assert_eq!(layout.lanes.len(), 2);
    let a = h.get_by_label(&layout.lanes[0].label).rect();
    let b = h.get_by_label(&layout.lanes[1].label).rect();
    // Two lanes in a 900 px window: taller than the 34 px minimum, at most the 60 px maximum.
    let gap = b.center().y - a.center().y;
    assert!(gap > 40.0 && gap <= 60.5, "lane spacing {gap}");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert!(h.state().view.cursor_ms.is_some());
    let tab = h.get_by_label("Swimlanes").rect();
    let cursor = h.get_by_label_contains("Cursor +").rect();
    assert!(
        (cursor.center().y - tab.center().y).abs() < 4.0,
        "readout {cursor:?} on the tabs' line {tab:?}"
    );
}
