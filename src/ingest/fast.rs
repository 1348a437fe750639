//! The fast reader for the common line: one envelope object with a `body`, on one line, read in
//! a single pass that keeps the fields of [`RawNotice`] and checks the rest is well-formed JSON.
//!
//! It reads only the plain case and gives up (returns `false`) on anything else: invalid UTF-8,
//! any control character or backslash in the line (so no escapes, and white space is only
//! spaces), a negative or fractional `sequence`, a field of another type than the wire structs
//! expect, a repeated field, `pn_apns`, a missing or null `body`, deep nesting. serde_json then
//! reads the line with the wire structs (`parse`), so what is accepted, and every message about
//! what is wrong, stays serde_json's; `tests/fast_path.rs` checks that both readers agree.
//!
//! Why a reader of our own: on a 217 MB capture of 250,000 notifications, serde_json takes 484 ms
//! of a core into the wire structs and 290 ms with borrowing visitors that skip what is not
//! needed; simd-json's tape takes 196 ms and sonic-rs's DOM 263 ms before a field is read (the
//! notifications are small, about 860 bytes, so per-value costs dominate). This takes about
//! a third of serde_json's best, which the `calls --json` speed target needs.

use crate::model::notice::{QUEUE_NAME, RawEndpoint, RawNotice, RawParty, RawPeer};

/// Reads `line` (one JSON value, white space around it allowed) into `out`. True when it is an
/// envelope object with a body and `out` holds its fields; false when the general reader must
/// look at it (then `out` holds nothing useful).
pub fn read<'a>(line: &'a [u8], out: &mut RawNotice<'a>) -> bool {
    let line = line.trim_ascii();
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
    let mut c = Cursor { text, at: 0 };
    matches!(envelope(&mut c, out), Ok(true)) && c.at == text.len()
}

impl RawNotice<'_> {
    /// Empties it for the next line, keeping the parties' room.
    pub fn clear(&mut self) {
        let mut parties = std::mem::take(&mut self.parties);
        parties.clear();
        *self = Self {
            parties,
            ..Self::default()
        };
    }
}

/// The line is left to the general reader.
#[derive(Debug)]
struct GiveUp;

type Read<T> = Result<T, GiveUp>;

/// How deep a skipped value may nest (serde_json allows 128 levels in all; the known structure
/// above a skipped value is at most 6 deep).
const MAX_SKIP_DEPTH: u32 = 100;

