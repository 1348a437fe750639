//! Scripts of the scenarios that span several telephony sessions linked by `peerId`, and the queue.
//!
//! S1/S2/S3 below are the call's sessions in creation order; pN is party N of a session.

use super::call::{Call, St, device_ep, ext_ep, leg};
use super::json::{Endpoint, PeerId, UiCallInfo};
use super::scenarios::{connect, converse, ext_call, hang_up, inbound_setup, ringing, route, talk};

/// S1 caller → operator, operator holds; S2 operator → consult; bridge: both operator parties
/// `Gone`/`AttendedTransfer` naming each other; caller and consult talk on, then hang up.
pub(crate) fn warm_transfer(c: &mut Call) {
    let call = inbound_setup(c);
    let people = c.users(2);
    let (op, consult) = (people[0], people[1]);
    let p2 = connect(c, &call, op);
    talk(c, 3);
    c.code(call.s, p2, "Hold");
    c.wait(1_000, 4_000);
    let (s2, q1, q2) = ext_call(c, op, consult, false);
    talk(c, 6);
    let to_s1 = c.peer(call.s, p2);
    c.emit(
        s2,
        q1,
        St::code("Gone").reason("AttendedTransfer").peer(to_s1),
    );
    let to_s2 = c.peer(s2, q1);
    c.emit(
        call.s,
        p2,
        St::code("Gone").reason("AttendedTransfer").peer(to_s2),
    );
    if c.chance(0.5) {
        c.party(call.s, call.caller).to = ext_ep(consult, &c.dir.main);
        c.code(call.s, call.caller, "Answered");
    }
    talk(c, 2);
    c.code(s2, q2, "Disconnected");
    c.code(call.s, call.caller, "Disconnected");
}

fn conference_ep() -> Endpoint {
    Endpoint {
        name: Some("Conference".into()),
        ..Endpoint::number("conference")
    }
}

/// S1 caller ↔ host (held), S2 host ↔ other; merged into S3 (origin Conference, legacy id "0")
/// whose Participant parties and the merged original parties go `Gone`/`Conference` pairwise.
pub(crate) fn conference(c: &mut Call) {
    let call = inbound_setup(c);
    let people = c.users(2);
    let (host, other) = (people[0], people[1]);
    let p2 = connect(c, &call, host);
    talk(c, 4);
    c.code(call.s, p2, "Hold");
    c.wait(1_000, 4_000);
    let (s2, q1, q2) = ext_call(c, host, other, true);
    talk(c, 8);
    let s3 = c.session("Conference");
    let device = c.range(0, 1) as usize;
    let mut h = leg(
        Some(host),
        "Outbound",
        device_ep(host, &host.direct, device, false),
        conference_ep(),
    );
    h.conference_role = Some("Host");
    let h = c.add(s3, h);
    c.code(s3, h, "Setup");
    c.code(s3, h, "Answered");
    for (s, p) in [(call.s, p2), (s2, q1)] {
        let mut x = leg(
            None,
            "Inbound",
            device_ep(host, &host.direct, device, false),
            conference_ep(),
        );
        x.conference_role = Some("Participant");
        let x = c.add(s3, x);
        c.code(s3, x, "Setup");
        let to_orig = c.peer(s, p);
        c.emit(s3, x, St::code("Gone").reason("Conference").peer(to_orig));
        let to_conf = c.peer(s3, x);
        c.emit(s, p, St::code("Gone").reason("Conference").peer(to_conf));
    }
    talk(c, 2);
    c.code(s3, h, "Disconnected");
    c.code(s2, q2, "Disconnected");
    c.code(call.s, call.caller, "Disconnected");
}

