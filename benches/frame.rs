//! One frame of the window, headless: a 20,000-call synthetic capture loaded plus a 10-party
//! queue call (the queue sample with five more ringing agents), that call selected and shown in
//! the swimlanes, the call list scrolled to it. Target: under 8 ms per frame on the 2-core
//! reference machine.

use callflow::calls::CallSet;
use callflow::store::Store;
use callflow::synth::{SynthOptions, write_synth};
use callflow::ui::{App, Data, Persisted};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Instant;

fn app_with_20k_calls() -> App {
    let mut bytes = Vec::new();
    let opts = SynthOptions {
        calls: 20_000,
        ..Default::default()
    };
    if let Err(e) = write_synth(&opts, &mut bytes) {
        panic!("synth failed: {e}");
    }
    bytes.extend_from_slice(&ten_party_queue_call());
    let t = Instant::now();
    let mut store = Store::new();
    callflow::ingest::load_bytes(&mut store, "synth-20000.ndjson", &bytes);
    let set = CallSet::build(&store);
    let data = Data::new(store, set, "synth".into(), t.elapsed().as_millis());
    let biggest = data
        .set
        .calls
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (c.parties.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .unwrap_or(0);
    eprintln!(
        "{} calls; showing call {biggest} with {} parties in {} sessions",
        data.set.calls.len(),
        data.set.calls[biggest].parties.len(),
        data.set.calls[biggest].sessions.len()
    );
    let mut app = App::new(Persisted::default());
    app.set_data(data);
    app.select_call(biggest);
    app.view.scroll_list_to_selected = true;
    app
}

/// The queue sample (caller, queue, three agents) with agent 3's notifications copied for five
/// more agents (parties 6 to 10): a 10-party call.
fn ten_party_queue_call() -> Vec<u8> {
    let mut out = Vec::new();
    for line in include_str!("../sample_sessions/queue.ndjson").lines() {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let id = v["body"]["parties"][0]["id"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let Some(stem) = id.strip_suffix("-3") else {
            continue;
        };
        for k in 6..=10 {
            let mut copy = v.clone();
            copy["uuid"] = format!("{}{k}", v["uuid"].as_str().unwrap_or("1")).into();
            copy["body"]["parties"][0]["id"] = format!("{stem}-{k}").into();
            out.extend_from_slice(copy.to_string().as_bytes());
            out.push(b'\n');
        }
    }
    out
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    }
}

fn frame(c: &mut Criterion) {
    let mut app = app_with_20k_calls();
    let ctx = egui::Context::default();
    callflow::ui::fonts::install(&ctx);
    // Warm up: fonts, first layout, the list's filter.
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| {
            app.frame_logic(ui.ctx());
            app.frame_ui(ui);
        });
    }
    c.bench_function("frame_20k_calls_biggest_call", |b| {
        b.iter(|| {
            let out = ctx.run_ui(input(), |ui| {
                app.frame_logic(ui.ctx());
                app.frame_ui(ui);
            });
            // Tessellation is part of a real frame's CPU cost.
            let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
            std::hint::black_box(prims.len())
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = frame
}
criterion_main!(benches);
