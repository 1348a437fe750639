//! Text printers for the command line: calls, diagnostics.

use crate::calls::{Call, CallSet, json::badge_names, json::time_text};
use crate::ingest::Diagnostics;
use crate::store::Store;
use std::io::{self, Write};

fn duration(call: &Call) -> String {
    let secs = (call.end - call.start).as_secs();
    if call.length_known {
        format!("{}:{:02}", secs / 60, secs % 60)
    } else {
        // What the capture covers, not the call's length.
        format!("{}:{:02} seen, length not known", secs / 60, secs % 60)
    }
}

/// The lines about what the capture does not show, when there is any.
fn unknowns(out: &mut impl Write, store: &Store, set: &CallSet, call: &Call) -> io::Result<()> {
    use crate::calls::AnswerKind;
    if matches!(call.answer.kind, AnswerKind::Inferred | AnswerKind::NotSeen) {
        let answered = call
            .answered
            .and_then(|p| set.party(p))
            .map(|p| p.identity.label.as_str());
        writeln!(
            out,
            "  answer: {}; {}: {}",
            call.answer.short(answered),
            call.answer.kind.as_str().replace('_', " "),
            call.answer.why.text()
        )?;
    }
    if call.view.partial() {
        writeln!(
            out,
            "  view: {}",
            crate::calls::view_label(store, set, call)
        )?;
    }
    for (_, session, gap) in crate::calls::gaps::call_gaps(set, call) {
        writeln!(
            out,
            "  gap: {}",
            crate::calls::gaps::gap_text(store, call, session, gap)
        )?;
    }
    for u in &call.unseen {
        let by = set
            .party(u.named_by)
            .map(|p| p.identity.label.as_str())
            .unwrap_or("a party");
        writeln!(out, "  unseen: {}", u.text(by))?;
    }
    Ok(())
}

pub fn calls_text(
    out: &mut impl Write,
    store: &Store,
    set: &CallSet,
    calls: &[&Call],
) -> io::Result<()> {
    for call in calls {
        let badges = badge_names(call);
        writeln!(
            out,
            "Call {}  {}  {}  {} session{}{}",
            store.text(call.id),
            time_text(call.start),
            duration(call),
            call.sessions.len(),
            if call.sessions.len() == 1 { "" } else { "s" },
            if badges.is_empty() {
                String::new()
            } else {
                format!("  [{}]", badges.join(", "))
            }
        )?;
        writeln!(out, "  {}", call.summary)?;
        let mut path = call.caller_label.clone();
        for hop in &call.path {
            if hop.via == "call" || hop.via == "routed" {
                path.push_str(&format!(" → {}", hop.label));
            } else {
                path.push_str(&format!(" → ({}) {}", hop.via, hop.label));
            }
        }
        writeln!(out, "  path: {path}")?;
        unknowns(out, store, set, call)?;
        for &s in &call.sessions {
            let Some(session) = set.session(s) else {
                continue;
            };
            writeln!(
                out,
                "  session {}{}{}{}",
                store.text(session.id),
                store
                    .opt_text(session.origin)
                    .map(|o| format!("  origin {o}"))
                    .unwrap_or_default(),
                if session.bridge {
                    "  conference bridge"
                } else {
                    ""
                },
                if session.seen() {
                    ""
                } else {
                    "  (only named by a peerId)"
                },
            )?;
            for &p in &session.parties {
                let Some(party) = set.party(p) else { continue };
                let last = party
                    .last_state()
                    .map(|s| match store.opt_text(s.reason) {
                        Some(r) => format!("{} ({r})", store.text(s.code_raw)),
                        None => store.text(s.code_raw).to_owned(),
                    })
                    .unwrap_or_else(|| "not in capture".into());
                writeln!(
                    out,
                    "    {:<44} {:<36} {last}",
                    store.text(party.id),
                    party.identity.label
                )?;
            }
        }
        for &e in &call.links {
            let Some((a, b, link)) = set.link(e) else {
                continue;
            };
            // Label plus a short session id and the party number, so two legs of one person
            // can be told apart.
            let label = |n| {
                set.party(n)
                    .map(|p| {
                        let id = store.text(p.id);
                        let tail = id.rsplit('-').next().unwrap_or(id);
                        let session = store.text(p.session_id);
                        let short = session.get(..10).unwrap_or(session);
                        format!("{} [{short}…/{tail}]", p.identity.label)
                    })
                    .unwrap_or_default()
            };
            writeln!(
                out,
                "  link {} ({}) {} → {} at {}",
                link.kind,
                link.evidence.as_str(),
                label(a),
                label(b),
                time_text(link.at)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

pub fn diagnostics_summary(out: &mut impl Write, d: &Diagnostics) -> io::Result<()> {
    writeln!(
        out,
        "{} events, {} skipped, {} duplicates, {} out of order, {} sequence gaps, {} rejected",
        d.events, d.skipped, d.duplicates, d.out_of_order, d.sequence_gaps, d.rejected_total
    )
}

pub fn diagnostics_full(out: &mut impl Write, d: &Diagnostics) -> io::Result<()> {
    writeln!(out, "events kept:        {}", d.events)?;
    writeln!(out, "skipped:            {}", d.skipped)?;
    for (kind, n) in &d.skipped_kinds {
        writeln!(out, "  {kind}: {n}")?;
    }
    writeln!(
        out,
        "duplicates dropped: {} ({} replays of a uuid, {} double deliveries)",
        d.duplicates, d.replays, d.double_deliveries
    )?;
    writeln!(out, "out of order:       {}", d.out_of_order)?;
    writeln!(
        out,
        "sequence gaps:      {} (normal on extension-level subscriptions)",
        d.sequence_gaps
    )?;
    if d.parties_without_id > 0 {
        writeln!(
            out,
            "parties without id: {} (kept, keyed by direction, extension and number in their session)",
            d.parties_without_id
        )?;
    }
    writeln!(out, "rejected:           {}", d.rejected_total)?;
    for r in &d.rejected {
        writeln!(out, "  {r}")?;
    }
    if d.rejected_total > d.rejected.len() as u64 {
        writeln!(
            out,
            "  … and {} more",
            d.rejected_total - d.rejected.len() as u64
        )?;
    }
    Ok(())
}
