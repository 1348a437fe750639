//! The fast reader for the common line: one envelope object with a `body`, on one line, read in
//! a single pass that keeps the fields of [`RawNotice`] and checks the rest is well-formed JSON.
//!
//! It reads only the plain case and gives up (returns `false`) on anything else: invalid UTF-8,
//! any control character or backslash in the line (so no escapes, and white space inside the
//! value is only spaces; JSON's four kinds are trimmed around it), a negative or fractional `sequence`, a field of another type than the wire structs
//! expect, a repeated field, `pn_apns`, a missing or null `body`, deep nesting. serde_json then
//! reads the line with the wire structs (`parse`), so what is accepted, and every message about
//! what is wrong, stays serde_json's; `tests/fast_path.rs` checks that both readers agree.
//!
//! Why a reader of our own: on a 217 MB capture of 250,000 notifications, serde_json takes 484 ms
//! of a core into the wire structs and 290 ms with borrowing visitors that skip what is not
//! needed; simd-json's tape takes 196 ms and sonic-rs's DOM 263 ms before a field is read (the
//! notifications are small, about 860 bytes, so per-value costs dominate). This takes about
//! a third of serde_json's best, which the `calls --json` speed target needs.

use super::cursor::{Cursor, GiveUp, Pattern, Read};
use super::parse::json_space;
use crate::model::notice::{QUEUE_NAME, RawEndpoint, RawNotice, RawParty, RawPeer};

/// Reads `line` (one JSON value, white space around it allowed) into `out`. True when it is an
/// envelope object with a body and `out` holds its fields; false when the general reader must
/// look at it (then `out` holds nothing useful).
pub fn read<'a>(line: &'a [u8], out: &mut RawNotice<'a>) -> bool {
    let start = line
        .iter()
        .position(|&b| !json_space(b))
        .unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|&b| !json_space(b))
        .map_or(start, |i| i + 1);
    let line = &line[start..end];
    // Without backslashes a string ends at the next quote; without control characters every
    // string is one JSON allows and all white space is spaces.
    let unusual = line
        .iter()
        .fold(false, |acc, &b| acc | (b < 0x20) | (b == b'\\'));
    if unusual {
        return false;
    }
    let Ok(text) = std::str::from_utf8(line) else {
        return false;
    };
    out.clear();
    let mut c = Cursor::new(text);
    matches!(envelope(&mut c, out), Ok(true)) && c.finished()
}

/// Reads an object with [`Cursor::members`]: `name: "key" => action` for each known key, in the
/// order they usually come; other keys' values are passed over. Evaluates to whether it was an
/// object (`null` allowed) with `opt`, to `()` without.
macro_rules! members {
    ($how:ident, $c:ident, { $($name:ident : $key:literal => $action:expr),+ $(,)? }) => {{
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        enum Key {
            $($name),+
        }
        const KEYS: &[Pattern] = &[$(Pattern::new(concat!("\"", $key, "\":").as_bytes())),+];
        const ALL: &[Key] = &[$(Key::$name),+];
        $c.$how(KEYS, |$c, index| {
            match index.map(|i| ALL[i]) {
                $(Some(Key::$name) => {
                    $action;
                })+
                None => $c.skip(0)?,
            }
            Ok(())
        })
    }};
}

/// The top-level object; true when it has a body.
fn envelope<'a>(c: &mut Cursor<'a>, out: &mut RawNotice<'a>) -> Read<bool> {
    let mut has_body = false;
    members!(members, c, {
        uuid: "uuid" => out.uuid = c.opt_str()?,
        event: "event" => out.event = c.opt_str()?,
        timestamp: "timestamp" => out.timestamp = c.opt_str()?,
        // Not used, but read as the wire structs read them: a field of the wrong type is an
        // error the general reader reports.
        subscription: "subscriptionId" => c.opt_str()?,
        owner: "ownerId" => c.opt_str()?,
        body: "body" => has_body = body(c, out)?,
        // A push wrapper, or the fields of a REST response or a bare body: the general reader
        // knows what they mean.
        pn_apns: "pn_apns" => return Err(GiveUp),
        parties: "parties" => return Err(GiveUp),
        status: "status" => return Err(GiveUp),
        session: "telephonySessionId" => return Err(GiveUp),
    })?;
    Ok(has_body)
}

