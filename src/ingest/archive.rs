//! Reading a found file's bytes: plain, gzipped, or inside a zip (nested too), never extracted
//! where the runner can see it, under [`Limits`] that keep a hostile or broken archive from
//! exhausting memory, disk or time.
//!
//! A zip is opened once and its activity entries become one [`Job`] each, so a whole Garmin export
//! (one big zip) is still decoded on every core. Before a zip is parsed its entries are counted
//! from its end record (the central directory's own count), and before an entry is read what its
//! directory says of it is checked: its size against `--max-file-mb`, the sizes of all the entries
//! of an export against `--max-archive-gb`, its bytes against every other entry's (entries that
//! share their bytes are the classic way to make a small zip decompress to terabytes). An entry
//! that holds more than its directory says is not read past that. A zip inside a zip is copied to
//! an unnamed temporary file and read from there; a small one (a few MB, up to a quarter of the
//! memory budget for them all) is held in memory instead, so an export of thousands of them does
//! not hold a file open for each.

use std::fs;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::activity::SourceFormat;
use crate::ingest::budget;
use crate::ingest::discover::{self, describe_io, kind_of, open_input, Input, Kind, WalkProblem};
use crate::ingest::index::IndexKind;

/// Limits that keep a hostile or broken archive from exhausting memory, disk or time.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest activity file (after decompression) read into memory, in bytes. A zip is read in
    /// place (nested ones from a temporary file) whatever its size.
    pub max_file_bytes: u64,
    /// Deepest zip-inside-zip nesting we follow.
    pub max_zip_depth: u32,
    /// Most entries an export zip may have, those of the zips inside it included; a zip that would
    /// take it past this is not opened (an error row).
    pub max_zip_entries: usize,
    /// Most an export zip may decompress to: the sizes its directories give for the entries read
    /// (activity files and nested zips, at every level), added up in the order they are read.
    pub max_archive_bytes: u64,
    /// The memory budget (see [`budget`]): what the reading holds at once, across all threads.
    pub memory_bytes: u64,
}

/// `--max-file-mb` counts MB of 1024 × 1024 bytes; messages use the same unit so the figure
/// a runner reads is the figure they would pass.
const MB: u64 = 1024 * 1024;
const GB: u64 = 1024 * MB;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * MB,
            max_zip_depth: 4,
            max_zip_entries: 200_000,
            max_archive_bytes: DEFAULT_MAX_ARCHIVE_GB * GB,
            memory_bytes: budget::DEFAULT_MEMORY_MB * MB,
        }
    }
}

/// The default of `--max-archive-gb`: a decade of daily runs recorded every second is some 5 GB
/// of FIT or GPX; inflating 16 GB takes well under a minute here.
pub const DEFAULT_MAX_ARCHIVE_GB: u64 = 16;

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

/// An archive's bytes in memory (given by a caller that holds them), shared by all its jobs.
#[derive(Clone)]
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// A zip file, read where its entries are: the export on disk, or a nested zip's temporary copy.
/// Clones share the open file and keep their own position, so entries are read from it on every
/// core.
#[derive(Clone)]
struct DiskZip {
    file: SharedFile,
    /// Where the zip starts in the file (a nested zip's copy among the others, see [`Spent`]).
    base: u64,
    /// Where to open it again once let go (an input zip; a temporary copy is never let go).
    reopen: Option<discover::Place>,
    len: u64,
    pos: u64,
}

impl Read for DiskZip {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut file = self
            .file
            .lock()
            .map_err(|_| io::Error::other("zip file shared by a thread that panicked"))?;
        let file = match (&mut *file, &self.reopen) {
            (Some(open), _) => open,
            (slot @ None, Some(place)) => {
                let (again, len) = place.open_regular()?;
                if len != self.len {
                    return Err(io::Error::other("the zip changed while it was read"));
                }
                slot.insert(again)
            }
            (None, None) => return Err(io::Error::other("the zip's copy was let go")),
        };
        file.seek(SeekFrom::Start(self.base.saturating_add(self.pos)))?;
        // Never past the zip's end into the next one copied after it.
        let left = usize::try_from(self.len.saturating_sub(self.pos)).unwrap_or(usize::MAX);
        let cap = buf.len().min(left);
        let n = file.read(&mut buf[..cap])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl DiskZip {
    /// Closes an input zip's file until it is read again: thousands of zips past the memory
    /// budget's share each held a file open to the end of the reading, and runs were lost to
    /// "Too many open files" (hostile round 35 H3). Open, they are the entries being read.
    fn let_go(&self) {
        if self.reopen.is_some() {
            if let Ok(mut file) = self.file.lock() {
                *file = None;
            }
        }
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

/// Where a zip's bytes are, and the lowest offset that may be read while its directory is parsed.
#[derive(Clone)]
struct ZipBytes {
    at: Place,
    /// While the directory is parsed: a little below the start of the directory its end record
    /// gives. The zip
    /// crate looks for another end record, further back, when the first does not parse: through
    /// the whole file, which for 44 GB of garbage takes minutes. Nothing before the directory is
    /// needed to parse it; set to 0 once it is.
    floor: Arc<AtomicU64>,
    /// Pairs of bytes read other than they lie, by offset (sorted): a directory's extra fields
    /// the zip library would refuse the whole zip over, made fields it skips (see
    /// [`mended_directory`]). Empty for every zip but those.
    patches: Arc<[(u64, [u8; 2])]>,
    /// Entries whose bytes cannot be placed, by where their directory record starts, and why:
    /// the mended directory points them at the first entry's header so that the library opens
    /// the zip, and they are rows saying so, never read (see [`mended_directory`]).
    unplaced: Arc<[(u64, &'static str)]>,
}

#[derive(Clone)]
enum Place {
    Disk(DiskZip),
    Memory(Cursor<SharedBytes>),
}

impl ZipBytes {
    fn pos(&self) -> u64 {
        match &self.at {
            Place::Disk(disk) => disk.pos,
            Place::Memory(memory) => memory.position(),
        }
    }

    fn len(&self) -> u64 {
        match &self.at {
            Place::Disk(disk) => disk.len,
            Place::Memory(memory) => memory.get_ref().0.len() as u64,
        }
    }
}

impl Read for ZipBytes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let start = self.pos();
        if start < self.floor.load(Ordering::Relaxed) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the central directory is not where the zip's end record says",
            ));
        }
        let n = match &mut self.at {
            Place::Disk(disk) => disk.read(buf),
            Place::Memory(memory) => memory.read(buf),
        }?;
        if !self.patches.is_empty() {
            let end = start.saturating_add(n as u64);
            let first = self
                .patches
                .partition_point(|&(at, _)| at.saturating_add(1) < start);
            for &(at, bytes) in self.patches[first..].iter().take_while(|(at, _)| *at < end) {
                for (k, byte) in bytes.into_iter().enumerate() {
                    let Some(i) = (at + k as u64).checked_sub(start) else {
                        continue;
                    };
                    if let Some(slot) = usize::try_from(i)
                        .ok()
                        .and_then(|i| buf.get_mut(..n)?.get_mut(i))
                    {
                        *slot = byte;
                    }
                }
            }
        }
        Ok(n)
    }
}

