//! The export dialog (Ctrl+E): the shown call in any export format, with or without redaction
//! and notes, previewed as it will be written (the diagram as an image, text formats as text),
//! then written to the path in the dialog. Previews and files are made off the window's thread
//! (`export_jobs`); the window only prepares the call (fast) and shows. The drawing and text are
//! `export`'s.

use super::App;
use super::export_jobs::{Made, start_preview, start_save};
use super::live::Origin;
use crate::atomic::Inputs;
use crate::export::{Format, Prepared, prepare_view};
use crate::timeline::LayoutMode;
use egui::{ColorImage, RichText, TextureHandle, TextureOptions};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// What the preview was made for.
type PreviewKey = (Format, bool, bool, bool);

enum Preview {
    Image(TextureHandle),
    Text(String),
    Failed(String),
}

/// The dialog's state, while it is open.
pub struct ExportDialog {
    pub format: Format,
    pub redact: bool,
    pub notes: bool,
    /// The diagram in the people view (else the session view); starts as the window shows it.
    pub people: bool,
    /// PNG pixels per SVG unit.
    pub scale: f32,
    pub path: String,
    /// The call's index and id.
    call: usize,
    call_id: String,
    preview: Option<(PreviewKey, Preview)>,
    /// A preview being made, for these options.
    making: Option<(PreviewKey, Receiver<Made>)>,
    /// The folder exports go to unless the user picks another.
    folder: PathBuf,
    saving: Option<Receiver<Result<PathBuf, String>>>,
    picking: Option<Receiver<Option<PathBuf>>>,
}

impl ExportDialog {
    fn file_name(&self) -> String {
        let stem: String = self
            .call_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{stem}.{}", self.format.extension())
    }

    /// Keeps the path's folder and name, with the chosen format's extension.
    fn follow_format(&mut self) {
        let path = PathBuf::from(&self.path);
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => self.folder.clone(),
        };
        self.path = folder.join(self.file_name()).display().to_string();
    }
}

fn format_label(f: Format) -> &'static str {
    match f {
        Format::Svg => "SVG (vector drawing)",
        Format::Png => "PNG (image)",
        Format::Pdf => "PDF",
        Format::Mermaid => "Mermaid sequence diagram",
        Format::PlantUml => "PlantUML sequence diagram",
        Format::Json => "JSON (the call's data)",
    }
}

impl App {
    /// Opens the dialog on the shown call.
    pub(super) fn open_export(&mut self) {
        let (Some(data), Some(call), Some(i)) = (&self.data, &self.view.call, self.view.selected)
        else {
            self.notice = Some("Select a call to export it.".into());
            return;
        };
        let folder = data
            .store
            .sources()
            .iter()
            .find_map(|s| s.path.as_deref()?.parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let mut dialog = ExportDialog {
            format: Format::Svg,
            redact: false,
            notes: true,
            people: self.persisted.people,
            scale: 2.0,
            path: String::new(),
            call: i,
            call_id: call.layout.call_id.clone(),
            preview: None,
            making: None,
            folder,
            saving: None,
            picking: None,
        };
        dialog.path = dialog.folder.join(dialog.file_name()).display().to_string();
        self.view.export = Some(dialog);
    }

    /// The files the window is reading (the captures and their notes), which an export may
    /// not replace.
    fn inputs(&self) -> Inputs {
        let mut inputs = Inputs::default();
        if let Some(data) = self.data.as_ref() {
            let files: Vec<PathBuf> = data
                .store
                .sources()
                .iter()
                .filter_map(|s| s.path.clone())
                .collect();
            inputs = crate::notes::inputs_of(&files);
            if let Some(notes) = data.notes.path() {
                inputs.add(notes, "notes file");
            }
        }
        // A live capture being written or followed is an input too.
        match self.live.as_ref().map(|l| &l.origin) {
            Some(Origin::Listening { capture, .. }) => inputs.add(capture, "live capture"),
            Some(Origin::Following(path)) => inputs.add(path, "followed capture"),
            _ => {}
        }
        inputs
    }

    fn prepared(&self, d: &ExportDialog) -> Option<Prepared> {
        let data = self.data.as_ref()?;
        let notes = d.notes.then_some(&data.notes);
        let view = if d.people {
            LayoutMode::People
        } else {
            LayoutMode::Sessions
        };
        prepare_view(&data.store, &data.set, d.call, d.redact, notes, view)
    }
}

fn shown(ctx: &egui::Context, made: Made) -> Preview {
    match made {
        Made::Image(w, h, rgba) => {
            let image = ColorImage::from_rgba_premultiplied([w as usize, h as usize], &rgba);
            Preview::Image(ctx.load_texture("export preview", image, TextureOptions::LINEAR))
        }
        Made::Text(t) => Preview::Text(t),
        Made::Failed(e) => Preview::Failed(e),
    }
}

/// The save dialog, on its own thread (it blocks).
fn pick_path(ctx: &egui::Context, d: &ExportDialog) -> Receiver<Option<PathBuf>> {
    let (tx, rx) = channel();
    let wake = ctx.clone();
    let name = d.file_name();
    let folder = PathBuf::from(&d.path)
        .parent()
        .map_or_else(|| d.folder.clone(), Path::to_path_buf);
    let ext = d.format.extension();
    let _spawned = std::thread::Builder::new()
        .name("callflow-save-dialog".into())
        .spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title("Export the call")
                .set_directory(folder)
                .set_file_name(name)
                .add_filter(ext, &[ext])
                .save_file();
            let _ = tx.send(picked);
            wake.request_repaint();
        });
    rx
}

