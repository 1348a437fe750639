//! Notes: anchors survive a reload, a reordered and re-delivered capture and added files; a
//! sidecar that no longer matches reports its lost notes and keeps them; the command line adds,
//! lists, edits and removes; exports carry the notes and redaction reaches into them (golden
//! files of a call with notes are in `tests/export.rs`).

use callflow::calls::CallSet;
use callflow::export::{Format, prepare, render};
use callflow::ingest;
use callflow::notes::{Notebook, Sidecar, sidecar_path};
use callflow::store::Store;
use callflow::timeline::{NoteMark, TimelineRequest, layout, place_notes};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    root().join("sample_sessions").join(name)
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/warm-transfer.ndjson.callflow.json")
}

const WARM: &str = "s-dc8a0e369bfa342a09dba595ca715a63";

fn load(paths: &[PathBuf]) -> (Store, CallSet) {
    let mut store = Store::new();
    ingest::load_paths(&mut store, paths, &mut |_| {});
    let set = CallSet::build(&store);
    (store, set)
}

/// The notes of the call `call_id` as the diagram numbers and describes them.
fn marks(files: &[PathBuf], sidecar: &Path, call_id: &str) -> (Vec<NoteMark>, Notebook) {
    let (store, set) = load(files);
    let mut book = Notebook::at(Some(sidecar.to_path_buf()));
    assert!(book.unreadable.is_none(), "{:?}", book.unreadable);
    book.resolve(&store, &set);
    let call = set.find_index(&store, call_id).expect("the call is there");
    let request = TimelineRequest {
        call,
        generation: store.generation(),
    };
    let mut l = layout(&store, &set, request).expect("layout");
    place_notes(&mut l, &store, &set, &book.sidecar.notes, &book.resolved);
    (l.notes, book)
}

fn summary(m: &[NoteMark]) -> Vec<(usize, u32, String, String)> {
    m.iter()
        .map(|m| {
            (
                m.number,
                m.note_id,
                m.anchor.clone(),
                format!("{:.0}", m.t_ms),
            )
        })
        .collect()
}

#[test]
fn the_fixture_places_every_note_where_it_was_written() {
    let (m, book) = marks(&[sample("warm-transfer.ndjson")], &fixture(), WARM);
    assert!(book.resolved.lost.is_empty(), "{:?}", book.resolved.lost);
    let got: Vec<(usize, u32, &str)> = m
        .iter()
        .map(|m| (m.number, m.note_id, m.anchor.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (1, 1, "the call"),
            (2, 4, "JORDAN REYES (+1 303-555-0162) at 20:27:41.840"),
            (3, 3, "Chloe Dubois (ext 112)"),
            (
                4,
                2,
                "Mateo Silva (ext 111) · Gone (AttendedTransfer) at 20:29:28.657"
            ),
        ]
    );
}

