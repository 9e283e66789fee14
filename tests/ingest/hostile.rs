//! Hostile input within a memory budget (issue 16): each attack of the issue, small enough to run
//! in the suite, with the behaviour it must get — a row for every file (or a documented refusal),
//! the rest of the export intact, never an abort or a hang. The full-size attacks and their
//! measured time and memory are in FUZZING.md ("Hostile input").

use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use grayzone::ingest::archive::Limits;
use grayzone::summarize::row::{FileRow, Status};
use grayzone::summarize::{read_export, ReadOptions};
use testkit::export::zip_files;
use testkit::fit_writer::{crc16, write_fit, FitOptions};
use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};

use crate::cli::csv_rows;

const MIB: u64 = 1024 * 1024;

fn run_fit(seed: u64, minutes: f64) -> Vec<u8> {
    let plan = RunPlan::new(Intent::Easy, Amount::Minutes(minutes));
    let start = 1_709_533_800.0 + seed as f64 * 86_400.0;
    let activity = simulate(&Athlete::intermediate(), &plan, start, seed);
    write_fit(&[activity], &FitOptions::default())
}

/// The rows of everything under `dir`, read within a memory budget of `mb` MB.
fn rows_within(dir: &Path, mb: u64) -> Vec<FileRow> {
    rows_with(
        &[dir.to_path_buf()],
        Limits {
            memory_bytes: mb * MIB,
            ..Limits::default()
        },
    )
}

fn rows_with(paths: &[PathBuf], limits: Limits) -> Vec<FileRow> {
    let options = ReadOptions {
        limits,
        ..ReadOptions::default()
    };
    read_export(paths, &options).expect("readable input paths")
}

fn row<'a>(rows: &'a [FileRow], path: &str) -> &'a FileRow {
    rows.iter().find(|r| r.path == path).unwrap_or_else(|| {
        panic!(
            "no row {path} in {:?}",
            rows.iter().map(|r| &r.path).collect::<Vec<_>>()
        )
    })
}

fn label(dir: &Path, name: &str) -> String {
    format!("{}/{name}", dir.display())
}

