//! Resource limits and hostile inputs: decompression bombs, too many zip entries, zips nested too
//! deep, symlink loops, unreadable files, file names that are not UTF-8, files over
//! `--max-file-mb`. Each is an error row (or a clear message), never a crash or an exhausted
//! machine; the rest of the batch is read.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use flate2::{Compress, Compression, FlushCompress};
use grayzone::ingest::archive::Limits;
use grayzone::summarize::row::FileRow;
use grayzone::summarize::row::Status;
use grayzone::summarize::{read_export, ReadOptions};
use testkit::export::{gzip, zip_files};
use testkit::fit_writer::{write_fit, FitOptions};
use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};

const MIB: usize = 1024 * 1024;

fn run_fit(seed: u64) -> Vec<u8> {
    let plan = RunPlan::new(Intent::Easy, Amount::Minutes(12.0));
    let start = 1_709_533_800.0 + seed as f64 * 86_400.0;
    let activity = simulate(&Athlete::intermediate(), &plan, start, seed);
    write_fit(&[activity], &FitOptions::default())
}

fn rows_with(paths: &[PathBuf], limits: Limits) -> Vec<FileRow> {
    let options = ReadOptions {
        limits,
        ..ReadOptions::default()
    };
    read_export(paths, &options).expect("readable input paths")
}

fn rows(paths: &[PathBuf]) -> Vec<FileRow> {
    rows_with(paths, Limits::default())
}

fn row<'a>(rows: &'a [FileRow], path: &str) -> &'a FileRow {
    rows.iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("no row {path} in {:?}", paths(rows)))
}

fn paths(rows: &[FileRow]) -> Vec<&str> {
    rows.iter().map(|r| r.path.as_str()).collect()
}

fn label(dir: &Path, name: &str) -> String {
    format!("{}/{name}", dir.display())
}

/// grayzone with its address space capped (`ulimit -v`): a bomb read without a cap would make an
/// allocation fail and abort the process instead of giving a row.
fn grayzone_capped(address_space_kb: u64, args: &[&OsStr]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {address_space_kb} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .output()
        .expect("run grayzone")
}

fn csv_cells(stdout: &[u8], path_suffix: &str) -> (String, String) {
    let mut reader = csv::Reader::from_reader(stdout);
    let header = reader.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (path, status, error) = (col("path"), col("status"), col("error"));
    reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[path].ends_with(path_suffix))
        .map(|r| (r[status].to_string(), r[error].to_string()))
        .unwrap_or_else(|| panic!("no row ending {path_suffix}"))
}

// ---------------------------------------------------------------------------------------------
// Decompression bombs
// ---------------------------------------------------------------------------------------------

/// A raw deflate stream of `mib` MiB of zeros, a few KB long whatever its size: one MiB compressed
/// and fully flushed (byte-aligned, referring to nothing before it) is valid repeated any number
/// of times, then an empty final block ends the stream.
fn deflated_zeros(mib: usize) -> Vec<u8> {
    let mut deflate = Compress::new(Compression::best(), false);
    let zeros = vec![0u8; MIB];
    let mut chunk = Vec::with_capacity(64 * 1024);
    deflate
        .compress_vec(&zeros, &mut chunk, FlushCompress::Full)
        .unwrap();
    assert_eq!(
        deflate.total_in() as usize,
        MIB,
        "one call compresses the MiB"
    );
    let mut stream = chunk.repeat(mib);
    stream.extend_from_slice(&[0x03, 0x00]); // final fixed-Huffman block holding only its end code
    stream
}