/// Shuffled lines, each notification delivered twice, and the anchored event's first copy
/// arriving under another uuid (as a second subscription delivers it): the same places.
#[test]
fn notes_survive_reordering_redelivery_and_added_files() {
    let (want, _) = marks(&[sample("warm-transfer.ndjson")], &fixture(), WARM);
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("warm-transfer.ndjson")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let anchored = lines
        .iter()
        .find(|l| l.contains("\"sequence\":8") && l.contains("AttendedTransfer"))
        .cloned()
        .expect("the anchored Gone event");
    let uuid = serde_json::from_str::<serde_json::Value>(&anchored).unwrap()["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    lines.reverse();
    let replays = lines.clone();
    lines.extend(replays);
    lines.insert(0, anchored.replace(&uuid, "another-subscriptions-uuid"));
    let capture = dir.path().join("reordered.ndjson");
    std::fs::write(&capture, lines.join("\n")).unwrap();
    let sidecar = sidecar_path(&capture);
    std::fs::copy(fixture(), &sidecar).unwrap();

    let (got, book) = marks(std::slice::from_ref(&capture), &sidecar, WARM);
    assert!(book.resolved.lost.is_empty(), "{:?}", book.resolved.lost);
    assert_eq!(summary(&got), summary(&want));

    let more = [
        capture.clone(),
        sample("conference.ndjson"),
        sample("hold.ndjson"),
    ];
    let (got, book) = marks(&more, &sidecar, WARM);
    assert!(book.resolved.lost.is_empty(), "{:?}", book.resolved.lost);
    assert_eq!(summary(&got), summary(&want));
}

#[test]
fn a_sidecar_that_no_longer_matches_reports_its_lost_notes_and_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("warm.ndjson");
    std::fs::copy(sample("warm-transfer.ndjson"), &capture).unwrap();
    let sidecar = sidecar_path(&capture);
    let mut s = Sidecar::load(&fixture()).unwrap();
    let mut gone = s.notes[0].clone();
    gone.id = 10;
    gone.anchor.telephony_session_id = "s-not-here".into();
    let mut moved = s.notes[1].clone();
    moved.id = 11;
    moved.anchor.uuid = Some("nope".into());
    moved.anchor.sequence = Some(99);
    moved.anchor.at = Some("2020-01-01T00:00:00.000Z".into());
    s.notes.extend([gone, moved]);
    s.save(&sidecar).unwrap();

    let (m, book) = marks(std::slice::from_ref(&capture), &sidecar, WARM);
    assert_eq!(m.len(), 4);
    let lost: Vec<(u32, &str)> = book
        .resolved
        .lost
        .iter()
        .map(|l| (book.sidecar.notes[l.note].id, l.why.as_str()))
        .collect();
    assert_eq!(lost.len(), 2, "{lost:?}");
    assert_eq!(lost[0], (10, "session s-not-here is not in this capture"));
    assert!(lost[1].1.contains("sequence 99"), "{}", lost[1].1);

    let list = callflow(&["notes", "list", capture.to_str().unwrap()]);
    assert_eq!(
        list.status.code(),
        Some(1),
        "lost notes make `notes list` exit 1"
    );
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("no longer matches"), "{text}");
    assert!(text.contains("id 10:"), "{text}");

    // Adding another note keeps the lost ones in the file.
    let add = callflow(&[
        "notes",
        "add",
        capture.to_str().unwrap(),
        "--call",
        WARM,
        "--text",
        "one more",
    ]);
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let back = Sidecar::load(&sidecar).unwrap();
    let ids: Vec<u32> = back.notes.iter().map(|n| n.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 10, 11, 12]);
}