/// A position in a line that has no control characters or backslashes.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The next byte after spaces (compact JSON has none between tokens).
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        match self.text.as_bytes().get(self.at) {
            Some(b' ') => self.past_spaces(),
            next => next.copied(),
        }
    }

    #[cold]
    fn past_spaces(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        bytes.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Read<()> {
        if self.peek() != Some(byte) {
            return Err(GiveUp);
        }
        self.at += 1;
        Ok(())
    }

    /// A string: from its quote to the next one.
    fn string(&mut self) -> Read<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let len = find_quote(&self.text.as_bytes()[start..]).ok_or(GiveUp)?;
        self.at = start + len + 1;
        // Both ends are next to a quote, so on character boundaries.
        self.text.get(start..start + len).ok_or(GiveUp)
    }

    /// `word` exactly (`true`, `false`, `null`).
    fn literal(&mut self, word: &[u8]) -> Read<()> {
        self.peek();
        if !self.text.as_bytes()[self.at..].starts_with(word) {
            return Err(GiveUp);
        }
        self.at += word.len();
        Ok(())
    }

    /// Whether `null` comes next (and if so, takes it).
    fn null(&mut self) -> Read<bool> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal(b"null").map(|()| true)
    }

    /// An object, each member handed to `member` with its key; `member` must take the value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a [u8]) -> Read<()>) -> Read<()> {
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(());
        }
        loop {
            let key = self.string()?.as_bytes();
            self.expect(b':')?;
            member(self, key)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// An array, each element handed to `element`, which must take it.
    fn array(&mut self, mut element: impl FnMut(&mut Self) -> Read<()>) -> Read<()> {
        self.expect(b'[')?;
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(());
        }
        loop {
            element(self)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// An object whose known members (`keys`, each written `"name":`) usually come in the order
    /// listed: the one expected next is recognised by comparing bytes, without searching for
    /// the end of its name (names are most of a notification's strings). `member` gets the
    /// index of the known key, or `None` for another one, and must take the value. A known key
    /// given twice gives up (the wire structs reject it too).
    fn members(
        &mut self,
        keys: &[Pattern],
        mut member: impl FnMut(&mut Self, Option<usize>) -> Read<()>,
    ) -> Read<()> {
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(());
        }
        let (mut next, mut seen) = (0, 0u64);
        loop {
            self.peek();
            let rest = &self.text.as_bytes()[self.at..];
            let index = match keys.get(next) {
                Some(k) if k.starts(rest) => {
                    self.at += k.text.len();
                    Some(next)
                }
                _ => {
                    let key = self.string()?.as_bytes();
                    self.expect(b':')?;
                    keys.iter().position(|k| k.is_key(key))
                }
            };
            if let Some(i) = index {
                if seen & (1 << i) != 0 {
                    return Err(GiveUp);
                }
                seen |= 1 << i;
                next = i + 1;
            }
            member(self, index)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// `null` or an object read by [`Cursor::members`]; true for an object.
    fn opt_members(
        &mut self,
        keys: &[Pattern],
        member: impl FnMut(&mut Self, Option<usize>) -> Read<()>,
    ) -> Read<bool> {
        if self.null()? {
            return Ok(false);
        }
        self.members(keys, member).map(|()| true)
    }

    /// `null` or a string.
    fn opt_str(&mut self) -> Read<Option<&'a str>> {
        if self.null()? {
            return Ok(None);
        }
        self.string().map(Some)
    }

    /// `null`, `true` or `false`.
    fn opt_bool(&mut self) -> Read<Option<bool>> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| Some(true)),
            Some(b'f') => self.literal(b"false").map(|()| Some(false)),
            _ => self.literal(b"null").map(|()| None),
        }
    }

    /// `null` or a whole number that fits an `i64`. Negative numbers (serde_json reads `-0` as a
    /// float) and anything with a fraction or exponent are left to the general reader.
    fn opt_i64(&mut self) -> Read<Option<i64>> {
        if self.null()? {
            return Ok(None);
        }
        let bytes = self.text.as_bytes();
        let digits = bytes[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = self.at + digits;
        let leading_zero = digits > 1 && bytes[self.at] == b'0';
        if digits == 0 || leading_zero || matches!(bytes.get(end), Some(b'.' | b'e' | b'E')) {
            return Err(GiveUp);
        }
        let n = bytes[self.at..end].iter().try_fold(0i64, |n, &d| {
            n.checked_mul(10)?.checked_add(i64::from(d - b'0'))
        });
        self.at = end;
        n.map(Some).ok_or(GiveUp)
    }

    /// Any JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Read<()> {
        let bytes = self.text.as_bytes();
        let digits_from = |at: usize| {
            bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let mut at = self.at;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match (bytes.get(at), digits_from(at)) {
            (Some(b'0'), _) => at += 1,
            (_, 0) => return Err(GiveUp),
            (_, n) => at += n,
        }
        if bytes.get(at) == Some(&b'.') {
            let n = digits_from(at + 1);
            if n == 0 {
                return Err(GiveUp);
            }
            at += 1 + n;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            let n = digits_from(at);
            if n == 0 {
                return Err(GiveUp);
            }
            at += n;
        }
        self.at = at;
        Ok(())
    }

    /// Any JSON value, checked and passed over.
    fn skip(&mut self, depth: u32) -> Read<()> {
        if depth > MAX_SKIP_DEPTH {
            return Err(GiveUp);
        }
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'{') => self.object(|c, _| c.skip(depth + 1)),
            Some(b'[') => self.array(|c| c.skip(depth + 1)),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(GiveUp),
        }
    }
}

/// A key as written in compact JSON, `"name":`, with the means to recognise it in three
/// eight-byte comparisons (no call to `memcmp` for every member of every notification).
struct Pattern {
    text: &'static [u8],
    words: [u64; 3],
    masks: [u64; 3],
}

