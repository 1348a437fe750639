//! Redaction: every person of a call gets an alias ("Caller A", "Agent 104", "Extension 1",
//! "Outside party B"), computed once per call from the engine's identities, and every text an
//! exporter writes goes through it. The same person keeps the same alias in every lane, session
//! and format. It does not touch session or party ids, codes or reasons (not personal).

use crate::calls::{Call, CallSet, format_number};
use crate::store::Store;
use petgraph::graph::NodeIndex;
use std::collections::BTreeMap;

/// Aliases of one call's people, and the replacements that apply them to any text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redaction {
    /// Alias of each party node (parties with nothing personal, like a conference leg, have none).
    party: BTreeMap<NodeIndex, String>,
    /// (original, replacement), longest original first so a label is replaced before its parts.
    pairs: Vec<(String, String)>,
    /// Words of people's names (lower case, three letters or more) and their alias, for text
    /// people typed ("Dana took it" when the directory says "Dana Whitfield").
    name_words: BTreeMap<String, String>,
    /// The last seven digits of every known number, to catch them however they are typed.
    number_tails: Vec<String>,
}

/// Who a person is, for "the same person keeps the same alias".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Extension(String),
    Number(String),
    Name(String),
}

/// `A`, `B`, … `Z`, then `A27`, `A28`…: letters for people outside the company.
fn letter(i: usize) -> String {
    match u8::try_from(i).ok().filter(|i| *i < 26) {
        Some(i) => char::from(b'A' + i).to_string(),
        None => format!("A{}", i + 1),
    }
}

impl Redaction {
    /// Aliases for the people of `call`: the caller first, then parties in the call's order.
    pub fn for_call(store: &Store, set: &CallSet, call: &Call) -> Self {
        let mut aliases: BTreeMap<Key, String> = BTreeMap::new();
        let mut replace: BTreeMap<String, String> = BTreeMap::new();
        let mut out = Redaction::default();
        let (mut outside, mut extensions) = (0usize, 0usize);
        let order = call.caller.into_iter().chain(call.parties.iter().copied());
        for p in order {
            let Some(party) = set.party(p) else { continue };
            let id = &party.identity;
            let name = store.opt_text(id.name);
            let number = store.opt_text(id.number);
            let ext = store.opt_text(id.extension_id);
            let key = match (ext, number, name) {
                (Some(e), _, _) => Key::Extension(e.to_owned()),
                (None, Some(n), _) => Key::Number(n.to_owned()),
                (None, None, Some(n)) => Key::Name(n.to_owned()),
                (None, None, None) => continue,
            };
            let alias = aliases
                .entry(key)
                .or_insert_with(|| match (ext, number) {
                    (Some(_), Some(n)) => format!("Agent {n}"),
                    (Some(_), None) => {
                        extensions += 1;
                        format!("Extension {extensions}")
                    }
                    (None, _) => {
                        outside += 1;
                        let l = letter(outside - 1);
                        if call.caller == Some(p) {
                            format!("Caller {l}")
                        } else {
                            format!("Outside party {l}")
                        }
                    }
                })
                .clone();
            out.party.insert(p, alias.clone());
            let mut add = |from: &str, to: String| {
                if !from.is_empty() && from != to {
                    replace.entry(from.to_owned()).or_insert(to);
                }
            };
            add(&id.label, alias.clone());
            if let Some(n) = name {
                add(n, alias.clone());
                out.add_name_words(n, &alias);
            }
            // Extension numbers stay (they are the alias); outside numbers go.
            if let (None, Some(n)) = (ext, number) {
                add(n, format!("number of {alias}"));
                add(&format_number(n), format!("number of {alias}"));
                out.add_number_tail(n);
            }
            if let Some(e) = ext {
                add(e, format!("extension id of {alias}"));
            }
        }
        // People the capture names but does not show are hidden the same way.
        for u in &call.unseen {
            let name = store.opt_text(u.name);
            let number = store.opt_text(u.number);
            let ext = store.opt_text(u.extension_id);
            let key = match (ext, number, name) {
                (Some(e), _, _) => Key::Extension(e.to_owned()),
                (None, Some(n), _) => Key::Number(n.to_owned()),
                (None, None, Some(n)) => Key::Name(n.to_owned()),
                (None, None, None) => continue,
            };
            let alias = aliases
                .entry(key)
                .or_insert_with(|| {
                    outside += 1;
                    format!("Unseen party {}", letter(outside - 1))
                })
                .clone();
            let mut add = |from: &str, to: String| {
                if !from.is_empty() && from != to {
                    replace.entry(from.to_owned()).or_insert(to);
                }
            };
            add(&u.label, alias.clone());
            if let Some(n) = name {
                add(n, alias.clone());
                out.add_name_words(n, &alias);
            }
            // Short extension numbers stay, as for parties (they would match inside times).
            if let (None, Some(n)) = (ext, number)
                && !crate::calls::is_extension_number(n)
            {
                add(n, format!("number of {alias}"));
                add(&format_number(n), format!("number of {alias}"));
                out.add_number_tail(n);
            }
            if let Some(e) = ext {
                add(e, format!("extension id of {alias}"));
            }
        }
        out.pairs = replace.into_iter().collect();
        // Longest first; the map's order breaks ties, so the result is the same every time.
        out.pairs
            .sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        out
    }

