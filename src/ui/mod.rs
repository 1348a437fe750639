//! The inspector window: a call list, swimlanes, story and graph of the selected call, the
//! notification behind any mark. It paints the `timeline` layout and sends commands; it computes
//! nothing the engine should know.

mod app;
mod call_list;
mod calllog_panel;
pub mod commands;
pub mod compare;
mod compare_view;
mod detail;
mod diagnostics;
pub mod expect_panel;
pub mod export_dialog;
mod export_jobs;
pub mod fonts;
mod graph;
pub mod json;
mod json_tree;
mod lanes_axis;
mod lanes_connections;
mod lanes_links;
mod lanes_notes;
mod lanes_paint;
mod lanes_people;
mod lanes_recordings;
mod lanes_unseen;
pub mod live;
pub mod live_dialog;
pub mod live_refresh;
mod live_status;
pub mod loader;
mod notes_commands;
pub mod notes_panel;
pub mod samples;
pub mod search;
pub mod state;
mod story;
mod swimlanes;
pub mod theme;
mod toolbar;
pub mod view;

pub use app::{App, STORAGE_KEY, Startup};
pub use commands::Command;
pub use state::{Data, Persisted, Tab};

/// "1 call", "2 calls": a count and its noun, plural when it is not one.
fn count(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Opens the window on the bundled samples, on captures (first call selected) or following a
/// growing capture. Returns when the window closes.
pub fn run(startup: Startup) -> anyhow::Result<()> {
    run_checking(startup, None)
}

/// [`run`], with the captures checked against an expected flow file from the start
/// (`callflow open FILE... --expect FLOW.yaml`).
pub fn run_checking(startup: Startup, flow: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("callflow")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "callflow",
        options,
        Box::new(move |cc| {
            let mut app = App::start(cc, startup);
            if let Some(flow) = flow {
                app.push(Command::Expect(expect_panel::ExpectCommand::Load(flow)));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(super::count(0, "call"), "0 calls");
        assert_eq!(super::count(1, "call"), "1 call");
        assert_eq!(super::count(16, "event"), "16 events");
    }
}
