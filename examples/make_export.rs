//! Writes a synthetic export of N one-hour runs for the speed benchmarks (`benches/compare.sh`):
//!
//! ```sh
//! cargo run --release --example make_export -- OUT_DIR N [fit|gpx|tcx]
//! ```
//!
//! One run a day, recorded every second (about 120 KB of FIT an hour, as a watch writes it), in a
//! weekly pattern a coach would recognise: intervals, tempo, easy, recovery, a long easy run. The
//! files come from the project's own simulator and writers, so any clone regenerates the same bytes
//! (the seed is fixed). Files are plain, not gzipped: the benchmark measures decoding, not inflate.

use std::path::{Path, PathBuf};

use grayzone::testkit::fit_writer::{write_fit, FitOptions};
use grayzone::testkit::gpx_writer::{write_gpx, GpxStyle};
use grayzone::testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};
use grayzone::testkit::tcx_writer::write_tcx;
use rayon::prelude::*;

/// 2020-01-06 06:30 UTC, a Monday morning.
const FIRST_START: f64 = 1_578_292_200.0;
const DAY_S: f64 = 86_400.0;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: make_export OUT_DIR N [fit|gpx|tcx]");
        std::process::exit(2);
    };
    let format = args.get(2).map_or("fit", String::as_str);
    if !matches!(format, "fit" | "gpx" | "tcx") {
        eprintln!("make_export: unknown format {format:?}: use fit, gpx or tcx");
        std::process::exit(2);
    }
    let out = PathBuf::from(out);
    if let Err(e) = write_export(&out, n, format) {
        eprintln!("make_export: {}: {e}", out.display());
        std::process::exit(1);
    }
}

fn write_export(out: &Path, n: usize, format: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let athlete = Athlete::intermediate();
    let bytes: std::io::Result<Vec<u64>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let start = FIRST_START + i as f64 * DAY_S;
            let plan = RunPlan::new(intent_of_day(i), Amount::Minutes(60.0));
            let activity = simulate(&athlete, &plan, start, 0x00BE_7C4E ^ i as u64);
            let data = match format {
                "gpx" => write_gpx(&activity, GpxStyle::default()).into_bytes(),
                "tcx" => write_tcx(std::slice::from_ref(&activity)).into_bytes(),
                _ => write_fit(std::slice::from_ref(&activity), &FitOptions::default()),
            };
            let path = out.join(format!("run-{i:05}.{format}"));
            std::fs::write(&path, &data)?;
            Ok(data.len() as u64)
        })
        .collect();
    let total: u64 = bytes?.iter().sum();
    println!(
        "wrote {n} {format} files, {:.1} MB, under {}",
        total as f64 / 1e6,
        out.display()
    );
    Ok(())
}

/// A week of one-hour sessions: the 80/20 shape the report should find.
fn intent_of_day(i: usize) -> Intent {
    match i % 7 {
        1 => Intent::Intervals {
            reps: 6,
            rep_m: 800.0,
            rest_s: 120.0,
        },
        2 | 5 => Intent::Recovery,
        4 => Intent::Tempo { minutes: 25.0 },
        6 => Intent::Long,
        _ => Intent::Easy,
    }
}
