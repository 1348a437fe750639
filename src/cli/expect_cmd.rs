//! `callflow expect save` and `callflow expect check`: glue between the files and the `expect`
//! engine (steps, flow files, matching), printing and the JUnit report.

use super::expect_junit::junit_xml;
use super::{Input, load, printable, warn_rejected};
use crate::atomic;
use crate::calls::CallSet;
use crate::expect::{
    self, CaptureCheck, NameBy, Outcome, SaveOptions, flow_of, load_flow, say, write_flow,
};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ExpectCommand {
    /// Write the flow of a known-good call as an editable YAML file.
    Save(SaveArgs),
    /// Check the calls of captures against a flow: exit 0 when they follow it, 1 when one does
    /// not, 2 when a flow file or capture cannot be read.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    #[command(flatten)]
    pub input: Input,
    /// The call (its id, any telephonySessionId in it, or a party id); needed when the capture
    /// holds more than one call.
    #[arg(long = "call", value_name = "ID")]
    pub call: Option<String>,
    /// The flow file to write (`-`: standard output).
    #[arg(long, short, value_name = "FLOW.yaml")]
    pub out: PathBuf,
    /// How people are named: role (caller, callee, party3…), number (ext 111, +1…) or name.
    #[arg(long, value_name = "HOW", default_value = "number", value_parser = parse_name_by)]
    pub name_by: NameBy,
    /// Give each step a `within` bound (the time it took plus half again, at least 5 s more).
    #[arg(long)]
    pub timing: bool,
    /// The flow's name (`flow:` in the file); by default the call's summary.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The expected flow (YAML).
    #[arg(value_name = "FLOW.yaml")]
    pub flow: PathBuf,
    /// Captures: each file is checked on its own (`--together`: all as one capture).
    #[arg(required = true, value_name = "CAPTURE")]
    pub captures: Vec<PathBuf>,
    /// Read all the files as one capture (two subscriptions of one test run).
    #[arg(long)]
    pub together: bool,
    /// Only these calls (an id, telephonySessionId or party id); may be repeated.
    #[arg(long = "call", value_name = "ID")]
    pub calls: Vec<String>,
    /// Also write the result as JUnit XML, for a CI job to show.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// The longest line read, in bytes.
    #[arg(long, value_name = "SIZE", env = crate::ingest::MAX_LINE_ENV,
          default_value = "16M", value_parser = super::parse_line_cap)]
    pub max_line_bytes: usize,
}

fn parse_name_by(s: &str) -> Result<NameBy, String> {
    NameBy::parse(s).ok_or_else(|| format!("{s:?}: one of role, number, name"))
}

pub fn expect(command: ExpectCommand, out: &mut impl Write) -> Result<ExitCode> {
    match command {
        ExpectCommand::Save(args) => save(args, out).map(|()| ExitCode::SUCCESS),
        ExpectCommand::Check(args) => check(args, out),
    }
}

