//! The expected-flow file: what it holds ([`Flow`], [`Step`]) and reading it from YAML with
//! errors that name the file, the line and the field. Writing one is in [`super::write`].
//!
//! ```yaml
//! flow: warm transfer to Chloe
//! steps:
//!   - call: caller
//!   - answer: ext 111
//!     within: 30s
//!   - transfer: attended
//!     by: ext 111
//!     to: ext 112
//!   - hangup: "*"
//! ```

pub use super::duration::{duration_text, parse_duration_ms};
use super::facts::{Action, TransferKind};
use super::person::Who;
use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_saphyr::Spanned;
use std::fmt;
use thiserror::Error;

/// An expected flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// Its name (`flow:`), shown in reports and as the JUnit suite's name.
    pub name: Option<String>,
    /// `calls: N`: the capture holds N calls that follow the steps (others may be there too);
    /// without it every call of the capture is to follow them.
    pub calls: Option<u32>,
    pub steps: Vec<Step>,
}

/// One expected step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    /// For a transfer: its kind (`None`: any kind).
    pub kind: Option<TransferKind>,
    /// Who does it (for a transfer: `by`).
    pub who: Who,
    /// For a transfer: to whom.
    pub to: Option<Who>,
    /// The step may be missing.
    pub optional: bool,
    /// How many times it happens, one after the other (others may come between).
    pub count: u32,
    /// At most this long after the step before it (the call's start for the first step).
    pub within_ms: Option<i64>,
    /// Where it is in the file (1-based; 0 when not read from a file).
    pub line: u64,
}

impl Step {
    /// A step of `action` by `who`, once, without bounds.
    pub fn new(action: Action, who: Who) -> Self {
        Self {
            action,
            kind: None,
            who,
            to: None,
            optional: false,
            count: 1,
            within_ms: None,
            line: 0,
        }
    }
}

/// A flow file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct FlowError {
    pub file: String,
    pub line: u64,
    pub column: u64,
    /// Which field: `steps[3].within`, `calls`, or `flow file` for the document as a whole.
    pub field: String,
    pub message: String,
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}: {}",
                self.file, self.line, self.column, self.field, self.message
            )
        }
    }
}

/// A scalar read as text, whatever YAML made of it (`106` is a number to YAML, a who to us).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single value such as `ext 106`, `caller` or `30s`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

type Field = Option<Spanned<Text>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlow {
    #[serde(default)]
    flow: Option<Text>,
    #[serde(default)]
    calls: Option<Spanned<u32>>,
    steps: Vec<Spanned<RawStep>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    #[serde(default)]
    call: Field,
    #[serde(default)]
    ring: Field,
    #[serde(default)]
    answer: Field,
    #[serde(default)]
    hold: Field,
    #[serde(default)]
    resume: Field,
    #[serde(default)]
    transfer: Field,
    #[serde(default)]
    conference: Field,
    #[serde(default)]
    park: Field,
    #[serde(default)]
    pickup: Field,
    #[serde(default)]
    voicemail: Field,
    #[serde(default)]
    hangup: Field,
    #[serde(default)]
    by: Field,
    #[serde(default)]
    to: Field,
    #[serde(default)]
    optional: Option<bool>,
    #[serde(default)]
    count: Option<Spanned<u32>>,
    #[serde(default)]
    within: Field,
}

impl RawStep {
    fn actions(&self) -> Vec<(Action, &Spanned<Text>)> {
        let all = [
            (Action::Call, &self.call),
            (Action::Ring, &self.ring),
            (Action::Answer, &self.answer),
            (Action::Hold, &self.hold),
            (Action::Resume, &self.resume),
            (Action::Transfer, &self.transfer),
            (Action::Conference, &self.conference),
            (Action::Park, &self.park),
            (Action::Pickup, &self.pickup),
            (Action::Voicemail, &self.voicemail),
            (Action::Hangup, &self.hangup),
        ];
        all.into_iter()
            .filter_map(|(a, f)| f.as_ref().map(|f| (a, f)))
            .collect()
    }
}

