//! The export writers on the samples: golden files for every text format (with notes too), the
//! SVG's parts, the PNG's size, determinism (noisy delivery, repeated runs) and redaction in
//! every format.

use callflow::calls::CallSet;
use callflow::export::{Format, Prepared, prepare, render};
use callflow::ingest;
use callflow::notes::Notebook;
use callflow::store::Store;
use resvg::tiny_skia::Pixmap;
use resvg::usvg::roxmltree;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(paths: &[PathBuf]) -> (Store, CallSet) {
    let mut store = Store::new();
    ingest::load_paths(&mut store, paths, &mut |_| {});
    let set = CallSet::build(&store);
    (store, set)
}

fn sample(name: &str) -> PathBuf {
    root().join("sample_sessions").join(name)
}

/// The only call of a sample, prepared.
fn prepared(name: &str, redact: bool) -> Prepared {
    let (store, set) = load(&[sample(name)]);
    assert_eq!(set.calls.len(), 1, "{name} has one call");
    prepare(&store, &set, 0, redact, None).expect("the call lays out")
}

fn text(p: &Prepared, f: Format) -> String {
    String::from_utf8(render(p, f, 1.0).unwrap()).unwrap()
}

const TEXT_FORMATS: [Format; 4] = [Format::Svg, Format::Mermaid, Format::PlantUml, Format::Json];

/// `tests/golden/<stem>.<ext>` must match every text format of `p`;
/// `CALLFLOW_UPDATE_GOLDEN=1` rewrites them.
fn check_golden(stem: &str, p: &Prepared) {
    let update = std::env::var_os("CALLFLOW_UPDATE_GOLDEN").is_some();
    for f in TEXT_FORMATS {
        let got = text(p, f);
        let path = root()
            .join("tests/golden")
            .join(format!("{stem}.{}", f.extension()));
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (CALLFLOW_UPDATE_GOLDEN=1 writes it)",
                path.display()
            )
        });
        assert!(got == want, "{} differs from the export", path.display());
    }
}

#[test]
fn text_formats_match_their_golden_files() {
    for name in ["warm-transfer", "conference"] {
        check_golden(name, &prepared(&format!("{name}.ndjson"), false));
    }
}

/// The warm transfer with the notes of `tests/fixtures/`: `tests/golden/warm-transfer-notes.*`.
#[test]
fn text_formats_with_notes_match_their_golden_files() {
    let (store, set) = load(&[sample("warm-transfer.ndjson")]);
    let mut book = Notebook::at(Some(
        root().join("tests/fixtures/warm-transfer.ndjson.callflow.json"),
    ));
    book.resolve(&store, &set);
    let p = prepare(&store, &set, 0, false, Some(&book)).expect("the call lays out");
    assert_eq!(p.layout.notes.len(), 4);
    check_golden("warm-transfer-notes", &p);
}

/// The order the files are given in changes nothing, in any format.
#[test]
fn file_order_gives_the_same_bytes() {
    let files = [sample("warm-transfer.ndjson"), sample("conference.ndjson")];
    let reversed = [files[1].clone(), files[0].clone()];
    let (a, b) = (load(&files), load(&reversed));
    assert_eq!(a.1.calls.len(), 2);
    for i in 0..a.1.calls.len() {
        let pa = prepare(&a.0, &a.1, i, false, None).unwrap();
        let j = (0..b.1.calls.len())
            .find(|&j| b.0.text(b.1.calls[j].id) == pa.json.id)
            .unwrap();
        let pb = prepare(&b.0, &b.1, j, false, None).unwrap();
        for f in TEXT_FORMATS {
            assert!(text(&pa, f) == text(&pb, f), "{} as {f:?}", pa.json.id);
            assert!(
                text(&pa, f) == text(&pa, f),
                "{} as {f:?} twice",
                pa.json.id
            );
        }
    }
}

fn svg_doc(p: &Prepared) -> String {
    text(p, Format::Svg)
}

/// Texts of the elements of `class` (their own and their children's).
fn texts_of(doc: &roxmltree::Document, class: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<Vec<_>>()
                .join("")
        })
        .collect()
}

#[test]
fn svg_has_lanes_headers_badge_markers_links_axis_and_legend() {
    let p = prepared("conference.ndjson", false);
    let svg = svg_doc(&p);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let labels = texts_of(&doc, "lane-label");
    let want: Vec<&str> = p.layout.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, want);
    assert_eq!(texts_of(&doc, "session").len(), 3);
    assert_eq!(
        texts_of(&doc, "bridge-badge"),
        ["Conference bridge (sessionId 0)"]
    );
    assert_eq!(texts_of(&doc, "link").len(), p.layout.links.len());
    assert_eq!(texts_of(&doc, "band").len(), p.layout.bands.len());
    let axis = texts_of(&doc, "axis").join(" ");
    assert!(
        axis.contains("+1:00") && axis.contains("20:27:41"),
        "{axis}"
    );
    let legend = texts_of(&doc, "legend").join(" ");
    for word in ["Ringing", "Talking", "On hold", "Gone", "Link (inferred)"] {
        assert!(legend.contains(word), "{word} in {legend}");
    }
    let title = doc.root_element().first_element_child().unwrap();
    assert_eq!(title.tag_name().name(), "title");
    assert!(
        title
            .text()
            .unwrap()
            .starts_with("LEE FONTAINE (+1 617-555-0160) → ")
    );

    let warm = prepared("warm-transfer.ndjson", false);
    let svg = svg_doc(&warm);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let markers = texts_of(&doc, "marker");
    assert!(
        markers
            .iter()
            .any(|m| m.ends_with("Gone · AttendedTransfer")),
        "{markers:?}"
    );
    assert!(texts_of(&doc, "bridge-badge").is_empty());
}

#[test]
fn inferred_links_are_dashed_and_labelled() {
    let p = prepared("blind-transfer.ndjson", false);
    assert!(
        p.layout.links.iter().any(|l| l.inferred),
        "the sample infers a link"
    );
    let svg = svg_doc(&p);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let link = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("link"))
        .unwrap();
    let dashed = link
        .descendants()
        .any(|n| n.attribute("stroke-dasharray").is_some());
    assert!(dashed);
    assert!(texts_of(&doc, "link")[0].ends_with("(inferred)"));
}

#[test]
fn png_covers_the_whole_drawing_at_the_scale_asked() {
    let p = prepared("conference.ndjson", false);
    let svg = svg_doc(&p);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    let w: f32 = root.attribute("width").unwrap().parse().unwrap();
    let h: f32 = root.attribute("height").unwrap().parse().unwrap();
    for scale in [1.0f32, 1.5] {
        let png = render(&p, Format::Png, scale).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!(pixmap.width(), (w * scale).ceil() as u32);
        assert_eq!(pixmap.height(), (h * scale).ceil() as u32);
        // The legend's swatches are at the bottom: drawn, not cropped.
        let rows = pixmap.height() as usize - (40.0 * scale) as usize..pixmap.height() as usize;
        let width = pixmap.width() as usize;
        let coloured = rows
            .flat_map(|y| (0..width).map(move |x| y * width + x))
            .filter(|&i| {
                let px = pixmap.pixels()[i];
                px.red() != px.green() || px.green() != px.blue()
            })
            .count();
        assert!(coloured > 100, "legend drawn at scale {scale}");
    }
    assert!(render(&p, Format::Png, 1000.0).is_err());
}