/// A zip with one deflated entry, written by hand so that the entry can be a bomb: the declared
/// sizes are the true ones, the CRC is left 0 (it is checked only once an entry is read to its end,
/// which a capped read never does).
fn zip_with_raw_entry(name: &str, deflated: &[u8], size: u64) -> Vec<u8> {
    let name = name.as_bytes();
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    let (csize, usize_) = (deflated.len() as u32, u32::try_from(size).unwrap());
    let mut out = Vec::new();
    // local file header
    out.extend(le32(0x0403_4b50));
    out.extend(le16(20)); // version needed
    out.extend(le16(0)); // flags
    out.extend(le16(8)); // deflate
    out.extend(le16(0)); // time
    out.extend(le16(0x21)); // 1980-01-01
    out.extend(le32(0)); // crc
    out.extend(le32(csize));
    out.extend(le32(usize_));
    out.extend(le16(name.len() as u16));
    out.extend(le16(0));
    out.extend(name);
    out.extend(deflated);
    let central = out.len() as u32;
    out.extend(le32(0x0201_4b50));
    out.extend(le16(20)); // made by
    out.extend(le16(20)); // needed
    out.extend(le16(0));
    out.extend(le16(8));
    out.extend(le16(0));
    out.extend(le16(0x21));
    out.extend(le32(0));
    out.extend(le32(csize));
    out.extend(le32(usize_));
    out.extend(le16(name.len() as u16));
    out.extend(le16(0)); // extra
    out.extend(le16(0)); // comment
    out.extend(le16(0)); // disk
    out.extend(le16(0)); // internal attributes
    out.extend(le32(0)); // external attributes
    out.extend(le32(0)); // local header offset
    out.extend(name);
    let central_size = out.len() as u32 - central;
    out.extend(le32(0x0605_4b50));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(1));
    out.extend(le16(1));
    out.extend(le32(central_size));
    out.extend(le32(central));
    out.extend(le16(0));
    out
}

#[test]
fn the_hand_made_deflate_stream_inflates_to_its_size() {
    use std::io::Read;
    let stream = deflated_zeros(3);
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(stream.as_slice())
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out.len(), 3 * MIB);
    assert!(out.iter().all(|&b| b == 0));
    assert!(stream.len() < 16 * 1024, "{} bytes", stream.len());
    // And as a zip entry.
    let zip = zip_with_raw_entry("z.fit", &stream, 3 * MIB as u64);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut entry = archive.by_index(0).unwrap();
    let mut inflated = Vec::new();
    let _ = entry.read_to_end(&mut inflated); // the CRC is deliberately wrong
    assert_eq!(inflated.len(), 3 * MIB);
}

/// Address space for a capped run: room for the binary, threads and a 16 MiB file, nowhere near
/// the 2 GiB the bombs inflate to.
const ADDRESS_SPACE_KB: u64 = 600 * 1024;

