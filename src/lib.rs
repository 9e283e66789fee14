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
//!
//! [`judge::read_and_judge`] runs the pipeline up to the verdicts in one call, as the command line
//! and the Python package both do:
//!
//! ```no_run
//! use grayzone::{profile, read_and_judge, weeks, ReadOptions, RunClass, SeriesAfter};
//!
//! let export = [std::path::PathBuf::from("export.zip")];
//! let runner = profile::load(&Default::default(), None, &export)?;
//! let judged = read_and_judge(&export, &ReadOptions::default(), &runner, SeriesAfter::Dropped)
//!     .map_err(|e| e.to_string())?;
//! let hard = judged
//!     .rows
//!     .iter()
//!     .filter(|r| r.judgement.as_ref().is_some_and(|j| j.class == RunClass::Hard))
//!     .count();
//! for week in weeks(&judged.rows) {
//!     println!("{}: {} runs, {:?}", week.week, week.runs, week.flags);
//! }
//! # let _ = hard;
//! # Ok::<(), String>(())
//! ```
//!
//! The names a library user needs are here at the top: the rooms below hold the rest.

pub use judge::profile::{self, Profile};
pub use judge::verdict::{Flag, RunClass, SessionKind};
pub use judge::{read_and_judge, ActivityRow, Judged, SeriesAfter};
pub use report::query::Query;
pub use report::weekly::{weeks, weeks_starting, Verdict, Week, WeekFlag};
pub use summarize::ReadOptions;

pub mod activity;
pub mod cmd;
pub mod ingest;
pub mod judge;
pub mod report;
pub mod summarize;
