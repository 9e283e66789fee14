//! Reading a found file's bytes: plain, gzipped, or inside a zip (nested too), in memory and never
//! extracted to disk, under [`Limits`] that keep a hostile or broken archive from exhausting memory.
//!
//! A zip is opened once and its matching entries become one [`Job`] each, so a whole Garmin export
//! (one big zip) is still decoded on every core.

use std::fs;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::activity::SourceFormat;
use crate::ingest::discover::{describe_io, kind_of, Input, Kind, WalkProblem};

/// Limits that keep a hostile or broken archive from exhausting memory.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest activity file (after decompression), or zip inside a zip, read into memory, in
    /// bytes. A zip on disk is read in place whatever its size.
    pub max_file_bytes: u64,
    /// Deepest zip-inside-zip nesting we follow.
    pub max_zip_depth: u32,
    /// Most entries a zip may have; a zip with more is not opened (an error row).
    pub max_zip_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_zip_depth: 4,
            max_zip_entries: 200_000,
        }
    }
}

/// One activity file's bytes, wherever it came from, or why they could not be had.
#[derive(Debug)]
pub struct Member {
    pub label: String,
    pub format: SourceFormat,
    pub bytes: Result<Vec<u8>, String>,
    /// Set when the `.gz` or zip entry broke part-way (a cut download, a corrupt block, a wrong
    /// checksum at its end): `bytes` are what came before the break, which a decoder salvages
    /// like any truncated file, so the run is not lost with the archive.
    pub broken: Option<String>,
}

/// What a capped read got: every byte, or the bytes before the read broke, and why.
struct Got {
    bytes: Vec<u8>,
    broken: Option<String>,
}

impl Got {
    /// Decompresses a `.gz` that was read whole or in part; the first break is the one told.
    fn unpack(self, gzipped: bool, limits: &Limits) -> Result<Got, String> {
        if !gzipped {
            return Ok(self);
        }
        let inner = gunzip(&self.bytes, limits)?;
        Ok(Got {
            bytes: inner.bytes,
            broken: self.broken.or(inner.broken),
        })
    }

    /// The bytes of a zip, which must be whole: its directory is at its end.
    fn whole(self) -> Result<Vec<u8>, String> {
        match self.broken {
            None => Ok(self.bytes),
            Some(broken) => Err(broken),
        }
    }

    fn into_member(got: Result<Got, String>, label: &str, format: SourceFormat) -> Member {
        let (bytes, broken) = match got {
            Ok(got) => (Ok(got.bytes), got.broken),
            Err(reason) => (Err(reason), None),
        };
        Member {
            label: label.to_string(),
            format,
            bytes,
            broken,
        }
    }
}

/// An archive's bytes in memory (a zip inside a zip), shared by the jobs of all its entries.
#[derive(Clone)]
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// A zip file on disk, read where its entries are. An export can be gigabytes (Garmin's are);
/// only the entries read from it must fit in memory, under `--max-file-mb`. Clones share the open
/// file and keep their own position, so entries are read from it on every core.
#[derive(Clone)]
struct DiskZip {
    file: Arc<Mutex<fs::File>>,
    len: u64,
    pos: u64,
}

impl Read for DiskZip {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut file = self
            .file
            .lock()
            .map_err(|_| io::Error::other("zip file shared by a thread that panicked"))?;
        file.seek(SeekFrom::Start(self.pos))?;
        let n = file.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for DiskZip {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(pos) => Some(pos),
            SeekFrom::Current(delta) => self.pos.checked_add_signed(delta),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
        };
        self.pos = pos.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the zip",
            )
        })?;
        Ok(self.pos)
    }
}

/// Where a zip's bytes are.
#[derive(Clone)]
enum ZipBytes {
    Disk(DiskZip),
    Memory(Cursor<SharedBytes>),
}

impl Read for ZipBytes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            ZipBytes::Disk(disk) => disk.read(buf),
            ZipBytes::Memory(memory) => memory.read(buf),
        }
    }
}

impl Seek for ZipBytes {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match self {
            ZipBytes::Disk(disk) => disk.seek(to),
            ZipBytes::Memory(memory) => memory.seek(to),
        }
    }
}

