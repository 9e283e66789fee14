//! grayzone: is your training really 80/20?
//!
//! The pipeline, one module per stage:
//! [`discover`] files → [`decode`] (FIT, GPX, TCX) → one normalized [`activity`] →
//! per-run [`summary`] (with [`hr_clean`]ing) → [`timezone`] and [`dedupe`] → rows → [`report`]
//! (CSV / JSON). [`pipeline`] runs the stages on every core; [`cli`] is the command line.

pub mod activity;
pub mod cli;
pub mod decode;
pub mod dedupe;
pub mod discover;
pub mod geo;
pub mod hr_clean;
pub mod pipeline;
pub mod report;
pub mod row;
pub mod summary;
pub mod testkit;
pub mod timezone;
