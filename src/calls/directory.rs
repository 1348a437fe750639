//! Who is who: extension ids mapped to names and short extension numbers, learned from every
//! event of the capture (a party's own `to.phoneNumber` is often the company's main number, so
//! only short numbers are taken as extension numbers). Also the labels people read.

use crate::model::Direction;
use crate::store::{Endpoint, PartyState, Store, Sym};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Person {
    pub name: Option<Sym>,
    /// Short extension number, e.g. `104`.
    pub number: Option<Sym>,
}

#[derive(Debug, Default)]
pub struct Directory {
    people: HashMap<Sym, Person>,
}

/// How a party is shown: a label plus the parts it was made of (interned in the store).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub label: String,
    pub name: Option<Sym>,
    /// Extension number for extension parties, phone number otherwise.
    pub number: Option<Sym>,
    pub extension_id: Option<Sym>,
}

/// An extension number as dialled inside a company: a few digits, no `+`.
pub fn is_extension_number(n: &str) -> bool {
    (2..=7).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit())
}

/// `+14048096345` → `+1 404-809-6345`; other numbers as written.
pub fn format_number(n: &str) -> String {
    let mut out = String::with_capacity(n.len() + 3);
    push_number(&mut out, n);
    out
}

/// Appends [`format_number`]'s form of `n`.
fn push_number(out: &mut String, n: &str) {
    let digits = n.strip_prefix("+1").unwrap_or("");
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        for part in ["+1 ", &digits[..3], "-", &digits[3..6], "-", &digits[6..]] {
            out.push_str(part);
        }
    } else {
        out.push_str(n);
    }
}

/// The parts one after the other, in a string of just their size (labels are made for every
/// party of a capture; `format!` costs several times as much).
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

impl Directory {
    /// Learns from every endpoint of every event (in parts on all cores; what is kept does not
    /// depend on the order events are seen in).
    pub fn learn(store: &Store) -> Self {
        store
            .events()
            .par_chunks(16 * 1024)
            .map(|events| {
                let mut dir = Directory::default();
                for e in events {
                    let p = &e.party;
                    dir.learn_endpoint(store, &p.from);
                    dir.learn_endpoint(store, &p.to);
                    if let Some(ext) = p.extension {
                        let own = own_endpoint(p);
                        if own.extension.is_none() || own.extension == Some(ext) {
                            dir.learn_one(store, ext, own);
                        }
                    }
                }
                dir
            })
            .reduce(Directory::default, |mut a, b| {
                for (ext, person) in b.people {
                    let e = Endpoint {
                        number: person.number,
                        name: person.name,
                        extension: Some(ext),
                    };
                    a.learn_one(store, ext, &e);
                }
                a
            })
    }

    fn learn_endpoint(&mut self, store: &Store, e: &Endpoint) {
        if let Some(ext) = e.extension {
            self.learn_one(store, ext, e);
        }
    }

    fn learn_one(&mut self, store: &Store, ext: Sym, e: &Endpoint) {
        let person = self.people.entry(ext).or_default();
        // Keep the smallest text seen so the result does not depend on event order (most
        // events repeat what is already known: no texts to compare then).
        let smaller = |old: Option<Sym>, new: Sym| {
            old.is_none_or(|o| o != new && store.text(o) > store.text(new))
        };
        if let Some(name) = e.name
            && smaller(person.name, name)
        {
            person.name = Some(name);
        }
        if let Some(number) = e.number.filter(|n| is_extension_number(store.text(*n)))
            && smaller(person.number, number)
        {
            person.number = Some(number);
        }
    }

    pub fn person(&self, ext: Sym) -> Option<&Person> {
        self.people.get(&ext)
    }

    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// How a party is called, from its latest known endpoints.
    pub fn identify(&self, store: &Store, party: &PartyState, ext: Option<Sym>) -> Identity {
        let own = own_endpoint(party);
        let own_number = store.opt_text(own.number);
        if own_number.is_some_and(|n| n.eq_ignore_ascii_case("conference"))
            && party.direction == Direction::Inbound
        {
            return Identity {
                label: "conference leg".into(),
                ..Identity::default()
            };
        }
        if let Some(ext) = ext {
            let person = self.person(ext).copied().unwrap_or_default();
            let label = match (store.opt_text(person.name), store.opt_text(person.number)) {
                (Some(n), Some(x)) => concat(&[n, " (ext ", x, ")"]),
                (Some(n), None) => n.to_owned(),
                (None, Some(x)) => concat(&["ext ", x]),
                // Only the account's internal id is known: say so, it is not a dialable number.
                (None, None) => concat(&["extension (id ", store.text(ext), ")"]),
            };
            return Identity {
                label,
                name: person.name,
                number: person.number,
                extension_id: Some(ext),
            };
        }
        let (name, number) = (own.name, own.number);
        let label = match (store.opt_text(name), own_number) {
            (Some(n), Some(x)) => {
                let mut label = String::with_capacity(n.len() + x.len() + 6);
                label.push_str(n);
                label.push_str(" (");
                push_number(&mut label, x);
                label.push(')');
                label
            }
            (None, Some(x)) => format_number(x),
            (Some(n), None) => n.to_owned(),
            (None, None) => "unknown party".into(),
        };
        Identity {
            label,
            name,
            number,
            extension_id: None,
        }
    }
}

/// The endpoint that describes the party itself: `to` for an inbound leg, `from` for an
/// outbound one (directions are the platform's technical ones).
pub fn own_endpoint(p: &PartyState) -> &Endpoint {
    match p.direction {
        Direction::Inbound => &p.to,
        _ => &p.from,
    }
}

/// The endpoint at the other end of a party's leg.
pub fn far_endpoint(p: &PartyState) -> &Endpoint {
    match p.direction {
        Direction::Inbound => &p.from,
        _ => &p.to,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_for_people() {
        assert_eq!(format_number("+14048096345"), "+1 404-809-6345");
        assert_eq!(format_number("+442071234567"), "+442071234567");
        assert!(is_extension_number("104"));
        assert!(!is_extension_number("+18003151571"));
        assert!(!is_extension_number("conference"));
    }
}