impl Seek for ZipBytes {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match &mut self.at {
            Place::Disk(disk) => disk.seek(to),
            Place::Memory(memory) => memory.seek(to),
        }
    }
}

impl ZipBytes {
    fn in_memory(bytes: Vec<u8>) -> Self {
        Self::at(Place::Memory(Cursor::new(SharedBytes(Arc::new(bytes)))))
    }

    /// A zip on disk; `reopen`: where it lies, for an input zip that may be let go between reads.
    fn on_disk(file: fs::File, len: u64, reopen: Option<discover::Place>) -> Self {
        Self::at(Place::Disk(DiskZip {
            file: Arc::new(Mutex::new(Some(file))),
            base: 0,
            reopen,
            len,
            pos: 0,
        }))
    }

    /// A nested zip's copy, `len` bytes from `base` in the file of the copies.
    fn copied(file: SharedFile, base: u64, len: u64) -> Self {
        Self::at(Place::Disk(DiskZip {
            file,
            base,
            reopen: None,
            len,
            pos: 0,
        }))
    }

    /// See [`DiskZip::let_go`].
    fn let_go(&self) {
        if let Place::Disk(disk) = &self.at {
            disk.let_go();
        }
    }

    fn at(at: Place) -> Self {
        ZipBytes {
            at,
            floor: Arc::new(AtomicU64::new(0)),
            patches: Arc::new([]),
            unplaced: Arc::new([]),
        }
    }

    fn read_at(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let mut reader = self.clone();
        reader.floor = Arc::new(AtomicU64::new(0));
        reader.seek(SeekFrom::Start(offset))?;
        let mut out = vec![0u8; len];
        reader.read_exact(&mut out)?;
        Ok(out)
    }
}

/// What a zip's end record says: how many entries its directory holds, and where the directory
/// starts (`None` when it does not add up, and the zip crate is left to say why).
struct EndRecord {
    entries: u64,
    directory_start: Option<u64>,
    /// The directory's size in bytes, as the record gives it.
    directory_bytes: u64,
    /// Where the record says the directory starts, before any bytes prepended to the zip: what
    /// an entry's own offset is measured against.
    directory_offset: u64,
    /// Where the end record lies, and its 22 bytes: what [`mended_directory`] may read
    /// otherwise.
    at: u64,
    record: [u8; 22],
}

/// The end of central directory record: the last signature in the zip's last 64 KB (22 bytes
/// and a comment of at most 65 535), and the Zip64 record it points to when a count overflows.
/// `None` when there is none: a zip always has one, so what has none is no zip, found without
/// reading more than its last 64 KB.
fn end_record(zip: &ZipBytes) -> Option<EndRecord> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const TAIL: u64 = 22 + 65_535;
    let len = zip.len();
    let tail_start = len.saturating_sub(TAIL);
    let tail = zip.read_at(tail_start, (len - tail_start) as usize).ok()?;
    let at = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail.get(i..i + 4) == Some(EOCD))?;
    let record: [u8; 22] = tail.get(at..at + 22)?.try_into().ok()?;
    let u16_at = |o: usize| u64::from(u16::from_le_bytes([record[o], record[o + 1]]));
    let u32_at = |o: usize| {
        u64::from(u32::from_le_bytes([
            record[o],
            record[o + 1],
            record[o + 2],
            record[o + 3],
        ]))
    };
    let eocd_pos = tail_start + at as u64;
    let (entries, size) = (u16_at(10), u32_at(12));
    if entries != 0xFFFF && size != 0xFFFF_FFFF && u32_at(16) != 0xFFFF_FFFF {
        return Some(EndRecord {
            entries,
            directory_start: eocd_pos.checked_sub(size),
            directory_bytes: size,
            directory_offset: u32_at(16),
            at: eocd_pos,
            record,
        });
    }
    // Zip64: a 20-byte locator just before, pointing at the 56-byte Zip64 end record.
    let zip64 = (|| {
        let locator = zip.read_at(eocd_pos.checked_sub(20)?, 20).ok()?;
        if locator.get(..4)? != b"PK\x06\x07" {
            return None;
        }
        let offset = u64::from_le_bytes(locator.get(8..16)?.try_into().ok()?);
        let record = zip.read_at(offset, 56).ok()?;
        if record.get(..4)? != b"PK\x06\x06" {
            return None;
        }
        let entries = u64::from_le_bytes(record.get(32..40)?.try_into().ok()?);
        let size = u64::from_le_bytes(record.get(40..48)?.try_into().ok()?);
        let directory_offset = u64::from_le_bytes(record.get(48..56)?.try_into().ok()?);
        Some((
            entries,
            eocd_pos.checked_sub(20)?.min(offset).checked_sub(size),
            size,
            directory_offset,
        ))
    })();
    Some(match zip64 {
        Some((entries, directory_start, directory_bytes, directory_offset)) => EndRecord {
            entries,
            directory_start,
            directory_bytes,
            directory_offset,
            at: eocd_pos,
            record,
        },
        // A count of 0xFFFF with no Zip64 record: take it as written.
        None => EndRecord {
            entries,
            directory_start: eocd_pos.checked_sub(size),
            directory_bytes: size,
            directory_offset: u32_at(16),
            at: eocd_pos,
            record,
        },
    })
}

/// A zip archive opened once. Its central directory is parsed here and shared: each entry's job
/// holds a cheap clone, so an export of N files costs one parse, not N (re-parsing per entry made
/// a 8 000-file export take over a minute, and a hostile 200 000-entry zip hours).
#[derive(Clone)]
pub struct OpenZip(zip::ZipArchive<ZipBytes>);

impl OpenZip {
    /// See [`DiskZip::let_go`]: once an entry is read.
    fn let_go(&self) {
        self.0.clone().into_inner().let_go();
    }
}

/// A unit of parallel work: an activity file to read, or why one cannot be.
#[derive(Clone)]
pub enum Job {
    File(Input),
    ZipEntry {
        archive: OpenZip,
        index: usize,
        label: String,
        format: SourceFormat,
        gzipped: bool,
        /// The size its directory gives: the entry is not read past it.
        size: u64,
    },
    /// Something that failed before its bytes could be read (a zip that won't open, an entry over
    /// a limit).
    Failed {
        label: String,
        reason: String,
    },
    /// A zip that holds no activity file at all (a `not_run` row, [`NO_ACTIVITY`]).
    NoActivity {
        label: String,
    },
    /// An export's index inside a zip (read for names, never a row).
    ZipIndex {
        archive: OpenZip,
        index: usize,
        label: String,
        kind: IndexKind,
        size: u64,
    },
}

