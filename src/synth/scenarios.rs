//! Scripts of the single-session scenarios, plus the building blocks every script shares.
//!
//! Party numbering, codes and reasons follow the brief (and the real captures where one exists);
//! the multi-session scenarios are in `linked.rs`.

use super::Scenario;
use super::call::{Call, St, device_ep, ext_ep, leg};
use super::directory::Ext;
use super::json::{Endpoint, Party, RecordingInfo, UiCallInfo};
use super::linked;
use super::patterns;

pub(crate) fn play(scenario: Scenario, c: &mut Call) {
    match scenario {
        Scenario::Inbound => inbound(c, 0),
        Scenario::Hold => {
            let cycles = c.range(1, 2) as usize;
            inbound(c, cycles)
        }
        Scenario::Outbound => outbound(c),
        Scenario::Internal => internal(c),
        Scenario::Ivr => ivr(c),
        Scenario::WarmTransfer => linked::warm_transfer(c),
        Scenario::BlindTransfer => blind_transfer(c),
        Scenario::Conference => linked::conference(c),
        Scenario::Supervise => linked::supervise(c),
        Scenario::ParkPickup => linked::park_pickup(c),
        Scenario::BlfPickup => blf_pickup(c),
        Scenario::CallSwitch => moved(c, "CallSwitch"),
        Scenario::CallFlip => moved(c, "CallFlip"),
        Scenario::Queue => linked::queue(c),
        Scenario::Voicemail => unanswered(c, true),
        Scenario::Missed => unanswered(c, false),
        Scenario::RingOut => patterns::ringout(c),
        Scenario::QueueFanout => patterns::queue_fanout(c),
        Scenario::QueueNobody => patterns::queue_nobody(c),
        Scenario::ChainedHandover => patterns::chained_handover(c),
        Scenario::SwitchThenFlip => patterns::switch_then_flip(c),
        Scenario::DirectedPickup => patterns::directed_pickup(c),
        Scenario::LostSetupBlindTransfer => patterns::lost_setup_blind_transfer(c),
        Scenario::Recording => recording(c),
    }
}

/// An inbound call the answering extension records: started, paused (`active: false`),
/// resumed, stopped (the list empties) before both hang up.
fn recording(c: &mut Call) {
    let call = inbound_setup(c);
    let a = c.users(1)[0];
    let p = connect(c, &call, a);
    let id = c.range(10_000_000, 99_999_999).to_string();
    let set = |c: &mut Call, list: Vec<RecordingInfo>| {
        c.party(call.s, p).recordings = Some(list);
        c.code(call.s, p, "Answered");
    };
    talk(c, 4);
    let rec = |active| RecordingInfo {
        id: id.clone(),
        active,
    };
    set(c, vec![rec(true)]);
    talk(c, 4);
    set(c, vec![rec(false)]);
    c.wait(5_000, 30_000);
    set(c, vec![rec(true)]);
    talk(c, 4);
    set(c, Vec::new());
    talk(c, 4);
    hang_up(c, (call.s, p), (call.s, call.caller));
}

/// Session 1 of a call from outside: the caller's party, and how extensions see the caller.
pub(crate) struct Inbound {
    pub s: usize,
    pub caller: usize,
    pub from: Endpoint,
}

/// Opens the session with the PSTN caller's `Setup` (party 1, no extension, `Outbound`).
pub(crate) fn inbound_setup(c: &mut Call) -> Inbound {
    let s = c.session("Call");
    let number = c.g.pstn();
    let name = c.g.caller_name();
    let main = Endpoint::number(&c.dir.main);
    let caller = c.add(s, leg(None, "Outbound", Endpoint::number(&number), main));
    c.code(s, caller, "Setup");
    Inbound {
        s,
        caller,
        from: Endpoint::named(&number, name.as_deref()),
    }
}

/// Routes the call to extension `e`: a new `Inbound` party in `Setup` (after `edit`); on the
/// first route the caller's party reports `Answered` (the RC destination was reached).
pub(crate) fn route(c: &mut Call, call: &Inbound, e: &Ext, edit: impl FnOnce(&mut Party)) -> usize {
    let to = ext_ep(e, &c.dir.main);
    let mut party = leg(Some(e), "Inbound", call.from.clone(), to.clone());
    party.ui_call_info = UiCallInfo::new(None, call.from.name.as_deref());
    edit(&mut party);
    let p = c.add(call.s, party);
    c.code(call.s, p, "Setup");
    if c.sessions[call.s].parties[call.caller].status.code == "Setup" {
        let caller = c.party(call.s, call.caller);
        caller.to = to;
        caller.from = call.from.clone();
        c.code(call.s, call.caller, "Answered");
    }
    p
}

