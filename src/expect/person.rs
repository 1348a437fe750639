//! Who a step is about: a person of a rebuilt call (name, extension number, phone number, read
//! from the party's identity) and the way a flow file names one (a role, `ext 106`, a number, a
//! name, `*`, with `*` wildcards inside). Does not decide which steps happened.

use crate::calls::{CallSet, format_number, is_extension_number};
use crate::store::Store;
use petgraph::graph::NodeIndex;

/// A person as the steps of a call see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// What tells one person from another in a call: the extension id, else the number, else
    /// the label (two legs of one extension are one person).
    pub key: String,
    /// As the window labels the party (`Mateo Silva (ext 111)`).
    pub label: String,
    pub name: Option<String>,
    /// Short extension number (`111`).
    pub ext: Option<String>,
    /// Phone number as written (`+13035550162`).
    pub number: Option<String>,
}

impl Person {
    /// The person behind a party node.
    pub fn of(store: &Store, set: &CallSet, p: NodeIndex) -> Option<Self> {
        let party = set.party(p)?;
        let id = &party.identity;
        let number = store.opt_text(id.number).map(str::to_owned);
        let extension =
            id.extension_id.is_some() || number.as_deref().is_some_and(is_extension_number);
        let (ext, number) = match number {
            Some(n) if extension && is_extension_number(&n) => (Some(n), None),
            other => (None, other),
        };
        let key = store
            .opt_text(id.extension_id)
            .map(|e| format!("extension {e}"))
            .or_else(|| ext.clone().map(|e| format!("ext {e}")))
            .or_else(|| number.as_deref().map(digits))
            .unwrap_or_else(|| id.label.clone());
        Some(Self {
            key,
            label: id.label.clone(),
            name: store.opt_text(id.name).map(str::to_owned),
            ext,
            number,
        })
    }

    /// How a flow file names this person when written by number: `ext 111`, `+13035550162`,
    /// else the name.
    pub fn by_number(&self) -> Option<String> {
        self.ext
            .as_ref()
            .map(|e| format!("ext {e}"))
            .or_else(|| self.number.clone())
            .or_else(|| self.name.clone())
    }

    /// How a flow file names this person when written by name: the name, else by number.
    pub fn by_name(&self) -> Option<String> {
        self.name.clone().or_else(|| self.by_number())
    }

    /// In a message: `ext 107 (Chloe Dubois)`, `+1 303-555-0162 (JORDAN REYES)`, or the label.
    pub fn said(&self) -> String {
        let short = self
            .ext
            .as_ref()
            .map(|e| format!("ext {e}"))
            .or_else(|| self.number.as_deref().map(format_number));
        match (short, &self.name) {
            (Some(s), Some(n)) => format!("{s} ({n})"),
            (Some(s), None) => s,
            (None, _) => self.label.clone(),
        }
    }
}

/// Only the digits of a number (and a leading `+`): `+1 (303) 555-0162` → `+13035550162`.
pub fn digits(n: &str) -> String {
    n.chars()
        .enumerate()
        .filter(|&(i, c)| c.is_ascii_digit() || (i == 0 && c == '+') || c == '*')
        .map(|(_, c)| c)
        .collect()
}

/// How a flow file names who a step is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// `*`: anyone (also someone the capture cannot name).
    Any,
    /// A word such as `caller` or `agent`: the same word is the same person all through a call,
    /// two words are two people; `caller` is the party that placed the call.
    Role(String),
    /// `ext 106` (wildcards: `ext 10*`).
    Ext(String),
    /// `+16505550111` (wildcards: `+1650*`).
    Number(String),
    /// A name, compared without case (`name reception` for a one-word name).
    Name(String),
}

