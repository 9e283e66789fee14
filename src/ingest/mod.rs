//! Stage 1, ingest: from the paths a runner gives to each activity file's bytes and its decoded
//! activities. [`discover`] walks folders, [`archive`] reads plain, gzipped and zipped files under
//! the limits, [`decode`] turns FIT, GPX and TCX bytes into the one [`crate::activity`] model, and
//! [`budget`] keeps what all of it holds in memory at once under one figure.
//!
//! [`read_files`] runs this on every core (rayon across files and zip members) and hands each file
//! to the caller's function as soon as it is read, so a file's bytes never outlive its turn.

pub mod archive;
pub mod athletes;
pub mod budget;
pub mod decode;
pub mod discover;
pub mod index;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::activity::SourceFormat;
use archive::{Job, Limits};
use budget::{Budget, Need, Run, Stop};
use discover::PathError;

/// One file found under the paths, read or not.
#[derive(Debug)]
pub enum Found {
    /// An activity file's bytes (decompressed), ready to decode.
    File {
        /// The file as the runner will see it named: `export.zip!inner/run.fit`.
        label: String,
        format: SourceFormat,
        bytes: Vec<u8>,
        /// Set when a `.gz` or zip entry broke part-way: `bytes` are what came before the break.
        broken: Option<String>,
    },
    /// Something found that could not be read (a zip that won't open, a file over the limit, an
    /// unreadable folder): it still gets a row, with this reason.
    Unreadable { label: String, reason: String },
    /// Something read that holds no activity (a zip without a single activity file): a row that
    /// says so.
    NotActivity { label: String, note: String },
}

/// An export's index found under the paths, read or not.
#[derive(Debug)]
pub struct FoundIndex {
    pub label: String,
    pub kind: index::IndexKind,
    /// The index, or one line saying why it could not be read.
    pub read: Result<index::Index, String>,
}

/// What a caller's row holds in memory, counted against the budget while the rows are kept.
pub trait Weighed {
    /// Bytes, the row itself and what it owns.
    fn weight(&self) -> usize;
}

/// Jobs run in parallel this many at a time, then are settled in order. Fixed, not a multiple of
/// the thread count: the settling order, and so every outcome, is the same at any `-j`.
const CHUNK: usize = 256;

/// Told how far the reading has come, for a caller that shows it (the binary's progress bar on
/// a terminal): the library draws nothing itself. Called in the files' order, from the thread
/// that settles them.
pub trait Progress: Send + Sync + std::fmt::Debug {
    /// `done` of `of` activity files read.
    fn read(&self, done: usize, of: usize);
    /// The reading is over.
    fn finished(&self);
}

/// Reads every activity file under `paths` and gives each to `each`, on every core; returns what
/// `each` made of them all, in the order the files were found, then what could not be walked
/// (settled chunk by chunk: the same at any thread count). Only an input path that cannot be read at all
/// is an error; everything found, readable or not, reaches `each` (a file that does not fit the
/// memory budget reaches it as an [`Found::Unreadable`] saying so). The export's indexes
/// (Strava's `activities.csv`, Garmin's summarized activities) come back beside, in path order.
pub fn read_files<R: Send + Weighed>(
    paths: &[PathBuf],
    keep_out: &discover::KeepOut,
    limits: &Limits,
    progress: Option<&dyn Progress>,
    each: impl Fn(Found) -> Vec<R> + Sync,
) -> Result<(Vec<R>, Vec<FoundIndex>), PathError> {
    let (inputs, problems) = discover::discover(paths, keep_out)?;
    // One thread, in order: an export's limits (entries, bytes) are spent the same way every run.
    let mut reading = archive::Reading::default();
    let (index_jobs, jobs): (Vec<Job>, Vec<Job>) = inputs
        .iter()
        .flat_map(|input| archive::jobs_for(input, limits, &mut reading))
        .partition(Job::is_index);
    let budget = Budget::new(limits.memory_bytes);
    budget.keep(reading.held());
    // Indexes are a few MB (one line per activity): read one at a time, before the activities,
    // each within the memory budget (its bytes and what parsing it builds), and only their
    // entries kept, which the activities then have less room for.
    let mut indexes: Vec<FoundIndex> = index_jobs
        .iter()
        .filter_map(|job| read_index_within(job, limits, &budget))
        .collect();
    indexes.sort_by(|a, b| a.label.cmp(&b.label));
    let mut files_read = 0;
    // A row a job as a rule: the rows are kept to the end, and a vector grown by doubling would
    // hold up to twice their room.
    let mut made: Vec<R> = Vec::with_capacity(jobs.len() + problems.len());
    for chunk in jobs.chunks(CHUNK) {
        let tried: Vec<Attempt<R>> = chunk
            .par_iter()
            .map(|job| attempt(job, limits, &budget, Run::Shared, &each))
            .collect();
        for (job, tried) in chunk.iter().zip(tried) {
            let done = if tried.need.stop == Some(Stop::Busy) {
                // Others held the budget: this job runs again alone, where only it counts.
                budget.settle(tried.weight, 0);
                drop(tried);
                attempt(job, limits, &budget, Run::Alone, &each)
            } else {
                tried
            };
            settle(job, done, &budget, &each, &mut made);
            files_read += 1;
            if let Some(progress) = progress {
                progress.read(files_read, jobs.len());
            }
        }
    }
    if let Some(progress) = progress {
        progress.finished();
    }
    made.extend(problems.into_iter().flat_map(|p| {
        each(Found::Unreadable {
            label: p.label,
            reason: p.reason,
        })
    }));
    Ok((made, indexes))
}

