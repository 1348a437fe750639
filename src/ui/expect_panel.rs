//! File → Check against expected flow…: the flow's steps listed beside the diagram for the shown
//! call, each matched step a link to its moment on the timeline, the first difference
//! highlighted with what the call did instead; above them, how many calls of the capture follow
//! the flow. The checking is the engine's (`expect`); this only asks and shows.

use super::App;
use super::commands::Command;
use crate::expect::{self, CallCheck, CaptureCheck, Flow, Outcome, say};
use egui::RichText;
use std::path::PathBuf;

/// The flow being checked and the capture's result.
pub struct ExpectState {
    pub path: PathBuf,
    /// The flow, or why the file cannot be used (file, line, field).
    pub flow: Result<Flow, String>,
    pub check: Option<CaptureCheck>,
    /// The store generation and call count `check` was made for.
    checked_for: Option<(u64, usize)>,
    /// Put the cursor on the shown call's first difference once it is checked.
    jump: bool,
}

/// What the panel asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ExpectCommand {
    /// Opens the file dialog.
    Dialog,
    /// Reads this flow file and checks the capture against it.
    Load(PathBuf),
    /// Reads the same file again (after editing it).
    Reload,
    /// Shows step `fact` of the shown call on the timeline.
    ShowFact(usize),
    /// Shows call `i` of the capture (one that does not follow the flow).
    ShowCall(usize),
    Close,
}

impl App {
    pub(super) fn apply_expect(&mut self, ctx: &egui::Context, command: ExpectCommand) {
        match command {
            ExpectCommand::Dialog => self.file_dialog(ctx, super::commands::Picking::Flow),
            ExpectCommand::Load(path) => self.load_flow(path),
            ExpectCommand::Reload => {
                if let Some(path) = self.expect.as_ref().map(|s| s.path.clone()) {
                    self.load_flow(path);
                }
            }
            ExpectCommand::ShowFact(j) => self.show_fact(j, true),
            ExpectCommand::ShowCall(i) => {
                self.select_call(i);
                self.view.scroll_list_to_selected = true;
            }
            ExpectCommand::Close => self.expect = None,
        }
    }

    fn load_flow(&mut self, path: PathBuf) {
        let flow = expect::load_flow(&path).map_err(|e| e.to_string());
        self.expect = Some(ExpectState {
            path,
            flow,
            check: None,
            checked_for: None,
            jump: true,
        });
        self.refresh_expect();
    }

    /// Checks the capture again when it changed (another capture, live events).
    pub(super) fn refresh_expect(&mut self) {
        let (Some(state), Some(data)) = (&mut self.expect, &self.data) else {
            return;
        };
        let now = (data.store.generation(), data.set.calls.len());
        if state.checked_for == Some(now) {
            return;
        }
        state.checked_for = Some(now);
        state.check = state
            .flow
            .as_ref()
            .ok()
            .map(|flow| expect::check_capture(&data.store, &data.set, flow, &[]));
        // The first difference of the shown call is where to look first (once, when the flow
        // is opened; a capture still loading is waited for).
        let jump = state.jump && self.view.call.is_some();
        if jump {
            state.jump = false;
        }
        if jump {
            let first = self
                .shown_check()
                .and_then(|c| c.result.mismatch.as_ref().and_then(|m| m.fact));
            if let Some(j) = first {
                self.show_fact(j, false);
            }
        }
    }

    /// The shown call's check.
    pub fn shown_check(&self) -> Option<&CallCheck> {
        let i = self.view.selected?;
        self.expect
            .as_ref()?
            .check
            .as_ref()?
            .calls
            .iter()
            .find(|c| c.call == i)
    }

    /// Puts the cursor on a step's moment; with `select` (the user clicked the step) also
    /// selects its event when the timeline has it, which opens the details panel. Opening a
    /// flow only moves the cursor, so the diagram keeps its width beside the flow panel.
    fn show_fact(&mut self, j: usize, select: bool) {
        let Some(fact) = self.shown_check().and_then(|c| c.facts.get(j)).cloned() else {
            return;
        };
        let Some(call) = &self.view.call else { return };
        let on_timeline = fact
            .event
            .filter(|e| select && call.layout.moment_of(*e).is_some());
        match on_timeline {
            Some(e) => self.select_event(e, None),
            None => {
                let t = call.layout.ms_of(fact.at);
                self.view.cursor_ms = Some(t);
                self.view.reveal_ms = Some(t);
            }
        }
    }
}

pub fn expect_panel_ui(app: &mut App, ui: &mut egui::Ui) {
    app.refresh_expect();
    let Some(state) = &app.expect else { return };
    let palette = app.palette();
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Expected flow");
        if ui.small_button("Close").clicked() {
            commands.push(ExpectCommand::Close);
        }
        if ui
            .small_button("Reload")
            .on_hover_text("Read the flow file again (after editing it)")
            .clicked()
        {
            commands.push(ExpectCommand::Reload);
        }
    });
    ui.label(RichText::new(state.path.display().to_string()).weak());
    let flow = match &state.flow {
        Ok(flow) => flow,
        Err(e) => {
            ui.label(
                RichText::new(format!("This flow file cannot be used: {e}"))
                    .color(palette.disconnected_end),
            );
            push_all(app, commands);
            return;
        }
    };
    if let Some(name) = &flow.name {
        ui.label(RichText::new(name).strong());
    }
    if let Some(check) = &state.check {
        capture_ui(ui, app, check, &mut commands);
    }
    ui.separator();
    match app.shown_check() {
        None => {
            ui.label("Select a call to see its steps.");
        }
        Some(c) => steps_ui(ui, app, flow, c, &mut commands),
    }
    push_all(app, commands);
}