impl Job {
    /// An export's index, read apart from the activities ([`read_index`]).
    pub fn is_index(&self) -> bool {
        match self {
            Job::File(input) => matches!(input.kind, Kind::Index(_)),
            Job::ZipIndex { .. } => true,
            _ => false,
        }
    }

    /// The name of the file this job reads, as the rows show it.
    pub fn label(&self) -> &str {
        match self {
            Job::File(input) => &input.label,
            Job::ZipEntry { label, .. }
            | Job::ZipIndex { label, .. }
            | Job::Failed { label, .. }
            | Job::NoActivity { label } => label,
        }
    }
}

/// What an export zip has used of its limits so far: entries, bytes its directories give, and
/// the directories' own bytes; and what the whole reading has, which [`Reading`] carries from
/// one input zip to the next.
#[derive(Default)]
struct Spent {
    entries: u64,
    bytes: u64,
    directory_bytes: u64,
    shared: Reading,
    /// The temporary file the zip's nested zips past the memory's share are copied into, one
    /// after another, and its length so far: one file open for them all, where each had its own
    /// and 2,000 of them lost 833 runs to "Too many open files" (hostile round 36 H3).
    spills: Option<(SharedFile, u64)>,
}

/// An open file that clones of a [`DiskZip`] read from in turn.
type SharedFile = Arc<Mutex<Option<fs::File>>>;

/// What the zips of one reading hold together, whichever input they came in: the nested zips
/// copied out (what they inflate to, and from how many bytes: the bomb ratio), the zips held in
/// memory, and the directories parsed. Each input zip had its own (hostile round 34 H1, H2: 500
/// zips of 8 KB, each holding a nested zip of 3.9 MB, held 2 GB at `--memory-mb 16`; 64 such
/// zips each holding a 63 MB nested zip of zeros wrote 4 GB of temporary files).
#[derive(Clone, Copy, Debug, Default)]
pub struct Reading {
    nested_size: u64,
    nested_compressed: u64,
    /// The bytes of the zips held in memory.
    in_memory: u64,
    /// What the directories of the zips opened hold in memory until the reading ends.
    directories: u64,
}

impl Reading {
    /// What the zips hold in memory until the reading ends (their bytes, their directories),
    /// each part under a quarter of the memory budget: kept in the budget, the files read have
    /// that much less room.
    pub fn held(&self) -> u64 {
        self.in_memory.saturating_add(self.directories)
    }
}

/// A directory entry is 46 bytes, its name and its extra fields (an export's names are under 100
/// characters): an export's directories hold at most this much an entry of its limit on
/// average. A directory is parsed whole into memory, so 60 000 names of 20 000 characters in a
/// 3 MB zip were 7 GB.
const DIRECTORY_BYTES_PER_ENTRY: u64 = 512;

/// The longest entry name read: longer than any device or export writes (a path of 1 024 bytes),
/// and every row of a zip nested under it would repeat it.
const MAX_NAME_BYTES: usize = 1024;

/// Turns an input into jobs. A zip is opened once, where it lies on disk, its nested zips copied
/// to temporary files, and its matching entries become one job each; everything else is a single
/// job. Runs on one thread, in the inputs' order, so that an export's limits are spent in the same
/// order whatever the thread count.
pub fn jobs_for(input: &Input, limits: &Limits, reading: &mut Reading) -> Vec<Job> {
    match input.kind {
        Kind::Activity { .. } | Kind::Index(_) => vec![Job::File(input.clone())],
        Kind::GzippedZip => vec![failed(&input.label, GZIPPED_ZIP.into())],
        Kind::Zip => match open_input(input) {
            Ok((file, len)) => {
                let mut jobs = Vec::new();
                let mut spent = Spent {
                    shared: *reading,
                    ..Spent::default()
                };
                let bytes = held_in_memory(file, len, limits, &mut spent.shared)
                    .unwrap_or_else(|file| ZipBytes::on_disk(file, len, Some(input.place.clone())));
                zip_jobs(
                    bytes.clone(),
                    &input.label,
                    1,
                    limits,
                    &mut spent,
                    &mut jobs,
                );
                bytes.let_go();
                *reading = spent.shared;
                jobs
            }
            Err(reason) => vec![Job::Failed {
                label: input.label.clone(),
                reason,
            }],
        },
    }
}

fn failed(label: &str, reason: String) -> Job {
    Job::Failed {
        label: label.to_string(),
        reason,
    }
}

/// One entry of ours, from the directory: where its bytes lie, what it is.
struct Entry {
    name: String,
    index: usize,
    kind: Kind,
    /// Local header to the end of the compressed data, when the local header could be read.
    span: Result<(u64, u64), String>,
    size: u64,
    /// Its compressed size, as the directory gives it.
    compressed: u64,
}

/// The jobs of one zip (and of the zips inside it), appended to `jobs`.
fn zip_jobs(
    archive: ZipBytes,
    label: &str,
    depth: u32,
    limits: &Limits,
    spent: &mut Spent,
    jobs: &mut Vec<Job>,
) {
    let length = archive.len();
    let Some(zip) = open_zip(archive, label, depth, limits, spent, jobs) else {
        return;
    };
    let mut ours = entries_of(&zip, length);
    if ours.iter().all(|e| matches!(e.kind, Kind::Index(_))) {
        // Every file given yields a row: a zip without a single activity file says so.
        jobs.push(Job::NoActivity {
            label: label.to_string(),
        });
        return;
    }
    let sharing = shared_bytes(&ours);
    ours.sort_by(|a, b| a.name.cmp(&b.name).then(a.index.cmp(&b.index)));
    for entry in ours {
        let entry_label = match refusal(&entry, label, &sharing, limits, spent) {
            Ok(entry_label) => entry_label,
            Err((entry_label, reason)) => {
                jobs.push(failed(&entry_label, reason));
                continue;
            }
        };
        match entry.kind {
            Kind::Activity { format, gzipped } => jobs.push(Job::ZipEntry {
                archive: OpenZip(zip.clone()),
                index: entry.index,
                label: entry_label,
                format,
                gzipped,
                size: entry.size,
            }),
            Kind::Index(kind) => jobs.push(Job::ZipIndex {
                archive: OpenZip(zip.clone()),
                index: entry.index,
                label: entry_label,
                kind,
                size: entry.size,
            }),
            Kind::GzippedZip => jobs.push(failed(&entry_label, GZIPPED_ZIP.into())),
            Kind::Zip if depth >= limits.max_zip_depth => jobs.push(failed(
                &entry_label,
                format!(
                    "zip nested deeper than {} levels: not opened",
                    limits.max_zip_depth
                ),
            )),
            Kind::Zip => match spill(&zip, entry.index, entry.size, limits, spent) {
                Ok(inner) => zip_jobs(inner, &entry_label, depth + 1, limits, spent, jobs),
                Err(reason) => jobs.push(failed(&entry_label, reason)),
            },
        }
    }
}

