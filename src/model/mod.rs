//! Types of a telephony session notification: the wire form as RingCentral sends it (`wire`) and
//! the closed vocabularies the engine reasons about (`status`). No I/O here.

pub mod notice;
pub mod printable;
pub mod status;
pub mod wire;

pub use status::{Direction, Reason, StatusCode, reason_explanation, reason_is_call_end};