impl Pattern {
    /// `text` is `"name":`, at most 24 bytes.
    const fn new(text: &'static [u8]) -> Self {
        let mut words = [0u64; 3];
        let mut masks = [0u64; 3];
        let mut i = 0;
        while i < text.len() && i < 24 {
            words[i / 8] |= (text[i] as u64) << (8 * (i % 8));
            masks[i / 8] |= 0xff << (8 * (i % 8));
            i += 1;
        }
        Self { text, words, masks }
    }

    /// Whether `rest` starts with it.
    fn starts(&self, rest: &[u8]) -> bool {
        match rest.first_chunk::<24>() {
            Some(head) if self.text.len() <= 24 => {
                let word = |i: usize| {
                    let mut w = [0u8; 8];
                    w.copy_from_slice(&head[i * 8..i * 8 + 8]);
                    u64::from_le_bytes(w)
                };
                ((word(0) ^ self.words[0]) & self.masks[0])
                    | ((word(1) ^ self.words[1]) & self.masks[1])
                    | ((word(2) ^ self.words[2]) & self.masks[2])
                    == 0
            }
            _ => rest.starts_with(self.text),
        }
    }

    /// Whether `name` (without quotes) is its name.
    fn is_key(&self, name: &[u8]) -> bool {
        self.text.len() == name.len() + 3 && &self.text[1..=name.len()] == name
    }
}

/// Where the first `"` is. Eight bytes at a time: the strings of a notification are short, so
/// this beats a vectorised search's set-up (`memchr` cost a fifth of the reading time).
fn find_quote(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    let mut words = bytes.chunks_exact(8);
    for (i, word) in (&mut words).enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        // A byte of `x` is zero where the text has a quote; the lowest such byte is found
        // exactly (borrows only ever run upwards).
        let x = u64::from_le_bytes(w) ^ QUOTES;
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            return Some(i * 8 + (found.trailing_zeros() / 8) as usize);
        }
    }
    let at = bytes.len() - words.remainder().len();
    words
        .remainder()
        .iter()
        .position(|&b| b == b'"')
        .map(|i| at + i)
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
        subscription: "subscriptionId" => out.subscription = c.opt_str()?,
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
        server: "serverId" => c.opt_str()?,
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
        account: "accountId" => out.account_id = c.opt_str()?,
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

#[cfg(test)]
mod tests {
    use super::{Pattern, find_quote};

    #[test]
    fn patterns_recognise_their_key_only() {
        const ID: Pattern = Pattern::new(b"\"id\":");
        const LONG: Pattern = Pattern::new(b"\"telephonySessionId\":");
        let line = br#""id":"p-1","telephonySessionId":"s-1","idx":1,"i":2 and some more text"#;
        assert!(ID.starts(line));
        assert!(!ID.starts(&line[11..]));
        assert!(LONG.starts(&line[11..]));
        assert!(!ID.starts(&line[39..]));
        // Near the end of a line, where fewer than 24 bytes are left.
        assert!(ID.starts(b"\"id\":1}"));
        assert!(!ID.starts(b"\"id\""));
        assert!(LONG.is_key(b"telephonySessionId"));
        assert!(!LONG.is_key(b"telephonySession"));
    }

    #[test]
    fn quotes_are_found_wherever_they_are() {
        for len in 0..40 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'"';
                if at + 1 < len {
                    text[at + 1] = b'"';
                }
                assert_eq!(find_quote(&text), Some(at), "{len} {at}");
            }
            assert_eq!(find_quote(&vec![b'x'; len]), None);
        }
        // Bytes next to the quote's value, or with its low bits, do not count.
        assert_eq!(find_quote(b"!#!#!#!#!#!#!#!#!#"), None);
        assert_eq!(
            find_quote("\u{a2}\u{a2}\u{a2}\u{a2}\u{a2}".as_bytes()),
            None
        );
        assert_eq!(find_quote("\u{a2}\u{a2}\u{a2}\u{a2}\"".as_bytes()), Some(8));
    }
}