fn preview_ui(ui: &mut egui::Ui, preview: Option<&Preview>) {
    match preview {
        Some(Preview::Image(t)) => {
            let size = t.size_vec2();
            let w = ui.available_width().min(size.x);
            ui.add(egui::Image::new((t.id(), size * (w / size.x))));
        }
        Some(Preview::Text(t)) => {
            ui.add(egui::Label::new(RichText::new(t).monospace().size(11.5)).extend());
        }
        Some(Preview::Failed(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        None => {}
    }
}

/// The dialog, when open. Esc or Cancel closes it.
pub fn export_dialog_ui(app: &mut App, ctx: &egui::Context) {
    let Some(mut d) = app.view.export.take() else {
        return;
    };
    // Answers from the threads.
    if let Some(rx) = &d.picking
        && let Ok(picked) = rx.try_recv()
    {
        d.picking = None;
        if let Some(p) = picked {
            d.path = p.display().to_string();
        }
    }
    if let Some(rx) = &d.saving
        && let Ok(result) = rx.try_recv()
    {
        d.saving = None;
        match result {
            Ok(path) => {
                app.notice = Some(format!("Exported to {}", path.display()));
                return;
            }
            Err(e) => app.notice = Some(format!("Export failed: {e}")),
        }
    }
    let key = (d.format, d.redact, d.notes, d.people);
    if let Some((k, rx)) = &d.making
        && let Ok(made) = rx.try_recv()
    {
        d.preview = Some((*k, shown(ctx, made)));
        d.making = None;
    }
    let current = d.preview.as_ref().is_some_and(|(k, _)| *k == key);
    let coming = d.making.as_ref().is_some_and(|(k, _)| *k == key);
    if !current && !coming {
        match app.prepared(&d) {
            Some(p) => {
                let max_side = u32::try_from(ctx.input(|i| i.max_texture_side)).unwrap_or(2048);
                d.making = Some((key, start_preview(ctx, p, d.format, max_side)));
            }
            None => {
                let failed = Preview::Failed("this call can no longer be laid out".into());
                d.preview = Some((key, failed));
            }
        }
    }
    let stale = d.preview.as_ref().is_none_or(|(k, _)| *k != key);
    let mut close = false;
    let mut save = false;
    let has_notes = app
        .view
        .call
        .as_ref()
        .is_some_and(|c| !c.layout.notes.is_empty());
    let response = egui::Modal::new(egui::Id::unique("export dialog")).show(ctx, |ui| {
        ui.set_width((ctx.content_rect().width() * 0.8).clamp(480.0, 1100.0));
        ui.heading(format!("Export call {}", d.call_id));
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label("Format");
            let before = d.format;
            egui::ComboBox::from_id_salt("export format")
                .selected_text(format_label(d.format))
                .show_ui(ui, |ui| {
                    for f in Format::ALL {
                        ui.selectable_value(&mut d.format, f, format_label(f));
                    }
                })
                .response
                .labelled_by(label.id);
            if d.format != before {
                d.follow_format();
            }
            ui.checkbox(&mut d.redact, "Redact names and numbers")
                .on_hover_text("People become aliases (\"Caller A\", \"Agent 104\") everywhere, notes included");
            ui.add_enabled(has_notes, egui::Checkbox::new(&mut d.notes, "Include notes"));
            if matches!(d.format, Format::Svg | Format::Png | Format::Pdf) {
                ui.checkbox(&mut d.people, "People view")
                    .on_hover_text("A lane per person, their legs in different sessions joined (off: a lane per party, grouped by session)");
            }
            if d.format == Format::Png {
                let label = ui.label("Scale");
                ui.add(egui::Slider::new(&mut d.scale, 0.5..=4.0).step_by(0.5))
                    .labelled_by(label.id);
            }
        });
        ui.add_space(4.0);
        let preview_h = (ctx.content_rect().height() * 0.55).max(200.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::ScrollArea::both()
                .max_height(preview_h)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if stale {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("Drawing the preview…");
                        });
                    }
                    preview_ui(ui, d.preview.as_ref().map(|(_, p)| p));
                });
        });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label("Save as");
            ui.add(egui::TextEdit::singleline(&mut d.path).desired_width(ui.available_width() - 110.0))
                .labelled_by(label.id);
            if ui.add_enabled(d.picking.is_none(), egui::Button::new("Choose…")).clicked() {
                d.picking = Some(pick_path(ctx, &d));
            }
        });
        if Path::new(d.path.trim()).is_file() {
            ui.label(RichText::new("That file exists; exporting replaces it.").small().weak());
        }
        ui.horizontal(|ui| {
            let busy = d.saving.is_some();
            if ui.add_enabled(!busy && !d.path.trim().is_empty(), egui::Button::new("Export")).clicked() {
                save = true;
            }
            if busy {
                ui.spinner();
                ui.label("Writing…");
            }
            if let Some((_, Preview::Text(t))) = d.preview.as_ref().filter(|_| !stale)
                && ui.button("Copy text").clicked()
            {
                ui.ctx().copy_text(t.clone());
                app.notice = Some("Copied the export to the clipboard.".into());
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if response.should_close() && d.saving.is_none() {
        close = true;
    }
    if save {
        match app.prepared(&d) {
            Some(p) => {
                let path = PathBuf::from(d.path.trim());
                let inputs = app.inputs();
                d.saving = Some(start_save(ctx, p, d.format, d.scale, path, inputs));
            }
            None => app.notice = Some("This call can no longer be laid out.".into()),
        }
    }
    if !close {
        app.view.export = Some(d);
    }
}