#[test]
fn zip_bomb_is_an_error_row_not_an_oom() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = zip_with_raw_entry(
        "activities/bomb.fit",
        &deflated_zeros(2048),
        2048 * MIB as u64,
    );
    assert!(bomb.len() < 4 * MIB);
    std::fs::write(dir.path().join("export.zip"), &bomb).unwrap();
    std::fs::write(dir.path().join("run.fit"), run_fit(1)).unwrap();
    let out = grayzone_capped(
        ADDRESS_SPACE_KB,
        &[
            OsStr::new("activities"),
            OsStr::new("-q"),
            OsStr::new("-j"),
            OsStr::new("1"),
            OsStr::new("--max-file-mb"),
            OsStr::new("16"),
            dir.path().as_os_str(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, error) = csv_cells(&out.stdout, "export.zip!activities/bomb.fit");
    assert_eq!(status, "error");
    assert_eq!(
        error,
        "more than 16 MB after decompression, over the limit: raise it with --max-file-mb"
    );
    // The rest of the batch is read.
    assert_eq!(csv_cells(&out.stdout, "/run.fit").0, "ok");
}

#[test]
fn gz_bomb_is_an_error_row_not_an_oom() {
    let dir = tempfile::tempdir().unwrap();
    // gzip members back to back are one stream to a reader: 2048 × 1 MiB of zeros.
    let bomb = gzip(&vec![0u8; MIB]).repeat(2048);
    assert!(bomb.len() < 8 * MIB);
    std::fs::write(dir.path().join("bomb.fit.gz"), &bomb).unwrap();
    // Inside a zip too: the gunzip of a member is capped the same way.
    std::fs::write(
        dir.path().join("strava.zip"),
        zip_files(&[("activities/1.gpx.gz".into(), bomb.clone())]),
    )
    .unwrap();
    let out = grayzone_capped(
        ADDRESS_SPACE_KB,
        &[
            OsStr::new("activities"),
            OsStr::new("-q"),
            OsStr::new("-j"),
            OsStr::new("1"),
            OsStr::new("--max-file-mb"),
            OsStr::new("16"),
            dir.path().as_os_str(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for path in ["/bomb.fit.gz", "strava.zip!activities/1.gpx.gz"] {
        let (status, error) = csv_cells(&out.stdout, path);
        assert_eq!(status, "error", "{path}");
        assert_eq!(
            error,
            "more than 16 MB after decompression, over the limit: raise it with --max-file-mb",
            "{path}"
        );
    }
}

#[test]
fn a_file_over_max_file_mb_names_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    // 3 MiB: a real run followed by padding (a decoder never sees it).
    let mut big = run_fit(2);
    big.resize(3 * MIB, 0);
    std::fs::write(dir.path().join("big.fit"), &big).unwrap();
    std::fs::write(dir.path().join("small.fit"), run_fit(3)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "--max-file-mb", "2"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (status, error) = csv_cells(&out.stdout, "/big.fit");
    assert_eq!(status, "error");
    assert_eq!(
        error,
        "file is 3 MB, over the 2 MB limit: raise it with --max-file-mb"
    );
    assert_eq!(csv_cells(&out.stdout, "/small.fit").0, "ok");
    // The same line on stderr, where a runner sees it without opening the CSV.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("big.fit: file is 3 MB, over the 2 MB limit: raise it with --max-file-mb"),
        "{stderr}"
    );
    // Raising the limit reads it.
    let raised = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "-q", "--max-file-mb", "4"])
        .arg(dir.path().join("big.fit"))
        .output()
        .unwrap();
    assert_ne!(csv_cells(&raised.stdout, "/big.fit").0, "error");
}

/// The cap is for what is read into memory: an export zip bigger than it is read in place, and
/// only its entries must fit.
#[test]
fn an_export_zip_larger_than_the_cap_is_read_in_place() {
    let dir = tempfile::tempdir().unwrap();
    // Random bytes do not compress: the zip itself is over 6 MiB.
    let mut padding = vec![0u8; 3 * MIB];
    testkit::rng::Rng::new(11).fill_bytes(&mut padding);
    let export = zip_files(&[
        ("activities/run.fit".to_string(), run_fit(11)),
        ("media/photo.jpg".to_string(), padding.clone()),
        ("activities/huge.fit".to_string(), padding),
    ]);
    assert!(export.len() > 5 * MIB);
    std::fs::write(dir.path().join("export.zip"), export).unwrap();
    let limits = Limits {
        max_file_bytes: 2 * MIB as u64,
        ..Limits::default()
    };
    let rows = rows_with(&[dir.path().to_path_buf()], limits);
    let zip = label(dir.path(), "export.zip");
    assert_eq!(
        row(&rows, &format!("{zip}!activities/run.fit")).status,
        Status::Ok
    );
    let huge = row(&rows, &format!("{zip}!activities/huge.fit"));
    assert_eq!(
        huge.error,
        "more than 2 MB after decompression, over the limit: raise it with --max-file-mb"
    );
    assert_eq!(rows.len(), 2, "{:?}", paths(&rows));
}

// ---------------------------------------------------------------------------------------------
// Zip structure
// ---------------------------------------------------------------------------------------------

#[test]
fn a_zip_with_more_entries_than_the_limit_is_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fit = run_fit(4);
    let many: Vec<(String, Vec<u8>)> = (0..25)
        .map(|i| (format!("a/{i:02}.fit"), fit.clone()))
        .collect();
    std::fs::write(dir.path().join("many.zip"), zip_files(&many)).unwrap();
    std::fs::write(dir.path().join("few.zip"), zip_files(&many[..10])).unwrap();
    let limits = Limits {
        max_zip_entries: 10,
        ..Limits::default()
    };
    let rows = rows_with(&[dir.path().to_path_buf()], limits);
    let many = row(&rows, &label(dir.path(), "many.zip"));
    assert_eq!(many.status, Status::Error);
    assert_eq!(
        many.error,
        "zip has more than 10 entries, over the limit: not opened"
    );
    // None of its members was read; a zip at the limit is read whole.
    assert!(!rows.iter().any(|r| r.path.contains("many.zip!")));
    let few = rows
        .iter()
        .filter(|r| r.path.contains("few.zip!a/"))
        .count();
    assert_eq!(few, 10);
}

