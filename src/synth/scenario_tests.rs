//! Tests of each scenario's content: codes, reasons, peer links and the fields that mark them.

use super::Scenario;
use super::tests::{lines, one, party, s};
use serde_json::Value;
use std::collections::BTreeSet;

/// (code, reason) of every notification, in order.
fn codes(vs: &[Value]) -> Vec<(String, String)> {
    let st = |v: &Value| party(v)["status"].clone();
    vs.iter()
        .map(|v| {
            (
                s(&st(v), "code").to_string(),
                st(v)["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn has(vs: &[Value], code: &str, reason: &str) -> usize {
    codes(vs)
        .iter()
        .filter(|(c, r)| c == code && r == reason)
        .count()
}

#[test]
fn every_scenario_emits_its_codes_and_reasons() {
    for sc in Scenario::every() {
        let vs = lines(&one(sc, 7, false));
        assert!(
            has(&vs, "Disconnected", "") + has(&vs, "Disconnected", "Cancelled") >= 2,
            "{sc:?}"
        );
        // A RingOut's first leg is the initiator's, reported Inbound (§6.11); a lost Setup
        // leaves the callee's first.
        let first = match sc {
            Scenario::RingOut | Scenario::LostSetupBlindTransfer => "Inbound",
            _ => "Outbound",
        };
        assert_eq!(
            s(party(&vs[0]), "direction"),
            first,
            "{sc:?} starts with the caller's leg"
        );
        let want: &[(&str, &str, usize)] = match sc {
            Scenario::Inbound | Scenario::Internal => {
                &[("Setup", "", 2), ("Proceeding", "", 1), ("Answered", "", 2)]
            }
            Scenario::Outbound => &[("Setup", "", 1), ("Proceeding", "", 2), ("Answered", "", 2)],
            Scenario::Ivr => &[("Setup", "", 3), ("Disconnected", "", 3)],
            Scenario::Hold => &[("Hold", "", 1)],
            Scenario::WarmTransfer => &[("Gone", "AttendedTransfer", 2), ("Hold", "", 1)],
            Scenario::BlindTransfer => &[("Disconnected", "BlindTransfer", 1)],
            Scenario::Conference => &[("Gone", "Conference", 4), ("Hold", "", 1)],
            Scenario::Supervise => &[("Gone", "Supervising", 1), ("Answered", "Supervising", 1)],
            Scenario::ParkPickup => &[
                ("Parked", "CallPark", 1),
                ("Answered", "Pickup", 1),
                ("Gone", "Pickup", 1),
            ],
            Scenario::BlfPickup => &[("Disconnected", "Pickup", 1), ("Answered", "Pickup", 1)],
            Scenario::CallSwitch => &[("Disconnected", "CallSwitch", 1)],
            Scenario::CallFlip => &[("Disconnected", "CallFlip", 1)],
            Scenario::Queue => &[("Disconnected", "AgentAnswered", 2)],
            Scenario::Voicemail => &[("VoiceMail", "", 1)],
            Scenario::Missed => &[("Disconnected", "Cancelled", 2)],
            Scenario::RingOut => &[("Proceeding", "", 2), ("Answered", "", 2)],
            Scenario::QueueFanout => &[("Proceeding", "", 3), ("Disconnected", "AgentAnswered", 2)],
            Scenario::QueueNobody => &[("Proceeding", "", 3), ("Disconnected", "Cancelled", 4)],
            Scenario::ChainedHandover => &[
                ("Disconnected", "AgentAnswered", 3),
                ("Disconnected", "BlindTransfer", 1),
            ],
            Scenario::SwitchThenFlip => &[
                ("Disconnected", "CallSwitch", 1),
                ("Disconnected", "CallFlip", 1),
            ],
            Scenario::DirectedPickup => &[("Answered", "Pickup", 1), ("Disconnected", "Pickup", 1)],
            Scenario::LostSetupBlindTransfer => &[("Disconnected", "BlindTransfer", 1)],
            Scenario::Recording => &[("Answered", "", 2)],
        };
        for &(code, reason, n) in want {
            assert!(
                has(&vs, code, reason) >= n,
                "{sc:?}: want {n}× {code}/{reason}, got {:?}",
                codes(&vs)
            );
        }
        check_peers(sc, &vs);
    }
}

/// Every `peerId` names a party that exists; `Gone` pairs name each other.
fn check_peers(sc: Scenario, vs: &[Value]) {
    let ids: BTreeSet<&str> = vs.iter().map(|v| s(party(v), "id")).collect();
    let mut links = BTreeSet::new();
    for v in vs {
        let Some(peer) = party(v)["status"].get("peerId") else {
            continue;
        };
        let target = s(peer, "partyId");
        assert!(ids.contains(target), "{sc:?}: peer {target} unknown");
        let tsid = peer["telephonySessionId"]
            .as_str()
            .unwrap_or_else(|| s(peer, "sessionId"));
        assert!(
            target.starts_with(&format!("p-{}", &tsid[2..])),
            "{sc:?}: {peer}"
        );
        links.insert((s(party(v), "id").to_string(), target.to_string()));
    }
    for (a, b) in &links {
        if sc != Scenario::ParkPickup {
            assert!(
                links.contains(&(b.clone(), a.clone())),
                "{sc:?}: {a} → {b} not mutual"
            );
        }
    }
    let expected = match sc {
        Scenario::WarmTransfer | Scenario::Supervise => 2,
        Scenario::Conference => 4,
        Scenario::ParkPickup => 1,
        _ => 0,
    };
    assert_eq!(links.len(), expected, "{sc:?}");
}

#[test]
fn scenario_details() {
    let vs = lines(&one(Scenario::Conference, 7, false));
    let bridge: Vec<&Value> = vs
        .iter()
        .filter(|v| v["body"]["sessionId"] == "0")
        .collect();
    assert!(
        bridge.iter().any(|v| party(v)["conferenceRole"] == "Host"
            && party(v)["to"]["phoneNumber"] == "conference")
    );
    assert!(
        bridge
            .iter()
            .all(|v| v["body"]["origin"]["type"] == "Conference")
    );
    let vs = lines(&one(Scenario::Queue, 7, false));
    assert!(
        vs.iter()
            .any(|v| party(v)["uiCallInfo"]["primary"]["type"] == "QueueName")
    );
    assert!(vs.iter().filter(|v| party(v)["queueCall"] == true).count() >= 7);
    let vs = lines(&one(Scenario::ParkPickup, 7, false));
    assert!(vs.iter().any(|v| {
        party(v)["park"]["id"]
            .as_str()
            .is_some_and(|p| p.starts_with("*80"))
    }));
    let vs = lines(&one(Scenario::Voicemail, 7, false));
    assert!(
        vs.iter()
            .any(|v| party(v)["status"]["code"] == "VoiceMail" && party(v)["missedCall"] == true)
    );
    let vs = lines(&one(Scenario::CallSwitch, 7, false));
    let ext = |v: &Value| party(v)["extensionId"].as_str().map(str::to_string);
    let gone = vs
        .iter()
        .find(|v| party(v)["status"]["reason"] == "CallSwitch")
        .and_then(ext);
    let back = vs
        .iter()
        .find(|v| party(v)["id"].as_str().is_some_and(|i| i.ends_with("-3")))
        .expect("p3");
    assert_eq!((ext(back), s(party(back), "direction")), (gone, "Outbound"));
    let vs = lines(&one(Scenario::Inbound, 7, false));
    assert!(
        vs.iter()
            .any(|v| party(v)["status"]["mobilePickupData"]["ccMailboxes"].is_array())
    );
    // Both forms of a park pickup's peer occur across seeds.
    let forms: BTreeSet<bool> = (0..12)
        .flat_map(|seed| lines(&one(Scenario::ParkPickup, seed, false)))
        .filter(|v| party(v)["status"]["code"] == "Gone")
        .map(|v| {
            party(&v)["status"]["peerId"]
                .get("telephonySessionId")
                .is_some()
        })
        .collect();
    assert_eq!(forms.len(), 2);
}