/// Routes to `e` and rings it (`Proceeding` with `mobilePickupData`), without waiting.
pub(crate) fn ring(c: &mut Call, call: &Inbound, e: &Ext) -> usize {
    let p = route(c, call, e, |_| {});
    c.pickup(call.s, p, vec![e.id.clone()]);
    c.code(call.s, p, "Proceeding");
    p
}

/// Rings `e`, waits, and has it answer.
pub(crate) fn connect(c: &mut Call, call: &Inbound, e: &Ext) -> usize {
    let p = ring(c, call, e);
    ringing(c);
    c.code(call.s, p, "Answered");
    p
}

pub(crate) fn ringing(c: &mut Call) {
    c.wait(3_000, 20_000);
}

/// One of `parts` stretches of conversation in a call (together 10 s to ~5 min).
pub(crate) fn talk(c: &mut Call, parts: i64) {
    c.wait(10_000 / parts, 290_000 / parts);
}

/// `n` hold/unhold cycles of party `p`, with talk around them.
pub(crate) fn holds(c: &mut Call, s: usize, p: usize, n: usize) {
    for _ in 0..n {
        talk(c, 3);
        c.code(s, p, "Hold");
        c.wait(5_000, 60_000);
        c.code(s, p, "Answered");
    }
}

/// The rest of a conversation on party `p`: talk with 0–2 hold/unhold cycles, as in many real calls.
pub(crate) fn converse(c: &mut Call, s: usize, p: usize, parts: i64) {
    let roll = c.range(0, 99);
    let cycles = if roll < 35 {
        0
    } else if roll < 75 {
        1
    } else {
        2
    };
    holds(c, s, p, cycles);
    talk(c, parts + cycles as i64);
}

/// Both ends hang up, in random order.
pub(crate) fn hang_up(c: &mut Call, a: (usize, usize), b: (usize, usize)) {
    let (first, second) = if c.chance(0.5) { (a, b) } else { (b, a) };
    c.code(first.0, first.1, "Disconnected");
    c.code(second.0, second.1, "Disconnected");
}

/// A call from extension `a` to extension `b` by extension number, up to `b` answering. With
/// `early`, `a` reports `Answered` as soon as `b` is set up (as in the real RC-to-RC capture);
/// otherwise after `b` answers.
pub(crate) fn ext_call(c: &mut Call, a: &Ext, b: &Ext, early: bool) -> (usize, usize, usize) {
    let s = c.session("Call");
    let device = c.range(0, 1) as usize;
    let out = leg(
        Some(a),
        "Outbound",
        device_ep(a, &a.direct, device, false),
        Endpoint::number(&b.number),
    );
    let p1 = c.add(s, out);
    c.code(s, p1, "Setup");
    let inb = leg(
        Some(b),
        "Inbound",
        device_ep(a, &a.number, device, true),
        ext_ep(b, &b.number),
    );
    let p2 = c.add(s, inb);
    c.pickup(s, p2, vec![b.id.clone()]);
    c.code(s, p2, "Setup");
    let caller = c.party(s, p1);
    caller.to = ext_ep(b, &b.number);
    caller.from.name = Some(a.name.to_string());
    if early {
        c.code(s, p1, "Answered");
    }
    c.code(s, p2, "Proceeding");
    ringing(c);
    c.code(s, p2, "Answered");
    if !early {
        c.code(s, p1, "Answered");
    }
    (s, p1, p2)
}

fn inbound(c: &mut Call, hold_cycles: usize) {
    let call = inbound_setup(c);
    let a = c.users(1)[0];
    let p = connect(c, &call, a);
    holds(c, call.s, p, hold_cycles);
    talk(c, 1 + hold_cycles as i64);
    hang_up(c, (call.s, p), (call.s, call.caller));
}