/// Many entries must cost one parse of the archive, not one per entry.
#[test]
fn a_zip_of_thousands_of_entries_is_read_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let entries: Vec<(String, Vec<u8>)> = (0..6000)
        .map(|i| (format!("u/{i:05}.fit"), b"not a FIT".to_vec()))
        .collect();
    std::fs::write(dir.path().join("export.zip"), zip_files(&entries)).unwrap();
    let started = std::time::Instant::now();
    let rows = rows(&[dir.path().to_path_buf()]);
    let took = started.elapsed();
    assert_eq!(rows.len(), 6000);
    assert!(rows.iter().all(|r| r.status == Status::Error));
    // Re-parsing the directory per entry took about a minute here; one parse, well under a second.
    assert!(took.as_secs() < 15, "{took:?}");
}

#[test]
fn zips_nested_deeper_than_the_limit_are_not_opened() {
    // level1.zip holds run1.fit and level2.zip, which holds run2.fit and level3.zip, … to level 6.
    let deepest = 6;
    let mut inner: Option<Vec<u8>> = None;
    for level in (1..=deepest).rev() {
        let mut entries = vec![(format!("run{level}.fit"), run_fit(10 + level as u64))];
        if let Some(zip) = inner.take() {
            entries.push((format!("level{}.zip", level + 1), zip));
        }
        inner = Some(zip_files(&entries));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("level1.zip"), inner.unwrap()).unwrap();
    let rows = rows(&[dir.path().to_path_buf()]);

    let limit = Limits::default().max_zip_depth as usize;
    assert_eq!(limit, 4);
    let mut chain = label(dir.path(), "level1.zip");
    for level in 1..=limit {
        let run = row(&rows, &format!("{chain}!run{level}.fit"));
        assert_eq!(
            run.status,
            Status::Ok,
            "run at level {level}: {}",
            run.error
        );
        chain = format!("{chain}!level{}.zip", level + 1);
    }
    let refused = row(&rows, &chain);
    assert_eq!(refused.status, Status::Error);
    assert_eq!(refused.error, "zip nested deeper than 4 levels: not opened");
    assert_eq!(rows.len(), limit + 1, "{:?}", paths(&rows));
}

// ---------------------------------------------------------------------------------------------
// The file system
// ---------------------------------------------------------------------------------------------

#[test]
fn symlink_loops_and_dangling_links_are_rows_and_the_walk_ends() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir_all(export.join("2024")).unwrap();
    std::fs::write(export.join("2024/run.fit"), run_fit(5)).unwrap();
    // A folder that links back to its parent, a link to itself, a link to nowhere, and a loop
    // under a name that is not an activity file (ignored like any other such file).
    symlink(&export, export.join("2024/back")).unwrap();
    symlink("self.fit", export.join("self.fit")).unwrap();
    symlink("gone.gpx", export.join("dangling.gpx")).unwrap();
    symlink("notes", export.join("notes")).unwrap();
    // A link to a run is read through (the folder lists it as a link, not a file), and a file
    // that is not an activity is no row.
    symlink("2024/run.fit", export.join("linked.fit")).unwrap();
    std::fs::write(export.join("notes.txt"), "easy week").unwrap();

    let rows = rows(std::slice::from_ref(&export));
    let linked = row(&rows, &label(&export, "linked.fit"));
    assert!(linked.summary.is_some(), "{}", linked.error);
    assert_eq!(
        row(&rows, &label(&export, "2024/run.fit")).status,
        Status::Ok
    );
    let back = row(&rows, &label(&export, "2024/back"));
    assert_eq!(back.status, Status::Error);
    assert_eq!(
        back.error,
        "folder already read (named twice, or a symlink loop): skipped"
    );
    let own = row(&rows, &label(&export, "self.fit"));
    assert_eq!(own.status, Status::Error);
    assert!(own.error.contains("symbolic links"), "{}", own.error);
    let dangling = row(&rows, &label(&export, "dangling.gpx"));
    assert_eq!(dangling.error, "no such file or folder");
    assert_eq!(rows.len(), 5, "{:?}", paths(&rows));
}

