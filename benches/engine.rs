//! Engine benchmarks: loading a capture, rebuilding its calls and writing `calls --json`, on a
//! synthetic capture made in memory. `scripts/bench-vs-jq.sh` measures the whole command on the
//! 20,000-call capture against jq, with peak memory.

use callflow::calls::{Call, CallSet, json::write_calls_json};
use callflow::ingest;
use callflow::store::Store;
use callflow::synth::{SynthOptions, write_synth};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn capture(calls: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let opts = SynthOptions {
        calls,
        seed: 1,
        ..SynthOptions::default()
    };
    if let Err(e) = write_synth(&opts, &mut out) {
        panic!("synth failed: {e}");
    }
    out
}

fn engine(c: &mut Criterion) {
    let bytes = capture(2_000);
    let mut group = c.benchmark_group("engine_2000_calls");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.bench_function("load", |b| {
        b.iter(|| {
            let mut store = Store::new();
            ingest::load_bytes(&mut store, "bench.ndjson", &bytes);
            store
        })
    });
    let mut store = Store::new();
    ingest::load_bytes(&mut store, "bench.ndjson", &bytes);
    group.bench_function("build_calls", |b| b.iter(|| CallSet::build(&store)));
    let set = CallSet::build(&store);
    let calls: Vec<&Call> = set.calls.iter().collect();
    group.bench_function("write_json", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(8 << 20);
            if let Err(e) = write_calls_json(&mut out, &store, &set, &calls) {
                panic!("json failed: {e}");
            }
            out
        })
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
