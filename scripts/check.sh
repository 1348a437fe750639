#!/usr/bin/env bash
# The project's test command: format check, clippy with warnings as errors, all tests.
# `.ci/run` calls this; so should you before a commit.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
# No doctests here: skipping them keeps the last line a real test result.
cargo test --locked --lib --bins --tests