fn body<'a>(c: &mut Cursor<'a>, out: &mut RawNotice<'a>) -> Read<bool> {
    members!(opt_members, c, {
        sequence: "sequence" => out.sequence = c.opt_i64()?,
        legacy: "sessionId" => out.session_id = c.opt_str()?,
        session: "telephonySessionId" => out.telephony_session_id = c.opt_str()?,
        server: "serverId" => c.opt_str()?, // Checked only, like `ownerId`.
        at: "eventTime" => out.event_time = c.opt_str()?,
        parties: "parties" => if !c.null()? {
            c.array(|c| {
                let mut p = RawParty::default();
                party(c, &mut p)?;
                out.parties.push(p);
                Ok(())
            })?;
        },
        origin: "origin" => members!(opt_members, c, {
            kind: "type" => out.origin = c.opt_str()?,
        })?,
    })
}

/// One element of `parties`: an object (not null).
fn party<'a>(c: &mut Cursor<'a>, out: &mut RawParty<'a>) -> Read<()> {
    members!(members, c, {
        account: "accountId" => c.opt_str()?, // Checked only, like `ownerId`.
        extension: "extensionId" => out.extension_id = c.opt_str()?,
        id: "id" => out.id = c.opt_str()?,
        direction: "direction" => out.direction = c.opt_str()?,
        to: "to" => endpoint(c, &mut out.to)?,
        from: "from" => endpoint(c, &mut out.from)?,
        queue: "queueCall" => out.queue_call = c.opt_bool()?,
        status: "status" => status(c, out)?,
        park: "park" => members!(opt_members, c, {
            id: "id" => out.park_id = c.opt_str()?,
        })?,
        missed: "missedCall" => out.missed_call = c.opt_bool()?,
        alone: "standAlone" => out.stand_alone = c.opt_bool()?,
        muted: "muted" => out.muted = c.opt_bool()?,
        ui: "uiCallInfo" => ui_call_info(c, out)?,
        conference: "conferenceRole" => out.conference_role = c.opt_str()?,
        ring_out: "ringOutRole" => out.ring_out_role = c.opt_str()?,
        // Rare, and read leniently by the general reader (`recordings_of`).
        recordings: "recordings" => return Err(GiveUp),
    })
}

fn endpoint<'a>(c: &mut Cursor<'a>, out: &mut RawEndpoint<'a>) -> Read<()> {
    members!(opt_members, c, {
        number: "phoneNumber" => out.phone_number = c.opt_str()?,
        name: "name" => out.name = c.opt_str()?,
        extension: "extensionId" => out.extension_id = c.opt_str()?,
    })
    .map(drop)
}

fn status<'a>(c: &mut Cursor<'a>, out: &mut RawParty<'a>) -> Read<()> {
    members!(opt_members, c, {
        code: "code" => out.code = c.opt_str()?,
        reason: "reason" => out.reason = c.opt_str()?,
        park: "parkData" => out.park_data = c.opt_str()?,
        peer: "peerId" => {
            let mut peer = RawPeer::default();
            let present = members!(opt_members, c, {
                legacy: "sessionId" => peer.session_id = c.opt_str()?,
                session: "telephonySessionId" => peer.telephony_session_id = c.opt_str()?,
                party: "partyId" => peer.party_id = c.opt_str()?,
            })?;
            out.peer = present.then_some(peer);
        },
    })
    .map(drop)
}

/// `uiCallInfo`: the queue's name is `primary.value` when `primary.type` is `QueueName`.
fn ui_call_info<'a>(c: &mut Cursor<'a>, out: &mut RawParty<'a>) -> Read<()> {
    members!(opt_members, c, {
        primary: "primary" => {
            let (mut kind, mut value) = (None, None);
            members!(opt_members, c, {
                kind: "type" => kind = c.opt_str()?,
                value: "value" => value = c.opt_str()?,
            })?;
            out.queue_name = value.filter(|_| kind == Some(QUEUE_NAME));
        },
    })
    .map(drop)
}
