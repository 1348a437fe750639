//! A telephony session notification's fields as read, strings borrowed from the input: the form
//! both readers produce (the fast one straight from the text, the general one from the wire
//! structs), so one function turns either into events. Only what the engine uses is here; the
//! original text stays available through the event's source position.

use super::wire::{WireBody, WireEndpoint, WireEnvelope, WireParty};

/// The envelope and body fields the engine uses. `parties` is empty when the body has none.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RawNotice<'a> {
    pub uuid: Option<&'a str>,
    /// The subscription's event filter, e.g. `/restapi/v1.0/account/~/telephony/sessions`.
    pub event: Option<&'a str>,
    /// When the notification was sent.
    pub timestamp: Option<&'a str>,
    pub sequence: Option<i64>,
    /// The legacy `sessionId`.
    pub session_id: Option<&'a str>,
    pub telephony_session_id: Option<&'a str>,
    pub event_time: Option<&'a str>,
    /// `origin.type`.
    pub origin: Option<&'a str>,
    pub parties: Vec<RawParty<'a>>,
}

/// One party of a notification.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RawParty<'a> {
    pub id: Option<&'a str>,
    pub extension_id: Option<&'a str>,
    pub direction: Option<&'a str>,
    pub to: RawEndpoint<'a>,
    pub from: RawEndpoint<'a>,
    /// `status.code`, `status.reason`, `status.parkData`.
    pub code: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub park_data: Option<&'a str>,
    /// `status.peerId`.
    pub peer: Option<RawPeer<'a>>,
    /// `park.id`.
    pub park_id: Option<&'a str>,
    pub queue_call: Option<bool>,
    pub missed_call: Option<bool>,
    pub stand_alone: Option<bool>,
    pub muted: Option<bool>,
    pub conference_role: Option<&'a str>,
    pub ring_out_role: Option<&'a str>,
    /// `uiCallInfo.primary.value` when its `type` is `QueueName`.
    pub queue_name: Option<&'a str>,
    /// `recordings` as `(id, active)`: `None` when the party has no such key (nothing said),
    /// `Some` of the list (maybe empty) when it has.
    pub recordings: Option<Vec<(String, bool)>>,
}

/// `to` or `from` of a party (all `None` when absent).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RawEndpoint<'a> {
    pub phone_number: Option<&'a str>,
    pub name: Option<&'a str>,
    pub extension_id: Option<&'a str>,
}

/// `status.peerId` as written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RawPeer<'a> {
    pub session_id: Option<&'a str>,
    pub telephony_session_id: Option<&'a str>,
    pub party_id: Option<&'a str>,
}

/// The `type` of `uiCallInfo.primary` that names a call queue.
pub const QUEUE_NAME: &str = "QueueName";

impl<'a> RawNotice<'a> {
    /// Empties it for the next line, keeping the parties' room.
    pub fn clear(&mut self) {
        let mut parties = std::mem::take(&mut self.parties);
        parties.clear();
        *self = Self {
            parties,
            ..Self::default()
        };
    }

    /// The fields of a parsed envelope and its body (which may be the envelope itself, for a bare
    /// body).
    pub fn from_wire(env: &'a WireEnvelope<'_>, body: &'a WireBody<'_>) -> Self {
        Self {
            uuid: env.uuid.as_deref(),
            event: env.event.as_deref(),
            timestamp: env.timestamp.as_deref(),
            sequence: body.sequence,
            session_id: body.session_id.as_deref(),
            telephony_session_id: body.telephony_session_id.as_deref(),
            event_time: body.event_time.as_deref(),
            origin: body.origin.as_ref().and_then(|o| o.kind.as_deref()),
            parties: body
                .parties
                .iter()
                .flatten()
                .map(RawParty::from_wire)
                .collect(),
        }
    }
}

impl<'a> RawParty<'a> {
    fn from_wire(p: &'a WireParty<'_>) -> Self {
        let status = p.status.as_ref();
        let primary = p.ui_call_info.as_ref().and_then(|u| u.primary.as_ref());
        Self {
            id: p.id.as_deref(),
            extension_id: p.extension_id.as_deref(),
            direction: p.direction.as_deref(),
            to: RawEndpoint::from_wire(p.to.as_ref()),
            from: RawEndpoint::from_wire(p.from.as_ref()),
            code: status.and_then(|s| s.code.as_deref()),
            reason: status.and_then(|s| s.reason.as_deref()),
            park_data: status.and_then(|s| s.park_data.as_deref()),
            peer: status.and_then(|s| s.peer_id.as_ref()).map(|peer| RawPeer {
                session_id: peer.session_id.as_deref(),
                telephony_session_id: peer.telephony_session_id.as_deref(),
                party_id: peer.party_id.as_deref(),
            }),
            park_id: p.park.as_ref().and_then(|k| k.id.as_deref()),
            queue_call: p.queue_call,
            missed_call: p.missed_call,
            stand_alone: p.stand_alone,
            muted: p.muted,
            conference_role: p.conference_role.as_deref(),
            ring_out_role: p.ring_out_role.as_deref(),
            queue_name: primary
                .filter(|l| l.kind.as_deref() == Some(QUEUE_NAME))
                .and_then(|l| l.value.as_deref()),
            recordings: p.recordings.and_then(recordings_of),
        }
    }
}

impl<'a> RawEndpoint<'a> {
    fn from_wire(e: Option<&'a WireEndpoint<'_>>) -> Self {
        match e {
            None => Self::default(),
            Some(e) => Self {
                phone_number: e.phone_number.as_deref(),
                name: e.name.as_deref(),
                extension_id: e.extension_id.as_deref(),
            },
        }
    }
}

/// `recordings` read leniently: a list of objects whose `id` is a string or a number and whose
/// `active` is a boolean (absent: active; `false` means paused). `null` or another shape says
/// nothing (`None`); elements without an id are left out.
pub fn recordings_of(raw: &serde_json::value::RawValue) -> Option<Vec<(String, bool)>> {
    let value: serde_json::Value = serde_json::from_str(raw.get()).ok()?;
    let list = value.as_array()?;
    Some(
        list.iter()
            .filter_map(|r| {
                let id = match r.get("id")? {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                let active = r.get("active").and_then(serde_json::Value::as_bool);
                Some((id, active.unwrap_or(true)))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::recordings_of;
    use serde_json::value::RawValue;

    fn read(text: &str) -> Option<Vec<(String, bool)>> {
        recordings_of(&RawValue::from_string(text.to_owned()).unwrap())
    }

    #[test]
    fn recordings_are_read_leniently() {
        assert_eq!(
            read(r#"[{"id":"r1","active":true},{"id":7,"active":false},{"id":"r3"}]"#),
            Some(vec![
                ("r1".into(), true),
                ("7".into(), false),
                ("r3".into(), true)
            ])
        );
        assert_eq!(read("[]"), Some(vec![]));
        assert_eq!(read(r#"[{"active":true}, 5]"#), Some(vec![]));
        assert_eq!(read("null"), None);
        assert_eq!(read(r#"{"id":"r1"}"#), None);
    }
}
