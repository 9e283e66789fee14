//! Stage 1, ingest: from the paths a runner gives to each activity file's bytes and its decoded
//! activities. [`discover`] walks folders, [`archive`] reads plain, gzipped and zipped files under
//! the memory limits, [`decode`] turns FIT, GPX and TCX bytes into the one [`crate::activity`] model.
//!
//! [`read_files`] runs this on every core (rayon across files and zip members) and hands each file
//! to the caller's function as soon as it is read, so a file's bytes never outlive its turn.

pub mod archive;
pub mod decode;
pub mod discover;
pub mod index;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::activity::SourceFormat;
use archive::{Job, Limits};
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
}

/// Reads every activity file under `paths` and gives each to `each`, on every core; returns what
/// `each` made of them all, in no particular order. Only an input path that cannot be read at all
/// is an error; everything found, readable or not, reaches `each` exactly once.
pub fn read_files<R: Send>(
    paths: &[PathBuf],
    limits: &Limits,
    progress: bool,
    each: impl Fn(Found) -> Vec<R> + Sync,
) -> Result<Vec<R>, PathError> {
    let (inputs, problems) = discover::discover(paths)?;
    let jobs: Vec<Job> = inputs
        .par_iter()
        .flat_map_iter(|input| archive::jobs_for(input, limits))
        .collect();
    let progress = progress_bar(progress && jobs.len() >= 50, jobs.len());
    let mut made: Vec<R> = jobs
        .par_iter()
        .flat_map_iter(|job| {
            let made = run_job(job, limits, &each);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            made
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    made.extend(problems.into_iter().flat_map(|p| {
        each(Found::Unreadable {
            label: p.label,
            reason: p.reason,
        })
    }));
    Ok(made)
}

fn progress_bar(show: bool, len: usize) -> Option<indicatif::ProgressBar> {
    if !show {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} reading {pos}/{len} files {wide_bar} {eta}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// One job → what `each` makes of its file. Nested zips fan out again on the pool.
fn run_job<R: Send>(
    job: &Job,
    limits: &Limits,
    each: &(impl Fn(Found) -> Vec<R> + Sync),
) -> Vec<R> {
    if let Job::Failed { label, reason } = job {
        return each(Found::Unreadable {
            label: label.clone(),
            reason: reason.clone(),
        });
    }
    match archive::read_job(job, limits) {
        Ok(member) => match member.bytes {
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
        Err(more) => more
            .par_iter()
            .flat_map_iter(|j| run_job(j, limits, each))
            .collect(),
    }
}