/// Reads a flow file's text; `file` names it in errors.
pub fn parse_flow(file: &str, text: &str) -> Result<Flow, FlowError> {
    let mut path = String::new();
    let raw: Result<RawFlow, _> = serde_saphyr::with_deserializer_from_str(text, |de| {
        serde_path_to_error::deserialize(de).map_err(|e| {
            path = e.path().to_string();
            e.into_inner()
        })
    });
    let raw = raw.map_err(|e| {
        let at = e.location();
        let message = e.without_snippet().to_string();
        // The message may end with its own "at line L column C": ours is in front.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        FlowError {
            file: file.to_owned(),
            line: at.map_or(0, |l| l.line()),
            column: at.map_or(0, |l| l.column()),
            field: if path.is_empty() || path == "." {
                "flow file".into()
            } else {
                // `Spanned` adds a `value` level of its own: not the user's field.
                one_based(
                    &path
                        .split('.')
                        .filter(|p| *p != "value")
                        .collect::<Vec<_>>()
                        .join("."),
                )
            },
            message: printable(&message),
        }
    })?;
    let err = |s: &Spanned<Text>, field: String, message: String| FlowError {
        file: file.to_owned(),
        line: s.referenced.line(),
        column: s.referenced.column(),
        field,
        message: printable(&message),
    };
    if let Some(c) = &raw.calls
        && c.value == 0
    {
        return Err(FlowError {
            file: file.to_owned(),
            line: c.referenced.line(),
            column: c.referenced.column(),
            field: "calls".into(),
            message: "must be 1 or more (leave it out to check every call)".into(),
        });
    }
    if raw.steps.is_empty() {
        return Err(FlowError {
            file: file.to_owned(),
            line: 1,
            column: 1,
            field: "steps".into(),
            message: "the flow has no steps".into(),
        });
    }
    let mut steps = Vec::with_capacity(raw.steps.len());
    for (i, spanned) in raw.steps.iter().enumerate() {
        let n = i + 1;
        let s = &spanned.value;
        let at = &spanned.referenced;
        let whole = |message: String| FlowError {
            file: file.to_owned(),
            line: at.line(),
            column: at.column(),
            field: format!("steps[{n}]"),
            message,
        };
        let actions = s.actions();
        let (action, value) = match actions.as_slice() {
            [one] => *one,
            [] => {
                return Err(whole(format!(
                    "no step given: write one of {}",
                    Action::ALL.map(Action::key).join(", ")
                )));
            }
            [a, b, ..] => {
                return Err(whole(format!(
                    "two steps in one (`{}` and `{}`): give each its own `-` entry",
                    a.0.key(),
                    b.0.key()
                )));
            }
        };
        let field = |name: &str| format!("steps[{n}].{name}");
        let who_of = |f: &Spanned<Text>, name: &str| {
            Who::parse(&f.value.0).ok_or_else(|| {
                err(
                    f,
                    field(name),
                    "empty: name who (`caller`, `ext 106`, a number, a name, or `*` for anyone)"
                        .into(),
                )
            })
        };
        let mut step = Step::new(action, Who::Any);
        step.line = at.line();
        if action == Action::Transfer {
            let kind = value.value.0.trim().to_ascii_lowercase();
            step.kind = match kind.as_str() {
                "any" | "*" => None,
                k => Some(
                    TransferKind::ALL
                        .into_iter()
                        .find(|t| t.key() == k)
                        .ok_or_else(|| {
                            err(
                                value,
                                field("transfer"),
                                format!(
                                    "{:?} is not a kind of transfer: write attended, blind, switch, flip, redirect or any",
                                    value.value.0
                                ),
                            )
                        })?,
                ),
            };
            if let Some(by) = &s.by {
                step.who = who_of(by, "by")?;
            }
            if let Some(to) = &s.to {
                step.to = Some(who_of(to, "to")?);
            }
        } else {
            step.who = who_of(value, action.key())?;
            for (f, name) in [(&s.by, "by"), (&s.to, "to")] {
                if let Some(f) = f {
                    return Err(err(
                        f,
                        field(name),
                        format!(
                            "only a transfer has `{name}`; a `{}` step names who in its own value",
                            action.key()
                        ),
                    ));
                }
            }
        }
        step.optional = s.optional.unwrap_or(false);
        if let Some(c) = &s.count {
            if c.value == 0 {
                return Err(FlowError {
                    file: file.to_owned(),
                    line: c.referenced.line(),
                    column: c.referenced.column(),
                    field: field("count"),
                    message:
                        "must be 1 or more (use `optional: true` for a step that may be missing)"
                            .into(),
                });
            }
            step.count = c.value;
        }
        if let Some(w) = &s.within {
            step.within_ms = Some(parse_duration_ms(&w.value.0).ok_or_else(|| {
                err(
                    w,
                    field("within"),
                    format!(
                        "{:?} is not a length of time: write it like 30s, 1m30s or 500ms",
                        w.value.0
                    ),
                )
            })?);
        }
        steps.push(step);
    }
    Ok(Flow {
        name: raw.flow.map(|t| t.0),
        calls: raw.calls.map(|c| c.value),
        steps,
    })
}

/// `steps[2].within` (serde counts from 0) → `steps[3].within`, as a person counts.
fn one_based(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let close = rest.find(']').unwrap_or(rest.len());
        match rest[..close].parse::<u64>() {
            Ok(i) => out.push_str(&(i + 1).to_string()),
            Err(_) => out.push_str(&rest[..close]),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Untrusted text made safe to print: control characters escaped.
fn printable(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}
