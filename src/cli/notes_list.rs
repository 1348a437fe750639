//! `callflow notes list`: the notes call by call, numbered and described as on each call's
//! diagram, then those whose anchor no longer matches; as text or JSON.

use super::notes_cmd::{Loaded, sidecar_name};
use crate::calls::CallSet;
use crate::notes::{Anchor, Notebook};
use crate::store::Store;
use crate::timeline::{NoteMark, TimelineRequest, layout, place_notes};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// The placed notes of one call, numbered and described as on its diagram.
pub(super) fn marks(store: &Store, set: &CallSet, book: &Notebook, call: usize) -> Vec<NoteMark> {
    let request = TimelineRequest {
        call,
        generation: store.generation(),
    };
    let Some(mut l) = layout(store, set, request) else {
        return Vec::new();
    };
    place_notes(&mut l, store, set, &book.sidecar.notes, &book.resolved);
    l.notes
}

/// Calls that have notes, in call order.
fn noted_calls(l: &Loaded) -> Vec<usize> {
    let mut calls: Vec<usize> = l.book.resolved.placed.iter().map(|p| p.call).collect();
    calls.sort_unstable();
    calls.dedup();
    calls
}

pub(super) fn list_text(out: &mut impl Write, l: &Loaded) -> Result<()> {
    let book = &l.book;
    if book.sidecar.notes.is_empty() {
        writeln!(out, "no notes (they would be in {})", sidecar_name(book))?;
        return Ok(());
    }
    writeln!(out, "Notes in {}", sidecar_name(book))?;
    for call in noted_calls(l) {
        let Some(c) = l.set.calls.get(call) else {
            continue;
        };
        writeln!(out, "\nCall {}  {}", l.store.text(c.id), c.caller_label)?;
        for m in marks(&l.store, &l.set, book, call) {
            let mut lines = m.text.lines();
            let first = lines.next().unwrap_or("");
            writeln!(
                out,
                "  {:>2}. [{}] {first}  (id {})",
                m.number, m.anchor, m.note_id
            )?;
            for more in lines {
                writeln!(out, "      {more}")?;
            }
        }
    }
    if !book.resolved.lost.is_empty() {
        writeln!(
            out,
            "\nNotes whose anchor no longer matches this capture (kept in the file):"
        )?;
        for lost in &book.resolved.lost {
            let Some(n) = book.sidecar.notes.get(lost.note) else {
                continue;
            };
            writeln!(
                out,
                "  id {}: {} — {}",
                n.id,
                n.text.replace('\n', " "),
                lost.why
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ListJson<'a> {
    sidecar: Option<String>,
    notes: Vec<PlacedJson>,
    lost: Vec<LostJson<'a>>,
}

#[derive(Serialize)]
struct PlacedJson {
    id: u32,
    call: String,
    number: usize,
    anchor: String,
    text: String,
}

#[derive(Serialize)]
struct LostJson<'a> {
    id: u32,
    text: &'a str,
    why: &'a str,
    anchor: &'a Anchor,
}

pub(super) fn list_json(out: &mut impl Write, l: &Loaded) -> Result<()> {
    let book = &l.book;
    let mut notes = Vec::new();
    for call in noted_calls(l) {
        let Some(c) = l.set.calls.get(call) else {
            continue;
        };
        notes.extend(
            marks(&l.store, &l.set, book, call)
                .into_iter()
                .map(|m| PlacedJson {
                    id: m.note_id,
                    call: l.store.text(c.id).to_owned(),
                    number: m.number,
                    anchor: m.anchor,
                    text: m.text,
                }),
        );
    }
    let lost = book
        .resolved
        .lost
        .iter()
        .filter_map(|lost| {
            let n = book.sidecar.notes.get(lost.note)?;
            Some(LostJson {
                id: n.id,
                text: &n.text,
                why: &lost.why,
                anchor: &n.anchor,
            })
        })
        .collect();
    let doc = ListJson {
        sidecar: book.path().map(|p| p.display().to_string()),
        notes,
        lost,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}
