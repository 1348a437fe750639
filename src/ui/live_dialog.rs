//! Live → Listen…: a small window asking where to listen, which capture file to write and an
//! optional verification token, validated before anything starts (a bare port means loopback; an
//! address other machines can reach needs an explicit tick and shows a warning). It only fills a
//! form and pushes `Command::Listen`; starting the receiver is `live`'s work.

use super::App;
use super::commands::Command;
use crate::live::ReceiverConfig;
use egui::{RichText, TextEdit};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// The listen dialog's fields, kept while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListenForm {
    pub listen: String,
    pub capture: String,
    pub token: String,
    pub allow_remote: bool,
    /// Why the last Start did not start.
    pub error: Option<String>,
}

impl ListenForm {
    /// The defaults: loopback port 8080, a new capture named for `now` in the current folder.
    pub fn new(now: &jiff::ZonedDateTime) -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            capture: format!("callflow-live-{}.ndjson", now.strftime("%Y%m%d-%H%M%S")),
            token: String::new(),
            allow_remote: false,
            error: None,
        }
    }

    /// The address typed, or why it is not one. A bare port listens on loopback.
    pub fn address(&self) -> Result<SocketAddr, String> {
        let text = self.listen.trim();
        if let Ok(port) = text.parse::<u16>() {
            return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
        }
        text.parse().map_err(|_| {
            format!("“{text}” is not an address with a port, e.g. 127.0.0.1:8080 or [::1]:8080")
        })
    }

    /// True when the address typed can be reached from other machines.
    pub fn remote(&self) -> bool {
        self.address().is_ok_and(|a| !a.ip().is_loopback())
    }

    /// The receiver's configuration, or what to fix first.
    pub fn config(&self) -> Result<ReceiverConfig, String> {
        let addr = self.address()?;
        if !addr.ip().is_loopback() && !self.allow_remote {
            return Err(format!(
                "{addr} can be reached from other machines: tick “Accept deliveries from other \
                 machines” to listen there, or use 127.0.0.1"
            ));
        }
        let capture = self.capture.trim();
        if capture.is_empty() {
            return Err("Choose a capture file: every delivery is written to it.".into());
        }
        let capture = PathBuf::from(capture);
        if capture.is_dir() {
            return Err(format!("{} is a folder; choose a file.", capture.display()));
        }
        let token = self.token.trim();
        if !addr.ip().is_loopback() && token.is_empty() {
            return Err(format!(
                "{addr} can be reached from other machines: give the webhook subscription's \
                 verification token, so that only its deliveries are written to the capture"
            ));
        }
        let mut config = ReceiverConfig::new(addr, capture);
        config.verification_token = (!token.is_empty()).then(|| token.to_owned());
        config.allow_remote = self.allow_remote;
        Ok(config)
    }
}

/// Draws the dialog while `app.listen_form` is open.
pub fn listen_dialog_ui(app: &mut App, ctx: &egui::Context) {
    let palette = app.palette();
    let Some(form) = &mut app.listen_form else {
        return;
    };
    let mut open = true;
    let mut commands = Vec::new();
    let mut cancel = false;
    egui::Window::new("Listen for webhooks")
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("listen form")
                .num_columns(2)
                .spacing([10.0, 8.0])
                .show(ui, |ui| {
                    let label = ui.label("Listen on");
                    ui.add(TextEdit::singleline(&mut form.listen).desired_width(360.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Capture file");
                    ui.horizontal(|ui| {
                        ui.add(TextEdit::singleline(&mut form.capture).desired_width(280.0))
                            .labelled_by(label.id);
                        if ui
                            .button("Choose…")
                            .on_hover_text("Pick where the capture is written")
                            .clicked()
                        {
                            commands.push(Command::ChooseCapture);
                        }
                    });
                    ui.end_row();
                    let label = ui.label("Verification token");
                    ui.add(
                        TextEdit::singleline(&mut form.token)
                            .hint_text("optional")
                            .desired_width(360.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                });
            ui.checkbox(
                &mut form.allow_remote,
                "Accept deliveries from other machines",
            );
            match form.address() {
                Ok(addr) if !addr.ip().is_loopback() => {
                    ui.label(
                        RichText::new(format!(
                            "Warning: anyone who can reach {addr} can send notifications to \
                             this window and fill the capture."
                        ))
                        .color(palette.warning),
                    );
                }
                Ok(addr) => {
                    ui.label(
                        RichText::new(format!(
                            "Deliveries to http://{addr}/ (any path) are written to the capture \
                             file, then shown."
                        ))
                        .weak(),
                    );
                }
                Err(_) => {}
            }
            if let Some(error) = &form.error {
                ui.label(RichText::new(error).color(palette.disconnected_end));
            }
            ui.horizontal(|ui| {
                if ui.button("Start").clicked() {
                    match form.config() {
                        Ok(config) => {
                            form.error = None;
                            commands.push(Command::Listen(config));
                        }
                        Err(e) => form.error = Some(e),
                    }
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
    if !open || cancel {
        app.listen_form = None;
    }
    for command in commands {
        app.push(command);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(listen: &str) -> ListenForm {
        let now = jiff::Timestamp::UNIX_EPOCH.to_zoned_datetime(jiff::tz::TimeZone::UTC);
        ListenForm {
            listen: listen.into(),
            ..ListenForm::new(&now)
        }
    }

    #[test]
    fn defaults_listen_on_loopback_into_a_dated_capture() {
        let f = form("127.0.0.1:8080");
        assert_eq!(f.capture, "callflow-live-19700101-000000.ndjson");
        let config = f.config().unwrap();
        assert_eq!(config.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(config.verification_token, None);
        assert!(!config.allow_remote);
        assert_eq!(form("9000").config().unwrap().listen.port(), 9000);
        assert!(form("[::1]:0").config().is_ok());
    }

    #[test]
    fn bad_or_remote_addresses_and_empty_captures_are_refused() {
        assert!(
            form("localhost")
                .config()
                .unwrap_err()
                .contains("not an address")
        );
        let mut remote = form("0.0.0.0:8080");
        assert!(remote.remote());
        assert!(remote.config().unwrap_err().contains("other machines"));
        remote.allow_remote = true;
        assert!(remote.config().unwrap_err().contains("verification token"));
        remote.token = "  secret ".into();
        let config = remote.config().unwrap();
        assert!(config.allow_remote);
        assert_eq!(config.verification_token.as_deref(), Some("secret"));
        let mut empty = form("127.0.0.1:8080");
        empty.capture = " ".into();
        assert!(empty.config().unwrap_err().contains("capture file"));
        empty.capture = env!("CARGO_MANIFEST_DIR").into();
        assert!(empty.config().unwrap_err().contains("folder"));
    }
}
