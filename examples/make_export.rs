//! Writes a synthetic export of N one-hour runs for the speed benchmarks (`benches/compare.sh`):
//!
//! ```sh
//! cargo run --release --example make_export -- OUT_DIR N [fit|gpx|tcx] [--hours H]
//! ```
//!
//! `--hours H` makes every run H hours long instead of one (e.g. `OUT_DIR 1 fit --hours 24`: a
//! 24-hour ultra, for the memory check of one big file). Long runs are easy running throughout.
//!
//! One run a day, recorded every second (about 120 KB of FIT an hour, as a watch writes it), in a
//! weekly pattern a coach would recognise: intervals, tempo, easy, recovery, a long easy run. The
//! files come from the project's own simulator and writers, so any clone regenerates the same bytes
//! (the seed is fixed). Files are plain, not gzipped: the benchmark measures decoding, not inflate.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use testkit::fit_writer::{write_fit, FitOptions};
use testkit::gpx_writer::{write_gpx, GpxStyle};
use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};
use testkit::tcx_writer::write_tcx;

/// 2020-01-06 06:30 UTC, a Monday morning.
const FIRST_START: f64 = 1_578_292_200.0;
const DAY_S: f64 = 86_400.0;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: make_export OUT_DIR N [fit|gpx|tcx] [--hours H]";
    let mut hours = 1.0;
    if let Some(i) = args.iter().position(|a| a == "--hours") {
        match args.get(i + 1).and_then(|h| h.parse::<f64>().ok()) {
            Some(h) if h > 0.0 && h.is_finite() => hours = h,
            _ => {
                eprintln!("make_export: --hours needs a positive number\n{usage}");
                std::process::exit(2);
            }
        }
        args.drain(i..i + 2);
    }
    let (Some(out), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let format = args.get(2).map_or("fit", String::as_str);
    if !matches!(format, "fit" | "gpx" | "tcx") {
        eprintln!("make_export: unknown format {format:?}: use fit, gpx or tcx");
        std::process::exit(2);
    }
    let out = PathBuf::from(out);
    if let Err(e) = write_export(&out, n, format, hours) {
        eprintln!("make_export: {}: {e}", out.display());
        std::process::exit(1);
    }
}

fn write_export(out: &Path, n: usize, format: &str, hours: f64) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let athlete = Athlete::intermediate();
    let bytes: std::io::Result<Vec<u64>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let start = FIRST_START + i as f64 * DAY_S;
            // Longer than an hour: easy throughout (an ultra has no intervals to speak of).
            let intent = if hours > 1.0 {
                Intent::Easy
            } else {
                intent_of_day(i)
            };
            let plan = RunPlan::new(intent, Amount::Minutes(60.0 * hours));
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
