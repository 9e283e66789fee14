//! Decode and summarize throughput per format, on the project's own fixtures (bytes/s).
//! Run: `cargo bench --bench decode`. Figures are for comparing builds on one machine in one run.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use grayzone::activity::{FileContent, SourceFormat};

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
                grayzone::decode::decode(format, b),
                Ok(FileContent::Activities(_))
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode+summarize");
    for format in [SourceFormat::Fit, SourceFormat::Gpx, SourceFormat::Tcx] {
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
                        let _ = std::hint::black_box(grayzone::decode::decode(format, f));
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
                        std::hint::black_box(grayzone::pipeline::rows_for_file("bench", format, f));
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
