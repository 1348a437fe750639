//! The sample captures of `sample_sessions/`, embedded in the binary so the window opens on
//! them from any folder. Regenerate the synthetic ones with
//! `cargo test --lib synth -- --ignored regenerate_samples`.

use crate::ingest;
use crate::store::Store;

/// (file name, NDJSON text) of every bundled sample, by name.
pub fn bundled() -> &'static [(&'static str, &'static [u8])] {
    SAMPLES
}

const SAMPLES: &[(&str, &[u8])] = &[
    (
        "blf-pickup.ndjson",
        include_bytes!("../sample_sessions/blf-pickup.ndjson"),
    ),
    (
        "blind-transfer.ndjson",
        include_bytes!("../sample_sessions/blind-transfer.ndjson"),
    ),
    (
        "call-flip.ndjson",
        include_bytes!("../sample_sessions/call-flip.ndjson"),
    ),
    (
        "call-switch.ndjson",
        include_bytes!("../sample_sessions/call-switch.ndjson"),
    ),
    (
        "chained-handover.ndjson",
        include_bytes!("../sample_sessions/chained-handover.ndjson"),
    ),
    (
        "conference-noisy.ndjson",
        include_bytes!("../sample_sessions/conference-noisy.ndjson"),
    ),
    (
        "conference.ndjson",
        include_bytes!("../sample_sessions/conference.ndjson"),
    ),
    (
        "csndata_pstn_to_rc_ivr_then_ext_hold_acct_level.ndjson",
        include_bytes!("../sample_sessions/csndata_pstn_to_rc_ivr_then_ext_hold_acct_level.ndjson"),
    ),
    (
        "csndata_rc_to_pstn_outbound_acct_level.ndjson",
        include_bytes!("../sample_sessions/csndata_rc_to_pstn_outbound_acct_level.ndjson"),
    ),
    (
        "csndata_rc_to_rc_internal_hold_acct_level.ndjson",
        include_bytes!("../sample_sessions/csndata_rc_to_rc_internal_hold_acct_level.ndjson"),
    ),
    (
        "directed-pickup.ndjson",
        include_bytes!("../sample_sessions/directed-pickup.ndjson"),
    ),
    (
        "hold.ndjson",
        include_bytes!("../sample_sessions/hold.ndjson"),
    ),
    (
        "inbound.ndjson",
        include_bytes!("../sample_sessions/inbound.ndjson"),
    ),
    (
        "internal.ndjson",
        include_bytes!("../sample_sessions/internal.ndjson"),
    ),
    (
        "ivr.ndjson",
        include_bytes!("../sample_sessions/ivr.ndjson"),
    ),
    (
        "lost-setup-blind-transfer.ndjson",
        include_bytes!("../sample_sessions/lost-setup-blind-transfer.ndjson"),
    ),
    (
        "missed.ndjson",
        include_bytes!("../sample_sessions/missed.ndjson"),
    ),
    (
        "mixed-50.ndjson",
        include_bytes!("../sample_sessions/mixed-50.ndjson"),
    ),
    (
        "outbound.ndjson",
        include_bytes!("../sample_sessions/outbound.ndjson"),
    ),
    (
        "park-pickup.ndjson",
        include_bytes!("../sample_sessions/park-pickup.ndjson"),
    ),
    (
        "queue-fanout.ndjson",
        include_bytes!("../sample_sessions/queue-fanout.ndjson"),
    ),
    (
        "queue-nobody.ndjson",
        include_bytes!("../sample_sessions/queue-nobody.ndjson"),
    ),
    (
        "queue.ndjson",
        include_bytes!("../sample_sessions/queue.ndjson"),
    ),
    (
        "recording.ndjson",
        include_bytes!("../sample_sessions/recording.ndjson"),
    ),
    (
        "ringout.ndjson",
        include_bytes!("../sample_sessions/ringout.ndjson"),
    ),
    (
        "supervise.ndjson",
        include_bytes!("../sample_sessions/supervise.ndjson"),
    ),
    (
        "switch-then-flip.ndjson",
        include_bytes!("../sample_sessions/switch-then-flip.ndjson"),
    ),
    (
        "voicemail.ndjson",
        include_bytes!("../sample_sessions/voicemail.ndjson"),
    ),
    (
        "warm-transfer-noisy.ndjson",
        include_bytes!("../sample_sessions/warm-transfer-noisy.ndjson"),
    ),
    (
        "warm-transfer.ndjson",
        include_bytes!("../sample_sessions/warm-transfer.ndjson"),
    ),
];

/// Loads every bundled sample into the store as one capture.
pub fn load_bundled(store: &mut Store) {
    for (name, bytes) in SAMPLES {
        ingest::load_bytes(store, &format!("sample_sessions/{name}"), bytes);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_sample_file_is_bundled() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sessions");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ndjson"))
            .collect();
        on_disk.sort();
        let bundled: Vec<&str> = super::bundled().iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, bundled);
    }
}
