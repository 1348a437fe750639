//! Labels that tell apart lanes of one person: a call switch (§6.8) moves the call to another
//! of the user's devices, a call flip to another of the user's numbers; both legs are the same
//! extension, so each is named by its device (`deviceId`, read back from the notification's own
//! text, as the store keeps no device ids) or number. A conference bridge's participant leg is
//! named by the person its `peerId` says it stands for (§6.4).
//!
//! Runs once per build over the few parties concerned, after the links are made.

use super::{CallSet, Edge, Evidence, Link};
use crate::model::{Direction, Reason};
use crate::store::Store;
use petgraph::Direction::Incoming;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

/// A party a switch or flip moved the call to: the party it replaced, and the link.
pub fn moved_from(set: &CallSet, p: NodeIndex) -> Option<(NodeIndex, &Link)> {
    set.graph
        .edges_directed(p, Incoming)
        .find_map(|e| match e.weight() {
            Edge::Link(l) if l.evidence == Evidence::Inferred && is_move(&l.kind) => {
                Some((e.source(), &**l))
            }
            _ => None,
        })
}

/// A switch or flip, by the link's kind.
pub fn is_move(kind: &str) -> bool {
    matches!(
        crate::model::Reason::parse(Some(kind)),
        Reason::CallSwitch | Reason::CallFlip
    )
}

/// The `deviceId` of a party's own endpoint in the notification behind `event`, read from its
/// original text (None when the text is gone or has none).
fn device_of(store: &Store, event: crate::store::EventId, party: &str) -> Option<String> {
    let text = crate::ingest::raw_text(store, event).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let body = v.get("body").unwrap_or(&v);
    let p = body
        .get("parties")?
        .as_array()?
        .iter()
        .find(|p| p.get("id").and_then(|i| i.as_str()) == Some(party))?;
    let ext = p.get("extensionId");
    let outbound = p.get("direction").and_then(|d| d.as_str()) == Some("Outbound");
    let ends = if outbound {
        ["from", "to"]
    } else {
        ["to", "from"]
    };
    // The endpoint that is the party's own extension, else the one its direction says.
    let own = ends
        .iter()
        .filter_map(|k| p.get(*k))
        .find(|e| ext.is_some() && e.get("extensionId") == ext)
        .or_else(|| p.get(ends[0]))?;
    let device = own.get("deviceId")?;
    let id = device
        .as_str()
        .map(str::to_owned)
        .or_else(|| device.as_u64().map(|n| n.to_string()))?;
    // Untrusted text: only what a device id is made of, never control characters.
    (!id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then_some(id)
}

/// Whether an event's original text can be read again cheaply (a plain file or kept bytes; a
/// gzip file would be decompressed from its start for every look).
fn cheap_to_reread(store: &Store, event: crate::store::EventId) -> bool {
    let source = store.event(event).source as usize;
    store.sources().get(source).is_some_and(|s| !s.gzip)
}

/// Renames the parties that switches and flips moved the call to (`moved`: from, to, reason)
/// and the conference bridges' participant legs.
pub fn relabel(store: &Store, set: &mut CallSet, moved: &[(NodeIndex, NodeIndex, Reason)]) {
    use rayon::prelude::*;
    // A flip names the number it went to; a switch the device, read back from the
    // notification's text (on all cores: a day of calls has a few hundred switches).
    let set_ref = &*set;
    let mut names: Vec<(NodeIndex, String)> = moved
        .par_iter()
        .filter_map(|&(from, to, reason)| {
            let party = set_ref.party(to)?;
            // A flip to an outside number has no extension: it is still the user's number.
            let base = match set_ref.party(from) {
                Some(f) if party.identity.extension_id.is_none() => &f.identity.label,
                _ => &party.identity.label,
            };
            let last = party.events.last().copied()?;
            let s = &store.event(last).party;
            let own = if s.direction == Direction::Inbound {
                &s.to
            } else {
                &s.from
            };
            let number = store
                .opt_text(own.number)
                .filter(|n| !super::directory::is_extension_number(n));
            Some(match number {
                Some(n) if reason == Reason::CallFlip => {
                    (to, format!("{base} at {}", super::format_number(n)))
                }
                _ => match cheap_to_reread(store, last)
                    .then(|| device_of(store, last, store.text(party.id)))
                    .flatten()
                {
                    Some(d) => (to, format!("{base} on device {d}")),
                    None => (to, format!("{base} on another device")),
                },
            })
        })
        .collect();
    // One name per party (a party both moved to and moved on keeps the first).
    names.sort_by_key(|(p, _)| *p);
    names.dedup_by_key(|(p, _)| *p);
    for session in set.all_sessions().iter().filter(|s| s.bridge) {
        for &p in &session.parties {
            let Some(party) = set.party(p) else { continue };
            if party.identity.label != "conference leg" {
                continue;
            }
            // The leg brings in the call its peer was on: named by who else was on it.
            let Some(peer) = set
                .links_of(p)
                .filter_map(|(_, q, _)| set.party(q))
                .find(|q| q.seen() && q.identity.label != "conference leg")
            else {
                continue;
            };
            let others: Vec<&str> = set
                .session(peer.session)
                .map(|s| s.parties.as_slice())
                .unwrap_or_default()
                .iter()
                .filter_map(|q| set.party(*q))
                .filter(|q| q.seen() && q.id != peer.id)
                .filter(|q| {
                    peer.identity.extension_id.is_none()
                        || q.identity.extension_id != peer.identity.extension_id
                })
                // The name alone when there is one: lane labels have little room.
                .map(|q| {
                    store
                        .opt_text(q.identity.name)
                        .unwrap_or(q.identity.label.as_str())
                })
                .collect();
            let who = if others.is_empty() {
                peer.identity.label.clone()
            } else {
                others.join(" and ")
            };
            names.push((p, format!("conference leg of {who}")));
        }
    }
    for (p, label) in names {
        if let Some(party) = set.party_mut(p) {
            party.identity.label = label;
        }
    }
}

/// A conference bridge's participant leg (named `conference leg` or `conference leg of …`).
pub fn is_conference_leg(label: &str) -> bool {
    label.starts_with("conference leg")
}
