//! callflow: rebuilds RingCentral telephony calls from session notifications.
//!
//! The library is the engine shared by the command line and the window: `ingest` reads captures,
//! `store` keeps the event log, `calls` rebuilds calls as a petgraph, `story` tells them, `notes`
//! keeps what people wrote about them.
#![forbid(unsafe_code)]

pub mod atomic;
pub mod calllog;
pub mod calls;
pub mod cli;
pub mod compare;
pub mod expect;
pub mod export;
pub mod ingest;
pub mod live;
pub mod model;
pub mod notes;
pub mod samples;
pub mod store;
pub mod synth;
pub mod timeline;
pub mod ui;