/// `grayzone ARGS`, killed (and the test failed) if it has not ended in `limit`: a hang is a
/// failure here, not a stuck suite.
fn grayzone_within(limit: Duration, args: &[&OsStr]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run grayzone");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("grayzone {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn grayzone(args: &[&str]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    grayzone_within(Duration::from_secs(120), &args)
}

// ---------------------------------------------------------------------------------------------
// Raw FIT and zip writers: the attacks need what no honest writer makes
// ---------------------------------------------------------------------------------------------

/// A FIT file around `data` (definition and data messages): 12-byte header, right CRC.
fn fit_file(data: &[u8]) -> Vec<u8> {
    let mut file = vec![12, 0x10, 0, 0];
    file.extend((data.len() as u32).to_le_bytes());
    file.extend(b".FIT");
    file.extend(data);
    let crc = crc16(&file);
    file.extend(crc.to_le_bytes());
    file
}

/// FIT seconds of 2024-11-08.
const T: u32 = 1_100_000_000;

/// A timer event (local type 1) at `t`: `what` 0 start, 1 stop, 4 stop_all.
fn timer_event(t: u32, what: u8) -> Vec<u8> {
    let mut m = vec![0x01];
    m.extend(t.to_le_bytes());
    m.extend([0, what]);
    m
}

const EVENT_DEFINITION: [u8; 15] = [0x41, 0, 0, 21, 0, 3, 253, 4, 0x86, 0, 1, 0, 1, 1, 0];

/// The issue's first attack: a record definition without a field, so that every byte after it is
/// one record. With `dated`, a timer event first gives them all a time, and each is a sample.
fn zero_field_fit(records: usize, dated: bool) -> Vec<u8> {
    let mut data = Vec::new();
    if dated {
        data.extend(EVENT_DEFINITION);
        data.extend(timer_event(T, 0));
    }
    // record (global 20) as local type 0, no field
    data.extend([0x40, 0, 0, 20, 0, 0]);
    data.resize(data.len() + records, 0x00);
    fit_file(&data)
}

/// `sessions` five-minute running sessions ten minutes apart, each with one lap and one pause.
fn many_sessions_fit(sessions: u32) -> Vec<u8> {
    let mut data = Vec::new();
    data.extend(EVENT_DEFINITION);
    // lap (19) as local 2: timestamp, start_time
    data.extend([0x42, 0, 0, 19, 0, 2, 253, 4, 0x86, 2, 4, 0x86]);
    // session (18) as local 3: timestamp, start_time, sport, total_elapsed_time, total_distance
    data.extend([
        0x43, 0, 0, 18, 0, 5, 253, 4, 0x86, 2, 4, 0x86, 5, 1, 0, 7, 4, 0x86, 9, 4, 0x86,
    ]);
    for s in 0..sessions {
        let t0 = T + s * 600;
        data.extend(timer_event(t0, 0));
        data.extend(timer_event(t0 + 100, 1));
        data.extend(timer_event(t0 + 110, 0));
        data.push(0x02);
        data.extend((t0 + 300).to_le_bytes());
        data.extend(t0.to_le_bytes());
        data.push(0x03);
        data.extend((t0 + 300).to_le_bytes());
        data.extend(t0.to_le_bytes());
        data.push(1); // running
        data.extend(300_000u32.to_le_bytes());
        data.extend(90_000u32.to_le_bytes()); // 900 m
    }
    fit_file(&data)
}

fn crc_of(data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    crc.sum()
}

/// A zip written by hand, stored entries only, with what zip writers never do: directory entries
/// that point at another entry's bytes, and sizes that are not the bytes'.
#[derive(Default)]
struct RawZip {
    bytes: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl RawZip {
    /// Adds an entry; returns where its local header is.
    fn add(&mut self, name: &str, data: &[u8]) -> u32 {
        self.add_sized(name, data, data.len() as u32)
    }

    /// Adds an entry whose directory gives `size` as its uncompressed size.
    fn add_sized(&mut self, name: &str, data: &[u8], size: u32) -> u32 {
        self.add_listed(name, data, data.len() as u32, size)
    }

    /// Adds an entry whose directory gives `compressed` and `size` as its sizes.
    fn add_listed(&mut self, name: &str, data: &[u8], compressed: u32, size: u32) -> u32 {
        let offset = self.bytes.len() as u32;
        let crc = crc_of(data);
        self.bytes.extend(0x0403_4b50u32.to_le_bytes());
        self.bytes.extend([20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        self.bytes.extend(crc.to_le_bytes());
        self.bytes.extend((data.len() as u32).to_le_bytes());
        self.bytes.extend(size.to_le_bytes());
        self.bytes.extend((name.len() as u16).to_le_bytes());
        self.bytes.extend([0, 0]);
        self.bytes.extend(name.as_bytes());
        self.bytes.extend(data);
        self.directory(name, offset, crc, compressed, size);
        offset
    }

    /// A directory entry named `name` for the bytes of the entry at `offset`.
    fn alias(&mut self, name: &str, offset: u32, data: &[u8]) {
        self.directory(
            name,
            offset,
            crc_of(data),
            data.len() as u32,
            data.len() as u32,
        );
    }

    fn directory(&mut self, name: &str, offset: u32, crc: u32, compressed: u32, size: u32) {
        self.directory_with(name, offset, crc, (compressed, size), 0, &[]);
    }

    /// Adds a stored entry whose directory record says `method` and holds `extra` (the local
    /// header stays plain).
    fn add_odd(&mut self, name: &str, data: &[u8], method: u16, extra: &[u8]) {
        let offset = self.bytes.len() as u32;
        let crc = crc_of(data);
        self.bytes.extend(0x0403_4b50u32.to_le_bytes());
        self.bytes.extend([20, 0, 0, 0]);
        self.bytes.extend(method.to_le_bytes());
        self.bytes.extend([0, 0, 0x21, 0]);
        self.bytes.extend(crc.to_le_bytes());
        self.bytes.extend((data.len() as u32).to_le_bytes());
        self.bytes.extend((data.len() as u32).to_le_bytes());
        self.bytes.extend((name.len() as u16).to_le_bytes());
        self.bytes.extend([0, 0]);
        self.bytes.extend(name.as_bytes());
        self.bytes.extend(data);
        let len = data.len() as u32;
        self.directory_with(name, offset, crc, (len, len), method, extra);
    }

    /// Adds a stored entry whose directory record marks both sizes, and the offset too when
    /// `offset_marked`, as given in a Zip64 field: `extra` (the local header stays plain).
    fn add_zip64(&mut self, name: &str, data: &[u8], offset_marked: bool, extra: &[u8]) -> u32 {
        let offset = self.add(name, data);
        self.central.truncate(self.central.len() - 46 - name.len());
        self.count -= 1;
        let listed = if offset_marked { u32::MAX } else { offset };
        self.directory_with(name, listed, crc_of(data), (u32::MAX, u32::MAX), 0, extra);
        offset
    }

    fn directory_with(
        &mut self,
        name: &str,
        offset: u32,
        crc: u32,
        (compressed, size): (u32, u32),
        method: u16,
        extra: &[u8],
    ) {
        self.central.extend(0x0201_4b50u32.to_le_bytes());
        self.central.extend([20, 3, 20, 0, 0, 0]);
        self.central.extend(method.to_le_bytes());
        self.central.extend([0, 0, 0x21, 0]);
        self.central.extend(crc.to_le_bytes());
        self.central.extend(compressed.to_le_bytes());
        self.central.extend(size.to_le_bytes());
        self.central.extend((name.len() as u16).to_le_bytes());
        self.central.extend((extra.len() as u16).to_le_bytes());
        self.central.extend([0u8; 6]);
        self.central.extend([0, 0, 0x80, 0x81]); // external attributes: a regular file
        self.central.extend(offset.to_le_bytes());
        self.central.extend(name.as_bytes());
        self.central.extend(extra);
        self.count += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let start = self.bytes.len() as u32;
        self.bytes.extend(&self.central);
        self.bytes.extend(0x0605_4b50u32.to_le_bytes());
        self.bytes.extend([0, 0, 0, 0]);
        self.bytes.extend(self.count.to_le_bytes());
        self.bytes.extend(self.count.to_le_bytes());
        self.bytes.extend((self.central.len() as u32).to_le_bytes());
        self.bytes.extend(start.to_le_bytes());
        self.bytes.extend([0, 0]);
        self.bytes
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Memory sized from what was decoded, within one budget
// ---------------------------------------------------------------------------------------------

#[test]
fn a_size_a_header_claims_does_not_decide_whether_a_small_file_fits() {
    // Hostile round 37 H2: the first buffer was sized from the gzip's last four bytes (or a zip
    // directory's figure) up to 16 MB, the whole of a 16 MB budget: an 8 KB run whose tail said
    // 15 MB was refused, "raise it with --memory-mb".
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&run_fit(1, 30.0)).unwrap();
    let mut forged = gz.finish().unwrap();
    let n = forged.len();
    forged[n - 4..].copy_from_slice(&(15 * MIB as u32).to_le_bytes());
    std::fs::write(dir.path().join("forged.fit.gz"), forged).unwrap();
    let data = run_fit(2, 30.0);
    let mut zip = RawZip::default();
    zip.add_sized("claimed.fit", &data, 15 * MIB as u32);
    std::fs::write(dir.path().join("claimed.zip"), zip.finish()).unwrap();
    let rows = rows_within(dir.path(), 16);
    assert_eq!(rows.len(), 2, "{rows:?}");
    let forged = row(&rows, &label(dir.path(), "forged.fit.gz"));
    assert_eq!(forged.status, Status::Ok, "{}", forged.error);
    let claimed = row(
        &rows,
        &format!("{}!claimed.fit", label(dir.path(), "claimed.zip")),
    );
    assert_eq!(claimed.status, Status::Ok, "{}", claimed.error);
}

#[test]
fn a_file_of_a_million_broken_parts_is_read_within_its_budget() {
    // Hostile round 37 H1: a run, then 800,000 empty parts each with a wrong header CRC (13 MB):
    // a note for each held hundreds of MB past a 16 MB budget. They are three notes and a
    // count now; and the file's own 13 MB, read in a buffer that grows toward the size it has,
    // fit the budget (a buffer doubling from 2 MB would have been charged 16).
    let dir = tempfile::tempdir().unwrap();
    let mut empty = vec![
        14, 0x10, 0, 0, 0, 0, 0, 0, b'.', b'F', b'I', b'T', 0x34, 0x12,
    ];
    let crc = crc16(&empty);
    empty.extend(crc.to_le_bytes());
    let mut file = run_fit(1, 30.0);
    for _ in 0..800_000 {
        file.extend_from_slice(&empty);
    }
    std::fs::write(dir.path().join("parts.fit"), file).unwrap();
    let rows = rows_within(dir.path(), 16);
    assert_eq!(rows.len(), 1);
    let parts = &rows[0];
    assert_eq!(parts.status, Status::Ok, "{}", parts.error);
    let quality = &parts.summary.as_ref().unwrap().quality;
    let crc_notes: Vec<&str> = quality
        .iter()
        .filter(|n| n.code == "header_crc_mismatch")
        .map(|n| n.detail.as_str())
        .collect();
    assert_eq!(crc_notes.len(), 4, "{crc_notes:?}");
    assert_eq!(crc_notes[3], "and 799997 more like it");
}

#[test]
fn records_of_no_field_cost_their_samples_within_the_budget_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // 3 million one-byte records, each dated: 3 million samples, some 430 MB of them to hold
    // with their summary's work: over a 16 MB budget, refused, not allocated.
    std::fs::write(dir.path().join("bomb.fit"), zero_field_fit(3_000_000, true)).unwrap();
    // The same undated: no sample at all, only a count, and an error row that says so.
    std::fs::write(
        dir.path().join("undated.fit"),
        zero_field_fit(3_000_000, false),
    )
    .unwrap();
    std::fs::write(dir.path().join("run.fit"), run_fit(1, 30.0)).unwrap();
    let rows = rows_within(dir.path(), 16);
    assert_eq!(rows.len(), 3);
    let bomb = row(&rows, &label(dir.path(), "bomb.fit"));
    assert_eq!(bomb.status, Status::Error);
    assert_eq!(
        bomb.error,
        "needs more memory than the 16 MB budget: raise it with --memory-mb"
    );
    let undated = row(&rows, &label(dir.path(), "undated.fit"));
    assert_eq!(
        undated.error,
        "no activity data decoded: 3000000 record(s) without a timestamp to date them, and no session"
    );
    assert_eq!(row(&rows, &label(dir.path(), "run.fit")).status, Status::Ok);
}

#[test]
fn a_bomb_in_a_gz_is_refused_at_the_budget_not_at_the_file_limit() {
    let dir = tempfile::tempdir().unwrap();
    // 40 MB of zeros in a 40 KB .gz: under --max-file-mb, over a 16 MB budget.
    let zeros = vec![0u8; 40 * MIB as usize];
    std::fs::write(
        dir.path().join("zeros.fit.gz"),
        testkit::export::gzip(&zeros),
    )
    .unwrap();
    let rows = rows_within(dir.path(), 16);
    assert_eq!(
        rows[0].error,
        "needs more memory than the 16 MB budget: raise it with --memory-mb"
    );
}

/// What fits is decided by each file and the files before it, never by timing: the same export at
/// one and at four threads, under a budget that only two of its files fit in at once, gives the
/// same bytes, every file that fits alone read, the one that does not refused.
#[test]
fn the_budget_decides_the_same_at_every_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    for seed in 0..8 {
        // Eleven hours at one record a second: ≈ 40 000 samples, ≈ 7 MB to read.
        std::fs::write(
            dir.path().join(format!("long{seed}.fit")),
            run_fit(seed, 660.0),
        )
        .unwrap();
    }
    // Forty hours: ≈ 25 MB, over the budget on its own.
    std::fs::write(dir.path().join("ultra.fit"), run_fit(20, 2400.0)).unwrap();
    let path = dir.path().to_str().unwrap();
    let one = grayzone(&["activities", path, "-q", "-j", "1", "--memory-mb", "16"]);
    let four = grayzone(&["activities", path, "-q", "-j", "4", "--memory-mb", "16"]);
    assert!(one.status.success() && four.status.success());
    assert_eq!(
        String::from_utf8_lossy(&one.stdout),
        String::from_utf8_lossy(&four.stdout)
    );
    let rows = csv_rows(&one.stdout);
    assert_eq!(rows.len(), 9);
    for r in &rows {
        if r["path"].ends_with("ultra.fit") {
            assert_eq!(
                r["error"],
                "needs more memory than the 16 MB budget: raise it with --memory-mb"
            );
        } else {
            assert_eq!(r["status"], "ok", "{r:?}");
        }
    }
}

/// A GPX of tracks days apart is one activity per outing: each is charged to the budget. 30,000
/// two-point tracks (1.6 MB) had each outing's copy of the file's facts uncharged and were read
/// under 64 MB (a 65 MB file of 340,000 held 800 MB against a 256 MB
/// budget), each outing looking through every pause of the file for its own (a minute at
/// 340,000).
#[test]
fn a_gpx_of_thirty_thousand_outings_is_charged_per_outing_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut gpx = String::from(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">"#,
    );
    for i in 0..30_000u64 {
        // Two days apart, a minute long each.
        let t = 1_600_000_000 + i * 2 * 86_400;
        let at = |s: u64| {
            chrono::DateTime::from_timestamp((t + s) as i64, 0)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        };
        gpx.push_str(&format!(
            r#"<trk><trkseg><trkpt lat="45" lon="7"><time>{}</time></trkpt><trkpt lat="45.001" lon="7"><time>{}</time></trkpt></trkseg></trk>"#,
            at(0),
            at(60)
        ));
    }
    gpx.push_str("</gpx>");
    std::fs::write(dir.path().join("outings.gpx"), gpx).unwrap();
    std::fs::write(dir.path().join("run.fit"), run_fit(1, 30.0)).unwrap();
    let rows = rows_within(dir.path(), 64);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        row(&rows, &label(dir.path(), "outings.gpx")).error,
        "needs more memory than the 64 MB budget: raise it with --memory-mb"
    );
    assert_eq!(row(&rows, &label(dir.path(), "run.fit")).status, Status::Ok);
}

// ---------------------------------------------------------------------------------------------
// 4. Sessions, laps and pauses in linear time
// ---------------------------------------------------------------------------------------------

#[test]
fn twenty_thousand_sessions_each_get_their_lap_and_pause() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sessions.fit"), many_sessions_fit(20_000)).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(rows.len(), 20_000);
    let first = row(&rows, &format!("{}#1", label(dir.path(), "sessions.fit")));
    let last = row(
        &rows,
        &format!("{}#20000", label(dir.path(), "sessions.fit")),
    );
    for r in [first, last] {
        let s = r.summary.as_deref().expect("a session row");
        assert_eq!((s.laps, s.timer_pauses), (1, 1), "{}", r.path);
        assert_eq!(s.distance_m, 900.0);
    }
    assert!(rows
        .iter()
        .all(|r| r.summary.as_deref().is_some_and(|s| s.laps == 1)));
}

// ---------------------------------------------------------------------------------------------
// 2, 5, 6. Archives
// ---------------------------------------------------------------------------------------------

#[test]
fn entries_that_share_their_bytes_are_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let inner = zip_files(&[
        ("a.fit".to_string(), run_fit(2, 12.0)),
        ("b.fit".to_string(), run_fit(3, 12.0)),
    ]);
    let mut outer = RawZip::default();
    let at = outer.add("inner.zip", &inner);
    for i in 0..5 {
        outer.alias(&format!("copy{i}.zip"), at, &inner);
    }
    std::fs::write(dir.path().join("export.zip"), outer.finish()).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let zip = label(dir.path(), "export.zip");
    assert_eq!(
        rows.len(),
        7,
        "{:?}",
        rows.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    assert_eq!(
        row(&rows, &format!("{zip}!inner.zip!a.fit")).status,
        Status::Ok
    );
    assert_eq!(
        row(&rows, &format!("{zip}!inner.zip!b.fit")).status,
        Status::Ok
    );
    for i in 0..5 {
        assert_eq!(
            row(&rows, &format!("{zip}!copy{i}.zip")).error,
            "its bytes are also those of inner.zip in the same zip (entries that share their bytes, a zip-bomb trick): not read"
        );
    }
}

#[test]
fn a_nested_zip_that_inflates_like_a_bomb_is_refused_before_it_is_copied() {
    // 100 MB of zeros named inner.zip, deflated to 100 KB: it had been copied whole to a
    // temporary file before being found no zip (15.5 GB and 49 s for a 16 MB export), as had a
    // real zip holding a gigabyte of stored zeros. The run beside it is read.
    let dir = tempfile::tempdir().unwrap();
    let export = zip_files(&[
        ("inner.zip".to_string(), vec![0u8; 100 * MIB as usize]),
        ("run.fit".to_string(), run_fit(6, 12.0)),
    ]);
    assert!(export.len() < MIB as usize);
    std::fs::write(dir.path().join("export.zip"), export).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let zip = label(dir.path(), "export.zip");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        row(&rows, &format!("{zip}!inner.zip")).error,
        "a zip inside the zip that inflates 100 MB from 100 KB: zipped activity files barely compress again, a zip bomb does; not read"
    );
    assert_eq!(row(&rows, &format!("{zip}!run.fit")).status, Status::Ok);
}

