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
                for word in n.split(|c: char| !c.is_alphanumeric()) {
                    if word.chars().count() >= 3 && word.chars().all(char::is_alphabetic) {
                        out.name_words
                            .entry(word.to_lowercase())
                            .or_insert_with(|| alias.clone());
                    }
                }
            }
            // Extension numbers stay (they are the alias); outside numbers go.
            if let (None, Some(n)) = (ext, number) {
                add(n, format!("number of {alias}"));
                add(&format_number(n), format!("number of {alias}"));
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

    /// Text a person typed (a note): [`Self::text`], then any word of a known name, then
    /// anything that looks like a phone number (ten digits or more, or seven after `+` or `(`,
    /// spaces, dashes, dots and brackets allowed between them).
    pub fn free_text(&self, s: &str) -> String {
        let known = self.text(s);
        let mut words = String::with_capacity(known.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            match self.name_words.get(&word.to_lowercase()) {
                Some(alias) => out.push_str(alias),
                None => out.push_str(word),
            }
            word.clear();
        };
        for c in known.chars() {
            if c.is_alphanumeric() {
                word.push(c);
            } else {
                flush(&mut word, &mut words);
                words.push(c);
            }
        }
        flush(&mut word, &mut words);
        phone_numbers_hidden(&words)
    }

    /// [`Self::text`] for optional fields.
    pub fn opt(&self, s: Option<String>) -> Option<String> {
        s.map(|s| self.text(&s))
    }
}

/// Replaces phone-number-like runs with `[number]`.
fn phone_numbers_hidden(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = c.is_ascii_digit() || c == '+' || c == '(';
        let after_word = i > 0 && chars[i - 1].is_alphanumeric();
        if starts && !after_word {
            let mut j = i;
            let mut digits = 0;
            let mut end = i;
            while j < chars.len() {
                let d = chars[j];
                if d.is_ascii_digit() {
                    digits += 1;
                    end = j + 1;
                } else if !(matches!(d, ' ' | '-' | '.' | '(' | ')') || (d == '+' && j == i)) {
                    break;
                }
                j += 1;
            }
            let glued = chars.get(end).is_some_and(|c| c.is_alphanumeric());
            let enough = digits >= 10 || (digits >= 7 && (c == '+' || c == '('));
            if enough && !glued {
                out.push_str("[number]");
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
    }

    #[test]
    fn text_replaces_longest_first() {
        let r = Redaction {
            party: BTreeMap::new(),
            name_words: BTreeMap::new(),
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
