//! `callflow notes add|list|edit|remove`: notes in the sidecar beside the first capture file, for
//! scripting. Only glue: anchors, resolving and the sidecar live in `notes`, numbering and words
//! in `timeline`.

use super::notes_list::{list_json, list_text, marks};
use super::{Input, load, warn_rejected};
use crate::calls::json::time_text;
use crate::calls::{Call, CallSet};
use crate::notes::{Anchor, Notebook, parse_at};
use crate::store::{EventId, Store};
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use jiff::Timestamp;
use petgraph::graph::NodeIndex;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// How far from `--at` an event of the party may be and still be the one meant.
const SNAP_MS: i64 = 1000;

#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Attach a note to a call, or to a session, a party or a moment of it.
    Add {
        #[command(flatten)]
        input: Input,
        /// The call (its id, or any telephonySessionId or party id in it).
        #[arg(long, value_name = "ID")]
        call: String,
        /// A session of the call (telephonySessionId): the note is about that session.
        #[arg(long, value_name = "TSID")]
        session: Option<String>,
        /// A party of the call (party id): the note is about that party.
        #[arg(long, value_name = "PARTY")]
        party: Option<String>,
        /// A moment: 20:26:42 (UTC, the call's day), +1:05 (since the call started) or RFC 3339.
        /// With --party, the party's event within a second of it is the anchor, if there is one.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// The note.
        #[arg(long)]
        text: String,
    },
    /// List the notes call by call, and those whose anchor no longer matches (exit 1 if any).
    List {
        #[command(flatten)]
        input: Input,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Change a note's text.
    Edit {
        #[command(flatten)]
        input: Input,
        /// The note's id (see `notes list`).
        #[arg(long)]
        id: u32,
        #[arg(long)]
        text: String,
    },
    /// Delete a note.
    Remove {
        #[command(flatten)]
        input: Input,
        /// The note's id (see `notes list`).
        #[arg(long)]
        id: u32,
    },
}

/// The capture, its calls and its notes, loaded and resolved.
pub(super) struct Loaded {
    pub store: Store,
    pub set: CallSet,
    pub book: Notebook,
}

fn open(input: &Input) -> Result<Loaded> {
    if input.files.first().is_some_and(|f| f == Path::new("-")) {
        bail!(
            "notes live in a file beside the capture (CAPTURE.callflow.json), so `notes` needs \
             the capture's file name, not `-` (standard input)"
        );
    }
    let store = load(input);
    warn_rejected(&store);
    let set = CallSet::build(&store);
    let mut book = Notebook::for_files(&input.files);
    if let Some(why) = &book.unreadable {
        bail!("{why}");
    }
    book.resolve(&store, &set);
    Ok(Loaded { store, set, book })
}

pub(super) fn sidecar_name(book: &Notebook) -> String {
    book.path()
        .map_or_else(|| "(nowhere)".into(), |p| p.display().to_string())
}

