//! Opens the inspector window: `cargo run --example window [FILE...]` (no files: bundled samples).
//! Stand-in until `callflow open` is wired to `callflow::ui::run`.

fn main() -> anyhow::Result<()> {
    let files = std::env::args().skip(1).map(Into::into).collect();
    callflow::ui::run(files)
}
