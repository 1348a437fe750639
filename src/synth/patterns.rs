//! Scripts of the call patterns asked for by name only (RingOut, queue fan-out, chained
//! hand-overs, switch then flip, directed pickup, a capture that lost the caller's first event).
//!
//! Each follows the reference's description of the pattern (§5, §6.7–§6.11); where it is silent
//! (the direction of a RingOut target's leg, the order of a pickup's two events) the script takes
//! one reading and the engine's tests try the other.

use super::call::{Call, St, device_ep, ext_ep, leg};
use super::directory::Ext;
use super::json::{Endpoint, UiCallInfo};
use super::scenarios::{
    Inbound, blind_transfer, connect, converse, hang_up, inbound_setup, ring, route, talk,
};

/// RingOut (§6.11): the platform rings the initiator's own phone first; that leg is reported
/// `Inbound` with `from`/`to` the wrong way round (`ringOutRole: Initiator`). Once the user
/// answers, the platform calls the target (`ringOutRole: Target`).
pub(crate) fn ringout(c: &mut Call) {
    let a = c.users(1)[0];
    let s = c.session("RingOut");
    let number = c.g.pstn();
    let mut own = device_ep(a, &a.direct, 0, true);
    own.phone_number = a.direct.clone();
    let mut init = leg(Some(a), "Inbound", Endpoint::number(&number), own.clone());
    init.ring_out_role = Some("Initiator");
    let p1 = c.add(s, init);
    c.code(s, p1, "Setup");
    c.code(s, p1, "Proceeding");
    c.wait(2_000, 6_000);
    c.code(s, p1, "Answered");
    let from = Endpoint {
        device_id: None,
        ..ext_ep(a, &a.direct)
    };
    let mut target = leg(None, "Inbound", from, Endpoint::number(&number));
    target.ring_out_role = Some("Target");
    let p2 = c.add(s, target);
    c.code(s, p2, "Setup");
    c.code(s, p2, "Proceeding");
    c.wait(4_000, 12_000);
    c.code(s, p2, "Answered");
    converse(c, s, p1, 1);
    hang_up(c, (s, p1), (s, p2));
}

/// The caller reaches queue `k`: its party, then `n` agents ringing at once.
fn queue_rings(c: &mut Call, call: &Inbound, k: usize, n: usize) -> (usize, Vec<usize>) {
    let dir = c.dir;
    let q = &dir.queues[k];
    let qp = route(c, call, q, |p| p.queue_call = Some(true));
    c.wait(2_000, 10_000);
    let agents: Vec<&Ext> = c.users_from(dir.queue_members[k].clone(), n);
    let mailboxes: Vec<String> = agents.iter().map(|a| a.id.clone()).collect();
    let mut parties = Vec::new();
    for agent in &agents {
        let p = route(c, call, agent, |p| {
            p.queue_call = Some(true);
            p.ui_call_info = UiCallInfo::new(Some(q.name), call.from.name.as_deref());
        });
        c.pickup(call.s, p, mailboxes.clone());
        parties.push(p);
    }
    for &p in &parties {
        c.code(call.s, p, "Proceeding");
    }
    (qp, parties)
}

/// One agent of a ringing queue answers after about 12 s; the others are told `AgentAnswered`
/// and the queue's own party leaves. Returns the agent's party.
fn queue_answers(c: &mut Call, call: &Inbound, qp: usize, parties: &[usize]) -> usize {
    c.wait(11_500, 12_500);
    let winner = parties[c.range(0, parties.len() as i64 - 1) as usize];
    c.code(call.s, winner, "Answered");
    for &p in parties.iter().filter(|&&p| p != winner) {
        c.emit(call.s, p, St::code("Disconnected").reason("AgentAnswered"));
    }
    c.code(call.s, qp, "Disconnected");
    winner
}

/// A queue rings three agents at once; one answers.
pub(crate) fn queue_fanout(c: &mut Call) {
    let call = inbound_setup(c);
    let k = c.range(0, 1) as usize;
    let (qp, parties) = queue_rings(c, &call, k, 3);
    let agent = queue_answers(c, &call, qp, &parties);
    converse(c, call.s, agent, 1);
    hang_up(c, (call.s, agent), (call.s, call.caller));
}

