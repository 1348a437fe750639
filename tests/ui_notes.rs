//! Notes and the export dialog in the window, headless with egui_kittest: callouts from a
//! sidecar, a note added from a marker's right-click menu and with N, edited and deleted from the
//! notes panel (the sidecar on disk follows each step), and Ctrl+E exporting the call with its
//! notes, redacted, through the dialog.

mod common;
use callflow::calls::CallSet;
use callflow::export::Format;
use callflow::ingest;
use callflow::notes::{AnchorKind, Notebook, Sidecar};
use callflow::store::Store;
use callflow::ui::{App, Data, Persisted};
use common::harness;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a background thread may take before a test calls it hung. A guard, not a speed
/// check: a debug build on a loaded two-core machine takes about a minute to render the
/// 10,000-pixel preview below.
const HANG_GUARD: Duration = Duration::from_secs(180);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The warm-transfer sample with the fixture's notes copied to `dir`.
fn app_with_notes(dir: &Path) -> (App, PathBuf) {
    let sidecar = dir.join("warm-transfer.ndjson.callflow.json");
    std::fs::copy(
        root().join("tests/fixtures/warm-transfer.ndjson.callflow.json"),
        &sidecar,
    )
    .unwrap();
    let mut store = Store::new();
    let capture = root().join("sample_sessions/warm-transfer.ndjson");
    ingest::load_paths(&mut store, &[capture], &mut |_| {});
    let set = CallSet::build(&store);
    let data =
        Data::new(store, set, "test".into(), 0).with_notes(Notebook::at(Some(sidecar.clone())));
    let mut app = App::new(Persisted::default());
    app.set_data(data);
    (app, sidecar)
}

/// Steps frames until `done` (threads answer in their own time).
fn wait_for(
    h: &mut Harness<'static, App>,
    what: &str,
    done: impl Fn(&Harness<'static, App>) -> bool,
) {
    let started = Instant::now();
    while !done(h) {
        assert!(started.elapsed() < HANG_GUARD, "{what} never came");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
}

fn texts(sidecar: &Path) -> Vec<String> {
    Sidecar::load(sidecar)
        .unwrap()
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect()
}

#[test]
fn notes_of_the_sidecar_show_as_numbered_callouts_and_in_the_panel() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = app_with_notes(dir.path());
    let mut h = harness(app);
    h.run();
    for (n, start) in [
        (1, "Training call"),
        (2, "The caller waits"),
        (3, "Chloe Dubois (ext 112) takes"),
        (4, "Mateo completes"),
    ] {
        let label = format!("Note {n}: {start}");
        assert!(
            h.query_by_label_contains(&label).is_some(),
            "no callout {label:?}"
        );
    }
    assert!(h.query_by_label("4 on this call").is_some());
    // Picking the note on the Gone event selects that event.
    h.get_by_label_contains("Note 4: Mateo completes").click();
    h.run();
    let app = h.state();
    assert_eq!(app.view.note_selected, Some(2));
    let detail = app.view.detail.as_ref().expect("the event is shown");
    assert!(detail.json.contains("AttendedTransfer"), "{}", detail.json);
}

#[test]
fn a_note_added_from_a_markers_menu_is_saved_beside_the_capture() {
    let dir = tempfile::tempdir().unwrap();
    let (app, sidecar) = app_with_notes(dir.path());
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains("Disconnected marker of Chloe Dubois")
        .click_secondary();
    h.run();
    h.get_by_label("Add note on this event…").click();
    h.run();
    assert!(h.state().view.note_editor.is_some(), "the editor opens");
    h.get_by_label("Note").type_text("Chloe hangs up last.");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().view.note_editor.is_none());
    let saved = Sidecar::load(&sidecar).unwrap();
    let note = saved.notes.last().expect("a note");
    assert_eq!(note.text, "Chloe hangs up last.");
    assert_eq!(note.anchor.on, AnchorKind::Event);
    assert_eq!(
        note.anchor.party_id.as_deref(),
        Some("p-a14d3a0275ca818afc8b140819ce9067-2")
    );
    assert!(note.anchor.uuid.is_some() && note.anchor.sequence.is_some());
    assert!(
        h.query_by_label_contains(": Chloe hangs up last.")
            .is_some()
    );
}

#[test]
fn n_adds_a_note_to_the_call_and_the_panel_edits_and_deletes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (app, sidecar) = app_with_notes(dir.path());
    let mut h = harness(app);
    h.run();
    h.key_press(egui::Key::N);
    h.run();
    h.get_by_label("Note").type_text("Whole call note");
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    assert!(texts(&sidecar).contains(&"Whole call note".to_owned()));
    let id = Sidecar::load(&sidecar).unwrap().notes.last().unwrap().id;

    // Edit it from the panel: its row is the second call note (numbered by id).
    h.state_mut().view.note_selected = None;
    let edits: Vec<_> = h.query_all_by_label("Edit…").collect();
    assert_eq!(edits.len(), 5);
    edits[1].click();
    h.run();
    assert_eq!(
        h.state().view.note_editor.as_ref().map(|e| e.text.as_str()),
        Some("Whole call note")
    );
    h.get_by_label("Note").type_text(", changed");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(texts(&sidecar).contains(&"Whole call note, changed".to_owned()));

    // Delete takes two clicks.
    h.query_all_by_label("Edit…").nth(1).unwrap().click();
    h.run();
    h.get_by_label("Delete").click();
    h.run();
    assert!(texts(&sidecar).iter().any(|t| t.starts_with("Whole call")));
    h.get_by_label("Click again to delete").click();
    h.run();
    let left = Sidecar::load(&sidecar).unwrap();
    assert!(left.get(id).is_none());
    assert_eq!(left.notes.len(), 4, "the fixture's notes stay");
}

