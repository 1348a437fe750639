//! Label placement and the time axis over every bundled sample and every synth scenario, on the
//! export's canvas and on window-like canvases (wide, narrow, zoomed in): no two labels overlap,
//! no label covers a band's text or a marker, every text lies inside its band or the canvas, band
//! text is never split mid-word, and the axis ends at the call's end. Both views are checked: by
//! session and by person.

use callflow::calls::CallSet;
use callflow::ingest;
use callflow::store::Store;
use callflow::synth::{Scenario, SynthOptions, write_synth};
use callflow::timeline::{
    LabelGeo, LabelPlan, Layout, Rect, TimelineRequest, call_ticks, layout, people_view,
    place_labels, text_width,
};
use std::path::PathBuf;

/// Every capture to check: the bundled samples and one clean capture per synth scenario.
fn captures() -> Vec<(String, Store)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_sessions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("sample_sessions")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ndjson"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "{paths:?}");
    // The captures with unseen participants and gaps (issue 18's fixtures).
    let unknowns = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unknowns");
    let mut more: Vec<PathBuf> = std::fs::read_dir(&unknowns)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ndjson"))
                .collect()
        })
        .unwrap_or_default();
    more.sort();
    paths.extend(more);
    let mut out = Vec::new();
    for p in paths {
        let mut store = Store::new();
        ingest::load_path(&mut store, &p, &mut |_| {});
        out.push((p.display().to_string(), store));
    }
    for scenario in Scenario::ALL {
        let opts = SynthOptions {
            calls: 3,
            seed: 7,
            noise: false,
            scenarios: vec![scenario],
            ..SynthOptions::default()
        };
        let mut bytes = Vec::new();
        write_synth(&opts, &mut bytes).expect("synth");
        let mut store = Store::new();
        ingest::load_bytes(&mut store, "synth", &bytes);
        out.push((format!("synth {scenario:?}"), store));
    }
    out
}

/// A canvas `width` px wide (labels may use it all), lanes `lane_h` apart, showing `[t0, t1]`.
fn lane_ys(l: &Layout, lane_h: f64) -> (Vec<f64>, f64) {
    let mut y = 6.0;
    let mut ys = vec![0.0; l.lanes.len()];
    for s in &l.sessions {
        y += 28.0;
        for lane in s.lanes.clone() {
            ys[lane] = y + lane_h / 2.0;
            y += lane_h;
        }
        y += 8.0;
    }
    (ys, y)
}

fn check(name: &str, l: &Layout, g: &LabelGeo, plan: &LabelPlan) {
    let why = |what: &str| format!("{name}, call {}: {what}", l.call_id);
    let placed: Vec<(&str, Rect, &str)> = plan
        .markers
        .iter()
        .flatten()
        .map(|p| ("marker", p.rect, p.text.as_str()))
        .chain(
            plan.links
                .iter()
                .flatten()
                .map(|p| ("link", p.rect, p.text.as_str())),
        )
        .chain(
            plan.unseen
                .iter()
                .flatten()
                .map(|p| ("unseen participant", p.rect, p.text.as_str())),
        )
        .chain(
            plan.connections
                .iter()
                .flatten()
                .filter_map(|c| c.label.as_ref())
                .map(|p| ("connection", p.rect, p.text.as_str())),
        )
        .collect();
    let band_texts: Vec<(usize, Rect, &str)> = plan
        .bands
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().map(|p| (i, p.rect, p.text.as_str())))
        .collect();
    // Labels: inside the canvas, clear of each other, of band text and of marker shapes.
    for (i, (kind, r, text)) in placed.iter().enumerate() {
        assert!(
            g.area.contains(r),
            "{}",
            why(&format!("{kind} {text:?} {r:?} cut"))
        );
        for (k2, r2, t2) in &placed[i + 1..] {
            assert!(
                !r.intersects(r2),
                "{}",
                why(&format!(
                    "{kind} {text:?} {r:?} overlaps {k2} {t2:?} {r2:?}"
                ))
            );
        }
        for (_, r2, t2) in &band_texts {
            assert!(
                !r.intersects(r2),
                "{}",
                why(&format!("{kind} {text:?} covers band text {t2:?}"))
            );
        }
        for m in &l.markers {
            let (x, y) = (g.x(m.t_ms), g.lane_y[m.lane]);
            let shape = Rect::new(x - 7.0, y - 7.0, 14.0, 14.0);
            assert!(
                !r.intersects(&shape),
                "{}",
                why(&format!("{kind} {text:?} covers a marker"))
            );
        }
    }
    // Connector bars (who talks to whom) cross no text: labels and band text give way to them.
    for c in plan.connections.iter().flatten() {
        let r = callflow::timeline::CONNECTOR_R;
        let bar = Rect {
            x0: c.x - r,
            y0: c.y0 - r,
            x1: c.x + r,
            y1: c.y1 + r,
        };
        let texts = placed
            .iter()
            .copied()
            .chain(band_texts.iter().map(|&(_, r, t)| ("band", r, t)));
        for (kind, r2, text) in texts {
            assert!(
                !bar.intersects(&r2),
                "{}",
                why(&format!("a connector crosses {kind} {text:?}"))
            );
        }
    }
    // Band text: inside its band and the canvas, whole or ending in "…", never wider than it says.
    for (i, r, text) in &band_texts {
        let b = &l.bands[*i];
        let y = g.lane_y[b.lane];
        let band = Rect {
            x0: g.x(b.t0_ms).max(g.area.x0),
            y0: y - g.band_h / 2.0,
            x1: g.x(b.t1_ms).min(g.area.x1),
            y1: y + g.band_h / 2.0,
        };
        assert!(
            band.contains(r),
            "{}",
            why(&format!("band text {text:?} cut"))
        );
        assert!(text_width(text, 11.0) <= r.width() + 1e-6);
        let full = callflow::timeline::band_label(b);
        assert!(
            *text == full || full.starts_with(*text) || text.ends_with('…'),
            "{}",
            why(&format!("band text {text:?} of {full:?}"))
        );
    }
}