/// Reads and parses one export index as a job of its own against `budget`, and keeps its entries'
/// room in it. An index over the budget is one that could not be read: the runs still read,
/// without its names.
fn read_index_within(job: &Job, limits: &Limits, budget: &Arc<Budget>) -> Option<FoundIndex> {
    let account = budget::Job::open(budget, Run::Alone);
    let found = archive::read_index(job, limits).map(|member| FoundIndex {
        read: member
            .bytes
            .and_then(|bytes| index::read(member.kind, &bytes).map_err(|e| e.to_string()))
            .map_err(|e| format!("export index: {e}")),
        label: member.label,
        kind: member.kind,
    });
    let need = account.close();
    if let Some(FoundIndex {
        read: Ok(index), ..
    }) = &found
    {
        budget.keep(index.heap_bytes());
    }
    debug_assert!(need.stop != Some(Stop::Busy), "an index is read alone");
    found
}

/// A job's rows and what it needed, before it is settled.
struct Attempt<R> {
    rows: Vec<R>,
    need: Need,
    /// What its rows weigh (held by the budget until settled).
    weight: u64,
}

fn attempt<R: Send + Weighed>(
    job: &Job,
    limits: &Limits,
    budget: &Arc<Budget>,
    run: Run,
    each: &(impl Fn(Found) -> Vec<R> + Sync),
) -> Attempt<R> {
    let account = budget::Job::open(budget, run);
    let rows = run_job(job, limits, each);
    let weight = weight_of(&rows);
    budget::charge_kept(weight);
    let need = account.close();
    // The rows stay in memory until settled.
    budget.hold(weight);
    Attempt { rows, need, weight }
}

fn weight_of<R: Weighed>(rows: &[R]) -> u64 {
    rows.iter().map(|r| r.weight() as u64).sum()
}

/// Keeps a job's rows if what it needed fits the budget less the rows kept before it, else puts
/// one error row for it in their place. In job order: the outcome depends on the files alone.
fn settle<R: Weighed>(
    job: &Job,
    done: Attempt<R>,
    budget: &Budget,
    each: &(impl Fn(Found) -> Vec<R> + Sync),
    made: &mut Vec<R>,
) {
    let fits = done.need.stop.is_none() && done.need.bytes <= budget.room();
    if fits {
        budget.settle(done.weight, done.weight);
        made.extend(done.rows);
        return;
    }
    budget.settle(done.weight, 0);
    drop(done.rows);
    let rows = each(Found::Unreadable {
        label: job.label().to_string(),
        reason: budget.refusal(),
    });
    budget.settle(0, weight_of(&rows));
    made.extend(rows);
}

/// One job → what `each` makes of its file.
fn run_job<R: Send>(
    job: &Job,
    limits: &Limits,
    each: &(impl Fn(Found) -> Vec<R> + Sync),
) -> Vec<R> {
    match job {
        Job::Failed { label, reason } => each(Found::Unreadable {
            label: label.clone(),
            reason: reason.clone(),
        }),
        Job::NoActivity { label } => each(Found::NotActivity {
            label: label.clone(),
            note: archive::NO_ACTIVITY.to_string(),
        }),
        _ => match archive::read_job(job, limits) {
            Some(member) => match member.bytes {
                Ok(bytes) => each(Found::File {
                    label: member.label,
                    format: member.format,
                    bytes,
                    broken: member.broken,
                }),
                Err(reason) => each(Found::Unreadable {
                    label: member.label,
                    reason,
                }),
            },
            None => Vec::new(),
        },
    }
}
