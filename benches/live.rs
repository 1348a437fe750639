//! The webhook receiver under sustained load on loopback, client included: events per second
//! acknowledged with the capture written, and the time from acknowledgement to being in the
//! model (the consumer's store), p50/p99. `cargo bench --bench live` (a plain program, not
//! criterion: one sustained run says more here than many short samples).

use callflow::live::{self, LiveMsg, LiveView, Receiver, ReceiverConfig};
use callflow::synth::{SynthOptions, write_synth};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 4;
const EVENTS: usize = 40_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut capture_text = Vec::new();
    let opts = SynthOptions {
        calls: 4000,
        seed: 7,
        ..SynthOptions::default()
    };
    write_synth(&opts, &mut capture_text)?;
    let lines: Arc<Vec<Vec<u8>>> = Arc::new(
        capture_text
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .take(EVENTS)
            .map(<[u8]>::to_vec)
            .collect(),
    );
    let total = lines.len();
    let dir = tempfile::tempdir()?;
    let capture = dir.path().join("bench.ndjson");
    let (sender, rx) = live::channel(Box::new(|| {}));
    let config = ReceiverConfig::new("127.0.0.1:0".parse()?, capture.clone());
    let receiver = Receiver::start(config, sender)?;
    let url = format!("http://{}/", receiver.local_addr());

    // The consumer: what `receive` and the window do, batch by batch into a store.
    let consumer = std::thread::spawn(move || {
        let mut view = LiveView::new("live", live::DEFAULT_RETAIN_BYTES);
        let mut latencies = Vec::with_capacity(total);
        let mut batch = Vec::new();
        let mut stamps = Vec::new();
        while let Ok(msg) = rx.recv() {
            let mut ended = matches!(msg, LiveMsg::End(_));
            take(msg, &mut batch, &mut stamps);
            while let Ok(msg) = rx.try_recv() {
                ended |= matches!(msg, LiveMsg::End(_));
                take(msg, &mut batch, &mut stamps);
                if batch.len() >= 4096 {
                    break;
                }
            }
            view.append(&batch);
            let now = Instant::now();
            latencies.extend(stamps.drain(..).map(|at| now - at));
            batch.clear();
            if ended {
                break;
            }
        }
        (latencies, view.store().events().len())
    });

    let start = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (url, lines) = (url.clone(), lines.clone());
            std::thread::spawn(move || -> Result<(), String> {
                let agent = ureq::Agent::new_with_defaults();
                for line in lines.iter().skip(client).step_by(CLIENTS) {
                    let response = agent
                        .post(&url)
                        .header("Content-Type", live::replay::CONTENT_TYPE)
                        .send(line.as_slice())
                        .map_err(|e| e.to_string())?;
                    if response.status().as_u16() != 200 {
                        return Err(format!("status {}", response.status()));
                    }
                }
                Ok(())
            })
        })
        .collect();
    for c in clients {
        c.join().map_err(|_| "client panicked")??;
    }
    let elapsed = start.elapsed();
    let accepted = receiver.accepted();
    let dropped = receiver.dropped();
    receiver.stop();
    let (mut latencies, events) = consumer.join().map_err(|_| "consumer panicked")?;
    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1));
        latencies.get(i).copied().unwrap_or(Duration::ZERO)
    };
    let bytes = std::fs::metadata(&capture)?.len();
    println!(
        "{accepted} deliveries ({:.1} MB) from {CLIENTS} clients in {:.2} s: {:.0} events/s \
         acknowledged with the capture written",
        bytes as f64 / 1e6,
        elapsed.as_secs_f64(),
        accepted as f64 / elapsed.as_secs_f64()
    );
    println!(
        "ack → in the model: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({events} events in the \
         store, {dropped} not shown)",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        pct(1.0).as_secs_f64() * 1e3
    );
    Ok(())
}

fn take(msg: LiveMsg, batch: &mut Vec<Vec<u8>>, stamps: &mut Vec<Instant>) {
    if let LiveMsg::Line { line, at } = msg {
        batch.push(line);
        stamps.push(at);
    }
}