/// S1 caller ↔ agent; the supervisor's own call (S2) goes `Gone`/`Supervising` into S1, where a
/// supervisor party p3 appears `Answered`/`Supervising`; it leaves before the call ends.
pub(crate) fn supervise(c: &mut Call) {
    let call = inbound_setup(c);
    let people = c.users(2);
    let (agent, sup) = (people[0], people[1]);
    let p2 = connect(c, &call, agent);
    talk(c, 4);
    let s2 = c.session("Call");
    let device = c.range(0, 1) as usize;
    let out = leg(
        Some(sup),
        "Outbound",
        device_ep(sup, &sup.direct, device, false),
        Endpoint::number(&agent.number),
    );
    let m1 = c.add(s2, out);
    c.code(s2, m1, "Setup");
    c.code(s2, m1, "Answered");
    let watcher = leg(
        Some(sup),
        "Outbound",
        device_ep(sup, &sup.direct, device, true),
        ext_ep(agent, &c.dir.main),
    );
    let p3 = c.add(call.s, watcher);
    let to_s1 = c.peer(call.s, p3);
    c.emit(s2, m1, St::code("Gone").reason("Supervising").peer(to_s1));
    let to_s2 = c.peer(s2, m1);
    c.emit(
        call.s,
        p3,
        St::code("Answered").reason("Supervising").peer(to_s2),
    );
    talk(c, 3);
    c.code(call.s, p3, "Disconnected");
    converse(c, call.s, p2, 4);
    c.code(call.s, p2, "Disconnected");
    c.code(call.s, call.caller, "Disconnected");
}

/// S1 caller ↔ A; A parks on a park extension; B dials it from S2 and picks up: S1 p2 `Gone`/
/// `Pickup` naming S2 p1 (in half the calls with the telephony id under `peerId.sessionId`).
pub(crate) fn park_pickup(c: &mut Call) {
    let call = inbound_setup(c);
    let people = c.users(2);
    let (a, b) = (people[0], people[1]);
    let p2 = connect(c, &call, a);
    talk(c, 3);
    let orbit = format!("*80{}", c.range(1, 3));
    c.park(call.s, p2, &orbit);
    c.wait(5_000, 60_000);
    let s2 = c.session("Call");
    let device = c.range(0, 1) as usize;
    let r1 = c.add(
        s2,
        leg(
            Some(b),
            "Outbound",
            device_ep(b, &b.direct, device, false),
            Endpoint::number(&orbit),
        ),
    );
    c.code(s2, r1, "Setup");
    c.emit(s2, r1, St::code("Answered").reason("Pickup"));
    let mut peer = c.peer(s2, r1);
    if c.chance(0.5) {
        peer = PeerId {
            session_id: format!("s-{}", c.sessions[s2].hex),
            telephony_session_id: None,
            ..peer
        };
    }
    let st = St {
        park_data: Some(orbit),
        ..St::code("Gone").reason("Pickup").peer(peer)
    };
    c.emit(call.s, p2, st);
    converse(c, s2, r1, 2);
    c.code(s2, r1, "Disconnected");
    c.code(call.s, call.caller, "Disconnected");
}

/// The caller waits in a queue (party p2), three agents ring (p3–p5), one answers and the
/// others drop with `AgentAnswered`; the queue party leaves.
pub(crate) fn queue(c: &mut Call) {
    let call = inbound_setup(c);
    let k = c.range(0, 1) as usize;
    let dir = c.dir;
    let q = &dir.queues[k];
    let qp = route(c, &call, q, |p| p.queue_call = Some(true));
    c.wait(2_000, 30_000);
    let agents = c.users_from(dir.queue_members[k].clone(), 3);
    let mailboxes: Vec<String> = agents.iter().map(|a| a.id.clone()).collect();
    let mut parties = Vec::new();
    for agent in &agents {
        let p = route(c, &call, agent, |p| {
            p.queue_call = Some(true);
            p.ui_call_info = UiCallInfo::new(Some(q.name), call.from.name.as_deref());
        });
        c.pickup(call.s, p, mailboxes.clone());
        c.code(call.s, p, "Proceeding");
        parties.push(p);
    }
    ringing(c);
    let winner = c.range(0, parties.len() as i64 - 1) as usize;
    c.code(call.s, parties[winner], "Answered");
    for (i, &p) in parties.iter().enumerate() {
        if i != winner {
            c.emit(call.s, p, St::code("Disconnected").reason("AgentAnswered"));
        }
    }
    c.code(call.s, qp, "Disconnected");
    converse(c, call.s, parties[winner], 1);
    hang_up(c, (call.s, parties[winner]), (call.s, call.caller));
}