/// Whether this process reads files whatever their permissions (root, CAP_DAC_OVERRIDE): then a
/// chmod 000 file is simply read, and that is what must be asserted.
fn reads_anything(probe: &Path) -> bool {
    std::fs::read(probe).is_ok()
}

#[test]
fn unreadable_files_and_folders_are_error_rows() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.fit");
    std::fs::write(&locked, run_fit(6)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let closed = dir.path().join("closed");
    std::fs::create_dir(&closed).unwrap();
    std::fs::write(closed.join("inside.fit"), run_fit(7)).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::write(dir.path().join("open.fit"), run_fit(8)).unwrap();
    let privileged = reads_anything(&locked);

    let rows = rows(&[dir.path().to_path_buf()]);
    // Put permissions back so the temp dir can be removed.
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();

    assert_eq!(
        row(&rows, &label(dir.path(), "open.fit")).status,
        Status::Ok
    );
    let file = row(&rows, &label(dir.path(), "locked.fit"));
    if privileged {
        // Running as root: permission bits do not stop a read, the run is read as usual.
        assert_eq!(file.status, Status::Ok, "{}", file.error);
        let inside = row(&rows, &label(dir.path(), "closed/inside.fit"));
        assert_eq!(inside.status, Status::Ok);
    } else {
        assert_eq!(file.status, Status::Error);
        assert_eq!(file.error, "permission denied");
        let folder = row(&rows, &label(dir.path(), "closed"));
        assert_eq!(folder.error, "cannot read folder: permission denied");
    }
    assert_eq!(rows.len(), 3, "{:?}", paths(&rows));
}

#[test]
fn a_file_name_that_is_not_utf8_becomes_a_row_with_a_lossy_path() {
    let dir = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"run-\xff\xfe-\xe9t\xe9.fit");
    std::fs::write(dir.path().join(name), run_fit(9)).unwrap();
    let folder = OsStr::from_bytes(b"d\xe9c");
    std::fs::create_dir(dir.path().join(folder)).unwrap();
    std::fs::write(
        dir.path().join(folder).join("ride.fit.gz"),
        gzip(&run_fit(10)),
    )
    .unwrap();

    let rows = rows(&[dir.path().to_path_buf()]);
    let lossy = row(
        &rows,
        &label(dir.path(), "run-\u{FFFD}\u{FFFD}-\u{FFFD}t\u{FFFD}.fit"),
    );
    assert_eq!(lossy.status, Status::Ok, "{}", lossy.error);
    let nested = row(&rows, &label(dir.path(), "d\u{FFFD}c/ride.fit.gz"));
    assert_eq!(nested.status, Status::Ok, "{}", nested.error);

    // The command line prints it as valid UTF-8.
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "-q"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(
        text.contains("run-\u{FFFD}\u{FFFD}-\u{FFFD}t\u{FFFD}.fit,ok,"),
        "{text}"
    );
}