fn outbound(c: &mut Call) {
    let a = c.users(1)[0];
    let s = c.session("Call");
    let device = c.range(0, 1) as usize;
    let caller_id = if c.chance(0.3) {
        c.dir.main.clone()
    } else {
        a.direct.clone()
    };
    let number = c.g.pstn();
    let from = device_ep(a, &caller_id, device, false);
    let p1 = c.add(s, leg(Some(a), "Outbound", from, Endpoint::number(&number)));
    c.code(s, p1, "Setup");
    let from = Endpoint {
        device_id: None,
        ..ext_ep(a, &caller_id)
    };
    let p2 = c.add(s, leg(None, "Inbound", from, Endpoint::number(&number)));
    c.code(s, p2, "Proceeding");
    c.code(s, p1, "Proceeding");
    ringing(c);
    c.code(s, p2, "Answered");
    c.code(s, p1, "Answered");
    converse(c, s, p1, 1);
    hang_up(c, (s, p1), (s, p2));
}

fn internal(c: &mut Call) {
    let ab = c.users(2);
    let (s, p1, p2) = ext_call(c, ab[0], ab[1], true);
    converse(c, s, p1, 1);
    hang_up(c, (s, p1), (s, p2));
}

fn ivr(c: &mut Call) {
    let call = inbound_setup(c);
    let dir = c.dir;
    let menu = route(c, &call, &dir.ivr, |_| {});
    c.wait(4_000, 15_000);
    c.code(call.s, menu, "Disconnected");
    let a = c.users(1)[0];
    let p = connect(c, &call, a);
    converse(c, call.s, p, 1);
    c.code(call.s, p, "Disconnected");
    c.code(call.s, call.caller, "Disconnected");
}

pub(crate) fn blind_transfer(c: &mut Call) {
    let call = inbound_setup(c);
    let ab = c.users(2);
    let p2 = connect(c, &call, ab[0]);
    talk(c, 2);
    c.emit(call.s, p2, St::code("Disconnected").reason("BlindTransfer"));
    let p3 = connect(c, &call, ab[1]);
    converse(c, call.s, p3, 2);
    c.code(call.s, p3, "Disconnected");
    c.code(call.s, call.caller, "Disconnected");
}

fn blf_pickup(c: &mut Call) {
    let call = inbound_setup(c);
    let ab = c.users(2);
    let p2 = ring(c, &call, ab[0]);
    c.wait(2_000, 12_000);
    c.emit(call.s, p2, St::code("Disconnected").reason("Pickup"));
    let to = ext_ep(ab[1], &c.dir.main);
    let p3 = c.add(call.s, leg(Some(ab[1]), "Inbound", call.from.clone(), to));
    c.emit(call.s, p3, St::code("Answered").reason("Pickup"));
    converse(c, call.s, p3, 1);
    hang_up(c, (call.s, p3), (call.s, call.caller));
}

/// Call switch (to another device, reported `Outbound` — a platform quirk) or call flip (to the
/// user's mobile).
fn moved(c: &mut Call, reason: &'static str) {
    let call = inbound_setup(c);
    let a = c.users(1)[0];
    let p2 = connect(c, &call, a);
    talk(c, 2);
    c.emit(call.s, p2, St::code("Disconnected").reason(reason));
    let p3 = if reason == "CallSwitch" {
        let device = c.range(0, 1) as usize;
        let from = device_ep(a, &a.number, device, true);
        let p3 = c.add(call.s, leg(Some(a), "Outbound", from, call.from.clone()));
        c.code(call.s, p3, "Answered");
        p3
    } else {
        let to = ext_ep(a, &a.mobile);
        let p3 = c.add(call.s, leg(Some(a), "Inbound", call.from.clone(), to));
        c.code(call.s, p3, "Proceeding");
        c.wait(2_000, 8_000);
        c.code(call.s, p3, "Answered");
        p3
    };
    converse(c, call.s, p3, 2);
    hang_up(c, (call.s, p3), (call.s, call.caller));
}

/// Voicemail (the extension lets it ring, the caller leaves a message) or a missed call (the
/// caller gives up while it rings).
fn unanswered(c: &mut Call, voicemail: bool) {
    let call = inbound_setup(c);
    let a = c.users(1)[0];
    let p2 = ring(c, &call, a);
    if voicemail {
        c.wait(18_000, 24_000);
        c.party(call.s, p2).missed_call = true;
        c.code(call.s, p2, "VoiceMail");
        c.wait(8_000, 60_000);
        c.code(call.s, p2, "Disconnected");
        c.code(call.s, call.caller, "Disconnected");
    } else {
        c.wait(6_000, 30_000);
        c.emit(
            call.s,
            call.caller,
            St::code("Disconnected").reason("Cancelled"),
        );
        c.party(call.s, p2).missed_call = true;
        c.emit(call.s, p2, St::code("Disconnected").reason("Cancelled"));
    }
}
