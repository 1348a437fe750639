//! The call list: a search box and one row per matching call (the engine's one-line summary,
//! start, duration, sessions, badges). Only the visible rows are built, so 20,000 calls stay fast.

use super::App;
use super::commands::{Command, NoteAsk};
use super::count;
use super::search;
use super::theme::{Palette, ROW_H};
use egui::{FontId, Id, Rect, RichText, Role, Sense, Vec2, WidgetInfo};

pub const SEARCH_ID: &str = "call search";

pub fn call_list_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(data) = &app.data else {
        ui.add_space(8.0);
        if app.loading.is_some() {
            ui.label("Loading captures…");
        } else {
            ui.label("No capture open. Use File → Open… or drop files here.");
        }
        return;
    };
    ui.add_space(4.0);
    let search_id = Id::unique(SEARCH_ID);
    ui.horizontal(|ui| {
        let label = ui.label("Search");
        let edit = egui::TextEdit::singleline(&mut app.view.query)
            .id(search_id)
            .hint_text("Number, name, extension, session or party id, status…")
            .desired_width(f32::INFINITY);
        let response = ui.add(edit).labelled_by(label.id);
        if app.view.focus_search {
            response.request_focus();
            app.view.focus_search = false;
        }
    });
    if app.view.filtered_for.as_deref() != Some(app.view.query.as_str()) {
        app.view.filtered = search::filter(&data.rows, &app.view.query);
        app.view.filtered_for = Some(app.view.query.clone());
        // The shown call follows the filter: the first match, or none when nothing matches.
        let kept = app
            .view
            .selected
            .is_some_and(|s| app.view.filtered.contains(&s));
        if !app.view.query.trim().is_empty() && !kept {
            match app.view.filtered.first() {
                Some(&first) => app.commands.push(Command::SelectCall(first)),
                None => app.commands.push(Command::ShowNoCall),
            }
            app.view.scroll_list_to_selected = true;
        }
    }
    ui.label(
        RichText::new(format!(
            "{} of {}",
            app.view.filtered.len(),
            count(data.rows.len() as u64, "call")
        ))
        .small()
        .weak(),
    );
    ui.separator();
    let palette = app.palette();
    let mut scroll = egui::ScrollArea::vertical().auto_shrink(false);
    if app.view.scroll_list_to_selected {
        app.view.scroll_list_to_selected = false;
        if let Some(pos) = app
            .view
            .selected
            .and_then(|s| app.view.filtered.iter().position(|&i| i == s))
        {
            let spacing = ui.spacing().item_spacing.y;
            scroll = scroll.vertical_scroll_offset((ROW_H + spacing) * pos as f32);
        }
    }
    let mut clicked = None;
    let mut note_on = None;
    let mut pin = None;
    let selected = app.view.selected;
    scroll.show_rows(ui, ROW_H, app.view.filtered.len(), |ui, range| {
        for &i in &app.view.filtered[range] {
            let row = &data.rows[i];
            let (rect, response) =
                ui.allocate_exact_size(Vec2::new(ui.available_width(), ROW_H), Sense::click());
            let is_selected = selected == Some(i);
            response.widget_info(|| {
                WidgetInfo::selected(Role::ListItem, true, is_selected, row.label())
            });
            let response = response.on_hover_text(row.hover());
            if ui.is_rect_visible(rect) {
                let notes = data.notes.resolved.count(i);
                paint_row(
                    ui,
                    rect,
                    row,
                    notes,
                    is_selected,
                    response.hovered(),
                    palette,
                );
            }
            if response.clicked() {
                clicked = Some(i);
            }
            response.context_menu(|ui| {
                if ui.button("Add note on this call…").clicked() {
                    note_on = Some(i);
                    ui.close();
                }
                if ui.button("Use as reference for comparing (C)").clicked() {
                    pin = Some(i);
                    ui.close();
                }
            });
        }
    });
    if let Some(i) = clicked {
        app.push(Command::SelectCall(i));
    }
    if let Some(i) = pin {
        app.push(Command::PinReference(i));
    }
    if let Some(i) = note_on {
        if app.view.selected != Some(i) {
            app.push(Command::SelectCall(i));
        }
        app.push(Command::AskNote(NoteAsk::Call));
    }
}

/// `text` laid out on one line, cut with `…` to fit `max_w`.
fn elided(
    ui: &egui::Ui,
    text: String,
    font: FontId,
    color: egui::Color32,
    max_w: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple_singleline(text, font, color);
    job.wrap = egui::text::TextWrapping::truncate_at_width(max_w.max(10.0));
    ui.fonts_mut(|f| f.layout_job(job))
}

fn paint_row(
    ui: &egui::Ui,
    rect: Rect,
    row: &search::CallRow,
    notes: usize,
    selected: bool,
    hovered: bool,
    p: &Palette,
) {
    let painter = ui.painter_at(rect);
    if selected {
        painter.rect_filled(rect, 4.0, p.row_selected);
    } else if hovered {
        painter.rect_filled(rect, 4.0, p.row_hover);
    }
    let left = rect.left() + 8.0;
    let top = rect.top() + 5.0;
    // How many notes, right-aligned on the first line; the caller's text stops short of it.
    let mut who_right = rect.right() - 6.0;
    if notes > 0 {
        let text = format!("{notes} note{}", if notes == 1 { "" } else { "s" });
        let galley = painter.layout_no_wrap(text, FontId::proportional(10.5), p.note_fg);
        let w = galley.size().x + 10.0;
        let r = Rect::from_min_size(egui::pos2(rect.right() - 6.0 - w, top), Vec2::new(w, 16.0));
        painter.rect_filled(r, 8.0, p.note_bg);
        painter.galley(r.center() - galley.size() / 2.0, galley, p.note_fg);
        who_right = r.left() - 6.0;
    }
    // The engine's summary of the call (it starts with the caller and says what the capture
    // shows of the answer), cut with "…" when the row is narrow (the whole text is on hover).
    let who = elided(
        ui,
        row.summary.clone(),
        FontId::proportional(13.0),
        p.text,
        who_right - left,
    );
    painter.galley(egui::pos2(left, top), who, p.text);
    // Time of day and length; the date and the sessions are on hover, leaving the badges room.
    let time = row
        .start
        .split_once(' ')
        .map_or(row.start.as_str(), |(_, t)| t);
    let mut meta = format!("{time}  ·  {}", row.duration);
    if let Some(v) = &row.view {
        meta.push_str("  ·  ");
        meta.push_str(v);
    }
    let meta = painter.layout_no_wrap(meta, FontId::proportional(11.5), p.text_weak);
    let meta_right = left + meta.size().x;
    painter.galley(egui::pos2(left, top + 20.0), meta, p.text_weak);
    // Badges, right-aligned on the second line.
    let mut x = rect.right() - 6.0;
    for badge in row.badges.iter().rev() {
        let galley = painter.layout_no_wrap(
            (*badge).to_owned(),
            FontId::proportional(10.5),
            if *badge == "warnings" {
                p.warning
            } else {
                p.text
            },
        );
        let w = galley.size().x + 10.0;
        let r = Rect::from_min_size(egui::pos2(x - w, top + 19.0), Vec2::new(w, 16.0));
        if r.left() < meta_right + 8.0 {
            break;
        }
        painter.rect_filled(r, 8.0, p.badge_bg);
        painter.galley(r.center() - galley.size() / 2.0, galley, p.text);
        x = r.left() - 4.0;
    }
}
