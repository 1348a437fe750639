//! Calls as connected groups of sessions: each one's sessions, parties and links in order, its
//! badges and its path, worked out on all cores.

use super::connections;
use super::path;
use super::{Badges, Call, CallSet, Edge, Node, SessionNode};
use crate::model::{Reason, StatusCode};
use crate::store::Store;
use jiff::Timestamp;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use std::cmp::Ordering;

pub(super) fn group_calls(store: &Store, set: &mut CallSet, gaps: &[u64]) {
    let graph = &set.graph;
    let mut uf = UnionFind::<u32>::new(graph.node_count());
    for e in graph.edge_references() {
        uf.union(e.source().index() as u32, e.target().index() as u32);
    }
    // Sessions by the root of their group, in node order within a group.
    let mut sessions: Vec<(u32, NodeIndex)> = graph
        .node_indices()
        .filter(|&n| matches!(graph[n], Node::Session { .. }))
        .map(|n| (uf.find(n.index() as u32), n))
        .collect();
    sessions.sort_unstable();
    let groups: Vec<&[(u32, NodeIndex)]> = sessions.chunk_by(|a, b| a.0 == b.0).collect();
    let set_ref = &*set;
    // Collected by index straight into one list, then the groups that make no call dropped in
    // place: a filtering collect goes through a list of lists and holds both at its end (11 MB
    // more at the peak of the 20,000-call day; rayon's `flatten` holds a list per call, 27 MB).
    // `filter_map` reuses the list's memory (std collects it in place; `flatten` does not, and
    // grew a second list by doubling: 11 MB for 20,000 calls).
    let made: Vec<Option<Call>> = groups
        .par_iter()
        .map_init(connections::Scratch::default, |scratch, group| {
            make_call(store, set_ref, group.iter().map(|g| g.1), gaps, scratch)
        })
        .collect();
    #[allow(
        clippy::filter_map_identity,
        reason = "`flatten` is not collected in place: 11 MB more for 20,000 calls"
    )]
    let mut calls: Vec<Call> = made.into_iter().filter_map(|c| c).collect();
    // Unstable is the same order (no two calls share an id) without a merge sort's second list
    // of every call (7 MB).
    calls
        .par_sort_unstable_by(|a, b| (a.start, store.text(a.id)).cmp(&(b.start, store.text(b.id))));
    super::ringout_leg::mark(store, set_ref, &mut calls);
    set.calls = calls;
}

fn make_call(
    store: &Store,
    set: &CallSet,
    group: impl Iterator<Item = NodeIndex>,
    gaps: &[u64],
    scratch: &mut connections::Scratch,
) -> Option<Call> {
    let mut sessions: Vec<(&SessionNode, NodeIndex)> = Vec::with_capacity(group.size_hint().0);
    sessions.extend(group.filter_map(|n| Some((set.session(n)?, n))));
    sessions.sort_by(|(a, _), (b, _)| {
        (a.first_at.is_none(), a.first_at, store.text(a.id)).cmp(&(
            b.first_at.is_none(),
            b.first_at,
            store.text(b.id),
        ))
    });
    let &(first, _) = sessions.first()?;
    // Only sessions named by peerIds: nothing to show.
    let start = sessions.iter().filter_map(|(s, _)| s.first_at).min()?;
    let end = sessions.iter().filter_map(|(s, _)| s.last_at).max()?;
    let mut parties: Vec<NodeIndex> =
        Vec::with_capacity(sessions.iter().map(|(s, _)| s.parties.len()).sum());
    parties.extend(sessions.iter().flat_map(|(s, _)| s.parties.iter().copied()));
    let graph = &set.graph;
    let mut link_edges: Vec<EdgeIndex> = parties
        .iter()
        .flat_map(|p| graph.edges(*p))
        .filter(|e| matches!(e.weight(), Edge::Link(_)))
        .map(|e| e.id())
        .collect();
    link_edges.sort_unstable();
    link_edges.dedup();
    link_edges.sort_by(|&x, &y| compare_links(store, set, x, y, start));
    let mut call = Call {
        id: first.id,
        start,
        end,
        sequence_gaps: sessions
            .iter()
            .filter_map(|(_, n)| gaps.get(n.index()))
            .sum(),
        sessions: sessions.into_iter().map(|(_, n)| n).collect(),
        parties,
        links: link_edges,
        caller: None,
        caller_label: String::new(),
        path: Vec::new(),
        answered: None,
        badges: Badges::default(),
        view: super::Scope::default(),
        answer: super::Answer::default(),
        length_known: false,
        unseen: Vec::new(),
        rang: Vec::new(),
        summary: String::new(),
        connections: connections::Connections::default(),
        recordings: Vec::new(),
    };
    call.badges = badges(set, &call);
    path::fill_path(store, set, &mut call);
    // What the capture does not show: whose view it is, who is named but unseen, and whether
    // the answer is seen, inferred or not in the capture.
    call.view = super::scope::scope_of(set, &call);
    call.unseen = super::unseen::find_unseen(store, set, &call);
    path::add_unseen_stops(&mut call);
    super::evidence::read_answer(store, set, &mut call);
    call.summary = super::summary(store, set, &call);
    connections::fill(store, set, &mut call, scratch);
    super::recordings::fill(store, set, &mut call);
    // Twenty thousand calls: keep each one's lists at their exact size.
    call.links.shrink_to_fit();
    call.path.shrink_to_fit();
    call.rang.shrink_to_fit();
    // Written as it goes, the summary has a quarter more room than text (0.5 MB).
    call.summary.shrink_to_fit();
    Some(call)
}

/// Links by time, then by their ends' `session/party` keys.
fn compare_links(
    store: &Store,
    set: &CallSet,
    x: EdgeIndex,
    y: EdgeIndex,
    start: Timestamp,
) -> Ordering {
    let key = |e: EdgeIndex| match set.link(e) {
        Some((a, b, l)) => (l.at, Some((a, b))),
        None => (start, None),
    };
    let (at_x, ends_x) = key(x);
    let (at_y, ends_y) = key(y);
    at_x.cmp(&at_y).then_with(|| match (ends_x, ends_y) {
        (Some((a, b)), Some((c, d))) => {
            compare_party_keys(store, set, a, c).then_with(|| compare_party_keys(store, set, b, d))
        }
        (x, y) => x.is_some().cmp(&y.is_some()),
    })
}

/// Compares two parties' `session/party` keys as the texts they spell.
fn compare_party_keys(store: &Store, set: &CallSet, a: NodeIndex, b: NodeIndex) -> Ordering {
    let key = |p: NodeIndex| {
        set.party(p).map(|p| {
            store
                .text(p.session_id)
                .bytes()
                .chain(*b"/")
                .chain(store.text(p.id).bytes())
        })
    };
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(y),
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

fn badges(set: &CallSet, call: &Call) -> Badges {
    let mut b = Badges::default();
    for &n in &call.sessions {
        b.conference |= set.session(n).is_some_and(|s| s.bridge);
    }
    for &p in &call.parties {
        let Some(party) = set.party(p) else { continue };
        for s in &party.states {
            let reason = s.reason_kind;
            b.transfer |= reason.is_transfer();
            b.conference |= reason == Reason::Conference;
            b.supervise |= reason.is_supervise();
            b.park |= s.code == StatusCode::Parked || reason.is_park();
            b.voicemail |= matches!(
                s.code,
                StatusCode::VoiceMail | StatusCode::VoiceMailScreening
            );
        }
        b.missed |= party.flags.missed_call();
        b.queue |= party.flags.queue_call();
    }
    b
}
