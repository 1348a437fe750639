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

    /// [`Self::text`] for optional fields.
    pub fn opt(&self, s: Option<String>) -> Option<String> {
        s.map(|s| self.text(&s))
    }
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
    fn text_replaces_longest_first() {
        let r = Redaction {
            party: BTreeMap::new(),
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