impl ZipBytes {
    fn in_memory(bytes: Vec<u8>) -> Self {
        ZipBytes::Memory(Cursor::new(SharedBytes(Arc::new(bytes))))
    }

    fn on_disk(path: &Path) -> Result<Self, String> {
        let file = fs::File::open(path).map_err(|e| describe_io(&e))?;
        let len = file.metadata().map_err(|e| describe_io(&e))?.len();
        Ok(ZipBytes::Disk(DiskZip {
            file: Arc::new(Mutex::new(file)),
            len,
            pos: 0,
        }))
    }

    /// Whether the zip may hold more entries than `limit`, known before it is parsed, because
    /// parsing costs memory for every entry (some 650 bytes): a 512 MB zip of empty entries would
    /// take gigabytes. Each entry of the central directory starts with its signature, so entries
    /// cannot outnumber its occurrences, nor the 46-byte records the zip has room for. A zip too
    /// small to hold more is not scanned; a bigger one is, once.
    fn more_entries_than(&self, limit: usize) -> Result<bool, String> {
        const SMALLEST_RECORD: u64 = 46;
        let len = match self {
            ZipBytes::Disk(disk) => disk.len,
            ZipBytes::Memory(memory) => memory.get_ref().0.len() as u64,
        };
        if len / SMALLEST_RECORD <= limit as u64 {
            return Ok(false);
        }
        let mut reader = self.clone();
        reader.rewind().map_err(|e| describe_io(&e))?;
        count_central_records(reader, limit)
            .map(|n| n > limit)
            .map_err(|e| describe_io(&e))
    }
}

/// Occurrences of the central-directory record signature, read in chunks; counting stops once
/// past `limit`.
fn count_central_records(mut reader: impl Read, limit: usize) -> io::Result<usize> {
    const CENTRAL_RECORD: &[u8] = b"PK\x01\x02";
    let mut chunk = vec![0u8; 1 << 20];
    // The last 3 bytes of the previous chunk, so that a signature across two chunks is seen.
    let mut kept = 0;
    let mut count = 0;
    loop {
        let n = reader.read(chunk.get_mut(kept..).unwrap_or_default())?;
        if n == 0 {
            return Ok(count);
        }
        let filled = chunk.get(..kept + n).unwrap_or_default();
        count += filled.windows(4).filter(|w| *w == CENTRAL_RECORD).count();
        if count > limit {
            return Ok(count);
        }
        kept = filled.len().min(3);
        let tail = filled.len() - kept;
        chunk.copy_within(tail..tail + kept, 0);
    }
}

/// A zip archive opened once. Its central directory is parsed here and shared: each entry's job
/// holds a cheap clone, so an export of N files costs one parse, not N (re-parsing per entry made
/// a 8 000-file export take over a minute, and a hostile 200 000-entry zip hours).
#[derive(Clone)]
pub struct OpenZip(zip::ZipArchive<ZipBytes>);

/// A unit of parallel work: either an activity file to read, or a zip member to open.
#[derive(Clone)]
pub enum Job {
    File(Input),
    ZipEntry {
        archive: OpenZip,
        index: usize,
        label: String,
        kind: Kind,
        depth: u32,
    },
    /// Something that failed before any activity could be named (a zip that won't open).
    Failed {
        label: String,
        reason: String,
    },
}

/// Turns an input into jobs. A zip is opened once, where it lies on disk, and its matching entries
/// become one job each; everything else is a single job.
pub fn jobs_for(input: &Input, limits: &Limits) -> Vec<Job> {
    match input.kind {
        Kind::Activity { .. } => vec![Job::File(input.clone())],
        Kind::Zip => match ZipBytes::on_disk(&input.path) {
            Ok(zip) => zip_jobs(zip, &input.label, 1, limits),
            Err(reason) => vec![Job::Failed {
                label: input.label.clone(),
                reason,
            }],
        },
    }
}

