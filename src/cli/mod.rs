//! The command line: clap definitions and the glue that runs each subcommand on the engine.

mod compare_cmd;
mod expect_cmd;
mod expect_junit;
mod export_cmd;
mod live;
mod notes_cmd;
mod notes_list;
mod print;
mod terminal;

pub use terminal::{Printable, error_text, printable};

use crate::calls::{CallSet, json::write_calls_json, story};
use crate::ingest::{self, Progress};
use crate::store::Store;
use crate::synth::{Scenario, SynthOptions, write_synth};
use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "callflow",
    version,
    about = "Rebuild and inspect RingCentral telephony call flows",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Captures to open in the window: `callflow FILE...` is short for `callflow open FILE...`.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open captures in the window, first call selected, or follow a growing one (no command:
    /// the bundled samples).
    Open {
        /// Capture files (NDJSON, JSON, WebSocket frames, .gz).
        #[arg(required_unless_present = "follow", value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Follow a growing NDJSON capture from its start, like `tail -F` (waits for it to
        /// appear; truncation and rotation are handled).
        #[arg(long, value_name = "FILE", conflicts_with = "files")]
        follow: Option<PathBuf>,
        /// Check the calls against this expected flow (as File → Check against expected flow…).
        #[arg(long, value_name = "FLOW.yaml")]
        expect: Option<PathBuf>,
    },
    /// Print each call: time span, sessions, parties with their final state, the caller's path.
    Calls {
        #[command(flatten)]
        input: Input,
        /// Print the stable JSON form (documented in the README) instead of text.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print a flat call log as CSV, one row per call (columns in the README).
        #[arg(long)]
        csv: bool,
        /// With --csv: one row per party (leg) instead of per call.
        #[arg(long, requires = "csv")]
        legs: bool,
        /// Only this call (its id, or any telephonySessionId in it); may be repeated.
        #[arg(long = "call", value_name = "ID")]
        calls: Vec<String>,
    },
    /// Tell each call as plain sentences.
    Story {
        #[command(flatten)]
        input: Input,
        /// Only this call (its id, or any telephonySessionId in it).
        #[arg(long = "call", value_name = "ID")]
        calls: Vec<String>,
    },
    /// Check captures: exit 0 when clean, 1 on delivery warnings, 2 when input was rejected.
    Check {
        #[command(flatten)]
        input: Input,
    },
    /// Write a realistic synthetic capture (NDJSON) to standard output or a file.
    Synth {
        /// How many calls.
        #[arg(long, default_value_t = 100)]
        calls: usize,
        /// Seed: the same seed gives the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Only these scenarios (repeatable); by default the everyday ones mixed (call patterns
        /// such as `ringout` or `queue-fanout` only when named).
        #[arg(long = "scenario", value_name = "NAME", value_parser = parse_scenario)]
        scenarios: Vec<Scenario>,
        /// Deliver each notification once, in order (no reordering, replays or double delivery).
        #[arg(long)]
        no_noise: bool,
        /// Write here instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Receive RingCentral webhook deliveries: append each to a capture, print each event.
    Receive(live::ReceiveArgs),
    /// Send a capture to a webhook receiver as RingCentral would, paced by its timestamps.
    Replay(live::ReplayArgs),
    /// Export calls as SVG, PNG, PDF, Mermaid, PlantUML or JSON, optionally redacted.
    Export(export_cmd::ExportArgs),
    /// Save the flow of a known-good call, or check calls against an expected flow.
    Expect {
        #[command(subcommand)]
        command: expect_cmd::ExpectCommand,
    },
    /// Compare two calls (of one capture or two): parties matched by role, what differs.
    /// Exit 0 when the same, 1 when they differ, 2 when input could not be read.
    Diff(compare_cmd::DiffArgs),
    /// Check a Call Log API export (Detailed view) against the calls rebuilt from captures.
    /// Exit 0 when they agree, 1 on disagreements, 2 when input could not be read.
    Crosscheck(compare_cmd::CrosscheckArgs),
    /// Add, list, edit or remove notes (kept in CAPTURE.callflow.json beside the first file).
    Notes {
        #[command(subcommand)]
        command: notes_cmd::NotesCommand,
    },
}

fn parse_scenario(s: &str) -> Result<Scenario, String> {
    Scenario::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Scenario::every().map(|s| s.name()).collect();
        format!("unknown scenario {s:?}; one of: {}", names.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct Input {
    /// Capture files (NDJSON, JSON, WebSocket frames, .gz); several files form one capture;
    /// `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show loading progress on standard error.
    #[arg(long)]
    pub progress: bool,
    /// The longest line read, in bytes (`16M`, `512K` work too); a longer line is rejected and
    /// skipped without being held in memory.
    #[arg(long, value_name = "SIZE", env = crate::ingest::MAX_LINE_ENV,
          default_value = "16M", value_parser = parse_line_cap)]
    pub max_line_bytes: usize,
}

fn parse_line_cap(s: &str) -> Result<usize, String> {
    crate::ingest::limits::parse_size(s)
        .ok_or_else(|| format!("{s:?} is not a size in bytes (such as 16777216, 512K or 16M)"))
}

/// Loads the files into a store, reporting progress on stderr when asked.
pub fn load(input: &Input) -> Store {
    let mut store = Store::new();
    let mut last = 0u64;
    let mut progress = |p: Progress| {
        if input.progress && p.done >= last + (16 << 20) {
            last = p.done;
            match p.total {
                Some(t) if t > 0 => eprint!("\rloading… {:>3}%", p.done * 100 / t),
                _ => eprint!("\rloading… {} MB", p.done >> 20),
            }
        }
    };
    let opts = ingest::ReadOptions {
        max_line_bytes: input.max_line_bytes,
    };
    ingest::load_paths_with(&mut store, &input.files, &opts, &mut progress);
    if input.progress {
        eprintln!("\rloaded.       ");
    }
    store
}

/// Says on standard error what could not be read (a few items, then a count), so `calls` and
/// `story` never hide rejected input; `check` lists everything.
fn warn_rejected(store: &Store) {
    let without_id = store.parties_without_id();
    if without_id > 0 {
        eprintln!(
            "callflow: warning: {without_id} part{} without `id` kept, keyed by direction, extension and number in their session",
            if without_id == 1 { "y" } else { "ies" }
        );
    }
    let (total, listed) = store.rejected();
    if total == 0 {
        return;
    }
    for r in listed.iter().take(5) {
        eprintln!("callflow: {}", printable(&r.to_string()));
    }
    eprintln!(
        "callflow: {} item{} of input rejected (`callflow check` lists them all)",
        total,
        if total == 1 { "" } else { "s" }
    );
}

/// Lets the process end without freeing a big capture's hundreds of thousands of allocations
/// one by one (the system takes the memory back at once; on 20,000 calls freeing took longer
/// than writing the JSON).
fn leave(store: Store, set: CallSet) {
    std::mem::forget((store, set));
}

fn selected<'a>(
    store: &Store,
    set: &'a CallSet,
    ids: &[String],
) -> Result<Vec<&'a crate::calls::Call>> {
    if ids.is_empty() {
        return Ok(set.calls.iter().collect());
    }
    ids.iter()
        .map(|id| {
            set.find(store, id).with_context(|| {
                format!("no call contains session {id:?} (nor a party with that id)")
            })
        })
        .collect()
}

