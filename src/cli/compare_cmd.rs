//! `callflow diff` and `callflow crosscheck`: load the captures, run the engine's comparison,
//! print its findings (capture and call-log text made printable) and exit 0 / 1 / 2.

use super::printable;
use crate::calllog::{self, CallLog, JoinedBy};
use crate::calls::CallSet;
use crate::compare::{Align, CallTarget, DiffOptions, Side, diff, pick_call};
use crate::ingest::{self, ReadOptions};
use crate::store::Store;
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The reference call: CAPTURE or CAPTURE:CALL (CALL is a call id, any session or party id
    /// in it, or its position in `callflow calls`, counting from 1; default the first call).
    #[arg(value_name = "A[:CALL]")]
    pub a: String,
    /// The call compared with it, the same way.
    #[arg(value_name = "B[:CALL]")]
    pub b: String,
    /// Timings further apart than this many seconds are a difference.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0, value_parser = parse_secs)]
    pub threshold: f64,
    /// Match parties by their role only: a role held by another number is not a difference.
    #[arg(long)]
    pub ignore_people: bool,
}

fn parse_secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "{s:?} is not a number of seconds (such as 5 or 2.5)"
        )),
    }
}

#[derive(Debug, Args)]
pub struct CrosscheckArgs {
    /// The call log: JSON from the Call Log API's Detailed view (a page, an array of pages, or
    /// a `records` array).
    #[arg(value_name = "CALL-LOG.json")]
    pub log: PathBuf,
    /// Capture files (several form one capture).
    #[arg(required = true, value_name = "CAPTURE")]
    pub captures: Vec<PathBuf>,
    /// More call-log files (further pages); may be repeated.
    #[arg(long = "log", value_name = "FILE")]
    pub more: Vec<PathBuf>,
}