#[test]
fn a_bomb_cut_into_nested_zips_under_the_ratio_s_floor_is_refused_piece_by_piece() {
    // Pieces of 33 MB of zeros, each under the 64 MB the ratio is asked from, had each been
    // copied out (64 of 63 MB from a 4.3 MB zip wrote 4 GB). Weighed together, the second is
    // already a bomb's share.
    let dir = tempfile::tempdir().unwrap();
    let piece = vec![0u8; 33 * MIB as usize];
    let export = zip_files(&[
        ("a.zip".to_string(), piece.clone()),
        ("b.zip".to_string(), piece.clone()),
        ("c.zip".to_string(), piece),
        ("run.fit".to_string(), run_fit(6, 12.0)),
    ]);
    std::fs::write(dir.path().join("export.zip"), export).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let zip = label(dir.path(), "export.zip");
    assert_eq!(row(&rows, &format!("{zip}!run.fit")).status, Status::Ok);
    // The first piece alone is no bomb by its size: copied, and found no zip.
    assert!(!row(&rows, &format!("{zip}!a.zip"))
        .error
        .contains("zip bomb"));
    for name in ["b.zip", "c.zip"] {
        let refused = row(&rows, &format!("{zip}!{name}"));
        assert!(
            refused
                .error
                .starts_with("a zip inside the zip that inflates 33 MB from ")
                && refused.error.ends_with("a zip bomb does; not read"),
            "{name}: {}",
            refused.error
        );
    }
    // The same pieces each in an export zip of its own are weighed together too (hostile round
    // 34 H2: 64 zips of 68 KB, each with a 63 MB piece, wrote 4 GB of temporary files at once).
    let apart = tempfile::tempdir().unwrap();
    let piece = vec![0u8; 33 * MIB as usize];
    for name in ["a", "b", "c"] {
        let export = zip_files(&[(format!("{name}.zip"), piece.clone())]);
        std::fs::write(apart.path().join(format!("{name}-export.zip")), export).unwrap();
    }
    let rows = rows_with(&[apart.path().to_path_buf()], Limits::default());
    for name in ["b", "c"] {
        let export = label(apart.path(), &format!("{name}-export.zip"));
        let refused = row(&rows, &format!("{export}!{name}.zip"));
        assert!(
            refused.error.ends_with("a zip bomb does; not read"),
            "{name}: {}",
            refused.error
        );
    }
}

/// Runs `grayzone ARGS PATH` allowed 48 open files, and asserts its 120 rows are read.
#[cfg(unix)]
fn all_120_read_within_48_files(args: &[&str], path: &Path) {
    let limited = Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 48 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(limited.status.code(), Some(0), "{limited:?}");
    let rows = csv_rows(&limited.stdout);
    assert_eq!(rows.len(), 120);
    assert!(
        rows.iter().all(|r| r["status"] == "ok"),
        "{}",
        String::from_utf8_lossy(&limited.stdout)
    );
}

#[cfg(unix)]
#[test]
fn thousands_of_small_nested_zips_need_no_file_open_each() {
    // Each nested zip was copied to a temporary file held open until the export was read: under
    // the system's limit on open files, most of them became "Too many open files" rows.
    let dir = tempfile::tempdir().unwrap();
    let inner: Vec<(String, Vec<u8>)> = (0..120u64)
        .map(|i| {
            let zip = zip_files(&[(format!("run{i}.fit"), run_fit(i + 1, 6.0))]);
            (format!("part{i:03}.zip"), zip)
        })
        .collect();
    std::fs::write(dir.path().join("export.zip"), zip_files(&inner)).unwrap();
    all_120_read_within_48_files(&["activities", "-q", "-j", "1"], dir.path());
    // Nor do as many export zips side by side, each a file held open until the end (hostile
    // round 34 M1: 1,500 one-run zips lost 481 runs to "Too many open files").
    let side = tempfile::tempdir().unwrap();
    for (name, zip) in &inner {
        std::fs::write(side.path().join(name), zip).unwrap();
    }
    all_120_read_within_48_files(&["activities", "-q", "-j", "1"], side.path());
    // Nor zips past the memory budget's share for holding them, read where they lie: each held
    // its file open to the end (hostile round 35 H3: 2,000 zips of 14 KB at `--memory-mb 16`
    // lost 712 runs). 120 zips of 60 KB of noise and a run, 7 MB, over a quarter of 16 MB.
    let big = tempfile::tempdir().unwrap();
    let mut noise = 0x2545_f491_4f6c_dd1du64;
    for i in 0..120u64 {
        let pad: Vec<u8> = (0..60_000)
            .map(|_| {
                noise ^= noise << 13;
                noise ^= noise >> 7;
                noise ^= noise << 17;
                noise as u8
            })
            .collect();
        let zip = zip_files(&[
            (format!("run{i}.fit"), run_fit(i + 1, 6.0)),
            ("notes.bin".to_string(), pad),
        ]);
        std::fs::write(big.path().join(format!("part{i:03}.zip")), zip).unwrap();
    }
    all_120_read_within_48_files(
        &["activities", "-q", "-j", "2", "--memory-mb", "16"],
        big.path(),
    );
    // Nor nested zips past that share, copied out of their zip: each copy was a temporary file
    // held open to the end (hostile round 36 H3: 2,000 of them at `--memory-mb 16` lost 833
    // runs). One export of the same 120 zips: their copies share one file.
    let nested = tempfile::tempdir().unwrap();
    let parts: Vec<(String, Vec<u8>)> = (0..120u64)
        .map(|i| {
            let name = format!("part{i:03}.zip");
            (name.clone(), std::fs::read(big.path().join(name)).unwrap())
        })
        .collect();
    std::fs::write(nested.path().join("export.zip"), zip_files(&parts)).unwrap();
    all_120_read_within_48_files(
        &["activities", "-q", "-j", "2", "--memory-mb", "16"],
        nested.path(),
    );
}