/// A queue rings three agents; nobody answers and the caller hangs up 40 s after calling.
pub(crate) fn queue_nobody(c: &mut Call) {
    let start = c.t;
    let call = inbound_setup(c);
    let k = c.range(0, 1) as usize;
    let (qp, parties) = queue_rings(c, &call, k, 3);
    c.t = start + 40_000;
    c.emit(
        call.s,
        call.caller,
        St::code("Disconnected").reason("Cancelled"),
    );
    for &p in &parties {
        c.party(call.s, p).missed_call = true;
        c.emit(call.s, p, St::code("Disconnected").reason("Cancelled"));
    }
    c.code(call.s, qp, "Disconnected");
}

/// Queue → agent, who blind-transfers the caller to the other queue → one of its agents.
pub(crate) fn chained_handover(c: &mut Call) {
    let call = inbound_setup(c);
    let k = c.range(0, 1) as usize;
    let (qp, parties) = queue_rings(c, &call, k, 3);
    let first = queue_answers(c, &call, qp, &parties);
    talk(c, 2);
    c.emit(
        call.s,
        first,
        St::code("Disconnected").reason("BlindTransfer"),
    );
    let (qp2, parties2) = queue_rings(c, &call, 1 - k, 2);
    let second = queue_answers(c, &call, qp2, &parties2);
    converse(c, call.s, second, 2);
    hang_up(c, (call.s, second), (call.s, call.caller));
}

/// Switch to the user's other device (the new party reported `Outbound`, §6.8), then a flip of
/// that device's call to the user's mobile.
pub(crate) fn switch_then_flip(c: &mut Call) {
    let call = inbound_setup(c);
    let a = c.users(1)[0];
    let p2 = connect(c, &call, a);
    talk(c, 3);
    c.emit(call.s, p2, St::code("Disconnected").reason("CallSwitch"));
    let from = device_ep(a, &a.number, 1, true);
    let p3 = c.add(call.s, leg(Some(a), "Outbound", from, call.from.clone()));
    c.code(call.s, p3, "Answered");
    talk(c, 3);
    c.emit(call.s, p3, St::code("Disconnected").reason("CallFlip"));
    let to = ext_ep(a, &a.mobile);
    let p4 = c.add(call.s, leg(Some(a), "Inbound", call.from.clone(), to));
    c.code(call.s, p4, "Proceeding");
    c.wait(2_000, 8_000);
    c.code(call.s, p4, "Answered");
    talk(c, 3);
    hang_up(c, (call.s, p4), (call.s, call.caller));
}

/// Directed pickup (§6.7): while Bob's phone rings, Carol picks the call up; her party shows
/// (Setup, Answered/Pickup) before Bob's `Disconnected/Pickup`.
pub(crate) fn directed_pickup(c: &mut Call) {
    let call = inbound_setup(c);
    let ab = c.users(2);
    let p2 = ring(c, &call, ab[0]);
    c.wait(3_000, 9_000);
    let to = ext_ep(ab[1], &c.dir.main);
    let p3 = c.add(call.s, leg(Some(ab[1]), "Inbound", call.from.clone(), to));
    c.code(call.s, p3, "Setup");
    c.emit(call.s, p3, St::code("Answered").reason("Pickup"));
    c.emit(call.s, p2, St::code("Disconnected").reason("Pickup"));
    converse(c, call.s, p3, 1);
    hang_up(c, (call.s, p3), (call.s, call.caller));
}

/// A blind transfer whose capture lost the caller's first notification (its `Setup`): the
/// sequence number stays used, the event is not delivered (§5).
pub(crate) fn lost_setup_blind_transfer(c: &mut Call) {
    blind_transfer(c);
    if let Some(i) = c.notes.iter().position(|n| n.party.id.ends_with("-1")) {
        c.notes.remove(i);
    }
}
