//! grayzone: is your training really 80/20?
//!
//! [`activity`] is the one model every stage speaks (an activity and its samples, sports, paces,
//! local days). The pipeline is one room per stage, and a stage only uses the rooms before it:
//!
//! [`ingest`] finds the files (folders, `.gz`, zips) and decodes them (FIT, GPX, TCX) into
//! activities, on every core → [`summarize`] condenses each activity into a summary and a row
//! (local time, duplicates), and drops its samples → [`judge`] dates the runner's baseline (profile,
//! max HR, paces), zones every run and gives it its verdict by the rules in [`judge::rules`] →
//! [`report`] turns judged rows into weeks and writes them (CSV, JSON, chart, PNG, HTML, terminal,
//! `explain`) → [`cmd`] is the command line, one file per subcommand.

pub mod activity;
pub mod cmd;
pub mod ingest;
pub mod judge;
pub mod report;
pub mod summarize;