/// An end record whose comment is said longer than the bytes after it, or whose count of this
/// disk's entries is not the total, made the zip library refuse the whole zip under a false
/// reason ("its directory is not where its end record says"); `unzip -t` reads both (hostile
/// round 36 H5). Every run is read.
#[test]
fn an_end_record_s_odd_comment_or_disk_count_loses_no_run() {
    let dir = tempfile::tempdir().unwrap();
    let end_record = |bytes: &[u8]| bytes.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let mut zip = RawZip::default();
    zip.add("a.fit", &run_fit(1, 20.0));
    zip.add("b.fit", &run_fit(2, 20.0));
    let good = zip.finish();
    let at = end_record(&good);
    let mut comment = good.clone();
    comment[at + 20..at + 22].copy_from_slice(&50u16.to_le_bytes());
    std::fs::write(dir.path().join("comment.zip"), comment).unwrap();
    let mut disks = good.clone();
    disks[at + 8..at + 10].copy_from_slice(&5u16.to_le_bytes());
    std::fs::write(dir.path().join("disks.zip"), disks).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(rows.len(), 4, "{rows:?}");
    for name in ["comment.zip", "disks.zip"] {
        for entry in ["a.fit", "b.fit"] {
            let zip = label(dir.path(), name);
            let r = row(&rows, &format!("{zip}!{entry}"));
            assert_ne!(r.status, Status::Error, "{name}: {entry}: {}", r.error);
        }
    }
}

/// An entry whose directory puts its bytes at or past the directory itself, or whose Zip64
/// field is too short for the sizes and offset it stands for, made the zip library refuse the
/// whole zip, and every run in it was lost under a guessed reason (hostile round 36 H5). That
/// entry is a row saying so; the others are read, a well-formed Zip64 entry among them.
#[test]
fn an_entry_that_cannot_be_placed_loses_no_other_run() {
    let dir = tempfile::tempdir().unwrap();
    let zip64 = |values: &[u64]| {
        let mut field = vec![1, 0];
        field.extend((values.len() as u16 * 8).to_le_bytes());
        values.iter().for_each(|v| field.extend(v.to_le_bytes()));
        field
    };
    let good = |zip: &mut RawZip, seed: u64| {
        zip.add("a_ok.fit", &run_fit(seed, 20.0));
        // Sizes and offset in a well-formed Zip64 field, as a zip writer streaming to a pipe
        // writes them.
        let data = run_fit(seed + 1, 20.0);
        let at = zip.bytes.len() as u64;
        let len = data.len() as u64;
        zip.add_zip64("b_zip64.fit", &data, true, &zip64(&[len, len, at]));
    };
    let mut zip = RawZip::default();
    good(&mut zip, 1);
    zip.alias("late.fit", u32::MAX - 1, &run_fit(9, 20.0));
    std::fs::write(dir.path().join("past_end.zip"), zip.finish()).unwrap();
    let mut zip = RawZip::default();
    good(&mut zip, 3);
    let directory = zip.bytes.len() as u32;
    zip.alias("late.fit", directory, &run_fit(9, 20.0));
    std::fs::write(dir.path().join("at_directory.zip"), zip.finish()).unwrap();
    let mut zip = RawZip::default();
    good(&mut zip, 5);
    // Both sizes marked, one value given, and another field after it: the library reads the
    // second size from that field and refuses the whole zip.
    let data = run_fit(9, 20.0);
    let mut fields = zip64(&[data.len() as u64]);
    fields.extend([0xfe, 0xca, 4, 0, 1, 2, 3, 4]);
    zip.add_zip64("late.fit", &data, false, &fields);
    std::fs::write(dir.path().join("zip64_short.zip"), zip.finish()).unwrap();
    let mut zip = RawZip::default();
    good(&mut zip, 7);
    // A field said 24 bytes long, with 8 of them there: the library stops at the end of the
    // extra data and keeps the marker as the compressed size.
    let mut field = zip64(&[data.len() as u64]);
    field[2] = 24;
    zip.add_zip64("late.fit", &data, false, &field);
    std::fs::write(dir.path().join("zip64_past.zip"), zip.finish()).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(rows.len(), 12, "{rows:?}");
    for (name, why) in [
        ("past_end.zip", "puts its bytes at or past the directory"),
        (
            "at_directory.zip",
            "puts its bytes at or past the directory",
        ),
        ("zip64_short.zip", "Zip64 field is the wrong length"),
        (
            "zip64_past.zip",
            "says 4294967295 compressed bytes, past the end",
        ),
    ] {
        let zip = label(dir.path(), name);
        for entry in ["a_ok.fit", "b_zip64.fit"] {
            let r = row(&rows, &format!("{zip}!{entry}"));
            assert_eq!(r.status, Status::Ok, "{name}: {entry}: {}", r.error);
        }
        let late = row(&rows, &format!("{zip}!late.fit"));
        assert_eq!(late.status, Status::Error, "{name}");
        assert!(late.error.contains(why), "{name}: {}", late.error);
    }
}

/// One entry's malformed extra field, or method 99 without its AES field, made the zip library
/// refuse the whole zip, and every run in it was lost under a false reason (hostile round 35 H6;
/// `unzip -t` and Python read the good entries of each). The good runs are read; an entry whose
/// method cannot be read is a row of its own.
#[test]
fn one_entry_s_malformed_extra_field_loses_no_other_run() {
    let dir = tempfile::tempdir().unwrap();
    let oddities: [(&str, u16, &[u8]); 4] = [
        // An extended timestamp of its flags byte alone, a 3-byte NTFS field, a Unicode path
        // field of one byte, and an AES field of two.
        ("timestamp", 0, &[0x55, 0x54, 1, 0, 1]),
        ("ntfs", 0, &[0x0a, 0, 3, 0, 0, 0, 0]),
        ("unicode", 0, &[0x75, 0x70, 1, 0, 1]),
        ("aes", 0, &[0x01, 0x99, 2, 0, 1, 0]),
    ];
    for (name, method, extra) in oddities {
        let mut zip = RawZip::default();
        zip.add("a_ok.fit", &run_fit(1, 20.0));
        zip.add_odd("weird.fit", &run_fit(2, 20.0), method, extra);
        zip.add("z_ok.fit", &run_fit(3, 20.0));
        std::fs::write(dir.path().join(format!("{name}.zip")), zip.finish()).unwrap();
    }
    let mut zip = RawZip::default();
    zip.add("a_ok.fit", &run_fit(4, 20.0));
    zip.add_odd("weird.fit", &run_fit(5, 20.0), 99, &[]);
    zip.add("z_ok.fit", &run_fit(6, 20.0));
    std::fs::write(dir.path().join("method99.zip"), zip.finish()).unwrap();
    // A well-formed AES entry beside a malformed field: the mended directory keeps its AES field,
    // and the entry says it is encrypted.
    let mut zip = RawZip::default();
    zip.add("a_ok.fit", &run_fit(7, 20.0));
    zip.add_odd(
        "locked.fit",
        &run_fit(8, 20.0),
        99,
        &[0x01, 0x99, 7, 0, 2, 0, b'A', b'E', 3, 8, 0],
    );
    zip.add_odd("weird.fit", &run_fit(9, 20.0), 0, &[0x55, 0x54, 1, 0, 1]);
    std::fs::write(dir.path().join("locked.zip"), zip.finish()).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let locked = row(
        &rows,
        &format!("{}!locked.fit", label(dir.path(), "locked.zip")),
    );
    assert!(locked.error.starts_with("encrypted"), "{}", locked.error);
    // Flagged encrypted with no AES field: said in the same words, not the zip library's own
    // "Password required to decrypt file" (hostile round 37 M3).
    let mut zip = RawZip::default();
    zip.add("sealed.fit", &run_fit(10, 20.0));
    let mut sealed = zip.finish();
    let record = sealed.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    sealed[record + 8] |= 1;
    let sealed_dir = tempfile::tempdir().unwrap();
    std::fs::write(sealed_dir.path().join("sealed.zip"), sealed).unwrap();
    let sealed_rows = rows_with(&[sealed_dir.path().to_path_buf()], Limits::default());
    assert_eq!(sealed_rows.len(), 1, "{sealed_rows:?}");
    assert!(
        sealed_rows[0]
            .error
            .starts_with("encrypted: a password protects it"),
        "{}",
        sealed_rows[0].error
    );
    let rows: Vec<FileRow> = rows
        .into_iter()
        .filter(|r| !r.path.contains("locked.zip"))
        .collect();
    assert_eq!(rows.len(), 15, "{rows:?}");
    for (name, _, _) in oddities {
        for entry in ["a_ok.fit", "weird.fit", "z_ok.fit"] {
            let zip = label(dir.path(), &format!("{name}.zip"));
            let r = row(&rows, &format!("{zip}!{entry}"));
            assert_ne!(r.status, Status::Error, "{name}: {entry}: {}", r.error);
        }
    }
    let zip = label(dir.path(), "method99.zip");
    for entry in ["a_ok.fit", "z_ok.fit"] {
        let r = row(&rows, &format!("{zip}!{entry}"));
        assert_eq!(r.status, Status::Ok, "{entry}: {}", r.error);
    }
    let weird = row(&rows, &format!("{zip}!weird.fit"));
    assert_eq!(weird.status, Status::Error);
    assert!(
        weird
            .error
            .starts_with("stored with a compression method grayzone cannot read"),
        "{}",
        weird.error
    );
}

#[test]
fn a_gzipped_zip_is_a_row_that_says_to_gunzip_it() {
    // `export.zip.gz` was passed over without a word: its runs in no row.
    let dir = tempfile::tempdir().unwrap();
    let export = zip_files(&[("run.fit".to_string(), run_fit(6, 12.0))]);
    std::fs::write(
        dir.path().join("export.zip.gz"),
        testkit::export::gzip(&export),
    )
    .unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(rows.len(), 1);
    assert_eq!(
        row(&rows, &label(dir.path(), "export.zip.gz")).error,
        "a zip gzipped again: not read; gunzip it first (gunzip export.zip.gz), then give the zip"
    );
}