/// A zip's directory is parsed whole into memory, names and all: 60 000 names of 20 000
/// characters in a 3 MB zip were 7 GB. An export's names are short: a directory far over 512
/// bytes an entry of the entry limit is not opened, and a name over 1 024 bytes is not read.
#[test]
fn a_zip_of_monstrous_names_is_not_parsed_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let fit = run_fit(5);
    let long: Vec<(String, Vec<u8>)> = (0..20)
        .map(|i| (format!("{}{i:02}.fit", "n".repeat(60_000)), vec![0u8]))
        .collect();
    std::fs::write(dir.path().join("names.zip"), zip_files(&long)).unwrap();
    let one_long = [
        (format!("{}.fit", "a".repeat(3_000)), fit.clone()),
        ("ok.fit".to_string(), fit),
    ];
    std::fs::write(dir.path().join("one.zip"), zip_files(&one_long)).unwrap();
    let limits = Limits {
        max_zip_entries: 20,
        ..Limits::default()
    };
    let rows = rows_with(&[dir.path().to_path_buf()], limits);
    let names = row(&rows, &label(dir.path(), "names.zip"));
    assert_eq!(names.status, Status::Error);
    assert!(
        names
            .error
            .starts_with("its directory of 20 entries is 1.1 MB (names of 600"),
        "{}",
        names.error
    );
    assert!(!rows.iter().any(|r| r.path.contains("names.zip!")));
    // The short name is read; the long one is a row of its own, its name cut.
    assert_eq!(
        row(&rows, &label(dir.path(), "one.zip!ok.fit")).status,
        Status::Ok
    );
    let cut = format!(
        "{}!{}… (entry 1)",
        label(dir.path(), "one.zip"),
        "a".repeat(60)
    );
    let long = row(&rows, &cut);
    assert_eq!(
        long.error,
        "a name of 3004 bytes, longer than any device or export writes: not read"
    );
}

/// Two entries of one name: the zip library keeps the last, and the first was lost without a word.
#[test]
fn a_zip_with_two_entries_of_one_name_says_one_was_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let two = zip_files(&[
        ("same.fit".to_string(), run_fit(6)),
        ("sbme.fit".to_string(), run_fit(7)),
    ]);
    // The same length, so the directory still adds up: only the name repeats.
    let mut renamed = two.clone();
    for i in 0..renamed.len().saturating_sub(8) {
        if &renamed[i..i + 8] == b"sbme.fit" {
            renamed[i..i + 8].copy_from_slice(b"same.fit");
        }
    }
    assert_ne!(renamed, two);
    std::fs::write(dir.path().join("dup.zip"), renamed).unwrap();
    let rows = rows(&[dir.path().to_path_buf()]);
    assert_eq!(
        row(&rows, &label(dir.path(), "dup.zip!same.fit")).status,
        Status::Ok
    );
    let zip = row(&rows, &label(dir.path(), "dup.zip"));
    assert_eq!(zip.status, Status::Error);
    assert_eq!(
        zip.error,
        "entries named twice: 1 of its 2 (a zip writer never makes two entries of one name, and the zip library keeps the last): any activity among the earlier ones was not read"
    );
}

/// A TCX history of thousands of short activities: each one's samples were charged 1 024 slots
/// at their first growth (295 MB for 2 000 two-point runs) and the file was refused by the 256 MB
/// budget it fits in ten times over.
#[test]
fn a_tcx_of_thousands_of_short_activities_fits_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let mut tcx = String::from(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>"#,
    );
    for i in 0..3000 {
        let (day, hour, minute) = (1 + i % 28, i / 28 % 24, i % 60);
        let at = |s: u32| format!("2024-02-{day:02}T{hour:02}:{minute:02}:{s:02}Z");
        tcx.push_str(&format!(
            r#"<Activity Sport="Running"><Id>{}</Id><Lap StartTime="{}"><Track><Trackpoint><Time>{}</Time><DistanceMeters>0</DistanceMeters></Trackpoint><Trackpoint><Time>{}</Time><DistanceMeters>100</DistanceMeters></Trackpoint></Track></Lap></Activity>"#,
            at(0),
            at(0),
            at(0),
            at(30)
        ));
    }
    tcx.push_str("</Activities></TrainingCenterDatabase>");
    std::fs::write(dir.path().join("history.tcx"), tcx).unwrap();
    let rows = rows(&[dir.path().to_path_buf()]);
    assert_eq!(rows.len(), 3000);
    assert!(
        rows.iter().all(|r| r.status != Status::Error),
        "{:?}",
        rows.iter()
            .find(|r| r.status == Status::Error)
            .map(|r| &r.error)
    );
}