    /// The alias of a party node, if it has anything personal.
    pub fn party(&self, p: NodeIndex) -> Option<&str> {
        self.party.get(&p).map(String::as_str)
    }

    /// Any text with every known name, number, label and extension id replaced.
    pub fn text(&self, s: &str) -> String {
        let mut out = s.to_owned();
        for (from, to) in &self.pairs {
            if out.contains(from.as_str()) {
                out = out.replace(from.as_str(), to);
            }
        }
        out
    }

    fn add_name_words(&mut self, name: &str, alias: &str) {
        for word in name.split(|c: char| !c.is_alphanumeric()) {
            let lower = word.to_lowercase();
            let person_like = word.chars().count() >= 3 && word.chars().all(char::is_alphabetic);
            if person_like && !NOT_NAMES.contains(&lower.as_str()) {
                self.name_words
                    .entry(lower)
                    .or_insert_with(|| alias.to_owned());
            }
        }
    }

    fn add_number_tail(&mut self, number: &str) {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 7 {
            let tail = digits[digits.len() - 7..].to_owned();
            if !self.number_tails.contains(&tail) {
                self.number_tails.push(tail);
            }
        }
    }

    /// Also hides, in typed text, the people of the rest of the capture (a note may speak of
    /// another call): their names become `[name]`, their numbers `[number]`.
    pub fn with_capture_people(mut self, store: &Store, set: &CallSet) -> Self {
        for node in set.graph.node_indices() {
            let Some(party) = set.party(node) else {
                continue;
            };
            let id = &party.identity;
            if let Some(name) = store.opt_text(id.name) {
                self.add_name_words(name, "[name]");
            }
            if let Some(n) = store
                .opt_text(id.number)
                .filter(|_| id.extension_id.is_none())
            {
                self.add_number_tail(n);
            }
        }
        self
    }