fn push_all(app: &mut App, commands: Vec<ExpectCommand>) {
    for c in commands {
        app.push(Command::Expect(c));
    }
}

/// How many calls follow the flow, with a link to each that does not.
fn capture_ui(
    ui: &mut egui::Ui,
    app: &App,
    check: &CaptureCheck,
    commands: &mut Vec<ExpectCommand>,
) {
    let palette = app.palette();
    let total = check.calls.len();
    let good = check.matching();
    if total == 1 && check.expected_calls.is_none() {
        // The call's own verdict below says it all.
        return;
    }
    let text = match check.count_problem() {
        Some(p) => RichText::new(p).color(palette.disconnected_end),
        None if check.expected_calls.is_some() => RichText::new(format!(
            "{good} call{} the flow, as expected",
            if good == 1 { " follows" } else { "s follow" }
        ))
        .color(palette.talking),
        None if good == total => {
            RichText::new(format!("All {total} calls follow the flow")).color(palette.talking)
        }
        None => RichText::new(format!("{good} of {total} calls follow the flow"))
            .color(palette.disconnected_end),
    };
    ui.label(text);
    if check.expected_calls.is_none() && good < total {
        ui.label(format!("{} of {total} calls do not:", total - good));
        egui::ScrollArea::vertical()
            .id_salt("expect calls")
            .max_height(90.0)
            .show(ui, |ui| {
                for c in check.calls.iter().filter(|c| !c.passed()) {
                    let step = c.result.mismatch.as_ref().map_or(0, |m| m.step + 1);
                    let label = format!("{} · step {step}", short(&c.id));
                    if ui
                        .selectable_label(app.view.selected == Some(c.call), label)
                        .on_hover_text(&c.summary)
                        .clicked()
                    {
                        commands.push(ExpectCommand::ShowCall(c.call));
                    }
                }
            });
    }
}

fn short(id: &str) -> String {
    match id.char_indices().nth(14) {
        Some((i, _)) => format!("{}…", &id[..i]),
        None => id.to_owned(),
    }
}

/// The shown call's steps: matched ones link to their moment, the first difference stands out.
fn steps_ui(
    ui: &mut egui::Ui,
    app: &App,
    flow: &Flow,
    c: &CallCheck,
    commands: &mut Vec<ExpectCommand>,
) {
    let palette = app.palette();
    let (verdict, colour) = if c.passed() {
        ("This call follows the flow", palette.talking)
    } else {
        (
            "This call does not follow the flow",
            palette.disconnected_end,
        )
    };
    ui.label(RichText::new(verdict).strong().color(colour));
    let cursor = app.view.cursor_ms;
    let layout = app.view.call.as_ref().map(|v| &v.layout);
    egui::ScrollArea::vertical()
        .id_salt("expect steps")
        .auto_shrink(false)
        .show(ui, |ui| {
            for (i, (step, res)) in flow.steps.iter().zip(&c.result.steps).enumerate() {
                let (mark, colour) = match res.outcome {
                    Outcome::Matched => ("✔", palette.talking),
                    Outcome::Skipped => ("○", palette.text_weak),
                    Outcome::Failed => ("✖", palette.disconnected_end),
                    Outcome::NotReached => ("·", palette.text_weak),
                };
                let times: Vec<String> = res
                    .facts
                    .iter()
                    .filter_map(|&j| c.facts.get(j))
                    .map(|f| say::time_text(f.at))
                    .collect();
                let mut text = format!("{mark} {}  {}", i + 1, say::step_title(step));
                if !times.is_empty() {
                    text.push_str(&format!("   {}", times.join(", ")));
                }
                let here = res
                    .facts
                    .first()
                    .and_then(|&j| c.facts.get(j))
                    .and_then(|f| {
                        let t = layout?.ms_of(f.at);
                        Some(cursor.is_some_and(|cur| (cur - t).abs() < 1.0))
                    });
                let rich = RichText::new(text).color(colour);
                let failed = res.outcome == Outcome::Failed;
                let frame = egui::Frame::new()
                    .fill(if failed {
                        palette.badge_bg
                    } else {
                        egui::Color32::TRANSPARENT
                    })
                    .stroke(if failed {
                        egui::Stroke::new(1.5, palette.disconnected_end)
                    } else {
                        egui::Stroke::NONE
                    })
                    .inner_margin(2.0)
                    .corner_radius(3.0);
                frame.show(ui, |ui| {
                    let button = ui.add(
                        egui::Button::selectable(here == Some(true), rich)
                            .wrap_mode(egui::TextWrapMode::Wrap),
                    );
                    if let Some(&j) = res.facts.first()
                        && button
                            .on_hover_text("Show this step on the timeline")
                            .clicked()
                    {
                        commands.push(ExpectCommand::ShowFact(j));
                    }
                    if failed && let Some(m) = &c.result.mismatch {
                        ui.label(RichText::new(&m.message).color(palette.disconnected_end));
                        if let Some(j) = m.fact
                            && ui.small_button("Show what happened instead").clicked()
                        {
                            commands.push(ExpectCommand::ShowFact(j));
                        }
                    }
                });
            }
        });
}