fn callflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callflow"))
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_command_line_adds_lists_edits_and_removes_notes() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("warm.ndjson");
    std::fs::copy(sample("warm-transfer.ndjson"), &capture).unwrap();
    let file = capture.to_str().unwrap();
    let added = stdout(&callflow(&[
        "notes",
        "add",
        file,
        "--call",
        "p-a14d3a0275ca818afc8b140819ce9067-2",
        "--party",
        "p-dc8a0e369bfa342a09dba595ca715a63-2",
        "--at",
        "+2:46.9",
        "--text",
        "transfer completed",
    ]));
    assert!(
        added.contains("note 1 (Mateo Silva (ext 111) · Gone (AttendedTransfer) at 20:29:28.657)"),
        "--at snaps to the party's event within a second: {added}"
    );
    stdout(&callflow(&[
        "notes",
        "add",
        file,
        "--call",
        WARM,
        "--at",
        "20:26:41",
        "--text",
        "before it all",
    ]));
    let bad = callflow(&[
        "notes", "add", file, "--call", WARM, "--party", "p-nobody", "--text", "x",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("its parties are"));
    let bad_time = callflow(&[
        "notes", "add", file, "--call", WARM, "--at", "soon", "--text", "x",
    ]);
    assert!(String::from_utf8_lossy(&bad_time.stderr).contains("cannot read the time"));
    let outside = callflow(&[
        "notes", "add", file, "--call", WARM, "--at", "+99:00", "--text", "x",
    ]);
    assert!(
        String::from_utf8_lossy(&outside.stderr).contains("is outside call"),
        "{}",
        String::from_utf8_lossy(&outside.stderr)
    );
    let wrong_session = callflow(&[
        "notes",
        "add",
        file,
        "--call",
        WARM,
        "--session",
        "s-a14d3a0275ca818afc8b140819ce9067",
        "--party",
        "p-dc8a0e369bfa342a09dba595ca715a63-2",
        "--text",
        "x",
    ]);
    assert!(String::from_utf8_lossy(&wrong_session.stderr).contains(
        "party \"p-dc8a0e369bfa342a09dba595ca715a63-2\" is not in session s-a14d3a0275ca818afc8b140819ce9067"
    ));

    let list = stdout(&callflow(&["notes", "list", file]));
    assert!(
        list.contains(
            "1. [session s-dc8a0e369bfa342a09dba595ca715a63 at 20:26:41.000] before it all  (id 2)"
        ),
        "{list}"
    );
    assert!(list.contains("2. [Mateo Silva (ext 111) · Gone (AttendedTransfer) at 20:29:28.657] transfer completed  (id 1)"), "{list}");

    stdout(&callflow(&[
        "notes", "edit", file, "--id", "1", "--text", "done",
    ]));
    stdout(&callflow(&["notes", "remove", file, "--id", "2"]));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&callflow(&["notes", "list", file, "--json"]))).unwrap();
    assert_eq!(json["notes"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["notes"][0]["text"], "done");
    assert_eq!(json["notes"][0]["number"], 1);
    assert_eq!(json["notes"][0]["call"], WARM);
    assert_eq!(json["lost"].as_array().map(Vec::len), Some(0));
    let missing = callflow(&["notes", "remove", file, "--id", "7"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no note 7"));
}

#[test]
fn a_damaged_sidecar_is_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("warm.ndjson");
    std::fs::copy(sample("warm-transfer.ndjson"), &capture).unwrap();
    let sidecar = sidecar_path(&capture);
    let damaged = "{\"format\": \"callflow-notes\", \"version\": 1,\n \"notes\": [ {\"id\": 1,\n";
    std::fs::write(&sidecar, damaged).unwrap();
    let file = capture.to_str().unwrap();
    let add = callflow(&["notes", "add", file, "--call", WARM, "--text", "x"]);
    assert!(!add.status.success());
    let err = String::from_utf8_lossy(&add.stderr);
    assert!(err.contains("is damaged at line 3"), "{err}");
    assert_eq!(std::fs::read_to_string(&sidecar).unwrap(), damaged);
    // The capture itself still exports, without notes, saying why.
    let out = dir.path().join("call.svg");
    let export = callflow(&[
        "export",
        file,
        "--call",
        WARM,
        "--format",
        "svg",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(export.status.success());
    assert!(String::from_utf8_lossy(&export.stderr).contains("exporting without notes"));
}

#[test]
fn a_notes_file_given_as_a_capture_is_skipped() {
    let (store, _) = load(&[sample("warm-transfer.ndjson"), fixture()]);
    let d = store.diagnostics();
    assert_eq!(d.rejected_total, 0, "{:?}", d.rejected);
    assert_eq!(d.skipped_kinds.get("callflow notes file"), Some(&1));
}

/// Notes reach every format; redacted, none of them leaks a name or number — not even the ones
/// typed into the notes.
#[test]
fn exports_carry_the_notes_and_redaction_reaches_into_them() {
    let (store, set) = load(&[sample("warm-transfer.ndjson")]);
    let mut book = Notebook::at(Some(fixture()));
    book.resolve(&store, &set);
    let plain = prepare(&store, &set, 0, false, Some(&book)).unwrap();
    let redacted = prepare(&store, &set, 0, true, Some(&book)).unwrap();
    for f in Format::ALL {
        let bytes = render(&plain, f, 1.0).unwrap();
        if f == Format::Png || f == Format::Pdf {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("Mateo completes the transfer here"), "{f:?}");
        let text = String::from_utf8(render(&redacted, f, 1.0).unwrap()).unwrap();
        assert!(text.contains("completes the transfer here"), "{f:?}");
        for secret in [
            "JORDAN", "REYES", "Mateo", "Chloe", "Dubois", "Silva", "303-555", "3035550",
        ] {
            assert!(
                !text.to_lowercase().contains(&secret.to_lowercase()),
                "{f:?} leaks {secret}"
            );
        }
    }
}

/// The SVG is well formed and has a callout per note and the notes listed under the legend.
#[test]
fn the_svg_has_a_callout_per_note_and_the_list() {
    use resvg::usvg::roxmltree;
    let (store, set) = load(&[sample("warm-transfer.ndjson")]);
    let mut book = Notebook::at(Some(fixture()));
    book.resolve(&store, &set);
    let p = prepare(&store, &set, 0, false, Some(&book)).unwrap();
    let svg = String::from_utf8(render(&p, Format::Svg, 1.0).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let class = |n: &roxmltree::Node, c: &str| n.attribute("class") == Some(c);
    let callouts: Vec<_> = doc.descendants().filter(|n| class(n, "note")).collect();
    assert_eq!(callouts.len(), 4);
    for (i, c) in callouts.iter().enumerate() {
        let number = c
            .descendants()
            .find(|n| n.has_tag_name("text"))
            .and_then(|t| t.text());
        assert!(number.is_some(), "callout {i} has a number");
        assert!(c.descendants().any(|n| n.has_tag_name("title")));
    }
    let list = doc
        .descendants()
        .find(|n| class(n, "notes-list"))
        .expect("the notes are listed");
    let text: String = list
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Music on hold starts a little later."),
        "{text}"
    );
    // The drawing grows to hold the list: nothing is cut off.
    let height: f64 = doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    let plain = prepare(&store, &set, 0, false, None).unwrap();
    let plain_svg = String::from_utf8(render(&plain, Format::Svg, 1.0).unwrap()).unwrap();
    let plain_doc = roxmltree::Document::parse(&plain_svg).unwrap();
    let plain_h: f64 = plain_doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    assert!(height > plain_h + 80.0, "{height} vs {plain_h}");
}

/// The window holds a notebook while `callflow notes add` writes the same file: both notes stay.
#[test]
fn a_change_keeps_notes_another_program_added_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("warm.ndjson");
    std::fs::copy(sample("warm-transfer.ndjson"), &capture).unwrap();
    let (store, set) = load(std::slice::from_ref(&capture));
    let mut book = Notebook::for_files(std::slice::from_ref(&capture));
    book.resolve(&store, &set);
    let add = callflow(&[
        "notes",
        "add",
        capture.to_str().unwrap(),
        "--call",
        WARM,
        "--text",
        "from the command line",
    ]);
    assert!(add.status.success());
    let anchor = callflow::notes::Anchor::call(&store, &set.calls[0]);
    let id = book.add(&store, &set, "from the window", anchor).unwrap();
    let on_disk = Sidecar::load(&sidecar_path(&capture)).unwrap();
    let texts: Vec<(u32, &str)> = on_disk
        .notes
        .iter()
        .map(|n| (n.id, n.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [(1, "from the command line"), (2, "from the window")]
    );
    assert_eq!(id, 2);
    assert_eq!(book.sidecar, on_disk, "the notebook holds what is on disk");
}

/// A change that cannot be saved changes nothing in memory either.
#[test]
fn a_change_that_cannot_be_saved_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_dir = dir.path().join("file");
    std::fs::write(&not_a_dir, "x").unwrap();
    let (store, set) = load(&[sample("warm-transfer.ndjson")]);
    let mut book = Notebook::at(Some(fixture()));
    book.resolve(&store, &set);
    let before = book.sidecar.clone();
    // The folder became unusable after loading.
    book.path = Some(not_a_dir.join("n.callflow.json"));
    let anchor = callflow::notes::Anchor::call(&store, &set.calls[0]);
    let err = book.add(&store, &set, "lost?", anchor).unwrap_err();
    assert!(err.to_string().contains("Not a directory"), "{err}");
    assert!(book.remove(&store, &set, 1).is_err());
    assert_eq!(book.sidecar, before);
    assert_eq!(book.resolved.placed.len(), 4);
}

/// Redaction leaves a note's ordinary words alone (queue and IVR names are not people) and
/// hides people of other calls of the capture too.
#[test]
fn redacted_notes_keep_ordinary_words_and_hide_people_of_other_calls() {
    let redacted_note = |file: &str, call: usize, text: &str| {
        let (store, set) = load(&[sample(file)]);
        let mut book = Notebook::at(None);
        let anchor = callflow::notes::Anchor::call(&store, &set.calls[call]);
        book.add(&store, &set, text, anchor).unwrap();
        let p = prepare(&store, &set, call, true, Some(&book)).unwrap();
        p.layout.notes[0].text.clone()
    };
    let plain = "The caller waits in the queue; support picks up. The IVR menu plays.";
    assert_eq!(redacted_note("queue.ndjson", 0, plain), plain);
    assert_eq!(redacted_note("ivr.ndjson", 0, plain), plain);
    let (store, set) = load(&[sample("mixed-50.ndjson")]);
    let names: Vec<String> = set
        .graph
        .node_indices()
        .filter_map(|n| set.party(n))
        .filter_map(|p| store.opt_text(p.identity.name).map(str::to_owned))
        .filter(|n| n.contains(' ') && n.chars().all(|c| c.is_alphabetic() || c == ' '))
        .collect();
    let other = names.last().expect("named people in mixed-50");
    let text = redacted_note("mixed-50.ndjson", 0, &format!("Same as {other}'s call."));
    for word in other.split(' ') {
        assert!(!text.contains(word), "{other} leaks in {text:?}");
    }
    assert!(text.contains("[name]"), "{text}");
}
