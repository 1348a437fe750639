//! A cursor over one line of JSON that has no control characters or backslashes, for the fast
//! reader (`fast`): tokens, strings found eight bytes at a time, objects whose keys are
//! expected in an order, and any value checked and passed over. Every method gives up (`GiveUp`)
//! on what it does not read exactly as serde_json would; it never says why.

/// The line is left to the general reader.
#[derive(Debug)]
pub struct GiveUp;

pub type Read<T> = Result<T, GiveUp>;

/// How deep a skipped value may nest (serde_json allows 128 levels in all; the known structure
/// above a skipped value is at most 6 deep).
const MAX_SKIP_DEPTH: u32 = 100;

/// A position in a line that has no control characters or backslashes.
pub struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    #[inline]
    pub fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    /// Whether all of the text was read.
    #[inline]
    pub fn finished(&self) -> bool {
        self.at == self.text.len()
    }

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

    #[inline]
    fn expect(&mut self, byte: u8) -> Read<()> {
        if self.peek() != Some(byte) {
            return Err(GiveUp);
        }
        self.at += 1;
        Ok(())
    }

    /// A string: from its quote to the next one.
    #[inline]
    fn string(&mut self) -> Read<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let len = find_quote(&self.text.as_bytes()[start..]).ok_or(GiveUp)?;
        self.at = start + len + 1;
        // Both ends are next to a quote, so on character boundaries.
        self.text.get(start..start + len).ok_or(GiveUp)
    }

    /// After a member or element: true past a `,` (another one follows), false past `close`.
    #[inline]
    fn more(&mut self, close: u8) -> Read<bool> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(GiveUp),
        }
    }

    /// `word` exactly (`true`, `false`, `null`).
    #[inline]
    fn literal(&mut self, word: &[u8]) -> Read<()> {
        self.peek(); // Past any spaces.
        if !self.text.as_bytes()[self.at..].starts_with(word) {
            return Err(GiveUp);
        }
        self.at += word.len();
        Ok(())
    }

    /// Whether `null` comes next (and if so, takes it).
    #[inline]
    pub fn null(&mut self) -> Read<bool> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal(b"null").map(|()| true)
    }

    /// `open`, then items separated by commas, each taken by `item`, then `close`.
    #[inline]
    fn delimited(
        &mut self,
        open: u8,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Read<()>,
    ) -> Read<()> {
        self.expect(open)?;
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            if !self.more(close)? {
                return Ok(());
            }
        }
    }

    /// An object, each member handed to `member` with its key; `member` must take the value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a [u8]) -> Read<()>) -> Read<()> {
        self.delimited(b'{', b'}', |c| {
            let key = c.string()?.as_bytes();
            c.expect(b':')?;
            member(c, key)
        })
    }

    /// An array, each element handed to `element`, which must take it.
    #[inline]
    pub fn array(&mut self, element: impl FnMut(&mut Self) -> Read<()>) -> Read<()> {
        self.delimited(b'[', b']', element)
    }

    /// An object whose known members (`keys`, each written `"name":`) usually come in the order
    /// listed: the one expected next is recognised by comparing bytes, without searching for
    /// the end of its name (names are most of a notification's strings). `member` gets the
    /// index of the known key, or `None` for another one, and must take the value. A known key
    /// given twice gives up (the wire structs reject it too).
    #[inline]
    pub fn members(
        &mut self,
        keys: &[Pattern],
        mut member: impl FnMut(&mut Self, Option<usize>) -> Read<()>,
    ) -> Read<()> {
        let (mut next, mut seen) = (0, 0u64);
        self.delimited(b'{', b'}', |c| {
            c.peek(); // Past any spaces.
            let rest = &c.text.as_bytes()[c.at..];
            let index = match keys.get(next) {
                Some(k) if k.starts(rest) => {
                    c.at += k.text.len();
                    Some(next)
                }
                _ => {
                    let key = c.string()?.as_bytes();
                    c.expect(b':')?;
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
            member(c, index)
        })
    }

    /// `null` or an object read by [`Cursor::members`]; true for an object.
    #[inline]
    pub fn opt_members(
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
    #[inline]
    pub fn opt_str(&mut self) -> Read<Option<&'a str>> {
        if self.null()? {
            return Ok(None);
        }
        self.string().map(Some)
    }

    /// `null`, `true` or `false`.
    #[inline]
    pub fn opt_bool(&mut self) -> Read<Option<bool>> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| Some(true)),
            Some(b'f') => self.literal(b"false").map(|()| Some(false)),
            _ => self.literal(b"null").map(|()| None),
        }
    }

    /// `null` or a whole number that fits an `i64`. Negative numbers (serde_json reads `-0` as a
    /// float) and anything with a fraction or exponent are left to the general reader.
    #[inline]
    pub fn opt_i64(&mut self) -> Read<Option<i64>> {
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
    #[inline]
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
    #[inline]
    pub fn skip(&mut self, depth: u32) -> Read<()> {
        if depth >= MAX_SKIP_DEPTH {
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
pub struct Pattern {
    text: &'static [u8],
    words: [u64; 3],
    masks: [u64; 3],
}

impl Pattern {
    /// `text` is `"name":`, at most 24 bytes.
    pub const fn new(text: &'static [u8]) -> Self {
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
    #[inline]
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
    #[inline]
    fn is_key(&self, name: &[u8]) -> bool {
        self.text.len() == name.len() + 3 && &self.text[1..=name.len()] == name
    }
}

/// Where the first `"` is. Eight bytes at a time: the strings of a notification are short, so
/// this beats a vectorised search's set-up (`memchr` cost a fifth of the reading time).
#[inline]
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
