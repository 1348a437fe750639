//! The notification as it arrives, deserialised without copying (strings borrow from the input).
//!
//! Every field is optional and unknown fields are ignored here; the original text stays available
//! through the event's source position, so nothing written by the platform is lost.

use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

type Str<'a> = Option<Text<'a>>;

/// A string that borrows from the input when it has no escapes (serde's own `Cow` support does
/// not borrow inside an `Option`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// An envelope, a mobile-push wrapper (`pn_apns`) or a bare body: one struct covers all three so
/// the common case is parsed in one pass.
#[derive(Debug, Deserialize)]
pub struct WireEnvelope<'a> {
    #[serde(borrow, default)]
    pub uuid: Str<'a>,
    #[serde(borrow, default)]
    pub event: Str<'a>,
    #[serde(borrow, default)]
    pub timestamp: Str<'a>,
    #[serde(borrow, default, rename = "subscriptionId")]
    pub subscription_id: Str<'a>,
    #[serde(borrow, default, rename = "ownerId")]
    pub owner_id: Str<'a>,
    #[serde(borrow, default)]
    pub body: Option<WireBody<'a>>,
    #[serde(borrow, default)]
    pub pn_apns: Option<&'a RawValue>,
    /// Present in Call Control REST responses (sessions, parties), which are not notifications.
    #[serde(borrow, default)]
    pub parties: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub status: Option<&'a RawValue>,
    /// Present when the object is a bare body rather than an envelope.
    #[serde(borrow, default, rename = "telephonySessionId")]
    pub telephony_session_id: Str<'a>,
}

#[derive(Debug, Deserialize)]
pub struct WireBody<'a> {
    #[serde(default)]
    pub sequence: Option<i64>,
    #[serde(borrow, default, rename = "sessionId")]
    pub session_id: Str<'a>,
    #[serde(borrow, default, rename = "telephonySessionId")]
    pub telephony_session_id: Str<'a>,
    #[serde(borrow, default, rename = "serverId")]
    pub server_id: Str<'a>,
    #[serde(borrow, default, rename = "eventTime")]
    pub event_time: Str<'a>,
    #[serde(borrow, default)]
    pub origin: Option<WireOrigin<'a>>,
    #[serde(borrow, default)]
    pub parties: Option<Vec<WireParty<'a>>>,
}

#[derive(Debug, Deserialize)]
pub struct WireOrigin<'a> {
    #[serde(borrow, default, rename = "type")]
    pub kind: Str<'a>,
}

#[derive(Debug, Deserialize)]
pub struct WireParty<'a> {
    #[serde(borrow, default)]
    pub id: Str<'a>,
    #[serde(borrow, default, rename = "accountId")]
    pub account_id: Str<'a>,
    #[serde(borrow, default, rename = "extensionId")]
    pub extension_id: Str<'a>,
    #[serde(borrow, default)]
    pub direction: Str<'a>,
    #[serde(borrow, default)]
    pub to: Option<WireEndpoint<'a>>,
    #[serde(borrow, default)]
    pub from: Option<WireEndpoint<'a>>,
    #[serde(borrow, default)]
    pub status: Option<WireStatus<'a>>,
    #[serde(borrow, default)]
    pub park: Option<WirePark<'a>>,
    #[serde(default, rename = "queueCall")]
    pub queue_call: Option<bool>,
    #[serde(default, rename = "missedCall")]
    pub missed_call: Option<bool>,
    #[serde(default, rename = "standAlone")]
    pub stand_alone: Option<bool>,
    #[serde(default)]
    pub muted: Option<bool>,
    #[serde(borrow, default, rename = "conferenceRole")]
    pub conference_role: Str<'a>,
    #[serde(borrow, default, rename = "ringOutRole")]
    pub ring_out_role: Str<'a>,
    #[serde(borrow, default, rename = "uiCallInfo")]
    pub ui_call_info: Option<WireUiCallInfo<'a>>,
    /// `recordings: [{id, active}]`, kept as written and read leniently
    /// ([`super::notice::recordings_of`]): a shape the engine does not expect never rejects the
    /// notification.
    #[serde(borrow, default)]
    pub recordings: Option<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
pub struct WireEndpoint<'a> {
    #[serde(borrow, default, rename = "phoneNumber")]
    pub phone_number: Str<'a>,
    #[serde(borrow, default)]
    pub name: Str<'a>,
    #[serde(borrow, default, rename = "extensionId")]
    pub extension_id: Str<'a>,
}

#[derive(Debug, Deserialize)]
pub struct WireStatus<'a> {
    #[serde(borrow, default)]
    pub code: Str<'a>,
    #[serde(borrow, default)]
    pub reason: Str<'a>,
    #[serde(borrow, default, rename = "parkData")]
    pub park_data: Str<'a>,
    #[serde(borrow, default, rename = "peerId")]
    pub peer_id: Option<WirePeer<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct WirePeer<'a> {
    #[serde(borrow, default, rename = "sessionId")]
    pub session_id: Str<'a>,
    #[serde(borrow, default, rename = "telephonySessionId")]
    pub telephony_session_id: Str<'a>,
    #[serde(borrow, default, rename = "partyId")]
    pub party_id: Str<'a>,
}

#[derive(Debug, Deserialize)]
pub struct WirePark<'a> {
    #[serde(borrow, default)]
    pub id: Str<'a>,
}

#[derive(Debug, Deserialize)]
pub struct WireUiCallInfo<'a> {
    #[serde(borrow, default)]
    pub primary: Option<WireUiLabel<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct WireUiLabel<'a> {
    #[serde(borrow, default, rename = "type")]
    pub kind: Str<'a>,
    #[serde(borrow, default)]
    pub value: Str<'a>,
}

/// A WebSocket frame's first element.
#[derive(Debug, Deserialize)]
pub struct WireFrameMeta<'a> {
    #[serde(borrow, rename = "type")]
    pub kind: Text<'a>,
}