/// An entry's label, or (its label, why it is not read): a name longer than any device writes, a
/// local header that could not be read, bytes shared with another entry, a file over the size
/// limit, or the export over its total once the entry's bytes are counted in `spent`.
fn refusal(
    entry: &Entry,
    label: &str,
    sharing: &std::collections::HashMap<usize, String>,
    limits: &Limits,
    spent: &mut Spent,
) -> Result<String, (String, String)> {
    if entry.name.len() > MAX_NAME_BYTES {
        // Cut, with its place in the directory: two such names may start alike.
        let start: String = entry.name.chars().take(60).collect();
        return Err((
            format!("{label}!{start}… (entry {})", entry.index + 1),
            format!(
                "a name of {} bytes, longer than any device or export writes: not read",
                entry.name.len()
            ),
        ));
    }
    let entry_label = crate::activity::label::member(label, &entry.name);
    if let Err(reason) = &entry.span {
        return Err((entry_label, reason.clone()));
    }
    if let Some(first) = sharing.get(&entry.index) {
        return Err((
            entry_label,
            format!("its bytes are also those of {first} in the same zip (entries that share their bytes, a zip-bomb trick): not read"),
        ));
    }
    let over_file_limit = matches!(entry.kind, Kind::Activity { .. } | Kind::Index(_))
        && entry.size > limits.max_file_bytes;
    if over_file_limit {
        return Err((entry_label, over_limit(limits.max_file_bytes)));
    }
    // A nested zip is copied whole to a temporary file before it can be opened: one that
    // inflates like a bomb (15.5 GB of zeros from 16 MB, 49 s of writing) is refused first. The
    // nested zips are weighed together: a bomb cut in pieces under the size the ratio is asked
    // from (64 of 63 MB from a 4.3 MB zip) wrote 4 GB of temporary files (hostile round 33 H1).
    let nested_size = spent.shared.nested_size.saturating_add(entry.size);
    let nested_compressed = spent
        .shared
        .nested_compressed
        .saturating_add(entry.compressed);
    if entry.kind == Kind::Zip
        && nested_size > NESTED_ZIP_RATIO_FROM
        && nested_size / NESTED_ZIP_MAX_RATIO > nested_compressed
    {
        return Err((
            entry_label,
            format!(
                "a zip inside the zip that inflates {} MB from {}: zipped activity files barely compress again, a zip bomb does; not read",
                entry.size / MB,
                if entry.compressed >= MB {
                    format!("{} MB", entry.compressed.div_ceil(MB))
                } else {
                    format!("{} KB", entry.compressed.div_ceil(1024))
                }
            ),
        ));
    }
    if entry.kind == Kind::Zip {
        (spent.shared.nested_size, spent.shared.nested_compressed) =
            (nested_size, nested_compressed);
    }
    spent.bytes = spent.bytes.saturating_add(entry.size);
    if spent.bytes > limits.max_archive_bytes {
        return Err((
            entry_label,
            format!(
                "with what comes before it, the zip decompresses to more than {} GB, over the limit: raise it with --max-archive-gb",
                limits.max_archive_bytes / GB
            ),
        ));
    }
    Ok(entry_label)
}

/// A zip inside a zip holds compressed activity files (FIT, .gz), which deflate again by a few
/// to one; even stored GPX text deflates under 30 to one. Past this ratio, and this size, it is
/// a bomb.
const NESTED_ZIP_MAX_RATIO: u64 = 100;
const NESTED_ZIP_RATIO_FROM: u64 = 64 * MB;

/// The error of a gzipped zip (`export.zip.gz`).
pub const GZIPPED_ZIP: &str =
    "a zip gzipped again: not read; gunzip it first (gunzip export.zip.gz), then give the zip";

/// The `not_run` note of a zip with no activity file in it.
pub const NO_ACTIVITY: &str = "no activity files in this archive";

/// Opens a zip once its end record says it fits the export's entry limit. `None`: an error job was
/// added instead.
fn open_zip(
    archive: ZipBytes,
    label: &str,
    depth: u32,
    limits: &Limits,
    spent: &mut Spent,
    jobs: &mut Vec<Job>,
) -> Option<zip::ZipArchive<ZipBytes>> {
    let Some(end) = end_record(&archive) else {
        jobs.push(failed(label, NO_END_RECORD.into()));
        return None;
    };
    let limit = limits.max_zip_entries as u64;
    let after = spent.entries.saturating_add(end.entries);
    if after > limit {
        jobs.push(failed(
            label,
            if depth == 1 {
                format!("zip has more than {limit} entries, over the limit: not opened")
            } else {
                format!("zip has {} entries, which with the rest of its export make more than {limit}, over the limit: not opened", end.entries)
            },
        ));
        return None;
    }
    let directory_cap = (limit.saturating_mul(DIRECTORY_BYTES_PER_ENTRY)).max(MB);
    let directories = spent.directory_bytes.saturating_add(end.directory_bytes);
    if directories > directory_cap {
        jobs.push(failed(
            label,
            format!(
                "its directory of {} entries is {} MB (names of {} bytes on average), more than any export's: not opened",
                end.entries,
                megabytes(end.directory_bytes),
                end.directory_bytes / end.entries.max(1)
            ),
        ));
        return None;
    }
    // Every directory opened is held until the reading ends: together they stay under a quarter
    // of the memory budget (hostile round 34 H1: eight zips of 199,000 empty entries each held
    // 649 MB at `--memory-mb 16`). An export's directory of 20,000 entries holds about 10 MB.
    let held = end
        .entries
        .saturating_mul(DIRECTORY_HELD_PER_ENTRY)
        .saturating_add(end.directory_bytes);
    let directories_held = spent.shared.directories.saturating_add(held);
    if directories_held > limits.memory_bytes / 4 {
        jobs.push(failed(
            label,
            format!(
                "its directory of {} entries would hold {} MB in memory, which with the zips read before it is over a quarter of the {} MB memory budget: not opened; raise it with --memory-mb",
                end.entries,
                megabytes(held),
                limits.memory_bytes / MB
            ),
        ));
        return None;
    }
    spent.shared.directories = directories_held;
    spent.entries = after;
    spent.directory_bytes = directories;
    // The crate looks for the end record backwards in 2 KB windows: a window may start that much
    // below the directory.
    let floor = end.directory_start.unwrap_or(0).saturating_sub(4096);
    archive.floor.store(floor, Ordering::Relaxed);
    let opened = zip::ZipArchive::new(archive.clone());
    archive.floor.store(0, Ordering::Relaxed);
    match opened {
        Ok(zip) => {
            // The crate keeps one entry of a name, the last: the others would be lost unsaid.
            let shadowed = end.entries.saturating_sub(zip.len() as u64);
            if shadowed > 0 && end.entries != 0xFFFF {
                jobs.push(failed(
                    label,
                    format!(
                        "entries named twice: {shadowed} of its {} (a zip writer never makes two entries of one name, and the zip library keeps the last): any activity among the earlier ones was not read",
                        end.entries
                    ),
                ));
            }
            Some(zip)
        }
        Err(e) => {
            // One entry's malformed extra field (a timestamp of its flags byte alone, a short
            // NTFS field, method 99 with no AES field) made the library refuse the whole zip,
            // and every run in it was lost (hostile round 35 H6): read the directory again with
            // those fields made ones it skips.
            let mended = mended_directory(&archive, &end).and_then(|mended| {
                mended.floor.store(floor, Ordering::Relaxed);
                let opened = zip::ZipArchive::new(mended.clone()).ok();
                mended.floor.store(0, Ordering::Relaxed);
                opened
            });
            if mended.is_none() {
                jobs.push(failed(label, unreadable_zip(&e)));
            }
            mended
        }
    }
}