/// The subcommands' names, as `--help` lists them.
fn command_names() -> Vec<String> {
    use clap::CommandFactory;
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let Some(command) = cli.command else {
        let startup = if cli.files.is_empty() {
            crate::ui::Startup::Bundled
        } else {
            // A mistyped command would otherwise open the window on a file that is not there.
            let missing = cli
                .files
                .iter()
                .find(|f| *f != Path::new("-") && !f.exists());
            if let Some(missing) = missing {
                anyhow::bail!(
                    "{} is neither a file nor a command (commands: {}; see `callflow --help`)",
                    missing.display(),
                    command_names().join(", ")
                );
            }
            crate::ui::Startup::Files(cli.files)
        };
        crate::ui::run(startup)?;
        return Ok(ExitCode::SUCCESS);
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match command {
        Command::Open {
            files,
            follow,
            expect,
        } => {
            drop(out);
            let startup = match follow {
                Some(path) => {
                    if !path.exists() {
                        eprintln!(
                            "callflow: {} does not exist yet; waiting for it to appear",
                            path.display()
                        );
                    }
                    crate::ui::Startup::Follow(path)
                }
                None => crate::ui::Startup::Files(files),
            };
            crate::ui::run_checking(startup, expect)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Calls {
            input,
            json,
            csv,
            legs,
            calls,
        } => {
            let store = load(&input);
            warn_rejected(&store);
            if store.events().is_empty() && store.rejected().0 > 0 {
                // Nothing could be read: the JSON still says so, with the diagnostics.
                if json {
                    write_calls_json(&mut out, &store, &CallSet::default(), &[])?;
                    out.flush()?;
                }
                return Ok(ExitCode::from(2));
            }
            let set = CallSet::build(&store);
            let chosen = selected(&store, &set, &calls)?;
            if json {
                write_calls_json(&mut out, &store, &set, &chosen)?;
            } else if csv {
                crate::export::write_csv(&mut out, &store, &set, &chosen, legs)?;
            } else {
                let mut out = Printable::new(&mut out);
                print::calls_text(&mut out, &store, &set, &chosen)?;
                print::diagnostics_summary(&mut out, &store.diagnostics())?;
                out.flush()?;
            }
            out.flush()?;
            drop(chosen);
            leave(store, set);
        }
        Command::Story { input, calls } => {
            let store = load(&input);
            warn_rejected(&store);
            if store.events().is_empty() && store.rejected().0 > 0 {
                return Ok(ExitCode::from(2));
            }
            let set = CallSet::build(&store);
            let mut out = Printable::new(&mut out);
            for call in selected(&store, &set, &calls)? {
                writeln!(out, "Call {}", store.text(call.id))?;
                for s in story(&store, &set, call) {
                    writeln!(out, "  {}", s.text)?;
                }
                writeln!(out)?;
            }
            out.flush()?;
            leave(store, set);
        }
        Command::Check { input } => {
            let store = load(&input);
            let d = store.diagnostics();
            let mut out = Printable::new(&mut out);
            print::diagnostics_full(&mut out, &d)?;
            let nothing = d.events == 0 && !d.has_rejections();
            if nothing {
                writeln!(
                    out,
                    "warning: no telephony session events found in this input"
                )?;
            }
            out.flush()?;
            return Ok(ExitCode::from(if d.has_rejections() {
                2
            } else if d.has_warnings() || nothing {
                1
            } else {
                0
            }));
        }
        Command::Receive(args) => return live::receive(args, &mut out),
        Command::Replay(args) => return live::replay_cmd(args),
        Command::Export(args) => export_cmd::export(args, &mut out)?,
        Command::Expect { command } => {
            let code = expect_cmd::expect(command, &mut out)?;
            out.flush()?;
            return Ok(code);
        }
        Command::Diff(args) => {
            let code = compare_cmd::diff_cmd(args, &mut out)?;
            out.flush()?;
            return Ok(code);
        }
        Command::Crosscheck(args) => {
            let code = compare_cmd::crosscheck_cmd(args, &mut out)?;
            out.flush()?;
            return Ok(code);
        }
        Command::Notes { command } => {
            let code = notes_cmd::notes(command, &mut out)?;
            out.flush()?;
            return Ok(code);
        }
        Command::Synth {
            calls,
            seed,
            scenarios,
            no_noise,
            out: path,
        } => {
            let opts = SynthOptions {
                calls,
                seed,
                noise: !no_noise,
                scenarios,
                ..SynthOptions::default()
            };
            let stats = match path {
                Some(path) => {
                    let cannot = || format!("cannot write {}", path.display());
                    let file = crate::atomic::AtomicFile::create(&path).with_context(cannot)?;
                    let mut w = BufWriter::new(file);
                    let stats = write_synth(&opts, &mut w).with_context(cannot)?;
                    let file = w
                        .into_inner()
                        .map_err(|e| e.into_error())
                        .with_context(cannot)?;
                    file.commit().with_context(cannot)?;
                    stats
                }
                None => write_synth(&opts, &mut out)?,
            };
            eprintln!(
                "wrote {} calls, {} notifications, {:.1} MB",
                stats.calls,
                stats.notifications,
                stats.bytes as f64 / 1e6
            );
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