#[test]
fn no_label_overlaps_or_is_cut_in_any_sample_or_scenario() {
    let mut checked = 0;
    let mut shown = 0;
    let mut unseen = 0;
    let mut connections = 0;
    for (name, store) in captures() {
        let set = CallSet::build(&store);
        for call in 0..set.calls.len() {
            let request = TimelineRequest {
                call,
                generation: store.generation(),
            };
            let sessions = layout(&store, &set, request).expect("layout");
            let people = people_view(&store, &set, sessions.clone());
            for l in [sessions, people] {
                let d = l.duration_ms.max(1.0);
                // Window-like canvases: wide and narrow, whole call and zoomed to its first tenth,
                // roomy and tight lanes; and a very narrow one where most text must give way.
                for (width, lane_h, shown_ms) in [
                    (1000.0, 34.0, d),
                    (500.0, 34.0, d),
                    (1000.0, 56.0, d / 10.0),
                    (160.0, 34.0, d),
                ] {
                    let (ys, bottom) = lane_ys(&l, lane_h);
                    let g = LabelGeo {
                        x_origin: 0.0,
                        t0_ms: -0.02 * shown_ms,
                        ms_per_px: shown_ms / (width * 0.85),
                        lane_y: &ys,
                        band_h: 16.0,
                        area: Rect {
                            x0: 0.0,
                            y0: 0.0,
                            x1: width,
                            y1: bottom,
                        },
                        clamp_ms: None,
                    };
                    let plan = place_labels(&l, &g);
                    check(&name, &l, &g, &plan);
                    shown += plan.all().count();
                    unseen += plan.unseen.iter().flatten().count();
                    connections += plan
                        .connections
                        .iter()
                        .flatten()
                        .filter(|c| c.label.is_some())
                        .count();
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
    assert!(shown > 1000, "labels are placed, not dropped: {shown}");
    assert!(unseen > 0, "an unseen participant's box is placed too");
    assert!(
        connections > 200,
        "who talks to whom is named: {connections}"
    );
}

#[test]
fn the_axis_ends_at_the_calls_end_in_every_sample_and_scenario() {
    for (name, store) in captures() {
        let set = CallSet::build(&store);
        for call in 0..set.calls.len() {
            let request = TimelineRequest {
                call,
                generation: store.generation(),
            };
            let l = layout(&store, &set, request).expect("layout");
            if l.duration_ms <= 0.0 {
                continue;
            }
            // The view shows some time after the end (room for labels).
            let ticks = call_ticks(
                l.start,
                -0.02 * l.duration_ms,
                1.3 * l.duration_ms,
                l.duration_ms,
                6,
            );
            let last = ticks.last().expect("ticks");
            assert_eq!(last.ms, l.duration_ms, "{name}: {ticks:?}");
            assert!(ticks.iter().all(|t| t.ms >= 0.0 && t.ms <= l.duration_ms));
            assert!(ticks.windows(2).all(|w| w[0].ms < w[1].ms));
        }
    }
}

/// The queue sample's two "AgentAnswered (inferred)" links and its Disconnected markers were
/// drawn on top of each other: the plan keeps them apart and still shows them.
#[test]
fn queue_labels_are_all_shown_apart_on_the_export_canvas() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_sessions/queue.ndjson");
    let mut store = Store::new();
    ingest::load_path(&mut store, &path, &mut |_| {});
    let set = CallSet::build(&store);
    let request = TimelineRequest {
        call: 0,
        generation: store.generation(),
    };
    let l = layout(&store, &set, request).expect("layout");
    let (ys, bottom) = lane_ys(&l, 34.0);
    let g = LabelGeo {
        x_origin: 266.0,
        t0_ms: 0.0,
        ms_per_px: l.duration_ms / 808.0,
        lane_y: &ys,
        band_h: 16.0,
        area: Rect {
            x0: 266.0,
            y0: 0.0,
            x1: 1264.0,
            y1: bottom,
        },
        clamp_ms: Some((0.0, l.duration_ms)),
    };
    let plan = place_labels(&l, &g);
    check("queue", &l, &g, &plan);
    assert!(l.links.len() >= 2);
    assert!(plan.links.iter().all(Option::is_some), "{plan:?}");
    assert!(plan.markers.iter().all(Option::is_some), "{plan:?}");
}

/// The queue's fan-out (three agents ringing, one answering) happens in the first 18 s of a
/// 4:26 call: the busy part is that stretch, so the window can zoom to it. A call whose changes
/// are spread out has none.
#[test]
fn busy_part_of_the_queue_is_its_first_seconds() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_sessions/queue.ndjson");
    let mut store = Store::new();
    ingest::load_path(&mut store, &path, &mut |_| {});
    let set = CallSet::build(&store);
    let request = TimelineRequest {
        call: 0,
        generation: store.generation(),
    };
    let l = layout(&store, &set, request).expect("layout");
    let (from, to) = callflow::timeline::busy_span(&l).expect("a busy part");
    assert!(
        from <= 0.0 && to > 18_000.0 && to < 30_000.0,
        "{from}..{to}"
    );
    assert!(l.duration_ms > 200_000.0);
    let mut spread = l.clone();
    let n = spread.moments.len() as f64;
    for (i, m) in spread.moments.iter_mut().enumerate() {
        m.t_ms = i as f64 / n * spread.duration_ms;
    }
    assert_eq!(callflow::timeline::busy_span(&spread), None);
}

/// Whether the axis-parallel segment from `a` to `b` passes through the inside of `r`.
fn crosses(a: (f32, f32), b: (f32, f32), r: &callflow::timeline::GraphNode) -> bool {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    x0 < r.x + r.w - 0.5 && x1 > r.x + 0.5 && y0 < r.y + r.h - 0.5 && y1 > r.y + 0.5
}

/// The graph tab: link edges run through the gaps only (never behind a box), are numbered 1, 2…
/// in the order of their hand-overs, and say when; node text fits its box.
#[test]
fn graph_edges_never_pass_behind_a_node_and_are_numbered_by_time() {
    let mut links = 0;
    for (name, store) in captures() {
        let set = CallSet::build(&store);
        for call in 0..set.calls.len() {
            let request = TimelineRequest {
                call,
                generation: store.generation(),
            };
            let l = layout(&store, &set, request).expect("layout");
            let g = callflow::timeline::graph_layout(&set, &l);
            for n in &g.nodes {
                assert!(
                    text_width(&n.title, 13.0) <= f64::from(n.w) - 16.0 + 1e-6,
                    "{name}: {:?}",
                    n.title
                );
            }
            let edges: Vec<_> = g.edges.iter().filter(|e| !e.member).collect();
            for (k, e) in edges.iter().enumerate() {
                links += 1;
                assert_eq!(e.number, k + 1);
                assert!(e.label.starts_with(&format!("{}. ", k + 1)), "{}", e.label);
                assert!(e.label.contains(&e.when));
                for w in e.route.windows(2) {
                    for (i, n) in g.nodes.iter().enumerate() {
                        assert!(
                            !crosses(w[0], w[1], n),
                            "{name}: edge {} passes behind node {i} {:?}",
                            e.label,
                            n.title
                        );
                    }
                }
            }
            let times: Vec<f64> = {
                let mut t: Vec<f64> = l.links.iter().map(|k| k.from_ms).collect();
                t.sort_by(f64::total_cmp);
                t
            };
            for (e, t) in edges.iter().zip(&times) {
                assert_eq!(e.when, callflow::timeline::format_since(*t, 1000.0));
            }
        }
    }
    assert!(links > 10, "{links}");
}
