//! `callflow export`: the chosen calls written as SVG, PNG, PDF, Mermaid, PlantUML or JSON, one
//! file per call, each written atomically. Only glue: the drawing and text live in `export`.

use super::{Input, load};
use crate::atomic::{self, Inputs};
use crate::calls::CallSet;
use crate::export::{Format, prepare_view, render};
use crate::notes::Notebook;
use crate::store::Store;
use crate::timeline::LayoutMode;
use anyhow::{Context, Result, bail};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: Input,
    /// This call (its id, or any telephonySessionId in it); may be repeated.
    #[arg(long = "call", value_name = "ID", required_unless_present = "all")]
    pub calls: Vec<String>,
    /// Every call of the capture (OUT is then a directory).
    #[arg(long, conflicts_with = "calls")]
    pub all: bool,
    /// svg, png, pdf, mermaid, plantuml or json.
    #[arg(long, value_parser = parse_format)]
    pub format: Format,
    /// The file to write for one call (`-`: standard output); a directory (created if needed)
    /// for several or --all.
    #[arg(long, short, value_name = "PATH")]
    pub out: PathBuf,
    /// Replace names and phone numbers by aliases ("Caller A", "Agent 104") in every format.
    #[arg(long)]
    pub redact: bool,
    /// Leave out the notes of the sidecar (CAPTURE.callflow.json beside the first file).
    #[arg(long)]
    pub no_notes: bool,
    /// SVG, PNG and PDF: `people` (a lane per person, their legs in different sessions joined)
    /// or `sessions` (a lane per party, grouped by telephony session).
    #[arg(long, value_name = "VIEW", value_parser = parse_view, default_value = "people")]
    pub view: LayoutMode,
    /// PNG only: pixels per SVG unit (0.25 to 8).
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}; one of: {}", names.join(", "))
    })
}

fn parse_view(s: &str) -> Result<LayoutMode, String> {
    LayoutMode::parse(s).ok_or_else(|| format!("unknown view {s:?}; one of: people, sessions"))
}

/// Indices into `set.calls` of the calls asked for, each once, in the order asked.
fn chosen(store: &Store, set: &CallSet, args: &ExportArgs) -> Result<Vec<usize>> {
    if args.all {
        return Ok((0..set.calls.len()).collect());
    }
    let mut out = Vec::new();
    for id in &args.calls {
        let index = set.find_index(store, id).with_context(|| {
            format!("no call contains session {id:?} (nor a party with that id)")
        })?;
        if !out.contains(&index) {
            out.push(index);
        }
    }
    Ok(out)
}

/// A call id as a file name (ids are `s-<hex>`; anything else becomes `_`).
fn file_name(id: &str, format: Format) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{stem}.{}", format.extension())
}

fn write_file(path: &Path, inputs: &Inputs, bytes: &[u8]) -> Result<()> {
    atomic::write_file(path, inputs, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

pub fn export(args: ExportArgs, out: &mut impl Write) -> Result<()> {
    if !(0.25..=8.0).contains(&args.scale) {
        bail!("--scale must be between 0.25 and 8, not {}", args.scale);
    }
    // Every input by identity: the output may be none of them, by any name or link.
    let inputs = crate::notes::inputs_of(&args.input.files);
    inputs
        .check(&args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let store = load(&args.input);
    let set = CallSet::build(&store);
    let notes = if args.no_notes {
        None
    } else {
        let mut book = Notebook::for_files(&args.input.files);
        if let Some(why) = &book.unreadable {
            eprintln!(
                "callflow: exporting without notes: {}",
                super::printable(why)
            );
        }
        book.resolve(&store, &set);
        for lost in &book.resolved.lost {
            if let Some(n) = book.sidecar.notes.get(lost.note) {
                eprintln!(
                    "callflow: note id {} is left out: {}",
                    n.id,
                    super::printable(&lost.why)
                );
            }
        }
        Some(book)
    };
    let calls = chosen(&store, &set, &args)?;
    if calls.is_empty() {
        bail!("the capture has no calls to export");
    }
    let one_file = !args.all && calls.len() == 1 && !args.out.is_dir();
    let to_stdout = args.out == Path::new("-");
    if to_stdout && !one_file {
        bail!("--out - (standard output) takes one call; give a directory for several");
    }
    if !one_file {
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("cannot create directory {}", args.out.display()))?;
    }
    for index in calls {
        let p = prepare_view(&store, &set, index, args.redact, notes.as_ref(), args.view)
            .with_context(|| format!("call number {index} has no layout"))?;
        let bytes = render(&p, args.format, args.scale)
            .with_context(|| format!("exporting call {}", p.json.id))?;
        let path = if one_file {
            args.out.clone()
        } else {
            args.out.join(file_name(&p.json.id, args.format))
        };
        write_file(&path, &inputs, &bytes)?;
        if !to_stdout {
            writeln!(out, "wrote {}", path.display())?;
        }
    }
    Ok(())
}
