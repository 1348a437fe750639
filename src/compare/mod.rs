//! Compares two calls (possibly of two captures): which legs play the same part, what differs
//! between them. Reads `calls` only; the window and `callflow diff` both print these findings.

pub mod diff;
pub mod legs;
mod matching;
pub mod target;

pub use diff::{Align, Anchor, CallDiff, DiffOptions, Finding, FindingKind, LegPair, diff};
pub use legs::{LegRole, Side};
pub use target::{CallTarget, pick_call};