#[test]
fn ctrl_e_exports_the_call_with_its_notes_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = app_with_notes(dir.path());
    let mut h = harness(app);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_steps(2);
    assert!(h.query_by_label_contains("Export call s-").is_some());
    let out = dir.path().join("call.mmd");
    {
        let d = h
            .state_mut()
            .view
            .export
            .as_mut()
            .expect("the dialog is open");
        d.format = Format::Mermaid;
        d.path = out.display().to_string();
    }
    wait_for(&mut h, "the preview", |h| {
        h.query_by_label_contains("sequenceDiagram").is_some()
    });
    h.get_by_label("Redact names and numbers").click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().view.export.as_ref().map(|d| d.redact), Some(true));
    wait_for(&mut h, "the redacted preview", |h| {
        h.query_by_label_contains("Drawing the preview").is_none()
            && h.query_by_label_contains("actor P0 as Caller A").is_some()
    });
    h.get_by_label("Export").click();
    let started = Instant::now();
    while h.state().view.export.is_some() {
        assert!(started.elapsed() < HANG_GUARD, "export hangs");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Note 4"), "{text}");
    assert!(text.contains("completes the transfer here"));
    for secret in ["Mateo", "Chloe", "JORDAN", "303-555"] {
        assert!(!text.contains(secret), "leaks {secret}");
    }
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(notice.starts_with("Exported to"), "{notice}");
}

/// A diagram taller than the largest texture is previewed scaled down, not a crash.
#[test]
fn a_diagram_taller_than_a_texture_is_previewed_scaled_down() {
    let dir = tempfile::tempdir().unwrap();
    // A note of 12,000 words makes the drawing some 10,000 pixels tall.
    let fixture = root().join("tests/fixtures/warm-transfer.ndjson.callflow.json");
    let mut sidecar = Sidecar::load(&fixture).unwrap();
    let anchor = sidecar.notes[0].anchor.clone();
    let long: Vec<String> = (0..12_000).map(|i| format!("word{i}")).collect();
    sidecar.add(&long.join(" "), anchor, None).unwrap();
    let (app, path) = app_with_notes(dir.path());
    sidecar.save(&path).unwrap();
    let app = {
        let mut app = app;
        let data = app
            .data
            .take()
            .unwrap()
            .with_notes(Notebook::at(Some(path)));
        app.set_data(data);
        app
    };
    let mut h = harness(app);
    h.run();
    let notes = h
        .state()
        .view
        .call
        .as_ref()
        .map_or(0, |c| c.layout.notes.len());
    assert_eq!(notes, 5);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    let tall = |h: &Harness<'static, App>| {
        h.ctx
            .tex_manager()
            .read()
            .allocated()
            .map(|(_, meta)| meta.size)
            .filter(|s| s[1] > 2 * s[0])
            .max_by_key(|s| s[1])
    };
    wait_for(&mut h, "the image preview", |h| tall(h).is_some());
    let max = h.ctx.input(|i| i.max_texture_side);
    let size = tall(&h).expect("a tall preview texture");
    assert!(
        size[1] <= max && size[1] >= max / 2,
        "{size:?} within {max}"
    );
}

/// The export dialog refuses to write onto the capture the window has open (by another name
/// too) or its notes, and the capture stays as it was.
#[test]
fn the_export_dialog_refuses_to_overwrite_the_open_capture_or_its_notes() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("warm-transfer.ndjson");
    std::fs::copy(
        root().join("sample_sessions/warm-transfer.ndjson"),
        &capture,
    )
    .unwrap();
    let original = std::fs::read(&capture).unwrap();
    let sidecar = dir.path().join("warm-transfer.ndjson.callflow.json");
    std::fs::copy(
        root().join("tests/fixtures/warm-transfer.ndjson.callflow.json"),
        &sidecar,
    )
    .unwrap();
    let notes = std::fs::read(&sidecar).unwrap();
    let mut store = Store::new();
    ingest::load_paths(&mut store, std::slice::from_ref(&capture), &mut |_| {});
    let set = CallSet::build(&store);
    let data =
        Data::new(store, set, "test".into(), 0).with_notes(Notebook::at(Some(sidecar.clone())));
    let mut app = App::new(Persisted::default());
    app.set_data(data);
    let mut h = harness(app);
    h.run();
    let other_spelling = dir.path().join(".").join("warm-transfer.ndjson");
    for target in [other_spelling, sidecar.clone()] {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
        h.run_steps(2);
        {
            let d = h
                .state_mut()
                .view
                .export
                .as_mut()
                .expect("the dialog is open");
            d.format = Format::Json;
            d.path = target.display().to_string();
        }
        wait_for(&mut h, "the preview", |h| {
            h.query_by_label_contains("duration_ms").is_some()
        });
        h.get_by_label("Export").click_accesskit();
        let started = Instant::now();
        while !h
            .state()
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Export failed"))
        {
            assert!(
                started.elapsed() < HANG_GUARD,
                "no answer to {target:?}: {:?} {:?}",
                h.state().notice,
                h.state().view.export.as_ref().map(|d| d.path.clone())
            );
            h.step();
            std::thread::sleep(Duration::from_millis(10));
        }
        let notice = h.state().notice.clone().unwrap_or_default();
        assert!(notice.contains("same file as the"), "{notice}");
        h.state_mut().notice = None;
        h.state_mut().view.export = None;
        h.run();
    }
    assert_eq!(std::fs::read(&capture).unwrap(), original);
    assert_eq!(std::fs::read(&sidecar).unwrap(), notes);
}