/// Loads captures; `None` (after saying why) when nothing could be read.
fn load(paths: &[PathBuf]) -> Option<Store> {
    let mut store = Store::new();
    ingest::load_paths_with(&mut store, paths, &ReadOptions::from_env(), &mut |_| {});
    let (rejected, listed) = store.rejected();
    for r in listed.iter().take(5) {
        eprintln!("callflow: {}", printable(&r.to_string()));
    }
    if rejected > 5 {
        eprintln!("callflow: {rejected} items of input rejected (`callflow check` lists them all)");
    }
    if store.events().is_empty() {
        if rejected == 0 {
            eprintln!(
                "callflow: {}: no telephony session events in it",
                paths
                    .iter()
                    .map(|p| printable(&p.display().to_string()).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        return None;
    }
    Some(store)
}

pub fn diff_cmd(args: DiffArgs, out: &mut impl Write) -> Result<ExitCode> {
    let exists = |p: &Path| p.is_file();
    let mut sides = Vec::with_capacity(2);
    for arg in [&args.a, &args.b] {
        let target = CallTarget::parse(arg, exists).map_err(|e| anyhow::anyhow!(e))?;
        let Some(store) = load(std::slice::from_ref(&target.path)) else {
            return Ok(ExitCode::from(2));
        };
        let set = CallSet::build(&store);
        sides.push((target, store, set));
    }
    let (ta, sa, ca) = &sides[0];
    let (tb, sb, cb) = &sides[1];
    let name = |t: &CallTarget| printable(&t.path.display().to_string()).into_owned();
    let (ia, call_a) =
        pick_call(sa, ca, ta.call.as_deref()).map_err(|e| anyhow::anyhow!("{}: {e}", name(ta)))?;
    let (ib, call_b) =
        pick_call(sb, cb, tb.call.as_deref()).map_err(|e| anyhow::anyhow!("{}: {e}", name(tb)))?;
    let a = Side {
        store: sa,
        set: ca,
        call: call_a,
    };
    let b = Side {
        store: sb,
        set: cb,
        call: call_b,
    };
    let opts = DiffOptions {
        threshold_ms: args.threshold * 1000.0,
        people: !args.ignore_people,
        align: Align::Start,
    };
    let d = diff(a, b, &opts);
    for (tag, t, i, side) in [("A", ta, ia, a), ("B", tb, ib, b)] {
        writeln!(
            out,
            "{tag}: {} call {} ({} of {})  {}",
            name(t),
            printable(side.store.text(side.call.id)),
            i + 1,
            side.set.calls.len(),
            printable(&side.call.summary)
        )?;
    }
    writeln!(out, "parties:")?;
    let width = d
        .pairs
        .iter()
        .map(|p| p.a_label.as_deref().map_or(1, |l| l.chars().count()))
        .max()
        .unwrap_or(1);
    for p in &d.pairs {
        let a = p.a_label.as_deref().unwrap_or("—");
        let b = p.b_label.as_deref().unwrap_or("—");
        writeln!(
            out,
            "  {:<36} {:<width$}  ↔  {}",
            p.role.text(),
            printable(a),
            printable(b)
        )?;
    }
    if d.same() {
        writeln!(
            out,
            "same: no differences (timings within {} s{})",
            args.threshold,
            if args.ignore_people {
                ", people not compared"
            } else {
                ""
            }
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} difference{}:",
        d.findings.len(),
        if d.findings.len() == 1 { "" } else { "s" }
    )?;
    for f in &d.findings {
        writeln!(out, "  {}: {}", f.kind.as_str(), printable(&f.text))?;
    }
    Ok(ExitCode::from(1))
}

pub fn crosscheck_cmd(args: CrosscheckArgs, out: &mut impl Write) -> Result<ExitCode> {
    let mut files = vec![args.log.clone()];
    files.extend(args.more.iter().cloned());
    let log = calllog::read_files(&files);
    let Some(store) = load(&args.captures) else {
        print_errors(&log, out)?;
        return Ok(ExitCode::from(2));
    };
    let set = CallSet::build(&store);
    let check = calllog::crosscheck(&store, &set, &log);
    writeln!(
        out,
        "call log: {} record{} from {} file{}; capture: {} call{}",
        log.records.len(),
        if log.records.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        set.calls.len(),
        if set.calls.len() == 1 { "" } else { "s" },
    )?;
    for (c, call) in set.calls.iter().enumerate() {
        let records: Vec<_> = check.of_call(c).collect();
        if records.is_empty() {
            continue;
        }
        writeln!(
            out,
            "Call {}  {}",
            printable(store.text(call.id)),
            printable(&call.summary)
        )?;
        for r in records {
            let located = &log.records[r.record];
            let e = &located.entry;
            let by = match r.call.map(|(_, by)| by) {
                Some(JoinedBy::SessionId) => "sessionId",
                _ => "telephonySessionId",
            };
            let head = format!(
                "record {} ({}:{}, joined by {by})",
                printable(e.id.as_deref().unwrap_or("without id")),
                printable(&located.file.display().to_string()),
                located.line
            );
            let legs = format!(
                "{} leg{} checked",
                r.legs_checked,
                if r.legs_checked == 1 { "" } else { "s" }
            );
            if r.disagreements.is_empty() {
                writeln!(out, "  {head}: agrees ({legs})")?;
            } else {
                let n = r.disagreements.len();
                writeln!(
                    out,
                    "  {head}: {n} disagreement{} ({legs})",
                    if n == 1 { "" } else { "s" }
                )?;
                for d in &r.disagreements {
                    writeln!(out, "    {}: {}", d.kind.as_str(), printable(&d.text))?;
                }
            }
        }
    }
    let alone: Vec<_> = check.records.iter().filter(|r| r.call.is_none()).collect();
    if !alone.is_empty() {
        writeln!(out, "records that join no call of the capture:")?;
        for r in alone {
            let located = &log.records[r.record];
            let e = &located.entry;
            writeln!(
                out,
                "  record {} ({}:{}): telephonySessionId {}, sessionId {}",
                printable(e.id.as_deref().unwrap_or("without id")),
                printable(&located.file.display().to_string()),
                located.line,
                printable(e.telephony_session_id.as_deref().unwrap_or("none")),
                printable(e.session_id.as_deref().unwrap_or("none")),
            )?;
        }
    }
    if !check.uncovered.is_empty() {
        writeln!(out, "calls no record covers:")?;
        for &c in &check.uncovered {
            writeln!(out, "  {}", printable(store.text(set.calls[c].id)))?;
        }
    }
    print_errors(&log, out)?;
    let n = check.disagreements();
    writeln!(
        out,
        "{n} disagreement{}; {} of {} call{} checked; {} error{} in the call log",
        if n == 1 { "" } else { "s" },
        set.calls.len() - check.uncovered.len(),
        set.calls.len(),
        if set.calls.len() == 1 { "" } else { "s" },
        log.errors.len(),
        if log.errors.len() == 1 { "" } else { "s" },
    )?;
    if !log.errors.is_empty() || log.records.is_empty() {
        if log.records.is_empty() && log.errors.is_empty() {
            bail!("the call log holds no record");
        }
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::from(if n > 0 { 1 } else { 0 }))
}

fn print_errors(log: &CallLog, out: &mut impl Write) -> Result<()> {
    if log.errors.is_empty() {
        return Ok(());
    }
    out.flush()?;
    for e in &log.errors {
        eprintln!("callflow: {}", printable(&e.to_string()));
    }
    Ok(())
}