fn save(args: SaveArgs, out: &mut impl Write) -> Result<()> {
    let inputs = crate::notes::inputs_of(&args.input.files);
    inputs
        .check(&args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let store = load(&args.input);
    warn_rejected(&store);
    let set = CallSet::build(&store);
    let index = match &args.call {
        Some(id) => set.find_index(&store, id).with_context(|| {
            format!("no call contains session {id:?} (nor a party with that id)")
        })?,
        None if set.calls.len() == 1 => 0,
        None if set.calls.is_empty() => bail!("the capture holds no call"),
        None => bail!(
            "the capture holds {} calls: say which with --call ID (`callflow calls` lists them)",
            set.calls.len()
        ),
    };
    let call = &set.calls[index];
    let facts = expect::facts(&store, &set, call);
    let opts = SaveOptions {
        name_by: args.name_by,
        timing: args.timing,
    };
    let name = args.name.clone().unwrap_or_else(|| call.summary.clone());
    let flow = flow_of(Some(name), &facts, opts);
    let mut comments = vec![
        "callflow expected flow: steps in order, other steps may come between.".to_owned(),
        format!(
            "Saved from call {} of {}.",
            store.text(call.id),
            args.input
                .files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    if args.name_by == NameBy::Role {
        for (role, p) in expect::write::roles(&facts) {
            comments.push(format!("{role}: {}", p.label));
        }
    }
    let text = write_flow(&flow, &comments);
    atomic::write_file(&args.out, &inputs, text.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    if args.out != Path::new("-") {
        writeln!(
            out,
            "wrote {} ({} steps)",
            args.out.display(),
            flow.steps.len()
        )?;
    }
    Ok(())
}

/// One capture's result, for printing and JUnit.
pub struct Checked {
    pub name: String,
    /// A capture that could not be read at all, or a bad `--call`.
    pub error: Option<String>,
    /// Lines of input rejected.
    pub rejected: u64,
    pub check: CaptureCheck,
}

fn check(args: CheckArgs, out: &mut impl Write) -> Result<ExitCode> {
    let flow = match load_flow(&args.flow) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("callflow: {}", printable(&e.to_string()));
            return Ok(ExitCode::from(2));
        }
    };
    let groups: Vec<Vec<PathBuf>> = if args.together {
        vec![args.captures.clone()]
    } else {
        args.captures.iter().map(|c| vec![c.clone()]).collect()
    };
    let mut results = Vec::new();
    for files in groups {
        let input = Input {
            files: files.clone(),
            progress: false,
            max_line_bytes: args.max_line_bytes,
        };
        let name = files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ");
        let store = load(&input);
        warn_rejected(&store);
        let set = CallSet::build(&store);
        let rejected = store.rejected().0;
        let mut error = (store.events().is_empty() && rejected > 0)
            .then(|| "no notification could be read".to_owned());
        let mut chosen = Vec::new();
        for id in &args.calls {
            match set.find_index(&store, id) {
                Some(i) if !chosen.contains(&i) => chosen.push(i),
                Some(_) => {}
                None => {
                    error = Some(format!(
                        "no call contains session {id:?} (nor a party with that id)"
                    ))
                }
            }
        }
        let check = if error.is_some() {
            CaptureCheck {
                calls: Vec::new(),
                expected_calls: flow.calls,
            }
        } else {
            expect::check_capture(&store, &set, &flow, &chosen)
        };
        results.push(Checked {
            name,
            error,
            rejected,
            check,
        });
    }
    print_results(out, &flow, &results)?;
    out.flush()?;
    if let Some(path) = &args.junit {
        let mut inputs = crate::notes::inputs_of(&args.captures);
        inputs.add(&args.flow, "flow file");
        let xml = junit_xml(&flow, &args.flow.display().to_string(), &results);
        atomic::write_file(path, &inputs, xml.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let unreadable = results.iter().any(|r| r.error.is_some() || r.rejected > 0);
    let failed = results.iter().any(|r| !r.check.passed());
    Ok(ExitCode::from(if unreadable {
        2
    } else if failed {
        1
    } else {
        0
    }))
}

fn print_results(out: &mut impl Write, flow: &expect::Flow, results: &[Checked]) -> Result<()> {
    for r in results {
        let name = printable(&r.name);
        if let Some(e) = &r.error {
            writeln!(out, "{name}: cannot check: {}", printable(e))?;
            continue;
        }
        for c in &r.check.calls {
            let verdict = if c.passed() {
                "follows the flow"
            } else {
                "does not follow the flow"
            };
            writeln!(out, "{name}: call {} {verdict}", printable(&c.id))?;
            writeln!(out, "  {}", printable(&c.summary))?;
            for (i, (step, res)) in flow.steps.iter().zip(&c.result.steps).enumerate() {
                let mark = match res.outcome {
                    Outcome::Matched => "ok  ",
                    Outcome::Skipped => "skip",
                    Outcome::Failed => "FAIL",
                    Outcome::NotReached => "  - ",
                };
                let when: Vec<String> = res
                    .facts
                    .iter()
                    .filter_map(|&j| c.facts.get(j))
                    .map(|f| say::time_text(f.at))
                    .collect();
                let when = if when.is_empty() {
                    String::new()
                } else {
                    format!("  at {}", when.join(", "))
                };
                writeln!(
                    out,
                    "  {mark} step {}  {}{when}",
                    i + 1,
                    printable(&say::step_title(step))
                )?;
            }
            if let Some(m) = &c.result.mismatch {
                writeln!(out, "  first difference: {}", printable(&m.message))?;
            }
        }
        if let Some(p) = r.check.count_problem() {
            writeln!(out, "{name}: {p}")?;
        } else if r.check.expected_calls.is_some() {
            let n = r.check.matching();
            let calls = if n == 1 {
                "call follows"
            } else {
                "calls follow"
            };
            writeln!(out, "{name}: {n} {calls} the flow, as expected")?;
        }
        if r.rejected > 0 {
            writeln!(
                out,
                "{name}: {} item{} of input rejected (`callflow check` lists them)",
                r.rejected,
                if r.rejected == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(())
}
