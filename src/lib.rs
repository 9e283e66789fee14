//! grayzone: is your training really 80/20?
//!
//! The pipeline, one module per stage:
//! [`discover`] files → [`decode`] (FIT, GPX, TCX) → one normalized [`activity`] →
//! per-run [`summary`] (with [`hr_clean`]ing) → [`timezone`] and [`dedupe`] → [`baseline`] →
//! [`zones`] and [`classify`] → [`weekly`] report → [`report`] (CSV / JSON) or [`terminal`].
//! [`pipeline`] runs the ingest stages on every core; [`cli`] is the command line.

pub mod activity;
pub mod baseline;
pub mod classify;
pub mod cli;
pub mod decode;
pub mod dedupe;
pub mod discover;
pub mod explain;
pub mod geo;
pub mod hr_clean;
pub mod pipeline;
pub mod profile;
pub mod report;
pub mod row;
pub mod summary;
pub mod terminal;
pub mod testkit;
pub mod timezone;
pub mod weekly;
pub mod zones;