/// Extra fields the zip library parses, and refuses a whole zip over when one is malformed:
/// NTFS times, the extended timestamp, Info-ZIP's Unicode comment and path. grayzone needs none
/// of them (an entry's name in its header is the one shown when its Unicode twin is dropped).
const PARSED_EXTRA_FIELDS: [u16; 4] = [0x000a, 0x5455, 0x6375, 0x7075];
/// WinZip's AES field, and the method an entry it describes is stored under.
const AES_EXTRA_FIELD: u16 = 0x9901;
const AES_METHOD: u16 = 99;
/// What a dropped field's id is read as: one no zip writer uses, which the library skips.
const SKIPPED_EXTRA_FIELD: [u8; 2] = [0x47, 0x5a];
/// What an AES entry without a usable AES field is read as stored under: a method the library
/// does not know, so that entry alone is a row saying so.
const UNKNOWN_METHOD: [u8; 2] = [0xff, 0xff];

/// The Zip64 extended information field: an entry's sizes and offset when they pass 4 GB.
const ZIP64_EXTRA_FIELD: u16 = 0x0001;
/// A 32-bit size or offset that says "see the Zip64 field".
const ZIP64_MARKER: u32 = u32::MAX;
/// Why an entry whose bytes cannot be placed is not read (hostile round 36 H5: either made the
/// library refuse the whole zip, and every run in it was lost under a guessed reason).
const LOCAL_HEADER_PAST_DIRECTORY: &str = "its directory puts its bytes at or past the directory itself (a zip written wrong): where they lie is not known, so it was not read";
const ZIP64_WRONG_LENGTH: &str = "its Zip64 field is the wrong length for the sizes and offset it stands for (a zip written wrong): where its bytes lie is not known, so it was not read";