    /// Text a person typed (a note): known labels, names and numbers as in [`Self::text`], each
    /// word of a known name (a run of them becomes one alias), then anything that looks like a
    /// phone number or holds a known one, however it is written.
    pub fn free_text(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut last_alias: Option<(&str, usize)> = None;
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if let Some((from, to)) = self
                .pairs
                .iter()
                .find(|(from, _)| rest.starts_with(from.as_str()))
            {
                out.push_str(to);
                last_alias = Some((to.as_str(), out.len()));
                rest = &rest[from.len()..];
                continue;
            }
            if c.is_alphanumeric() {
                let end = rest
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(rest.len());
                let word = &rest[..end];
                match self.name_words.get(&word.to_lowercase()) {
                    Some(alias) => {
                        // "Dana Whitfield" is one person: one alias, not two.
                        let repeat = last_alias.is_some_and(|(a, at)| {
                            a == alias && out[at..].chars().all(char::is_whitespace)
                        });
                        if repeat {
                            out.truncate(out.trim_end().len());
                        } else {
                            out.push_str(alias);
                        }
                        last_alias = Some((alias.as_str(), out.len()));
                    }
                    None => out.push_str(word),
                }
                rest = &rest[end..];
                continue;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        phone_numbers_hidden(&out, &self.number_tails)
    }

    /// [`Self::text`] for optional fields.
    pub fn opt(&self, s: Option<String>) -> Option<String> {
        s.map(|s| self.text(&s))
    }
}

/// Words that name roles, places and caller-ID placeholders, not people: never redacted as
/// name words (queue and IVR names are made of them).
const NOT_NAMES: &[&str] = &[
    "the",
    "and",
    "caller",
    "wireless",
    "unknown",
    "anonymous",
    "private",
    "restricted",
    "queue",
    "support",
    "sales",
    "service",
    "services",
    "desk",
    "help",
    "team",
    "group",
    "line",
    "main",
    "menu",
    "ivr",
    "auto",
    "receptionist",
    "operator",
    "park",
    "voicemail",
    "conference",
    "agent",
    "extension",
    "party",
    "outside",
    "number",
    "office",
    "billing",
    "department",
];

/// Replaces with `[number]` every run of digits (spaces, dashes, dots, brackets, slashes and
/// underscores allowed between them) that looks like a phone number — ten digits or more, or
/// seven after `+` or `(`, standing alone — or that holds the last seven digits of a known one,
/// glued to letters or not.
fn phone_numbers_hidden(s: &str, known_tails: &[String]) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || c == '+' || c == '(' {
            let mut j = i;
            let mut digits = String::new();
            let mut end = i;
            while j < chars.len() {
                let d = chars[j];
                if d.is_ascii_digit() {
                    digits.push(d);
                    end = j + 1;
                } else if !(matches!(d, ' ' | '-' | '.' | '(' | ')' | '/' | '_')
                    || (d == '+' && j == i))
                {
                    break;
                }
                j += 1;
            }
            let glued = (i > 0 && chars[i - 1].is_alphanumeric())
                || chars.get(end).is_some_and(|c| c.is_alphanumeric());
            let n = digits.len();
            let looks = n >= 10 || (n >= 7 && (c == '+' || c == '('));
            let known = n >= 7 && known_tails.iter().any(|t| digits.contains(t.as_str()));
            if known || (looks && !glued) {
                out.push_str("[number]");
                i = end;
                continue;
            }
            if n > 0 {
                // Not a number to hide: keep the whole run as it is.
                out.extend(&chars[i..end]);
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_then_numbers() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "A27");
    }

    #[test]
    fn typed_text_loses_name_words_and_phone_numbers() {
        let r = Redaction {
            party: BTreeMap::new(),
            pairs: vec![("Dana Whitfield".into(), "Agent 104".into())],
            name_words: [("dana", "Agent 104"), ("whitfield", "Agent 104")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .into(),
            number_tails: vec!["5550162".into()],
        };
        assert_eq!(
            r.free_text("DANA called (404) 809-6345 and +44 20 7946 0958, ext 104 at 20:26:42"),
            "Agent 104 called [number] and [number], ext 104 at 20:26:42"
        );
        assert_eq!(r.free_text("Dana Whitfield took it"), "Agent 104 took it");
        assert_eq!(
            r.free_text("on 2026-05-28, id 12345678"),
            "on 2026-05-28, id 12345678"
        );
        assert_eq!(r.free_text("Danahue 4048096345x"), "Danahue 4048096345x");
        assert_eq!(r.free_text("call 4048096345."), "call [number].");
        assert_eq!(r.free_text("Dana   Whitfield hung up"), "Agent 104 hung up");
        for typed in [
            "555-0162",
            "x3035550162",
            "3035550162ext",
            "303/555/0162",
            "303_555_0162",
        ] {
            let hidden = r.free_text(typed);
            assert!(
                hidden.contains("[number]") && !hidden.contains("0162"),
                "{typed}: {hidden}"
            );
        }
    }

    #[test]
    fn text_replaces_longest_first() {
        let r = Redaction {
            party: BTreeMap::new(),
            name_words: BTreeMap::new(),
            number_tails: Vec::new(),
            pairs: vec![
                ("JO (+1 303-555-0162)".into(), "Caller A".into()),
                ("+1 303-555-0162".into(), "number of Caller A".into()),
                ("JO".into(), "Caller A".into()),
            ],
        };
        assert_eq!(r.text("JO (+1 303-555-0162) → x"), "Caller A → x");
        assert_eq!(r.text("call +1 303-555-0162"), "call number of Caller A");
    }
}