fn zip_jobs(archive: ZipBytes, label: &str, depth: u32, limits: &Limits) -> Vec<Job> {
    let failed = |reason: String| {
        vec![Job::Failed {
            label: label.to_string(),
            reason,
        }]
    };
    match archive.more_entries_than(limits.max_zip_entries) {
        Ok(false) => {}
        Ok(true) => {
            return failed(format!(
                "zip has more than {} entries, over the limit: not opened",
                limits.max_zip_entries
            ))
        }
        Err(reason) => return failed(reason),
    }
    let zip = match zip::ZipArchive::new(archive) {
        Ok(zip) => zip,
        Err(e) => return failed(format!("not a readable zip archive: {e}")),
    };
    let mut named: Vec<(String, usize, Kind)> = Vec::new();
    for index in 0..zip.len() {
        let Some(name) = zip.name_for_index(index) else {
            continue;
        };
        if name.ends_with('/') {
            continue;
        }
        if let Some(kind) = kind_of(name) {
            named.push((name.to_string(), index, kind));
        }
    }
    named.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut jobs = Vec::with_capacity(named.len());
    for (name, index, kind) in named {
        jobs.push(Job::ZipEntry {
            archive: OpenZip(zip.clone()),
            index,
            label: format!("{label}!{name}"),
            kind,
            depth,
        });
    }
    jobs
}

/// Reads a job's bytes. A nested zip expands into further jobs instead (returned in `Err`).
pub fn read_job(job: &Job, limits: &Limits) -> Result<Member, Vec<Job>> {
    match job {
        Job::File(input) => {
            let Kind::Activity { format, gzipped } = input.kind else {
                return Err(jobs_for(input, limits));
            };
            let got = read_limited(&input.path, limits).and_then(|raw| raw.unpack(gzipped, limits));
            Ok(Got::into_member(got, &input.label, format))
        }
        Job::ZipEntry {
            archive,
            index,
            label,
            kind,
            depth,
        } => {
            let raw = read_zip_entry(archive, *index, limits);
            match *kind {
                Kind::Zip => {
                    if *depth >= limits.max_zip_depth {
                        return Err(vec![Job::Failed {
                            label: label.clone(),
                            reason: format!(
                                "zip nested deeper than {} levels: not opened",
                                limits.max_zip_depth
                            ),
                        }]);
                    }
                    match raw.and_then(Got::whole) {
                        Ok(bytes) => Err(zip_jobs(
                            ZipBytes::in_memory(bytes),
                            label,
                            depth + 1,
                            limits,
                        )),
                        Err(reason) => Err(vec![Job::Failed {
                            label: label.clone(),
                            reason,
                        }]),
                    }
                }
                Kind::Activity { format, gzipped } => Ok(Got::into_member(
                    raw.and_then(|raw| raw.unpack(gzipped, limits)),
                    label,
                    format,
                )),
            }
        }
        Job::Failed { .. } => Err(Vec::new()),
    }
}

/// What a file found in memory (not on disk) holds, read exactly as a file of that name would be:
/// a `.gz` is decompressed and a zip opened, nested zips too, all under the same limits.
/// One entry per activity file found, or per thing that could not be opened (`Err`: an error row).
/// A name that is not ours gives nothing. The command line reads files through [`jobs_for`] and
/// [`read_job`]; this is the same path for bytes a caller already holds (tests, fuzzing).
pub fn expand_bytes(
    label: &str,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Vec<Result<Member, WalkProblem>> {
    let Some(kind) = kind_of(label) else {
        return Vec::new();
    };
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return vec![Err(WalkProblem {
            label: label.to_string(),
            reason: too_big(size, limits),
        })];
    }
    let jobs = match kind {
        Kind::Activity { format, gzipped } => {
            let got = Got {
                bytes,
                broken: None,
            }
            .unpack(gzipped, limits);
            return vec![Ok(Got::into_member(got, label, format))];
        }
        Kind::Zip => zip_jobs(ZipBytes::in_memory(bytes), label, 1, limits),
    };
    let mut found = Vec::new();
    for job in &jobs {
        run_in_order(job, limits, &mut found);
    }
    found
}

