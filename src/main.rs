//! callflow's entry point: parse the command line and run it.
#![forbid(unsafe_code)]

use clap::Parser;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = callflow::cli::Cli::parse();
    match callflow::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`callflow calls … | head`) is not an error worth a message.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("callflow: {}", callflow::cli::error_text(&e));
            ExitCode::from(2)
        }
    }
}
