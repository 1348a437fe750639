//! Wire shapes of a telephony-session notification, serialised in the key order of real captures.

use serde::Serialize;
use serde_json::value::RawValue;

/// One delivery: the envelope around an already serialised body (shared by re-deliveries).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Envelope<'a> {
    pub uuid: &'a str,
    pub event: &'a str,
    pub timestamp: &'a str,
    pub subscription_id: &'a str,
    pub owner_id: &'a str,
    pub body: &'a RawValue,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Body<'a> {
    pub sequence: u64,
    pub session_id: &'a str,
    pub telephony_session_id: &'a str,
    pub server_id: &'a str,
    pub event_time: &'a str,
    pub parties: [&'a Party; 1],
    pub origin: Origin,
}

#[derive(Serialize)]
pub(crate) struct Origin {
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Party {
    pub account_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_id: Option<String>,
    pub id: String,
    pub direction: &'static str,
    pub to: Endpoint,
    pub from: Endpoint,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_call: Option<bool>,
    pub status: Status,
    pub park: Park,
    pub missed_call: bool,
    pub stand_alone: bool,
    pub muted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ui_call_info: Option<UiCallInfo>,
    /// RingOut legs: `Initiator` or `Target` (§6.11).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_out_role: Option<&'static str>,
    /// `recordings: [{id, active}]` (only the `recording` scenario writes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recordings: Option<Vec<RecordingInfo>>,
}

#[derive(Serialize, Clone, Debug, Default)]
pub(crate) struct RecordingInfo {
    pub id: String,
    pub active: bool,
}

#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Endpoint {
    pub phone_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
}

impl Endpoint {
    pub fn number(phone_number: &str) -> Endpoint {
        Endpoint {
            phone_number: phone_number.to_string(),
            ..Endpoint::default()
        }
    }

    pub fn named(phone_number: &str, name: Option<&str>) -> Endpoint {
        Endpoint {
            name: name.map(str::to_string),
            ..Endpoint::number(phone_number)
        }
    }
}

#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Status {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer_id: Option<PeerId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub park_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_pickup_data: Option<MobilePickup>,
    pub rcc: bool,
}

#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PeerId {
    pub session_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephony_session_id: Option<String>,
    pub party_id: String,
}

#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MobilePickup {
    pub cc_mailboxes: Vec<String>,
    pub to: String,
    pub sid: String,
    pub srv_lvl: &'static str,
    pub srv_lvl_ext: &'static str,
}

#[derive(Serialize, Clone, Debug, Default)]
pub(crate) struct Park {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct UiCallInfo {
    pub primary: UiItem,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional: Option<UiItem>,
}

impl UiCallInfo {
    /// What the apps show for a call from `caller` (its caller-ID name), optionally via a queue.
    pub fn new(queue: Option<&str>, caller: Option<&str>) -> Option<UiCallInfo> {
        let name = |v: &str| UiItem {
            kind: "CallerIdName",
            value: v.to_string(),
        };
        match (queue, caller) {
            (Some(q), c) => Some(UiCallInfo {
                primary: UiItem {
                    kind: "QueueName",
                    value: q.to_string(),
                },
                additional: c.map(name),
            }),
            (None, Some(c)) => Some(UiCallInfo {
                primary: name(c),
                additional: None,
            }),
            (None, None) => None,
        }
    }
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct UiItem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub value: String,
}
