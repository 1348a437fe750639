//! The Call Log panel (File → Compare with call log…): each call the call log covers with its
//! records' disagreements (click one to show its call and moment), records that join no call,
//! calls no record covers, and what in the call-log files could not be read.

use super::App;
use super::commands::Command;
use egui::{RichText, Sense};

pub fn calllog_panel_ui(app: &mut App, ui: &mut egui::Ui) {
    app.refresh_call_log();
    let (Some(c), Some(data)) = (&app.call_log, &app.data) else {
        return;
    };
    let p = app.palette();
    let mut pick: Option<(usize, Option<f64>)> = None;
    let mut close = false;
    ui.horizontal(|ui| {
        ui.strong("Call log");
        let n = c.check.disagreements();
        ui.label(format!(
            "{} record{} from {} file{} · {} disagreement{} · {} of {} calls covered{}",
            c.log.records.len(),
            if c.log.records.len() == 1 { "" } else { "s" },
            c.files.len(),
            if c.files.len() == 1 { "" } else { "s" },
            n,
            if n == 1 { "" } else { "s" },
            data.set.calls.len() - c.check.uncovered.len(),
            data.set.calls.len(),
            if c.log.errors.is_empty() {
                String::new()
            } else {
                format!(
                    " · {} error{} reading it",
                    c.log.errors.len(),
                    if c.log.errors.len() == 1 { "" } else { "s" }
                )
            }
        ));
        if ui.button("Close").clicked() {
            close = true;
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("call log rows")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for e in &c.log.errors {
                ui.label(RichText::new(e.to_string()).color(p.warning));
            }
            for (i, call) in data.set.calls.iter().enumerate() {
                let records: Vec<_> = c.check.of_call(i).collect();
                if records.is_empty() {
                    continue;
                }
                let bad: usize = records.iter().map(|r| r.disagreements.len()).sum();
                let head = format!(
                    "{}  {} — {}",
                    if bad == 0 { "✔" } else { "✖" },
                    call.summary,
                    if bad == 0 {
                        "agrees with the call log".to_owned()
                    } else {
                        format!("{bad} disagreement{}", if bad == 1 { "" } else { "s" })
                    }
                );
                let color = if bad == 0 { p.text } else { p.warning };
                let selected = app.view.selected == Some(i);
                if ui
                    .selectable_label(selected, RichText::new(head).color(color))
                    .clicked()
                {
                    pick = Some((i, None));
                }
                for r in records {
                    for d in &r.disagreements {
                        let row = ui.add(
                            egui::Label::new(format!("      {}: {}", d.kind.as_str(), d.text))
                                .sense(Sense::click())
                                .wrap(),
                        );
                        if row.on_hover_text("Click to show this call").clicked() {
                            pick = Some((i, d.at_ms));
                        }
                    }
                }
            }
            for r in c.check.records.iter().filter(|r| r.call.is_none()) {
                let located = &c.log.records[r.record];
                ui.label(
                    RichText::new(format!(
                        "Record {} (line {}) joins no call of the capture (telephonySessionId {}, sessionId {})",
                        located.entry.id.as_deref().unwrap_or("without id"),
                        located.line,
                        located.entry.telephony_session_id.as_deref().unwrap_or("none"),
                        located.entry.session_id.as_deref().unwrap_or("none"),
                    ))
                    .weak(),
                );
            }
            for &i in &c.check.uncovered {
                if let Some(call) = data.set.calls.get(i)
                    && ui
                        .add(
                            egui::Label::new(
                                RichText::new(format!("No call-log record: {}", call.summary))
                                    .weak(),
                            )
                            .sense(Sense::click()),
                        )
                        .clicked()
                {
                    pick = Some((i, None));
                }
            }
        });
    if close {
        app.call_log = None;
    }
    if let Some((i, t)) = pick {
        if app.view.selected != Some(i) {
            app.push(Command::SelectCall(i));
        }
        if let Some(t) = t {
            app.push(Command::RevealMoment(t));
        }
    }
}