#[test]
fn a_directory_that_lies_about_a_nested_zip_s_compressed_size_is_caught() {
    // A bomb listed as 40 MB compressed for 4 GB, so as to pass the ratio check, in a zip of a
    // few KB: its data would run past the end of the zip. It had been spilled all the same.
    let dir = tempfile::tempdir().unwrap();
    let mut zip = RawZip::default();
    zip.add("run.fit", &run_fit(7, 12.0));
    zip.add_listed("inner.zip", &[0u8; 1024], 40_000_000, 4_000_000_000);
    std::fs::write(dir.path().join("export.zip"), zip.finish()).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let zip = label(dir.path(), "export.zip");
    assert_eq!(
        row(&rows, &format!("{zip}!inner.zip")).error,
        "its directory says 40000000 compressed bytes, past the end of the zip: not read"
    );
    assert_eq!(row(&rows, &format!("{zip}!run.fit")).status, Status::Ok);
}

#[test]
fn a_folder_entry_holding_a_run_s_bytes_is_a_row_and_true_folders_are_none() {
    // "a.fit/" is a folder's name, but this entry holds a run's bytes (no zip writer makes
    // it): it had vanished from the export without a row. Empty folders, even named like a
    // run, are no activity.
    let dir = tempfile::tempdir().unwrap();
    let run = run_fit(8, 12.0);
    let mut zip = RawZip::default();
    zip.add("runs/", &[]);
    zip.add("empty.fit/", &[]);
    // An empty folder entry as Java's zip writers write it: two bytes of an empty deflate.
    zip.add_listed("deflated.fit/", &[3, 0], 2, 0);
    zip.add("a.fit/", &run);
    zip.add("runs/b.fit", &run_fit(9, 12.0));
    std::fs::write(dir.path().join("export.zip"), zip.finish()).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let zip = label(dir.path(), "export.zip");
    let mut paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [format!("{zip}!a.fit/"), format!("{zip}!runs/b.fit")]
    );
    assert_eq!(
        row(&rows, &format!("{zip}!a.fit/")).error,
        format!(
            "a folder's name (ending in '/') on {} bytes of data: not read",
            run.len()
        )
    );
    assert_eq!(row(&rows, &format!("{zip}!runs/b.fit")).status, Status::Ok);
}

#[test]
fn entries_are_counted_from_the_directory_not_from_signatures_in_the_data() {
    let dir = tempfile::tempdir().unwrap();
    // A stored file full of the directory's signature: the old count said "more than 10".
    let blob = b"PK\x01\x02".repeat(5_000);
    let export = zip_files(&[
        ("runs/1.fit".to_string(), run_fit(4, 12.0)),
        ("runs/2.fit".to_string(), run_fit(5, 12.0)),
        ("notes/blob.bin".to_string(), blob),
    ]);
    std::fs::write(dir.path().join("export.zip"), export).unwrap();
    let rows = rows_with(
        &[dir.path().to_path_buf()],
        Limits {
            max_zip_entries: 10,
            ..Limits::default()
        },
    );
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.status == Status::Ok), "{rows:?}");
}

#[test]
fn the_entry_limit_counts_the_zips_inside_an_export_too() {
    let dir = tempfile::tempdir().unwrap();
    let inner = |seed: u64| {
        zip_files(
            &(0..6u64)
                .map(|i| (format!("{i}.fit"), run_fit(seed + i, 6.0)))
                .collect::<Vec<_>>(),
        )
    };
    let export = zip_files(&[
        ("a.zip".to_string(), inner(10)),
        ("b.zip".to_string(), inner(20)),
    ]);
    std::fs::write(dir.path().join("export.zip"), export).unwrap();
    let rows = rows_with(
        &[dir.path().to_path_buf()],
        Limits {
            max_zip_entries: 10,
            ..Limits::default()
        },
    );
    let zip = label(dir.path(), "export.zip");
    // 2 entries, then a.zip's 6: 8. b.zip's 6 more would make 14.
    assert_eq!(rows.len(), 7);
    assert_eq!(
        row(&rows, &format!("{zip}!b.zip")).error,
        "zip has 6 entries, which with the rest of its export make more than 10, over the limit: not opened"
    );
}

#[test]
fn an_export_decompresses_to_at_most_its_limit_in_all() {
    let dir = tempfile::tempdir().unwrap();
    // Three entries whose directory says 500 MB each: under --max-file-mb, but 1.5 GB together
    // is over a 1 GB export.
    let mut zip = RawZip::default();
    for name in ["a.fit", "b.fit", "c.fit"] {
        zip.add_sized(name, b"not a FIT", 500 * MIB as u32);
    }
    std::fs::write(dir.path().join("export.zip"), zip.finish()).unwrap();
    let rows = rows_with(
        &[dir.path().to_path_buf()],
        Limits {
            max_archive_bytes: 1024 * MIB,
            ..Limits::default()
        },
    );
    let zip = label(dir.path(), "export.zip");
    assert_eq!(
        row(&rows, &format!("{zip}!c.fit")).error,
        "with what comes before it, the zip decompresses to more than 1 GB, over the limit: raise it with --max-archive-gb"
    );
    assert!(row(&rows, &format!("{zip}!a.fit"))
        .error
        .starts_with("not a FIT file"));
}

#[test]
fn an_entry_is_not_read_past_the_size_its_directory_gives() {
    let dir = tempfile::tempdir().unwrap();
    let mut zip = RawZip::default();
    zip.add_sized("liar.fit", &run_fit(6, 12.0), 100);
    zip.add("run.fit", &run_fit(7, 12.0));
    std::fs::write(dir.path().join("export.zip"), zip.finish()).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let zip = label(dir.path(), "export.zip");
    assert_eq!(
        row(&rows, &format!("{zip}!liar.fit")).error,
        "zip: the entry holds more than the 100 bytes its directory says: not read"
    );
    assert_eq!(row(&rows, &format!("{zip}!run.fit")).status, Status::Ok);
}

#[test]
fn a_big_garbage_zip_is_refused_from_its_end_alone() {
    let dir = tempfile::tempdir().unwrap();
    // 256 MB that is not a zip, sparse: only its last 64 KB are looked at.
    let file = std::fs::File::create(dir.path().join("garbage.zip")).unwrap();
    file.set_len(256 * MIB).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(
        rows[0].error,
        "not a readable zip archive: no end record, so no directory of its entries (not a zip, or one cut short: an export that did not finish downloading?)"
    );
}

#[test]
fn a_zip_whose_end_record_lies_says_so_not_just_i_o_error() {
    // The end record counts more entries than the directory holds, or points the directory
    // elsewhere: the zip library said only "i/o error".
    let dir = tempfile::tempdir().unwrap();
    let mut zip = RawZip::default();
    zip.add("run.fit", &run_fit(10, 12.0));
    let good = zip.finish();
    let end = good.len() - 22;
    let mut count = good.clone();
    count[end + 8..end + 12].copy_from_slice(&[4, 0, 4, 0]);
    let mut offset = good;
    offset[end + 16..end + 20].copy_from_slice(&2u32.to_le_bytes());
    std::fs::write(dir.path().join("count.zip"), count).unwrap();
    std::fs::write(dir.path().join("offset.zip"), offset).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(
            r.error,
            "not a readable zip archive: its directory is not where its end record says, or holds fewer entries than it counts (a zip cut short or written wrong)",
            "{}",
            r.path
        );
    }
}

/// Issue 13, item 9: every file given yields a row, archives included; macOS metadata does not.
#[test]
fn a_zip_without_activities_is_a_row_and_macos_metadata_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let apple_double = {
        let mut b = vec![0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00];
        b.extend(b"Mac OS X        ");
        b.extend([0u8; 60]);
        b
    };
    std::fs::write(
        dir.path().join("photos.zip"),
        zip_files(&[
            ("activities.csv".to_string(), b"id,name\n1,run\n".to_vec()),
            ("media/a.jpg".to_string(), vec![0xFF, 0xD8, 0xFF]),
        ]),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.zip"), zip_files(&[])).unwrap();
    std::fs::write(
        dir.path().join("mac.zip"),
        zip_files(&[
            ("run.fit".to_string(), run_fit(8, 12.0)),
            ("__MACOSX/._run.fit".to_string(), apple_double.clone()),
        ]),
    )
    .unwrap();
    std::fs::write(dir.path().join("._run.fit"), &apple_double).unwrap();
    // Renamed: found by its first bytes, a `not_run` row rather than an error.
    std::fs::write(dir.path().join("renamed.fit"), &apple_double).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(rows.len(), 4, "{paths:?}");
    for zip in ["photos.zip", "empty.zip"] {
        let r = row(&rows, &label(dir.path(), zip));
        assert_eq!(
            (r.status, r.note.as_str()),
            (Status::NotRun, "no activity files in this archive")
        );
    }
    assert_eq!(
        row(&rows, &format!("{}!run.fit", label(dir.path(), "mac.zip"))).status,
        Status::Ok
    );
    let renamed = row(&rows, &label(dir.path(), "renamed.fit"));
    assert_eq!(
        (renamed.status, renamed.note.as_str()),
        (
            Status::NotRun,
            "macOS metadata (an AppleDouble file), not an activity"
        )
    );
}

