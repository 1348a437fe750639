//! Export benchmarks on one call of 50 parties in one session (a capture crafted here in the
//! shape of `sample_sessions/`): SVG (target under 50 ms) and PNG at scale 1 (under 500 ms),
//! plus PDF and the text formats for comparison.

use callflow::calls::CallSet;
use callflow::export::{Format, prepare, render};
use callflow::ingest;
use callflow::store::Store;
use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write;

const PARTIES: usize = 50;

/// One NDJSON notification: party `n` of the bench session in state `code` at second `t`.
fn line(out: &mut String, seq: usize, n: usize, code: &str, t: usize) {
    let (dir, own) = if n == 1 {
        ("Outbound", r#""from":{"phoneNumber":"+13035550100","name":"BENCH CALLER"},"to":{"phoneNumber":"+16505550100"}"#.to_owned())
    } else {
        (
            "Inbound",
            format!(
                r#""from":{{"phoneNumber":"+13035550100","name":"BENCH CALLER"}},"to":{{"phoneNumber":"{}","name":"Agent Number {n}","extensionId":"9000{n:03}"}},"extensionId":"9000{n:03}""#,
                100 + n
            ),
        )
    };
    let (m, s) = (t / 60, t % 60);
    let _ = writeln!(
        out,
        r#"{{"uuid":"u-{seq}","event":"/restapi/v1.0/account/1/telephony/sessions","timestamp":"2026-05-28T20:{m:02}:{s:02}.100Z","body":{{"sequence":{seq},"sessionId":"4471","telephonySessionId":"s-bench","eventTime":"2026-05-28T20:{m:02}:{s:02}.000Z","parties":[{{"accountId":"1","id":"p-bench-{n}","direction":"{dir}",{own},"status":{{"code":"{code}"}}}}],"origin":{{"type":"Call"}}}}}}"#
    );
}

/// A 50-party call: every party rings, talks, some hold, all hang up.
fn capture() -> String {
    let mut out = String::new();
    let mut seq = 1;
    for n in 1..=PARTIES {
        let t0 = n * 10;
        let codes: &[(&str, usize)] = if n % 5 == 0 {
            &[
                ("Setup", 0),
                ("Proceeding", 1),
                ("Answered", 5),
                ("Hold", 9),
                ("Answered", 12),
            ]
        } else {
            &[("Setup", 0), ("Proceeding", 1), ("Answered", 5)]
        };
        for (code, dt) in codes {
            line(&mut out, seq, n, code, t0 + dt);
            seq += 1;
        }
    }
    for n in 1..=PARTIES {
        line(&mut out, seq, n, "Disconnected", 10 * PARTIES + 20 + n);
        seq += 1;
    }
    out
}

fn export(c: &mut Criterion) {
    let mut store = Store::new();
    ingest::load_bytes(&mut store, "bench.ndjson", capture().as_bytes());
    let set = CallSet::build(&store);
    let Some(p) = prepare(&store, &set, 0, false, None) else {
        panic!("the bench capture has no call");
    };
    assert_eq!(p.layout.lanes.len(), PARTIES, "one lane per party");
    let mut group = c.benchmark_group("export_50_parties");
    group.sample_size(20);
    group.bench_function("prepare", |b| {
        b.iter(|| prepare(&store, &set, 0, true, None))
    });
    for (name, format) in [
        ("svg", Format::Svg),
        ("mermaid", Format::Mermaid),
        ("plantuml", Format::PlantUml),
        ("json", Format::Json),
        ("png_scale_1", Format::Png),
        ("pdf", Format::Pdf),
    ] {
        group.bench_function(name, |b| b.iter(|| render(&p, format, 1.0)));
    }
    group.bench_function("png_scale_2", |b| b.iter(|| render(&p, Format::Png, 2.0)));
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
