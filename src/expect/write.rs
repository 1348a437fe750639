//! Writing a flow: the steps of a known-good call made into a [`Flow`] (people named by role,
//! by number or by name), and a flow as YAML a person can read and edit. Text from the capture
//! (names) is quoted and stripped of control characters, so it can never change the file's shape.

use super::facts::{Action, Fact};
use super::flow::{Flow, Step, duration_text};
use super::person::{Person, Who};

/// How `expect save` names people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NameBy {
    /// `caller`, `callee`, `party3`…: the same flow fits a call between other people.
    Role,
    /// `ext 111`, `+13035550162` (a name when there is no number).
    #[default]
    Number,
    /// `Mateo Silva` (a number when there is no name).
    Name,
}

impl NameBy {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "role" => Some(NameBy::Role),
            "number" => Some(NameBy::Number),
            "name" => Some(NameBy::Name),
            _ => None,
        }
    }
}

/// How a flow is made from a call.
#[derive(Debug, Clone, Copy, Default)]
pub struct SaveOptions {
    pub name_by: NameBy,
    /// Give each step a `within` bound: the time it took after the step before, plus half as
    /// much again (at least 5 s more), in whole seconds.
    pub timing: bool,
}

/// The roles given to the people of a call, in order of appearance (`caller` first).
pub fn roles(facts: &[Fact]) -> Vec<(String, Person)> {
    let mut out: Vec<(String, Person)> = Vec::new();
    let people = facts
        .iter()
        .flat_map(|f| [f.who.as_ref(), f.to.as_ref()])
        .flatten();
    let caller = facts
        .first()
        .filter(|f| f.action == Action::Call)
        .and_then(|f| f.who.as_ref())
        .map(|p| p.key.clone());
    for p in people {
        if out.iter().any(|(_, q)| q.key == p.key) {
            continue;
        }
        let name = if caller.as_deref() == Some(p.key.as_str()) {
            "caller".to_owned()
        } else if out.len() == 1 && out[0].0 == "caller" {
            "callee".to_owned()
        } else {
            format!("party{}", out.len() + 1)
        };
        out.push((name, p.clone()));
    }
    out
}

/// The flow of a call: its steps in order (only the first hang-up: who ended the call).
pub fn flow_of(name: Option<String>, facts: &[Fact], opts: SaveOptions) -> Flow {
    let roles = roles(facts);
    let who = |p: Option<&Person>| -> Who {
        let Some(p) = p else { return Who::Any };
        let text = match opts.name_by {
            NameBy::Role => roles
                .iter()
                .find(|(_, q)| q.key == p.key)
                .map(|(r, _)| r.clone()),
            NameBy::Number => p.by_number(),
            NameBy::Name => p.by_name(),
        };
        match text {
            Some(t) if opts.name_by == NameBy::Role => Who::Role(t),
            Some(t) if opts.name_by == NameBy::Name && p.name.as_deref() == Some(t.as_str()) => {
                Who::Name(t)
            }
            Some(t) => Who::parse(&t).unwrap_or(Who::Any),
            None => Who::Any,
        }
    };
    let mut steps = Vec::new();
    let mut previous_at: Option<jiff::Timestamp> = None;
    let mut hung_up = false;
    for f in facts {
        if f.action == Action::Hangup {
            if hung_up {
                continue;
            }
            hung_up = true;
        }
        let mut step = Step::new(f.action, who(f.who.as_ref()));
        step.kind = f.kind;
        step.to = f.to.as_ref().map(|p| who(Some(p)));
        if f.action == Action::Transfer && step.to.is_none() {
            step.to = Some(Who::Any);
        }
        if opts.timing
            && let Some(before) = previous_at
        {
            let took = i64::try_from((f.at - before).as_millis())
                .unwrap_or(0)
                .max(0);
            let bound = took + (took / 2).max(5000);
            step.within_ms = Some((bound + 999) / 1000 * 1000);
        }
        previous_at = Some(f.at);
        steps.push(step);
    }
    Flow {
        name,
        calls: None,
        steps,
    }
}

/// A flow as YAML. `comments` go at the top (one `#` line each).
pub fn write_flow(flow: &Flow, comments: &[String]) -> String {
    let mut out = String::new();
    for c in comments {
        out.push_str("# ");
        out.push_str(&one_line(c));
        out.push('\n');
    }
    if let Some(name) = &flow.name {
        out.push_str("flow: ");
        out.push_str(&scalar(name));
        out.push('\n');
    }
    if let Some(n) = flow.calls {
        out.push_str(&format!("calls: {n}\n"));
    }
    out.push_str("steps:\n");
    for s in &flow.steps {
        let value = if s.action == Action::Transfer {
            s.kind.map_or("any", |k| k.key()).to_owned()
        } else {
            scalar(&s.who.written())
        };
        out.push_str(&format!("  - {}: {value}\n", s.action.key()));
        if s.action == Action::Transfer {
            out.push_str(&format!("    by: {}\n", scalar(&s.who.written())));
            if let Some(to) = &s.to {
                out.push_str(&format!("    to: {}\n", scalar(&to.written())));
            }
        }
        if s.optional {
            out.push_str("    optional: true\n");
        }
        if s.count != 1 {
            out.push_str(&format!("    count: {}\n", s.count));
        }
        if let Some(ms) = s.within_ms {
            out.push_str(&format!("    within: {}\n", duration_text(ms)));
        }
    }
    out
}

/// Text for a `#` comment: one line, no control characters.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A YAML scalar: plain when it reads back as the same text, else double-quoted (JSON's
/// escaping is valid YAML).
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '\''))
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_that_yaml_would_read_otherwise_are_quoted() {
        assert_eq!(scalar("ext 111"), "ext 111");
        assert_eq!(scalar("+13035550162"), "\"+13035550162\"");
        assert_eq!(scalar("*"), "\"*\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b\nsteps: []"), "\"a: b\\nsteps: []\"");
        assert_eq!(one_line("x\ny"), "x y");
    }
}