pub fn notes(command: NotesCommand, out: &mut impl Write) -> Result<ExitCode> {
    match command {
        NotesCommand::Add {
            input,
            call,
            session,
            party,
            at,
            text,
        } => {
            if text.trim().is_empty() {
                bail!("the note's text is empty");
            }
            let Loaded {
                store,
                set,
                mut book,
            } = open(&input)?;
            let index = set.find_index(&store, &call).with_context(|| {
                format!("no call contains session {call:?} (nor a party with that id)")
            })?;
            let c = set.calls.get(index).context("the call vanished")?;
            let session = match &session {
                Some(s) => Some(session_in(&store, &set, c, s)?),
                None => None,
            };
            let party = match &party {
                Some(p) => Some(party_in(&store, &set, c, session, p)?),
                None => None,
            };
            let at = at
                .map(|t| parse_at(&t, c.start))
                .transpose()
                .map_err(anyhow::Error::msg)?;
            if let Some(t) = at {
                let slack = jiff::SignedDuration::from_secs(60);
                let (from, to) = (c.start.saturating_sub(slack)?, c.end.saturating_add(slack)?);
                if t < from || t > to {
                    bail!(
                        "{} is outside call {} ({} to {})",
                        time_text(t),
                        store.text(c.id),
                        time_text(c.start),
                        time_text(c.end)
                    );
                }
            }
            let anchor = anchor(&store, &set, c, session, party, at)?;
            let id = book.add(&store, &set, &text, anchor)?;
            let described = marks(&store, &set, &book, index)
                .into_iter()
                .find(|m| m.note_id == id)
                .map(|m| format!("note {} ({})", m.number, m.anchor))
                .unwrap_or_else(|| "a note".into());
            writeln!(
                out,
                "added {described} to call {}; id {id}, saved in {}",
                store.text(c.id),
                sidecar_name(&book)
            )?;
        }
        NotesCommand::List { input, json } => {
            let l = open(&input)?;
            if json {
                list_json(out, &l)?;
            } else {
                // Capture text (names) and sidecar text, shown escaped on a terminal.
                let mut out = super::Printable::new(&mut *out);
                list_text(&mut out, &l)?;
                out.flush()?;
            }
            if !l.book.resolved.lost.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        NotesCommand::Edit { input, id, text } => {
            if text.trim().is_empty() {
                bail!("the note's text is empty (use `notes remove` to delete it)");
            }
            let Loaded {
                store,
                set,
                mut book,
            } = open(&input)?;
            book.edit(&store, &set, id, &text)?;
            writeln!(out, "changed note id {id} in {}", sidecar_name(&book))?;
        }
        NotesCommand::Remove { input, id } => {
            let Loaded {
                store,
                set,
                mut book,
            } = open(&input)?;
            let text = book
                .sidecar
                .get(id)
                .map(|n| n.text.clone())
                .unwrap_or_default();
            book.remove(&store, &set, id)?;
            writeln!(
                out,
                "removed note id {id} ({text:?}) from {}",
                sidecar_name(&book)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn session_in(store: &Store, set: &CallSet, call: &Call, tsid: &str) -> Result<NodeIndex> {
    store
        .lookup(tsid)
        .and_then(|s| set.sessions.get(&s).copied())
        .filter(|n| call.sessions.contains(n))
        .with_context(|| {
            format!(
                "session {tsid:?} is not part of call {}",
                store.text(call.id)
            )
        })
}

fn party_in(
    store: &Store,
    set: &CallSet,
    call: &Call,
    session: Option<NodeIndex>,
    id: &str,
) -> Result<NodeIndex> {
    let found: Vec<NodeIndex> = call
        .parties
        .iter()
        .copied()
        .filter(|p| {
            set.party(*p).is_some_and(|party| {
                store.text(party.id) == id && session.is_none_or(|s| party.session == s)
            })
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] if session.is_some() => bail!(
            "party {id:?} is not in session {}",
            session
                .and_then(|s| set.session(s))
                .map_or("?", |s| store.text(s.id))
        ),
        [] => {
            let ids: Vec<&str> = call
                .parties
                .iter()
                .filter_map(|p| set.party(*p))
                .map(|p| store.text(p.id))
                .collect();
            bail!(
                "party {id:?} is not in call {}; its parties are {}",
                store.text(call.id),
                ids.join(", ")
            )
        }
        _ => bail!("party {id:?} is in several sessions of the call; name one with --session"),
    }
}

/// The anchor the options describe.
fn anchor(
    store: &Store,
    set: &CallSet,
    call: &Call,
    session: Option<NodeIndex>,
    party: Option<NodeIndex>,
    at: Option<Timestamp>,
) -> Result<Anchor> {
    let party_session = party.and_then(|p| set.party(p)).map(|p| p.session);
    let session = party_session.or(session);
    let made = match (party, at) {
        (Some(p), Some(t)) => match nearest_event(store, set, p, t) {
            Some(e) => Some(Anchor::event(store, e)),
            None => session.and_then(|s| Anchor::moment(store, set, s, Some(p), t)),
        },
        (None, Some(t)) => {
            let s = session.or(call.sessions.first().copied());
            s.and_then(|s| Anchor::moment(store, set, s, None, t))
        }
        (Some(p), None) => Anchor::party(store, set, p),
        (None, None) => match session {
            Some(s) => Anchor::session(store, set, s),
            None => Some(Anchor::call(store, call)),
        },
    };
    made.context("the call has nothing to attach a note to")
}

/// The party's event nearest to `t`, if within [`SNAP_MS`].
fn nearest_event(store: &Store, set: &CallSet, party: NodeIndex, t: Timestamp) -> Option<EventId> {
    let p = set.party(party)?;
    p.events
        .iter()
        .copied()
        .map(|e| {
            (
                (store.event(e).at.as_millisecond() - t.as_millisecond()).abs(),
                e,
            )
        })
        .filter(|(d, _)| *d <= SNAP_MS)
        .min()
        .map(|(_, e)| e)
}