/// Reads a job and, for a nested zip, its jobs in turn, depth first.
fn run_in_order(job: &Job, limits: &Limits, found: &mut Vec<Result<Member, WalkProblem>>) {
    if let Job::Failed { label, reason } = job {
        found.push(Err(WalkProblem {
            label: label.clone(),
            reason: reason.clone(),
        }));
        return;
    }
    match read_job(job, limits) {
        Ok(member) => found.push(Ok(member)),
        Err(more) => {
            for job in &more {
                run_in_order(job, limits, found);
            }
        }
    }
}

fn read_zip_entry(archive: &OpenZip, index: usize, limits: &Limits) -> Result<Got, String> {
    let mut zip = archive.0.clone();
    let entry = zip
        .by_index(index)
        .map_err(|e| format!("cannot open zip entry: {e}"))?;
    let size = entry.size();
    read_capped(entry, limits.max_file_bytes, "zip: ", size)
}

fn read_limited(path: &Path, limits: &Limits) -> Result<Got, String> {
    let file = fs::File::open(path).map_err(|e| describe_io(&e))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > limits.max_file_bytes {
        return Err(too_big(len, limits));
    }
    read_capped(file, limits.max_file_bytes, "", len)
}

/// `--max-file-mb` counts MB of 1024 × 1024 bytes; messages use the same unit so the figure
/// a runner reads is the figure they would pass.
const MB: u64 = 1024 * 1024;

/// A size in MB as a runner would write it: whole when it is, else to one decimal.
fn megabytes(bytes: u64) -> String {
    if bytes.is_multiple_of(MB) {
        (bytes / MB).to_string()
    } else {
        format!("{:.1}", bytes as f64 / MB as f64)
    }
}

fn too_big(size: u64, limits: &Limits) -> String {
    format!(
        "file is {} MB, over the {} MB limit: raise it with --max-file-mb",
        megabytes(size),
        megabytes(limits.max_file_bytes)
    )
}

fn gunzip(raw: &[u8], limits: &Limits) -> Result<Got, String> {
    // A gzip member ends with its uncompressed size (mod 4 GiB): a hint, not a promise, for
    // files of several members or a forged trailer.
    let stated = raw
        .last_chunk::<4>()
        .map_or(0, |&t| u64::from(u32::from_le_bytes(t)));
    read_capped(
        flate2::read::MultiGzDecoder::new(raw),
        limits.max_file_bytes,
        "gzip: ",
        stated,
    )
}

/// The most a stated size reserves before a byte is read.
const SIZE_HINT_CAP: u64 = 64 * MB;

/// Reads at most `cap` bytes; more than that is an error, so a decompression bomb costs nothing.
/// A read that breaks after some bytes keeps them and says why, after `what` ("gzip: "); one that
/// gives nothing, or runs out of memory, is an error. `expected` (the size the file system or
/// archive states) sizes the buffer once, so reading never copies what it has already read; a
/// forged size reserves at most [`SIZE_HINT_CAP`], beyond which the buffer grows as it fills.
fn read_capped(reader: impl Read, cap: u64, what: &str, expected: u64) -> Result<Got, String> {
    let mut out = Vec::new();
    let _ = out.try_reserve_exact(expected.min(cap).min(SIZE_HINT_CAP) as usize + 1);
    let fault = reader.take(cap + 1).read_to_end(&mut out).err();
    if out.len() as u64 > cap {
        return Err(format!(
            "more than {} MB after decompression, over the limit: raise it with --max-file-mb",
            megabytes(cap)
        ));
    }
    match fault {
        None => Ok(Got {
            bytes: out,
            broken: None,
        }),
        Some(e) if out.is_empty() || e.kind() == std::io::ErrorKind::OutOfMemory => {
            Err(format!("{what}{}", describe_io(&e)))
        }
        Some(e) => Ok(Got {
            broken: Some(format!(
                "{what}{} after {} bytes",
                describe_io(&e),
                out.len()
            )),
            bytes: out,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_read_refuses_bombs() {
        let data = vec![0u8; 1000];
        assert!(read_capped(&data[..], 999, "", 0).is_err());
        assert_eq!(
            read_capped(&data[..], 1000, "", 1000).map(|got| got.bytes.len()),
            Ok(1000)
        );
    }
}