/// The zip read with its directory's parsed extra fields dropped, its AES entries without a
/// well-formed AES field marked as of an unknown method, and its entries whose bytes cannot be
/// placed (an offset at or past the directory, a Zip64 field too short for what it stands for)
/// pointed at the first entry's header and listed as [`ZipBytes::unplaced`]: `None` when that
/// changes nothing, or the directory cannot be walked (its size was checked against the limits
/// before).
fn mended_directory(zip: &ZipBytes, end: &EndRecord) -> Option<ZipBytes> {
    let start = end.directory_start?;
    let directory = zip
        .read_at(start, usize::try_from(end.directory_bytes).ok()?)
        .ok()?;
    let u16_at = |o: usize| {
        directory
            .get(o..o.checked_add(2)?)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |o: usize| {
        directory
            .get(o..o.checked_add(4)?)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut patches = Vec::new();
    let mut unplaced = Vec::new();
    let mut at = 0usize;
    while directory.get(at..at.checked_add(4)?) == Some(b"PK\x01\x02".as_slice()) {
        let (name, extra, comment) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let (compressed, size, offset) = (u32_at(at + 20)?, u32_at(at + 24)?, u32_at(at + 42)?);
        let mut local_header = u64::from(offset);
        let mut zip64_field = None;
        let mut why_unplaced = None;
        let extras = at + 46 + usize::from(name);
        let extras_end = extras + usize::from(extra);
        let mut aes_ok = false;
        let mut field = extras;
        while field + 4 <= extras_end {
            let (id, len) = (u16_at(field)?, usize::from(u16_at(field + 2)?));
            let body = directory.get(field + 4..(field + 4 + len).min(extras_end))?;
            if body.len() < len {
                // A field said longer than the extra data left: the library reads past it and
                // refuses the zip. It is cut to what is there.
                patches.push((start + field as u64 + 2, (body.len() as u16).to_le_bytes()));
            }
            let usable_aes = id == AES_EXTRA_FIELD
                && body.len() == 7
                && body[2..4] == *b"AE"
                && matches!(body[0..2], [1 | 2, 0])
                && (1..=3).contains(&body[4]);
            aes_ok |= usable_aes;
            if PARSED_EXTRA_FIELDS.contains(&id) || id == AES_EXTRA_FIELD && !usable_aes {
                patches.push((start + field as u64, SKIPPED_EXTRA_FIELD));
            }
            if id == ZIP64_EXTRA_FIELD {
                // The library reads all three 64-bit values when the field has room for them,
                // else those the record marks, in this order.
                let marked = [size, compressed, offset].map(|v| v == ZIP64_MARKER);
                let wanted = if len >= 24 {
                    24
                } else {
                    8 * marked.iter().filter(|&&m| m).count()
                };
                if wanted > body.len() {
                    why_unplaced = Some(ZIP64_WRONG_LENGTH);
                } else if marked[2] || len >= 24 {
                    let from = if len >= 24 {
                        16
                    } else {
                        8 * marked[..2].iter().filter(|&&m| m).count()
                    };
                    local_header = u64::from_le_bytes(body.get(from..from + 8)?.try_into().ok()?);
                }
                zip64_field = Some(field);
            }
            field += 4 + len;
        }
        if why_unplaced.is_none() && local_header >= end.directory_offset {
            why_unplaced = Some(LOCAL_HEADER_PAST_DIRECTORY);
        }
        if let Some(why) = why_unplaced {
            patches.push((start + at as u64 + 42, [0, 0]));
            patches.push((start + at as u64 + 44, [0, 0]));
            if let Some(field) = zip64_field {
                patches.push((start + field as u64, SKIPPED_EXTRA_FIELD));
            }
            unplaced.push((start + at as u64, why));
        }
        if u16_at(at + 10)? == AES_METHOD && !aes_ok {
            patches.push((start + at as u64 + 10, UNKNOWN_METHOD));
        }
        at = extras_end + usize::from(comment);
    }
    patches.extend(mended_end_record(zip.len(), end));
    if patches.is_empty() {
        return None;
    }
    patches.sort_unstable_by_key(|&(offset, _)| offset);
    let mut mended = zip.clone();
    mended.patches = patches.into();
    mended.unplaced = unplaced.into();
    Some(mended)
}

/// The end record's fields the library refuses a zip over, as the zip is: a comment said longer
/// than the bytes after the record, and disk numbers or a count of this disk's entries that are
/// not a one-disk zip's (hostile round 36 H5: `unzip` reads such zips, and every run in them was
/// lost). A split zip's other disks are not there anyway: this is the only one read.
fn mended_end_record(len: u64, end: &EndRecord) -> Vec<(u64, [u8; 2])> {
    let field = |o: usize| [end.record[o], end.record[o + 1]];
    let mut patches = Vec::new();
    let comment = len.saturating_sub(end.at.saturating_add(22));
    if let Ok(comment) = u16::try_from(comment) {
        if field(20) != comment.to_le_bytes() {
            patches.push((end.at + 20, comment.to_le_bytes()));
        }
    }
    for disk in [4, 6] {
        if field(disk) != [0, 0] {
            patches.push((end.at + disk as u64, [0, 0]));
        }
    }
    if field(8) != field(10) {
        patches.push((end.at + 8, field(10)));
    }
    patches
}

/// A zip's directory is found from the end record in its last bytes: a file without one is no
/// zip, or a zip whose end never came (a download cut short).
const NO_END_RECORD: &str = "not a readable zip archive: no end record, so no directory of its entries (not a zip, or one cut short: an export that did not finish downloading?)";

/// Why the zip library could not open a zip whose end record was found, in words a runner can
/// act on: the crate's own "i/o error" says nothing of a directory that is not where the end
/// record says.
fn unreadable_zip(e: &zip::result::ZipError) -> String {
    match e {
        // Reading below the directory's floor, or past the zip's end: the end record lies.
        zip::result::ZipError::Io(inner)
            if matches!(
                inner.kind(),
                io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof
            ) =>
        {
            "not a readable zip archive: its directory is not where its end record says, or holds fewer entries than it counts (a zip cut short or written wrong)".to_string()
        }
        // A disk's own error is the disk's, said as it is.
        zip::result::ZipError::Io(inner) => format!("not a readable zip archive: {inner}"),
        other => format!("not a readable zip archive: {other}"),
    }
}

/// The entries that are ours (activity files and zips; not folders, not macOS metadata), with
/// where their bytes lie. An entry whose compressed data would run past the zip's `length` has a
/// directory that lies (a nested zip's listed compressed size raised to pass as no bomb).
fn entries_of(zip: &zip::ZipArchive<ZipBytes>, length: u64) -> Vec<Entry> {
    let mut reader = zip.clone();
    let unplaced = zip.clone().into_inner().unplaced;
    let mut ours = Vec::new();
    for index in 0..zip.len() {
        let Some(name) = zip.name_for_index(index) else {
            continue;
        };
        // A folder's name ends in '/'. One named like a run that holds bytes (no zip writer
        // makes it) gets its row, saying so, rather than vanishing from the export.
        let folder = name.ends_with('/');
        let Some(kind) = kind_of(name.trim_end_matches('/')) else {
            continue;
        };
        let name = name.to_string();
        let (span, size, compressed) = match reader.by_index_raw(index) {
            // Java's zip writers deflate even an empty folder entry: its size is what counts.
            Ok(file) if folder && file.size() == 0 => continue,
            Ok(file) => {
                let end = file.data_start().saturating_add(file.compressed_size());
                let why_unplaced = unplaced
                    .iter()
                    .find(|(record, _)| *record == file.central_header_start());
                let span = if let Some((_, why)) = why_unplaced {
                    Err(why.to_string())
                } else if folder {
                    Err(format!(
                        "a folder's name (ending in '/') on {} bytes of data: not read",
                        file.size()
                    ))
                } else if end > length {
                    Err(format!(
                        "its directory says {} compressed bytes, past the end of the zip: not read",
                        file.compressed_size()
                    ))
                } else {
                    Ok((file.header_start(), end))
                };
                (span, file.size(), file.compressed_size())
            }
            Err(e) => (Err(format!("cannot open zip entry: {e}")), 0, 0),
        };
        ours.push(Entry {
            name,
            index,
            kind,
            span,
            size,
            compressed,
        });
    }
    ours
}

/// Entries whose bytes overlap an entry that starts before them (or at the same place, listed
/// before them): their index, and the name of the first one. A zip writer never makes them;
/// a zip bomb does, to have one compressed stream read hundreds of times.
fn shared_bytes(ours: &[Entry]) -> std::collections::HashMap<usize, String> {
    let mut spans: Vec<(u64, u64, usize, &str)> = ours
        .iter()
        .filter_map(|e| {
            e.span
                .as_ref()
                .ok()
                .map(|&(start, end)| (start, end, e.index, e.name.as_str()))
        })
        .collect();
    spans.sort_unstable();
    let mut sharing = std::collections::HashMap::new();
    let mut reach: Option<(u64, &str)> = None;
    for (start, end, index, name) in spans {
        match reach {
            Some((until, first)) if start < until => {
                sharing.insert(index, first.to_string());
            }
            _ => reach = Some((end, name)),
        }
        if let Some((until, _)) = &mut reach {
            *until = (*until).max(end);
        }
    }
    sharing
}

/// The largest zip held in memory rather than read from its file (an input zip) or copied to a
/// temporary file (a nested zip).
const IN_MEMORY_MAX: u64 = 4 * MB;

/// An input zip of 4 MB or less is read into memory while the zips held there stay under a
/// quarter of the memory budget, and its file closed: each zip read from its file holds it open
/// until the reading ends, and a folder of 1,500 one-run zips ran out of the system's 1,024 open
/// files (hostile round 34 M1). `Err`: the file, to be read where it lies.
fn held_in_memory(
    mut file: fs::File,
    len: u64,
    limits: &Limits,
    shared: &mut Reading,
) -> Result<ZipBytes, fs::File> {
    let held = shared.in_memory.saturating_add(len);
    if len > IN_MEMORY_MAX || held > limits.memory_bytes / 4 {
        return Err(file);
    }
    // A file that grew or shrank since it was measured is read where it lies.
    match read_at_most(&mut file, len) {
        Ok(bytes) if bytes.len() as u64 == len => {
            shared.in_memory = held;
            Ok(ZipBytes::in_memory(bytes))
        }
        _ => Err(file),
    }
}

/// The bytes of `reader`, up to one more than `size`: a zip said to be that long is held in
/// memory only as long as it is (one byte more says it lied).
fn read_at_most(reader: impl Read, size: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// What a zip's directory holds in memory once opened, an entry beside its name: the zip
/// crate's record of it and the job made of it.
const DIRECTORY_HELD_PER_ENTRY: u64 = 400;

/// Copies a nested zip out of its zip, checking that it holds no more than its directory says,
/// and opens it from there: into memory when it is small and the nested zips held there stay
/// under a quarter of the memory budget (each temporary file is a file held open until the export
/// is read: 3,000 nested zips ran out of the system's 1,024 and lost 1,982 runs, hostile round 33
/// M1), else after the others in the zip's one unnamed temporary file of copies, removed when the
/// last of its zips is closed (see [`Spent`]).
fn spill(
    zip: &zip::ZipArchive<ZipBytes>,
    index: usize,
    size: u64,
    limits: &Limits,
    spent: &mut Spent,
) -> Result<ZipBytes, String> {
    let mut reader = zip.clone();
    let entry = reader
        .by_index(index)
        .map_err(|e| format!("cannot open zip entry: {e}"))?;
    let held = spent.shared.in_memory.saturating_add(size);
    if size <= IN_MEMORY_MAX && held <= limits.memory_bytes / 4 {
        let bytes = read_at_most(entry, size).map_err(|e| format!("zip: {}", describe_io(&e)))?;
        if bytes.len() as u64 > size {
            return Err(bigger_than_said(size));
        }
        spent.shared.in_memory = held;
        return Ok(ZipBytes::in_memory(bytes));
    }
    let (file, end) = match &mut spent.spills {
        Some(spills) => spills,
        None => {
            let file =
                tempfile::tempfile().map_err(|e| format!("cannot make a temporary file: {e}"))?;
            spent.spills.insert((Arc::new(Mutex::new(Some(file))), 0))
        }
    };
    let base = *end;
    let mut limited = entry.take(size.saturating_add(1));
    let mut chunk = vec![0u8; 64 * 1024];
    let mut copied = 0u64;
    loop {
        // Read with the file of the copies let go: the zip read may be a copy in it.
        let n = limited
            .read(&mut chunk)
            .map_err(|e| format!("zip: {}", describe_io(&e)))?;
        if n == 0 {
            break;
        }
        let mut held = file
            .lock()
            .map_err(|_| "the copies' file was shared by a thread that panicked".to_string())?;
        let written = match held.as_mut() {
            Some(f) => f
                .seek(SeekFrom::Start(base.saturating_add(copied)))
                .and_then(|_| f.write_all(&chunk[..n])),
            None => Err(io::Error::other("the copies' file was let go")),
        };
        written.map_err(|e| {
            if e.kind() == io::ErrorKind::StorageFull {
                format!("cannot copy the zip to a temporary file: {e}")
            } else {
                format!("cannot copy the zip: {}", describe_io(&e))
            }
        })?;
        copied += n as u64;
    }
    if copied > size {
        return Err(bigger_than_said(size));
    }
    *end = base.saturating_add(copied);
    Ok(ZipBytes::copied(file.clone(), base, copied))
}

fn bigger_than_said(size: u64) -> String {
    format!("zip: the entry holds more than the {size} bytes its directory says: not read")
}

/// Reads a job's bytes.
pub fn read_job(job: &Job, limits: &Limits) -> Option<Member> {
    match job {
        Job::File(input) => {
            let Kind::Activity { format, gzipped } = input.kind else {
                return None;
            };
            let got = read_limited(input, limits).and_then(|raw| raw.unpack(gzipped, limits));
            Some(Got::into_member(got, &input.label, format))
        }
        Job::ZipEntry {
            archive,
            index,
            label,
            format,
            gzipped,
            size,
        } => {
            let raw = read_zip_entry(archive, *index, *size, limits);
            Some(Got::into_member(
                raw.and_then(|raw| raw.unpack(*gzipped, limits)),
                label,
                *format,
            ))
        }
        Job::Failed { .. } | Job::NoActivity { .. } | Job::ZipIndex { .. } => None,
    }
}

/// An export index a job reads: its name, which index it is, and its bytes or why not.
pub struct IndexMember {
    pub label: String,
    pub kind: IndexKind,
    pub bytes: Result<Vec<u8>, String>,
}

/// Reads an index job's bytes, under the same per-file limit as an activity file; `None` for
/// jobs that are not indexes.
pub fn read_index(job: &Job, limits: &Limits) -> Option<IndexMember> {
    let (label, kind, got) = match job {
        Job::File(input) => {
            let Kind::Index(kind) = input.kind else {
                return None;
            };
            (&input.label, kind, read_limited(input, limits))
        }
        Job::ZipIndex {
            archive,
            index,
            label,
            kind,
            size,
        } => (label, *kind, read_zip_entry(archive, *index, *size, limits)),
        _ => return None,
    };
    Some(IndexMember {
        label: label.clone(),
        kind,
        bytes: got.and_then(|g| match g.broken {
            Some(broken) => Err(broken),
            None => Ok(g.bytes),
        }),
    })
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
    let Some(kind) = kind_of(label).filter(|k| !matches!(k, Kind::Index(_))) else {
        return Vec::new();
    };
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes && kind != Kind::Zip {
        return vec![Err(WalkProblem {
            label: label.to_string(),
            reason: too_big(size, limits),
        })];
    }
    let mut jobs = Vec::new();
    match kind {
        Kind::Activity { format, gzipped } => {
            let got = Got {
                bytes,
                broken: None,
            }
            .unpack(gzipped, limits);
            return vec![Ok(Got::into_member(got, label, format))];
        }
        Kind::Index(_) => return Vec::new(),
        Kind::GzippedZip => {
            return vec![Err(WalkProblem {
                label: label.to_string(),
                reason: GZIPPED_ZIP.into(),
            })]
        }
        Kind::Zip => zip_jobs(
            ZipBytes::in_memory(bytes),
            label,
            1,
            limits,
            &mut Spent::default(),
            &mut jobs,
        ),
    };
    jobs.iter()
        .filter(|job| !job.is_index())
        .map(|job| match job {
            Job::Failed { label, reason } => Err(WalkProblem {
                label: label.clone(),
                reason: reason.clone(),
            }),
            Job::NoActivity { label } => Err(WalkProblem {
                label: label.clone(),
                reason: NO_ACTIVITY.into(),
            }),
            job => read_job(job, limits).ok_or_else(|| WalkProblem {
                label: job.label().to_string(),
                reason: "not an activity file".into(),
            }),
        })
        .collect()
}

fn read_zip_entry(
    archive: &OpenZip,
    index: usize,
    size: u64,
    limits: &Limits,
) -> Result<Got, String> {
    let mut zip = archive.0.clone();
    let got = zip
        .by_index(index)
        .map_err(|e| entry_refusal(&e))
        // The directory's size was checked against the limit; the entry is not read past it.
        .and_then(|entry| read_capped(entry, size.min(limits.max_file_bytes), "zip: ", size));
    archive.let_go();
    match got {
        Err(reason) if reason == over_limit(size.min(limits.max_file_bytes)) => {
            Err(if size < limits.max_file_bytes {
                bigger_than_said(size)
            } else {
                reason
            })
        }
        other => other,
    }
}

/// Why an entry cannot be opened, in words a runner can act on: the library's "provided password
/// is incorrect" said so of entries no password was given for (hostile round 35 M4).
fn entry_refusal(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::InvalidPassword => {
            "encrypted: a password protects it, and grayzone reads no encrypted entry; not read (unzip it with its password)".into()
        }
        // "Password required to decrypt file" (hostile round 37 M3: the crate's own words were
        // shown, the check being for "password").
        ZipError::UnsupportedArchive(why) if why.to_ascii_lowercase().contains("password") => {
            "encrypted: a password protects it, and grayzone reads no encrypted entry; not read (unzip it with its password)".into()
        }
        ZipError::UnsupportedArchive(why) if why.contains("Compression method") => {
            "stored with a compression method grayzone cannot read: not read (unzip it and give the file)".into()
        }
        other => format!("cannot open zip entry: {other}"),
    }
}

fn read_limited(input: &Input, limits: &Limits) -> Result<Got, String> {
    let (file, len) = open_input(input)?;
    if len > limits.max_file_bytes {
        return Err(too_big(len, limits));
    }
    read_capped(file, limits.max_file_bytes, "", len)
}

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

fn over_limit(cap: u64) -> String {
    format!(
        "more than {} MB after decompression, over the limit: raise it with --max-file-mb",
        megabytes(cap)
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

/// The most a stated size reserves before a byte is read: a forged size costs no more.
const SIZE_HINT_CAP: u64 = 16 * MB;
/// …and no more than this share of the memory budget.
const SIZE_HINT_SHARE: u64 = 8;
/// The smallest step the buffer grows by once the stated size is passed.
const MIN_GROWTH: usize = 64 * 1024;

/// Reads at most `cap` bytes; more than that is an error, so a decompression bomb costs nothing.
/// A read that breaks after some bytes keeps them and says why, after `what` ("gzip: "); one that
/// gives nothing, or runs out of memory, is an error. `expected` (the size the file system or
/// archive states) sizes the buffer once, up to [`SIZE_HINT_CAP`]; past it the buffer doubles.
/// Every byte of buffer is charged to the memory budget before it is allocated: a file that does
/// not fit is refused, not read.
fn read_capped(reader: impl Read, cap: u64, what: &str, expected: u64) -> Result<Got, String> {
    let mut out: Vec<u8> = Vec::new();
    // A stated size is a claim (a gzip's last four bytes, which a cut file fills with deflate
    // data; a zip directory's figure): it sizes the first buffer only up to a share of the
    // budget, and what is decoded past it is charged as it comes (hostile round 37 H2: an 8 KB
    // file cut short was refused at `--memory-mb 16` for the 16 MB its tail seemed to say).
    let hint_cap = SIZE_HINT_CAP.min(budget::limit_here() / SIZE_HINT_SHARE);
    let first = expected.min(cap).min(hint_cap) as usize + 1;
    // Past the first buffer the bytes have shown the claim may be true: the buffer grows toward
    // it, four times at most a step, so an honest file is charged about its size, not the
    // doubling's overshoot (a 14 MB file at `--memory-mb 16` is read), and a lying claim no more
    // than four times what was decoded.
    let claimed = usize::try_from(expected.min(cap)).unwrap_or(usize::MAX);
    if !budget::charge(first as u64) {
        return Err(budget::refusal_here());
    }
    if out.try_reserve_exact(first).is_err() {
        return Err(format!("{what}out of memory"));
    }
    let mut limited = reader.take(cap.saturating_add(1));
    let fault = loop {
        let spare = out.capacity() - out.len();
        if spare == 0 {
            let have = out.capacity();
            let more = if have <= claimed {
                (claimed.saturating_add(1).min(have.saturating_mul(4)) - have).max(MIN_GROWTH)
            } else {
                have.max(MIN_GROWTH)
            };
            if !budget::charge(more as u64) {
                return Err(budget::refusal_here());
            }
            if out.try_reserve_exact(more).is_err() {
                return Err(format!("{what}out of memory"));
            }
            continue;
        }
        let before = out.len();
        match (&mut limited).take(spare as u64).read_to_end(&mut out) {
            Ok(n) if n < spare => break None,
            Ok(_) => {}
            Err(e) => break Some(e),
        }
        debug_assert!(out.len() > before || spare == 0);
    };
    if out.len() as u64 > cap {
        return Err(over_limit(cap));
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
        // Past the stated size the buffer grows as it fills.
        let big = vec![7u8; 300_000];
        assert_eq!(
            read_capped(&big[..], 1 << 20, "", 10).map(|got| got.bytes.len()),
            Ok(300_000)
        );
        // A limit at the top of the range does not wrap to nothing.
        assert_eq!(
            read_capped(&data[..], u64::MAX, "", 0).map(|got| got.bytes.len()),
            Ok(1000)
        );
    }

    #[test]
    fn a_read_that_does_not_fit_the_budget_is_refused_before_it_is_made() {
        let data = vec![0u8; 200_000];
        let budget = budget::Budget::new(100_000);
        let job = budget::Job::open(&budget, budget::Run::Alone);
        let got = read_capped(&data[..], 1 << 30, "", 0);
        assert_eq!(
            got.err().as_deref(),
            Some("needs more memory than the 0 MB budget: raise it with --memory-mb")
        );
        assert!(job.close().bytes > 100_000);
    }

    #[test]
    fn entries_that_share_bytes_are_found_whatever_their_order() {
        let entry = |index, start, end| Entry {
            name: format!("e{index}.fit"),
            index,
            kind: kind_of("x.fit").unwrap(),
            span: Ok((start, end)),
            size: 1,
            compressed: 1,
        };
        // 0 and 2 are one stream listed twice; 1 starts inside 3; 4 stands alone.
        let ours = [
            entry(0, 100, 200),
            entry(1, 350, 360),
            entry(2, 100, 200),
            entry(3, 300, 400),
            entry(4, 400, 450),
        ];
        let sharing = shared_bytes(&ours);
        let mut shared: Vec<_> = sharing.iter().map(|(i, f)| (*i, f.as_str())).collect();
        shared.sort();
        assert_eq!(shared, [(1, "e3.fit"), (2, "e0.fit")]);
    }
}