#[test]
fn no_row_at_all_still_writes_the_header_and_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "nothing here").unwrap();
    let path = dir.path().to_str().unwrap();
    let csv = grayzone(&["activities", path, "-q"]);
    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.starts_with("path,status,error,"), "{text}");
    assert_eq!(text.lines().count(), 1);
    let weekly = grayzone(&["weekly", path, "-q"]);
    assert!(String::from_utf8(weekly.stdout)
        .unwrap()
        .starts_with("week,"));
    let json = grayzone(&["activities", path, "-q", "--format", "json"]);
    assert_eq!(String::from_utf8(json.stdout).unwrap(), "[]\n");
}

// ---------------------------------------------------------------------------------------------
// 3, 11. Only regular files are opened
// ---------------------------------------------------------------------------------------------

fn mkfifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .expect("mkfifo");
}

#[test]
fn a_fifo_or_a_device_named_like_a_run_is_a_row_never_a_block() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("fifo.fit"));
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.fit")).unwrap();
    std::fs::write(dir.path().join("run.fit"), run_fit(9, 12.0)).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(rows.len(), 3);
    assert_eq!(
        row(&rows, &label(dir.path(), "fifo.fit")).error,
        "not a regular file (a FIFO): not read"
    );
    assert_eq!(
        row(&rows, &label(dir.path(), "zero.fit")).error,
        "not a regular file (a character device): not read"
    );
    assert_eq!(row(&rows, &label(dir.path(), "run.fit")).status, Status::Ok);
}

