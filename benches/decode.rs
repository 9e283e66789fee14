//! Decode and summarize throughput per format, in bytes/s. Run: `cargo bench --bench decode`
//! (or `cargo bench --bench decode -- generated` for the first group only). Figures are for
//! comparing builds on one machine in one run; the whole pipeline against its peers is
//! `benches/compare.sh` (BENCHMARKS.md).
//!
//! - `generated/…`: one one-hour run recorded every second, as a watch writes it (about 113 KB of
//!   FIT, 1.2 MB of GPX, 2.3 MB of TCX), made in memory by the test kit's simulator and writers (the
//!   same that `examples/make_export` writes for the comparison). `decode` is bytes to activity,
//!   `summarize` activity to summary (the samples' one pass), `decode_and_summarize` both, as the
//!   pipeline does per file. All three count the file's bytes, so their bytes/s compare directly.
//! - `fixtures/…`: every decodable file of `fixtures/files` (edge cases more than typical runs).

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use grayzone::activity::{FileContent, SourceFormat};
use testkit::fit_writer::{write_fit, FitOptions};
use testkit::gpx_writer::{write_gpx, GpxStyle};
use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};
use testkit::tcx_writer::write_tcx;

const FORMATS: [SourceFormat; 3] = [SourceFormat::Fit, SourceFormat::Gpx, SourceFormat::Tcx];

/// One hour of tempo running, recorded every second (the same simulator and writers as
/// `examples/make_export`, whose week holds this session too).
fn generated_run(format: SourceFormat) -> Vec<u8> {
    let plan = RunPlan::new(Intent::Tempo { minutes: 25.0 }, Amount::Minutes(60.0));
    let activity = simulate(
        &Athlete::intermediate(),
        &plan,
        1_578_292_200.0,
        0x00BE_7C4E,
    );
    match format {
        SourceFormat::Fit => write_fit(std::slice::from_ref(&activity), &FitOptions::default()),
        SourceFormat::Gpx => write_gpx(&activity, GpxStyle::default()).into_bytes(),
        SourceFormat::Tcx => write_tcx(std::slice::from_ref(&activity)).into_bytes(),
    }
}

fn generated(c: &mut Criterion) {
    let mut group = c.benchmark_group("generated");
    for format in FORMATS {
        let bytes = generated_run(format);
        let Ok(FileContent::Activities(activities)) =
            grayzone::ingest::decode::decode(format, &bytes)
        else {
            panic!("the generated {} run does not decode", format.name());
        };
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("decode", format.name()), &bytes, |b, f| {
            b.iter(|| std::hint::black_box(grayzone::ingest::decode::decode(format, f)))
        });
        group.bench_with_input(
            BenchmarkId::new("summarize", format.name()),
            &activities,
            |b, activities| {
                b.iter_batched(
                    || activities.clone(),
                    |activities| {
                        for a in activities {
                            std::hint::black_box(grayzone::summarize::summary::summarize(a));
                        }
                    },
                    BatchSize::LargeInput,
                )
            },
        );
        group.bench_with_input(
            BenchmarkId::new("decode_and_summarize", format.name()),
            &bytes,
            |b, f| {
                b.iter(|| {
                    std::hint::black_box(grayzone::summarize::rows_for_file("bench", format, f))
                })
            },
        );
    }
    group.finish();
}

fn fixture_files(format: SourceFormat) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/files");
    let ext = format.name();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p: &std::path::PathBuf| {
        p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
    });
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        // Only files that decode: the benchmark measures the happy path.
        .filter(|b| {
            matches!(
                grayzone::ingest::decode::decode(format, b),
                Ok(FileContent::Activities(_))
            )
        })
        .collect()
}

fn fixtures(c: &mut Criterion) {
    let mut group = c.benchmark_group("fixtures");
    for format in FORMATS {
        let files = fixture_files(format);
        let bytes: usize = files.iter().map(Vec::len).sum();
        if bytes == 0 {
            continue;
        }
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(
            BenchmarkId::new("decode", format.name()),
            &files,
            |b, files| {
                b.iter(|| {
                    for f in files {
                        let _ = std::hint::black_box(grayzone::ingest::decode::decode(format, f));
                    }
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("decode_and_summarize", format.name()),
            &files,
            |b, files| {
                b.iter(|| {
                    for f in files {
                        std::hint::black_box(grayzone::summarize::rows_for_file(
                            "bench", format, f,
                        ));
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, generated, fixtures);
criterion_main!(benches);