impl Who {
    /// Reads a `who` value; `None` when it is empty.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        let lower = t.to_ascii_lowercase();
        let after = |prefix: &str| {
            lower
                .starts_with(prefix)
                .then(|| t[prefix.len()..].trim().to_owned())
                .filter(|rest| !rest.is_empty())
        };
        Some(if t == "*" || lower == "anyone" {
            Who::Any
        } else if let Some(rest) = after("ext ") {
            Who::Ext(rest)
        } else if let Some(rest) = after("name ") {
            Who::Name(rest)
        } else if let Some(rest) = after("number ") {
            Who::Number(digits(&rest))
        } else if t.starts_with('+') || t.starts_with(|c: char| c.is_ascii_digit()) {
            Who::Number(digits(t))
        } else if is_role_word(t) {
            Who::Role(t.to_owned())
        } else {
            Who::Name(t.to_owned())
        })
    }

    /// As a flow file writes it.
    pub fn written(&self) -> String {
        match self {
            Who::Any => "*".into(),
            Who::Role(r) => r.clone(),
            Who::Ext(e) => format!("ext {e}"),
            Who::Number(n) => n.clone(),
            // A name that would read back as something else says that it is a name.
            Who::Name(n) if Who::parse(n).as_ref() != Some(self) => format!("name {n}"),
            Who::Name(n) => n.clone(),
        }
    }

    /// In a message: `ext 106`, `the caller`, `anyone`, `agent`.
    pub fn said(&self) -> String {
        match self {
            Who::Any => "anyone".into(),
            Who::Role(r) if r == "caller" => "the caller".into(),
            Who::Number(n) => format_number(n),
            other => other.written(),
        }
    }

    /// Whether `person` fits, roles left aside (they are bound by the matcher).
    pub fn fits(&self, person: Option<&Person>) -> bool {
        match (self, person) {
            (Who::Any, _) | (Who::Role(_), Some(_)) => true,
            (_, None) => false,
            (Who::Ext(e), Some(p)) => p.ext.as_deref().is_some_and(|x| glob(e, x)),
            // YAML reads an unquoted `+1303…` as a number and drops the `+`: compared without
            // it. Short numbers are extension numbers too (`answer: 111`).
            (Who::Number(n), Some(p)) => {
                let international = n.starts_with('+');
                let n = n.trim_start_matches('+');
                p.number
                    .as_deref()
                    .is_some_and(|x| glob(n, digits(x).trim_start_matches('+')))
                    || (!international && p.ext.as_deref().is_some_and(|x| glob(n, x)))
            }
            (Who::Name(n), Some(p)) => {
                let n = n.to_lowercase();
                p.name
                    .as_deref()
                    .is_some_and(|x| glob(&n, &x.to_lowercase()))
                    || glob(&n, &p.label.to_lowercase())
            }
        }
    }
}

/// A role word: lower-case letters, digits, `-` and `_`, starting with a letter.
fn is_role_word(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_lowercase())
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `*` matches any run of characters; everything else itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Classic two-pointer wildcard match with one backtrack point.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && p[i] != '*' && p[i] == t[j] {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_values_are_read_by_their_shape() {
        assert_eq!(Who::parse("*"), Some(Who::Any));
        assert_eq!(Who::parse("caller"), Some(Who::Role("caller".into())));
        assert_eq!(Who::parse("ext 106"), Some(Who::Ext("106".into())));
        assert_eq!(
            Who::parse("+1 303-555-0162"),
            Some(Who::Number("+13035550162".into()))
        );
        assert_eq!(
            Who::parse("Chloe Dubois"),
            Some(Who::Name("Chloe Dubois".into()))
        );
        assert_eq!(
            Who::parse("name reception"),
            Some(Who::Name("reception".into()))
        );
        assert_eq!(Who::parse("  "), None);
    }

    #[test]
    fn wildcards_match_runs_of_characters() {
        assert!(glob("10*", "106"));
        assert!(glob("*", ""));
        assert!(glob("+1650*1", "+16505550111"));
        assert!(!glob("10*", "116"));
        assert!(!glob("106", "1066"));
    }

    #[test]
    fn names_match_without_case_and_extensions_by_number() {
        let p = Person {
            key: "ext 112".into(),
            label: "Chloe Dubois (ext 112)".into(),
            name: Some("Chloe Dubois".into()),
            ext: Some("112".into()),
            number: None,
        };
        assert!(Who::Name("chloe*".into()).fits(Some(&p)));
        assert!(Who::Ext("11*".into()).fits(Some(&p)));
        assert!(!Who::Ext("111".into()).fits(Some(&p)));
        assert!(!Who::Number("+1*".into()).fits(Some(&p)));
        // A bare short number is an extension number too.
        assert!(Who::Number("112".into()).fits(Some(&p)));
        assert!(Who::Any.fits(None));
        assert!(!Who::Role("agent".into()).fits(None));
        assert_eq!(p.said(), "ext 112 (Chloe Dubois)");
    }
}