/// Named on the command line, a file that cannot be read is a usage error (status 2). A FIFO
/// stands for it here because it cannot be read by root either, where permission bits can.
#[test]
fn a_fifo_named_on_the_command_line_exits_2_at_once_explain_too() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("run.fit");
    mkfifo(&fifo);
    let limit = Duration::from_secs(60);
    for args in [
        vec![OsStr::new("activities"), fifo.as_os_str(), OsStr::new("-q")],
        vec![OsStr::new("explain"), fifo.as_os_str()],
    ] {
        let out = grayzone_within(limit, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("run.fit: not a regular file (a FIFO): not read"),
            "{stderr}"
        );
    }
    // The FIFO in the folder given after the run: the run is explained, the FIFO is a row.
    let real = dir.path().join("real.fit");
    std::fs::write(&real, run_fit(10, 30.0)).unwrap();
    let out = grayzone_within(
        limit,
        &[
            OsStr::new("explain"),
            real.as_os_str(),
            dir.path().as_os_str(),
            OsStr::new("-q"),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// 6. Folders: no canonicalization, any depth
// ---------------------------------------------------------------------------------------------

/// A tree deeper than PATH_MAX (4096 bytes on Linux), made with paths relative to open folders as
/// no other way can: the file at its bottom still gets its row, and a link back up is a loop.
#[test]
fn a_file_below_the_path_length_limit_still_gets_a_row() {
    use rustix::fs::{mkdirat, openat, Mode, OFlags};
    let dir = tempfile::tempdir().unwrap();
    let name = "d".repeat(60);
    let mut fd = openat(
        rustix::fs::CWD,
        dir.path(),
        OFlags::RDONLY | OFlags::DIRECTORY,
        Mode::empty(),
    )
    .unwrap();
    let depth = 120; // 120 × 61 bytes: 7 320 bytes of path below the temporary folder
    for _ in 0..depth {
        mkdirat(&fd, name.as_str(), Mode::from_raw_mode(0o755)).unwrap();
        fd = openat(
            &fd,
            name.as_str(),
            OFlags::RDONLY | OFlags::DIRECTORY,
            Mode::empty(),
        )
        .unwrap();
    }
    let file = openat(
        &fd,
        "deep.fit",
        OFlags::WRONLY | OFlags::CREATE,
        Mode::from_raw_mode(0o644),
    )
    .unwrap();
    std::fs::File::from(file)
        .write_all(&run_fit(11, 12.0))
        .unwrap();
    rustix::fs::symlinkat("../..", &fd, "loop").unwrap();
    std::fs::write(dir.path().join("top.fit"), run_fit(12, 12.0)).unwrap();

    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let deep_label = format!(
        "{}/{}deep.fit",
        dir.path().display(),
        format!("{name}/").repeat(depth)
    );
    assert!(deep_label.len() > 7_000);
    assert_eq!(row(&rows, &deep_label).status, Status::Ok);
    assert_eq!(row(&rows, &label(dir.path(), "top.fit")).status, Status::Ok);
    let lp = deep_label.replace("deep.fit", "loop");
    assert_eq!(
        row(&rows, &lp).error,
        "folder already read (named twice, or a symlink loop): skipped"
    );
    assert_eq!(rows.len(), 3);
    // Deleting it needs the same relative walk; tempdir's removal handles long paths itself.
}

/// A link inside the folder given to a folder above it (`x -> ..`) read everything beside the
/// folder: in `team`, every athlete read every other's runs. It is a row, not a walk.
#[cfg(unix)]
#[test]
fn a_link_up_out_of_the_folder_given_is_a_row_not_a_walk() {
    let dir = tempfile::tempdir().unwrap();
    let (ana, bob) = (dir.path().join("ana"), dir.path().join("bob"));
    std::fs::create_dir_all(&ana).unwrap();
    std::fs::create_dir_all(&bob).unwrap();
    std::fs::write(ana.join("run.fit"), run_fit(3, 12.0)).unwrap();
    std::fs::write(bob.join("run.fit"), run_fit(4, 12.0)).unwrap();
    std::os::unix::fs::symlink("..", ana.join("x")).unwrap();
    let rows = rows_with(std::slice::from_ref(&ana), Limits::default());
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(row(&rows, &label(&ana, "run.fit")).status, Status::Ok);
    assert_eq!(
        row(&rows, &label(&ana, "x")).error,
        "a link to a folder above the one given: not read (it holds what lies beside that folder)"
    );
    // Given together, each is read once, whichever comes first.
    let rows = rows_with(&[ana.join("x"), ana.clone()], Limits::default());
    assert_eq!(
        rows.iter().filter(|r| r.status == Status::Ok).count(),
        2,
        "{rows:?}"
    );
    // A folder given after one of its own subfolders is walked whole: the folders between them
    // are its real subfolders, not links up (hostile round 34 H3: `A/b/c A` lost A/b's runs).
    let (b, c, d) = (
        dir.path().join("b"),
        dir.path().join("b/c"),
        dir.path().join("b/d"),
    );
    std::fs::create_dir_all(&c).unwrap();
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(b.join("r2.fit"), run_fit(5, 12.0)).unwrap();
    std::fs::write(c.join("r1.fit"), run_fit(6, 12.0)).unwrap();
    std::fs::write(d.join("r4.fit"), run_fit(7, 12.0)).unwrap();
    let rows = rows_with(&[c.clone(), b.clone()], Limits::default());
    let ok = |rows: &[FileRow]| rows.iter().filter(|r| r.status == Status::Ok).count();
    assert_eq!(ok(&rows), 3, "{rows:?}");
    assert!(rows.iter().all(|r| !r.error.contains("above")), "{rows:?}");
    // The other way round, the same runs.
    assert_eq!(ok(&rows_with(&[b, c], Limits::default())), 3);
}

/// A chain of folders deeper than any export: the walk stops at its limit with a row that says
/// so (each level held its whole path: 40,000 levels took 1.75 GB, hostile round 33 H3).
#[test]
fn folders_nested_past_the_limit_are_a_row_not_a_walk() {
    use grayzone::ingest::discover::MAX_FOLDER_DEPTH;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("top.fit"), run_fit(12, 12.0)).unwrap();
    let mut at = dir.path().to_path_buf();
    for _ in 0..MAX_FOLDER_DEPTH + 20 {
        at.push("d");
    }
    std::fs::create_dir_all(&at).unwrap();
    std::fs::write(at.join("deep.fit"), run_fit(11, 12.0)).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(row(&rows, &label(dir.path(), "top.fit")).status, Status::Ok);
    let stopped = format!(
        "{}/{}d",
        dir.path().display(),
        "d/".repeat(MAX_FOLDER_DEPTH)
    );
    assert_eq!(
        row(&rows, &stopped).error,
        format!("folder nested more than {MAX_FOLDER_DEPTH} deep: not read (move what it holds nearer the top)")
    );
}

// ---------------------------------------------------------------------------------------------
// 7, 8, 11. Output and options
// ---------------------------------------------------------------------------------------------

#[test]
fn output_replaces_the_old_file_whole_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    std::fs::write(runs.join("run.fit"), run_fit(13, 12.0)).unwrap();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "old contents\n").unwrap();
    let status = grayzone(&[
        "activities",
        runs.to_str().unwrap(),
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(status.status.success());
    let written = std::fs::read(&out).unwrap();
    assert_eq!(csv_rows(&written).len(), 1);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // A file that cannot be written whole: the error, status 2, and (to a device) no panic.
    if Path::new("/dev/full").exists() {
        let full = grayzone(&[
            "activities",
            runs.to_str().unwrap(),
            "-q",
            "-o",
            "/dev/full",
        ]);
        assert_eq!(full.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&full.stderr).contains("No space left on device"));
    }
    // A folder where no file can be made (Linux's /proc): the message names the target, not the
    // temporary beside it, and sends nobody to make a folder that is there.
    if Path::new("/proc/version").is_file() {
        let proc = grayzone(&[
            "activities",
            runs.to_str().unwrap(),
            "-q",
            "-o",
            "/proc/version",
        ]);
        assert_eq!(proc.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&proc.stderr),
            "grayzone: cannot write /proc/version: no new file can be made in /proc (entity not found): write somewhere else\n"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_output_linked_to_a_file_grayzone_reads_is_refused_and_the_file_kept() {
    // `runs.csv` a link to a run in the export, `weeks.csv` to its profile: the tables were
    // written through the links, over the run and the profile, and the next reading failed.
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    let run = run_fit(14, 12.0);
    std::fs::write(export.join("run.fit"), &run).unwrap();
    std::fs::write(export.join("grayzone.toml"), "max_hr = 185\n").unwrap();
    std::os::unix::fs::symlink(export.join("run.fit"), dir.path().join("runs.csv")).unwrap();
    std::os::unix::fs::symlink("export/grayzone.toml", dir.path().join("weeks.csv")).unwrap();
    for (command, out, what) in [
        ("activities", "runs.csv", "named like an activity file"),
        ("weekly", "weeks.csv", "named like a settings file"),
    ] {
        let link = dir.path().join(out);
        let result = grayzone(&[
            command,
            export.to_str().unwrap(),
            "-q",
            "-o",
            link.to_str().unwrap(),
        ]);
        assert_eq!(result.status.code(), Some(2), "{command}");
        let err = String::from_utf8_lossy(&result.stderr);
        assert!(
            err.contains(&format!("{} (a link to ", link.display())),
            "{err}"
        );
        assert!(err.contains(what), "{err}");
    }
    assert_eq!(std::fs::read(export.join("run.fit")).unwrap(), run);
    assert_eq!(
        std::fs::read_to_string(export.join("grayzone.toml")).unwrap(),
        "max_hr = 185\n"
    );
    // Through a chain of links to a run not there yet, and round a loop of links: refused, and
    // no link replaced (the first one had been written over).
    let folder = dir.path();
    std::os::unix::fs::symlink("hop", folder.join("chain.csv")).unwrap();
    std::os::unix::fs::symlink("new.fit", folder.join("hop")).unwrap();
    std::os::unix::fs::symlink("loop-b", folder.join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", folder.join("loop-b")).unwrap();
    for (out, what) in [
        ("chain.csv", "named like an activity file"),
        ("loop-a", "a loop of links"),
    ] {
        let link = folder.join(out);
        let result = grayzone(&[
            "activities",
            export.to_str().unwrap(),
            "-q",
            "-o",
            link.to_str().unwrap(),
        ]);
        assert_eq!(result.status.code(), Some(2), "{out}");
        let err = String::from_utf8_lossy(&result.stderr);
        assert!(err.contains(what), "{err}");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }
}

#[cfg(unix)]
#[test]
fn init_and_the_team_pages_never_write_through_a_link_to_a_run() {
    // `init --force` wrote the profile's template over the run `grayzone.toml` linked to, and
    // `team --html` its pages over a run and an athlete's profile (hostile round 33 H2).
    let dir = tempfile::tempdir().unwrap();
    let ana = dir.path().join("coach/ana");
    std::fs::create_dir_all(&ana).unwrap();
    let run = run_fit(14, 12.0);
    std::fs::write(ana.join("run.fit"), &run).unwrap();
    std::fs::write(ana.join("grayzone.toml"), "max_hr = 185\n").unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    std::fs::write(export.join("run.fit"), &run).unwrap();
    std::os::unix::fs::symlink("run.fit", export.join("grayzone.toml")).unwrap();
    let init = grayzone(&["init", "--force", export.to_str().unwrap()]);
    assert_eq!(init.status.code(), Some(2), "{init:?}");
    assert!(String::from_utf8_lossy(&init.stderr).contains("(a link to "));
    assert_eq!(std::fs::read(export.join("run.fit")).unwrap(), run);
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(pages.join("athletes")).unwrap();
    std::os::unix::fs::symlink(ana.join("run.fit"), pages.join("index.html")).unwrap();
    std::os::unix::fs::symlink(ana.join("grayzone.toml"), pages.join("athletes/ana.html")).unwrap();
    let coach = dir.path().join("coach");
    let team = grayzone(&[
        "team",
        coach.to_str().unwrap(),
        "-q",
        "--all",
        "--html",
        pages.to_str().unwrap(),
    ]);
    assert_eq!(team.status.code(), Some(2), "{team:?}");
    let err = String::from_utf8_lossy(&team.stderr);
    assert!(err.contains("named like an activity file"), "{err}");
    assert!(err.contains("named like a settings file"), "{err}");
    assert_eq!(std::fs::read(ana.join("run.fit")).unwrap(), run);
    assert_eq!(
        std::fs::read_to_string(ana.join("grayzone.toml")).unwrap(),
        "max_hr = 185\n"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_size_limit_is_a_failed_write_that_names_the_output_and_leaves_nothing() {
    // `ulimit -f`: the kernel's SIGXFSZ killed the program with no word, beside a partial
    // temporary file (hostile round 33 H4). Now the write fails as on a full disk.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.path().join(format!("run{i:02}.fit")),
            run_fit(i % 28 + 1, 12.0),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("runs.json"), "old").unwrap();
    let limited = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 8 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "-q", "--format", "json", "-o"])
        .arg(out.join("runs.json"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(limited.status.code(), Some(2), "{limited:?}");
    let err = String::from_utf8_lossy(&limited.stderr);
    assert!(
        err.starts_with("grayzone: writing output: ") && err.contains("runs.json: File too large"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("runs.json")).unwrap(),
        "old"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn a_dash_for_the_output_is_standard_output() {
    // `-o -` wrote a file named `-` in the current folder.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("run.fit"), run_fit(15, 12.0)).unwrap();
    let path = dir.path().to_str().unwrap();
    let to_dash = grayzone(&["activities", path, "-q", "-o", "-"]);
    let plain = grayzone(&["activities", path, "-q"]);
    assert!(to_dash.status.success());
    assert_eq!(csv_rows(&to_dash.stdout).len(), 1);
    assert_eq!(to_dash.stdout, plain.stdout);
    let page = grayzone(&["weekly", path, "-q", "--html", "-"]);
    assert!(page.status.success());
    assert!(page.stdout.starts_with(b"<!DOCTYPE html>"));
    assert!(!Path::new("-").exists());
    // Both on standard output, or a team's folder of pages as one: said, nothing written.
    let both = grayzone(&["weekly", path, "-q", "--html", "-", "-o", "-"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(both.stdout.is_empty());
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot both be standard output"));
    let team = grayzone(&["team", path, "-q", "--html", "-"]);
    assert_eq!(team.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&team.stderr).contains("a folder of files"));
    assert!(!Path::new("-").exists());
}

#[test]
fn sizes_too_large_to_hold_are_usage_errors_not_limits_that_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    for (option, value) in [
        ("--max-file-mb", "99999999999999"),
        ("--max-file-mb", "17592186044416"),
        ("--max-file-mb", "0"),
        ("--memory-mb", "1"),
        ("--max-archive-gb", "99999999999999"),
        ("-j", "0"),
        ("-j", "100000"),
    ] {
        let out = grayzone(&["activities", path, option, value]);
        assert_eq!(out.status.code(), Some(2), "{option} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let named = if option == "-j" { "--threads" } else { option };
        assert!(stderr.contains(named), "{stderr}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let dir = tempfile::tempdir().unwrap();
    // 2 000 error rows: far more than a pipe holds, so the closed pipe is certain.
    for i in 0..2_000 {
        std::fs::write(dir.path().join(format!("{i:04}.fit")), b"not a FIT").unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", dir.path().to_str().unwrap(), "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_completion_script_that_cannot_be_written_is_an_error_not_a_panic() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    // `summary` and `check` said the disk's error alone, without what they were writing.
    for args in [
        &["completions", "bash"][..],
        &["summary", "-q", "fixtures/files/run.tcx"],
        &["check", "-q", "fixtures/files/run.tcx"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "grayzone: writing output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 9. Nothing a spreadsheet would run, nothing that drives a terminal
// ---------------------------------------------------------------------------------------------

fn gpx(creator: &str, day: u32) -> String {
    let points: String = (0..120)
        .map(|i| {
            format!(
                "<trkpt lat=\"{:.6}\" lon=\"4.89\"><time>2024-03-{day:02}T07:{:02}:{:02}Z</time></trkpt>",
                52.37 + i as f64 * 0.0001,
                i * 5 / 60,
                i * 5 % 60
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><gpx version=\"1.1\" creator=\"{creator}\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    )
}

#[test]
fn formulas_in_cells_are_neutralised_and_control_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("creator.gpx"),
        gpx("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)", 1),
    )
    .unwrap();
    for (i, name) in ["=1+2.gpx", "+1+2.gpx", "@SUM(1+2).gpx", "-1+2.gpx"]
        .iter()
        .enumerate()
    {
        std::fs::write(dir.path().join(name), gpx("x", 2 + i as u32)).unwrap();
    }
    let names: [&[u8]; 3] = [
        b"esc\x1b[31mred.fit",
        b"osc\x1b]0;owned\x07.fit",
        b"two\nlines\r.fit",
    ];
    for name in names {
        std::fs::write(dir.path().join(OsStr::from_bytes(name)), b"garbage").unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows = csv_rows(&out.stdout);
    let device = rows
        .iter()
        .find(|r| r["path"] == "./creator.gpx")
        .map(|r| r["device"].clone());
    assert_eq!(device.as_deref(), Some("'=HYPERLINK(\"http://x\",\"y\")"));
    for name in ["=1+2.gpx", "+1+2.gpx", "@SUM(1+2).gpx", "-1+2.gpx"] {
        // Named from their folder, the paths start with `./`: named alone, they are neutralised.
        assert!(
            rows.iter().any(|r| r["path"] == format!("./{name}")),
            "{name}"
        );
    }
    let direct = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args([
            "activities",
            "-q",
            "--",
            "=1+2.gpx",
            "-1+2.gpx",
            "@SUM(1+2).gpx",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let paths: Vec<String> = csv_rows(&direct.stdout)
        .into_iter()
        .map(|r| r["path"].clone())
        .collect();
    assert_eq!(paths.len(), 3);
    assert!(paths.iter().all(|p| p.starts_with('\'')), "{paths:?}");
    // One line on stderr per error row, no control character in any.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
    assert!(stderr.contains("esc\\x1b[31mred.fit"), "{stderr}");
    assert!(stderr.contains("two\\nlines\\r.fit"), "{stderr}");
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(!csv.contains('\u{1b}'));
    assert!(csv.contains("osc\\x1b]0;owned\\x07.fit"));
}

// ---------------------------------------------------------------------------------------------
// 10. Charts of a set largest size
// ---------------------------------------------------------------------------------------------

#[test]
fn a_run_decades_before_the_rest_makes_a_gap_not_a_picture_of_a_million_pixels() {
    // A run dated 9999 belongs to no week at all (tests/cmd/windows.rs); one from 1990, a watch
    // whose clock was never set, is a date, 34 years of empty weeks before the others.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("now.gpx"), gpx("x", 1)).unwrap();
    std::fs::write(
        dir.path().join("unset_clock.gpx"),
        gpx("x", 1).replace("2024-03-", "1990-03-"),
    )
    .unwrap();
    let svg_path = dir.path().join("weeks.svg");
    let png_path = dir.path().join("weeks.png");
    for out in [&svg_path, &png_path] {
        // Every week holds both runs (the default window, the last 16 weeks, would hold only the
        // one of 2024).
        let done = grayzone(&[
            "chart",
            dir.path().to_str().unwrap(),
            "-q",
            "--all",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.contains("class=\"gap\""), "{svg}");
    let width: f64 = svg
        .split("width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap();
    assert!(width <= 2044.0, "{width}");
    assert!(std::fs::metadata(&png_path).unwrap().len() < 2_000_000);
}

// ---------------------------------------------------------------------------------------------
// 11. UTF-16 GPX
// ---------------------------------------------------------------------------------------------

#[test]
fn a_utf16_gpx_reads_as_its_utf8_twin() {
    let dir = tempfile::tempdir().unwrap();
    let text = gpx("x", 1).replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    std::fs::write(dir.path().join("le.gpx"), le).unwrap();
    std::fs::write(dir.path().join("be.gpx"), be).unwrap();
    std::fs::write(dir.path().join("utf8.gpx"), gpx("x", 1)).unwrap();
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    let twin = row(&rows, &label(dir.path(), "utf8.gpx"));
    let twin = twin.summary.as_deref().expect("the UTF-8 twin reads");
    for name in ["le.gpx", "be.gpx"] {
        let r = row(&rows, &label(dir.path(), name));
        let s = r
            .summary
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: {}", r.error));
        assert_eq!(
            (s.distance_m, s.moving_time_s, s.samples),
            (twin.distance_m, twin.moving_time_s, twin.samples),
            "{name}"
        );
    }
}

/// A namespace address of megabytes, used on every element: compared or searched each time, it
/// took minutes for a 7 MB GPX (the look for "TrackPointExtension" in an extension's address) and
/// seconds per MB for the file's own format (a GPX or TCX root in it). Past 256 bytes an address
/// is no format's: its elements are foreign, and read in the time the file takes.
#[test]
fn a_namespace_of_megabytes_is_foreign_and_costs_no_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("run.fit"), run_fit(12, 30.0)).unwrap();
    let long = |c: char| format!("http://x/{}", c.to_string().repeat(2_000_000));
    let point = |i: usize, extra: &str| {
        format!(
            r#"<trkpt lat="48.1" lon="2.{i:05}"><time>2024-06-01T06:{:02}:{:02}Z</time>{extra}</trkpt>"#,
            i / 60 % 60,
            i % 60
        )
    };
    // The GPX namespace itself, and an extension's prefix bound to 2 MB on 50,000 elements.
    let extension: String = (0..25_000)
        .map(|i| point(i, "<extensions><q:a/><q:b/></extensions>"))
        .collect();
    let gpx = format!(
        r#"<?xml version="1.0"?><gpx xmlns="http://www.topografix.com/GPX/1/1" xmlns:q="{}"><trk><type>running</type><trkseg>{extension}</trkseg></trk></gpx>"#,
        long('b')
    );
    std::fs::write(dir.path().join("extension.gpx"), gpx).unwrap();
    let root: String = (0..20_000).map(|i| point(i, "")).collect();
    let gpx = format!(
        r#"<?xml version="1.0"?><gpx xmlns="{}"><trk><trkseg>{root}</trkseg></trk></gpx>"#,
        long('a')
    );
    std::fs::write(dir.path().join("root.gpx"), gpx).unwrap();
    let out = grayzone(&[
        "activities",
        "--all",
        "--format",
        "csv",
        "-q",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let rows = csv_rows(&out.stdout);
    let of = |name: &str| {
        rows.iter()
            .find(|r| r["path"].ends_with(name))
            .unwrap_or_else(|| panic!("no row for {name}"))
    };
    // The extension's elements are foreign; the points around them are read.
    assert_eq!(of("extension.gpx")["status"], "ok");
    assert!(!of("extension.gpx")["moving_time_s"].is_empty());
    // A root in a megabyte namespace is no GPX: not an activity, said in its row.
    assert_eq!(of("root.gpx")["status"], "not_run");
    assert!(of("root.gpx")["note"].contains("GPX holds no track"));
    assert_eq!(of("run.fit")["status"], "ok");
}

/// A TCX of one run and 250,000 laps of nothing but a time: every lap is kept until the file is
/// read (to find laps written twice), and was outside the budget (hostile round 34 H6: 72 MB at
/// `--memory-mb 16`, and an abort under an address-space limit). It is charged now: the file
/// is refused at the budget, beside a run that is read.
#[test]
fn a_tcx_of_countless_laps_is_refused_at_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let mut tcx = String::from(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2024-06-01T07:00:00Z</Id><Lap StartTime="2024-06-01T07:00:00Z"><TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>1800</DistanceMeters><Track>"#,
    );
    for i in 0..600 {
        tcx.push_str(&format!(
            "<Trackpoint><Time>2024-06-01T07:{:02}:{:02}Z</Time><DistanceMeters>{}</DistanceMeters></Trackpoint>",
            i / 60,
            i % 60,
            i * 3
        ));
    }
    tcx.push_str("</Track></Lap>");
    for i in 1..250_000 {
        tcx.push_str(&format!(
            "<Lap><TotalTimeSeconds>{i}</TotalTimeSeconds></Lap>"
        ));
    }
    tcx.push_str("</Activity></Activities></TrainingCenterDatabase>");
    assert!(
        tcx.len() < 14 * MIB as usize,
        "the file alone fits: {}",
        tcx.len()
    );
    std::fs::write(dir.path().join("laps.tcx"), tcx).unwrap();
    std::fs::write(dir.path().join("run.fit"), run_fit(1, 30.0)).unwrap();
    let rows = rows_within(dir.path(), 16);
    assert_eq!(
        row(&rows, &label(dir.path(), "laps.tcx")).error,
        "needs more memory than the 16 MB budget: raise it with --memory-mb"
    );
    assert_eq!(row(&rows, &label(dir.path(), "run.fit")).status, Status::Ok);
}

/// Every zip's directory is held until the reading ends: together they stay under a quarter of
/// the memory budget (hostile round 34 H1: eight zips of 199,000 empty entries each held 649 MB
/// at `--memory-mb 16`). Past it, a zip is a row that says so; the zips before it are read.
#[test]
fn the_directories_of_many_zips_share_the_memory_budget() {
    let dir = tempfile::tempdir().unwrap();
    for z in 0..3u64 {
        let mut entries: Vec<(String, Vec<u8>)> = (0..5_000)
            .map(|i| (format!("notes/n{i:05}.txt"), Vec::new()))
            .collect();
        entries.push((format!("run{z}.fit"), run_fit(z + 1, 12.0)));
        std::fs::write(
            dir.path().join(format!("export{z}.zip")),
            zip_files(&entries),
        )
        .unwrap();
    }
    let rows = rows_within(dir.path(), 16);
    let first = label(dir.path(), "export0.zip");
    assert_eq!(row(&rows, &format!("{first}!run0.fit")).status, Status::Ok);
    let refused = row(&rows, &label(dir.path(), "export2.zip"));
    assert!(
        refused.error.starts_with("its directory of 5001 entries would hold ")
            && refused.error.ends_with(
                "which with the zips read before it is over a quarter of the 16 MB memory budget: not opened; raise it with --memory-mb"
            ),
        "{}",
        refused.error
    );
    // At the default budget, all three are read.
    let rows = rows_with(&[dir.path().to_path_buf()], Limits::default());
    assert_eq!(rows.iter().filter(|r| r.status == Status::Ok).count(), 3);
}
