//! Finding activity files: the paths the runner gave, folders walked recursively in sorted order.
//! Names only: nothing is read here (the archive module reads the bytes, gzipped or zipped).
//!
//! Only regular files are ever opened: a FIFO would block the reading forever, a device (a link
//! to `/dev/zero` named `run.fit`) never ends. Folders are told apart by their device and inode,
//! not by canonical paths (canonicalizing every folder of a deep tree costs its depth each time),
//! and a walk below the system's path-length limit goes on from an open folder with paths relative
//! to it ([`Place`]), so every file found gets a row however deep it lies.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::activity::SourceFormat;

/// What a file name says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Activity {
        format: SourceFormat,
        gzipped: bool,
    },
    Zip,
    /// A zip gzipped again (`export.zip.gz`): a row that says to gunzip it, not read (its zip
    /// would have to be unpacked whole first, where a zip is read in place).
    GzippedZip,
    /// An export's index of its activities (Strava's `activities.csv`, Garmin's
    /// summarized-activities JSON): read for the runs' names, never a row of its own.
    Index(crate::ingest::index::IndexKind),
}

/// Classifies a file name by extension, case-insensitively. `None`: not ours, silently ignored —
/// so are the metadata files macOS writes beside every file it copies or zips (`._run.fit`,
/// anything under `__MACOSX/`), which are not activities whatever they are named.
pub fn kind_of(name: &str) -> Option<Kind> {
    if is_mac_metadata(name) {
        return None;
    }
    if let Some(index) = crate::ingest::index::index_kind(name) {
        return Some(Kind::Index(index));
    }
    let lower = name.to_ascii_lowercase();
    let (stem, gzipped) = match lower.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (lower.as_str(), false),
    };
    let format = if stem.ends_with(".fit") {
        SourceFormat::Fit
    } else if stem.ends_with(".gpx") {
        SourceFormat::Gpx
    } else if stem.ends_with(".tcx") {
        SourceFormat::Tcx
    } else if stem.ends_with(".zip") {
        return Some(if gzipped { Kind::GzippedZip } else { Kind::Zip });
    } else {
        return None;
    };
    Some(Kind::Activity { format, gzipped })
}

/// macOS metadata by name: an AppleDouble file (`._` and the name of the file it describes), or
/// anything in the `__MACOSX/` folder Finder's "Compress" adds to a zip.
pub fn is_mac_metadata(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.starts_with("._") || name.split(['/', '\\']).any(|part| part == "__MACOSX")
}

/// Where a file or folder is: a path, relative to an open folder for a path too long for the
/// system to take whole. Clones share the open folder.
#[derive(Clone, Debug)]
pub struct Place {
    #[cfg(unix)]
    base: Option<std::sync::Arc<std::os::fd::OwnedFd>>,
    rel: PathBuf,
}

impl PartialEq for Place {
    fn eq(&self, other: &Self) -> bool {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let fd = |p: &Place| p.base.as_ref().map(|b| b.as_raw_fd());
            if fd(self) != fd(other) {
                return false;
            }
        }
        self.rel == other.rel
    }
}

impl Eq for Place {}

/// A path relative to an open folder is kept under this many bytes: far from PATH_MAX (4096 on
/// Linux, 1024 on macOS), so a name of up to 255 bytes can always be added.
#[cfg(unix)]
const LONGEST_RELATIVE_PATH: usize = 700;

/// What [`Place::stat`] tells.
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub kind: FileKind,
    /// Device and inode: a folder's identity, whatever path reached it.
    pub id: (u64, u64),
    pub len: u64,
}

/// The kinds of file a path can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Regular,
    Folder,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

impl FileKind {
    /// "not a regular file (a FIFO)": why such a file is not read.
    pub fn refusal(self) -> String {
        let what = match self {
            FileKind::Regular => return "a regular file".into(),
            FileKind::Folder => "a folder",
            FileKind::Fifo => "a FIFO",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Other => "not a file",
        };
        format!("not a regular file ({what}): not read")
    }
}

impl Place {
    /// A path as the runner gave it (relative to the current folder, or absolute).
    pub fn new(path: impl Into<PathBuf>) -> Place {
        Place {
            #[cfg(unix)]
            base: None,
            rel: path.into(),
        }
    }

    /// The place of `name` in this folder.
    fn child(&self, name: &OsString) -> Place {
        Place {
            #[cfg(unix)]
            base: self.base.clone(),
            rel: self.rel.join(name),
        }
    }

    /// The path, for messages and for tests: relative to an open folder when it was too long.
    pub fn path(&self) -> &Path {
        &self.rel
    }

    /// The path from the current folder, when the place is not relative to an open folder.
    fn whole_path(&self) -> Option<&Path> {
        #[cfg(unix)]
        if self.base.is_some() {
            return None;
        }
        Some(&self.rel)
    }
}

#[cfg(unix)]
mod at {
    //! The `*at` system calls (through rustix): every path relative to an open folder, or to the
    //! current one.
    use super::{Facts, FileKind, Listed, Place, LONGEST_RELATIVE_PATH};
    use rustix::fs::{self as rfs, AtFlags, FileType, Mode, OFlags, CWD};
    use std::ffi::OsString;
    use std::io;
    use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
    use std::os::unix::ffi::OsStringExt;

    fn errno(e: rustix::io::Errno) -> io::Error {
        io::Error::from_raw_os_error(e.raw_os_error())
    }

    impl Place {
        fn base_fd(&self) -> BorrowedFd<'_> {
            match &self.base {
                Some(fd) => fd.as_fd(),
                None => CWD,
            }
        }

        /// What the place is, following symbolic links (as opening it would).
        pub fn stat(&self) -> io::Result<Facts> {
            let st = rfs::statat(self.base_fd(), &self.rel, AtFlags::empty()).map_err(errno)?;
            Ok(facts(&st))
        }

        /// Opens a regular file for reading, never blocking: a FIFO opened without O_NONBLOCK
        /// waits for a writer forever, and a file may have been swapped for one since it was
        /// looked at.
        pub fn open_regular(&self) -> io::Result<(std::fs::File, u64)> {
            let fd = rfs::openat(
                self.base_fd(),
                &self.rel,
                OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
                Mode::empty(),
            )
            .map_err(errno)?;
            let st = rfs::fstat(&fd).map_err(errno)?;
            let facts = facts(&st);
            if facts.kind != FileKind::Regular {
                return Err(io::Error::other(facts.kind.refusal()));
            }
            Ok((std::fs::File::from(fd), facts.len))
        }

        fn open_folder(&self) -> io::Result<OwnedFd> {
            rfs::openat(
                self.base_fd(),
                &self.rel,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .map_err(errno)
        }

        /// The names in a folder (not `.` and `..`), each with what the folder lists it as, and
        /// the folder as a place its names can be joined to: itself, or itself opened when its
        /// path grew too long to join more to.
        pub fn read_folder(&self) -> io::Result<(Place, Vec<(OsString, Listed)>)> {
            let fd = self.open_folder()?;
            let mut names = Vec::new();
            let mut dir = rfs::Dir::read_from(&fd).map_err(errno)?;
            while let Some(entry) = dir.read() {
                let entry = entry.map_err(errno)?;
                let name = entry.file_name().to_bytes();
                if name != b"." && name != b".." {
                    let listed = match entry.file_type() {
                        FileType::RegularFile => Listed::Regular,
                        FileType::Directory => Listed::Folder,
                        // A file system that does not say may be holding a link.
                        _ => Listed::MaybeLink,
                    };
                    names.push((OsString::from_vec(name.to_vec()), listed));
                }
            }
            let place = if self.rel.as_os_str().len() > LONGEST_RELATIVE_PATH {
                Place {
                    base: Some(std::sync::Arc::new(fd)),
                    rel: ".".into(),
                }
            } else {
                self.clone()
            };
            Ok((place, names))
        }
    }

    fn facts(st: &rfs::Stat) -> Facts {
        let kind = match FileType::from_raw_mode(st.st_mode as _) {
            FileType::RegularFile => FileKind::Regular,
            FileType::Directory => FileKind::Folder,
            FileType::Fifo => FileKind::Fifo,
            FileType::CharacterDevice => FileKind::CharDevice,
            FileType::BlockDevice => FileKind::BlockDevice,
            FileType::Socket => FileKind::Socket,
            _ => FileKind::Other,
        };
        #[allow(clippy::useless_conversion, clippy::unnecessary_cast)]
        Facts {
            kind,
            id: (st.st_dev as u64, st.st_ino as u64),
            len: u64::try_from(st.st_size).unwrap_or(0),
        }
    }
}

#[cfg(not(unix))]
mod at {
    //! Plain paths where the `*at` calls are not to be had: a walk past the path-length limit
    //! gives error rows there.
    use super::{Facts, FileKind, Listed, Place};
    use std::ffi::OsString;
    use std::io;

    fn facts(meta: &std::fs::Metadata) -> Facts {
        let kind = if meta.is_file() {
            FileKind::Regular
        } else if meta.is_dir() {
            FileKind::Folder
        } else {
            FileKind::Other
        };
        Facts {
            kind,
            // No inode here: a folder is known by its canonical path's hash.
            id: (0, {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                meta.len().hash(&mut h);
                h.finish()
            }),
            len: meta.len(),
        }
    }

    impl Place {
        pub fn stat(&self) -> io::Result<Facts> {
            let mut f = facts(&std::fs::metadata(&self.rel)?);
            if f.kind == FileKind::Folder {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::fs::canonicalize(&self.rel)?.hash(&mut h);
                f.id = (0, h.finish());
            }
            Ok(f)
        }

        pub fn open_regular(&self) -> io::Result<(std::fs::File, u64)> {
            let facts = self.stat()?;
            if facts.kind != FileKind::Regular {
                return Err(io::Error::other(facts.kind.refusal()));
            }
            let file = std::fs::File::open(&self.rel)?;
            Ok((file, facts.len))
        }

        pub fn read_folder(&self) -> io::Result<(Place, Vec<(OsString, Listed)>)> {
            let names = std::fs::read_dir(&self.rel)?
                .filter_map(|e| e.ok())
                .map(|e| {
                    let listed = match e.file_type() {
                        Ok(t) if t.is_file() => Listed::Regular,
                        Ok(t) if t.is_dir() => Listed::Folder,
                        _ => Listed::MaybeLink,
                    };
                    (e.file_name(), listed)
                })
                .collect();
            Ok((self.clone(), names))
        }
    }
}

/// The label of `name` in the folder labelled `folder`.
fn child_label(folder: &str, name: &str) -> String {
    if folder.ends_with('/') {
        format!("{folder}{name}")
    } else {
        format!("{folder}/{name}")
    }
}

/// A file found on disk that grayzone will read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub place: Place,
    /// How the path is shown in the output (as the user typed it, joined with what the walk found).
    pub label: String,
    pub kind: Kind,
}

/// The first input path the user gave that cannot be read, when none of them can: a usage error
/// (exit status 2).
#[derive(Debug)]
pub struct PathError {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

impl std::error::Error for PathError {}

/// A folder entry we could not read during the walk (permission denied, a symlink loop…). It
/// becomes an error row; the walk goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkProblem {
    pub label: String,
    pub reason: String,
}

/// Walks the given paths. Files named explicitly are read only if their name is one of ours, they
/// are regular files and they can be opened. Folders are walked recursively in sorted order;
/// symlinked folders are followed once (loops are reported, not followed). A path that cannot be
/// read is an error row, as a file found in a folder is, and the others are read: one bad path
/// never stops the batch. Only when no path given can be read at all is it a usage error: a
/// mistyped export is the runner's mistake to hear about at once, not an empty table.
/// Folders and files no link inside the paths read may lead into, by what they are on disk: in
/// `team`, every athlete's folder or zip (a link between two athletes' folders had each read the
/// other's runs: hostile round 34 M3; a link to one of their subfolders, their zip or one of
/// their files, the same: round 35 H2). Made once for all the readings that share it.
#[derive(Clone, Debug, Default)]
pub struct KeepOut(std::sync::Arc<HashSet<(u64, u64)>>);

impl KeepOut {
    /// The folders and files among `paths` (paths that cannot be read are no fence).
    pub fn of(paths: &[PathBuf]) -> KeepOut {
        KeepOut(std::sync::Arc::new(
            paths
                .iter()
                .filter_map(|p| Place::new(p).stat().ok())
                .filter(|facts| matches!(facts.kind, FileKind::Folder | FileKind::Regular))
                .map(|facts| facts.id)
                .collect(),
        ))
    }
}

/// `keep_out`: folders no link inside the paths may lead into, but for the folder given itself
/// (see [`KeepOut`]).
pub fn discover(
    paths: &[PathBuf],
    keep_out: &KeepOut,
) -> Result<(Vec<Input>, Vec<WalkProblem>), PathError> {
    let mut walk = Walk {
        fenced: keep_out.clone(),
        ..Walk::default()
    };
    let mut refused: Option<PathError> = None;
    let mut readable = 0usize;
    for path in paths {
        let label = path.to_string_lossy().into_owned();
        match walk.given(path, label) {
            Ok(()) => readable += 1,
            Err((label, reason)) => {
                if refused.is_none() {
                    refused = Some(PathError {
                        path: label.clone(),
                        reason: reason.clone(),
                    });
                }
                walk.problem(label, reason);
            }
        }
    }
    match refused {
        Some(first) if readable == 0 => Err(first),
        _ => Ok((walk.inputs, walk.problems)),
    }
}

/// A path named on the command line, as it can be read.
enum Given {
    Folder(Place, Facts),
    File(Place, Kind),
}

/// What a path named on the command line is, or why it cannot be read: missing, unreadable, not
/// a regular file or folder, or a file that is not ours.
fn check_given(path: &Path, label: &str) -> Result<Given, String> {
    let place = Place::new(path);
    let facts = place.stat().map_err(|e| describe_io(&e))?;
    match facts.kind {
        FileKind::Folder => Ok(Given::Folder(place, facts)),
        FileKind::Regular => {
            let Some(kind) = kind_of(label) else {
                return Err(if is_mac_metadata(label) {
                    "macOS metadata (an AppleDouble `._` file), not an activity".into()
                } else {
                    "not a .fit, .gpx, .tcx (optionally .gz) or .zip file".into()
                });
            };
            place.open_regular().map_err(|e| describe_io(&e))?;
            Ok(Given::File(place, kind))
        }
        other => Err(other.refusal()),
    }
}

/// Why a path named on the command line cannot be read, if it cannot (its row says the same).
pub fn unreadable_given(path: &Path) -> Option<String> {
    check_given(path, &path.to_string_lossy()).err()
}

#[derive(Default)]
struct Walk {
    /// Folders entered, by device and inode.
    seen: HashSet<(u64, u64)>,
    /// The folders above the folder given being walked, by device and inode: a link up to one
    /// of them from inside (`x -> ..`) would read everything beside what was given (in `team`,
    /// every athlete read every other's runs). Only that folder's: a folder given after one of
    /// its own subfolders (`A/b/c A`) holds the folders above the first as real subfolders.
    above: HashSet<(u64, u64)>,
    /// Folders kept out of this reading (see [`KeepOut`]), and the folder given being walked,
    /// which is not.
    fenced: KeepOut,
    root: Option<(u64, u64)>,
    inputs: Vec<Input>,
    problems: Vec<WalkProblem>,
}

/// Folders nested deeper than this below a path given are not entered (a problem row says so):
/// every frame of the walk holds its folder's path, so a chain of 40,000 folders held 1.75 GB
/// before a file was read (hostile round 33 H3). A Garmin export is six folders deep; nothing a
/// watch or an app writes comes near this.
pub const MAX_FOLDER_DEPTH: usize = 128;

/// A folder being walked: its place, its label and the names still to look at (last first).
struct Frame {
    place: Place,
    label: String,
    /// Each with what the folder listed it as.
    names: Vec<(OsString, Listed)>,
    /// Reached through a link (this folder, or one it lies in below the folder given): only
    /// there can the walk have left the athlete's own folder.
    via_link: bool,
}

/// What a folder lists a name as, without a look at the name itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    Regular,
    Folder,
    /// A link, or a name the file system would not say what it is.
    MaybeLink,
}

impl Walk {
    fn problem(&mut self, label: String, reason: impl Into<String>) {
        self.problems.push(WalkProblem {
            label,
            reason: reason.into(),
        });
    }

    /// A path named on the command line: walked if a folder, taken if a file of ours that opens;
    /// else its label back, and why not.
    fn given(&mut self, path: &Path, label: String) -> Result<(), (String, String)> {
        match check_given(path, &label) {
            Ok(Given::Folder(place, facts)) => {
                self.note_above(path);
                self.root = Some(facts.id);
                // An athlete that is itself a link owns nothing of another's it leads to: a link
                // to a parent's folder holding the child's real one, or to the team's own folder,
                // had read the others' runs as its own (hostile round 37 H4).
                let linked = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
                self.folder(place, facts, label, linked);
                Ok(())
            }
            Ok(Given::File(place, kind)) => {
                self.inputs.push(Input { place, label, kind });
                Ok(())
            }
            Err(why) => Err((label, why)),
        }
    }

    /// Notes the folders above a folder given (a few stats, from its canonical path up), in place
    /// of those of the folder given before it.
    fn note_above(&mut self, path: &Path) {
        self.above.clear();
        let Ok(real) = fs::canonicalize(path) else {
            return;
        };
        for folder in real.ancestors().skip(1) {
            if let Ok(facts) = Place::new(folder).stat() {
                self.above.insert(facts.id);
            }
        }
    }

    /// Enters a folder: `None` when it was seen before or cannot be read (a problem row then).
    fn enter(
        &mut self,
        place: Place,
        facts: Facts,
        label: String,
        via_link: bool,
    ) -> Option<Frame> {
        if !self.seen.insert(facts.id) {
            self.problem(
                label,
                "folder already read (named twice, or a symlink loop): skipped",
            );
            return None;
        }
        match place.read_folder() {
            Ok((place, mut names)) => {
                // Sorted, then taken from the end: names come out in order.
                names.sort_unstable_by(|a, b| b.0.cmp(&a.0));
                Some(Frame {
                    place,
                    label,
                    names,
                    via_link,
                })
            }
            Err(e) => {
                self.problem(label, format!("cannot read folder: {}", describe_io(&e)));
                None
            }
        }
    }

    /// Whether a place a link leads to is another athlete's: their folder or zip, or anything
    /// inside their folder (the folders it lies in, up to the one being walked, which is this
    /// athlete's own). Asked only of what was reached through a link, and only in a team: an
    /// athlete's own subfolder is theirs, whoever else links to it (round 36 H2).
    fn kept_out(&self, place: &Place, facts: &Facts) -> bool {
        if self.fenced.0.is_empty() || self.root == Some(facts.id) {
            return false;
        }
        if self.fenced.0.contains(&facts.id) {
            return true;
        }
        let Some(real) = place.whole_path().and_then(|p| fs::canonicalize(p).ok()) else {
            return false;
        };
        for folder in real.ancestors().skip(1) {
            let Ok(id) = Place::new(folder).stat().map(|f| f.id) else {
                return false;
            };
            if self.root == Some(id) {
                return false;
            }
            if self.fenced.0.contains(&id) {
                return true;
            }
        }
        false
    }

    /// Whether a file is one of the team's athletes' (their zip), by what it is on disk.
    fn athletes_file(&self, place: &Place) -> bool {
        !self.fenced.0.is_empty()
            && place
                .stat()
                .is_ok_and(|facts| self.fenced.0.contains(&facts.id))
    }

    /// Walks a folder depth first, in sorted order, without recursion (a tree thousands of
    /// folders deep is walked like a shallow one); `linked`: the folder was given through a link.
    fn folder(&mut self, place: Place, facts: Facts, label: String, linked: bool) {
        let mut stack: Vec<Frame> = self
            .enter(place, facts, label, linked)
            .into_iter()
            .collect();
        while let Some(frame) = stack.last_mut() {
            let Some((name, listed)) = frame.names.pop() else {
                stack.pop();
                continue;
            };
            let via_link = frame.via_link || listed == Listed::MaybeLink;
            let place = frame.place.child(&name);
            let name = name.to_string_lossy().into_owned();
            let ours = kind_of(&name);
            // A regular file by the folder's own word needs no stat of its own: not ours, it is
            // skipped; ours, opening it checks again what it is (it may change meanwhile).
            if listed == Listed::Regular {
                if let Some(kind) = ours {
                    let label = child_label(&frame.label, &name);
                    // Reached through a link, a file may be another athlete's own zip (an
                    // athlete linked to the team's folder: hostile round 37 H4).
                    if via_link && self.athletes_file(&place) {
                        self.problem(
                            label,
                            "another athlete's file, reached through a link: not read (each athlete is read alone)",
                        );
                    } else {
                        self.inputs.push(Input { place, label, kind });
                    }
                }
                continue;
            }
            let label = child_label(&frame.label, &name);
            // Follows symlinks; a dangling link is an error row only if it looks like ours.
            match place.stat() {
                Ok(facts) if facts.kind == FileKind::Folder => {
                    if self.above.contains(&facts.id) {
                        self.problem(
                            label,
                            "a link to a folder above the one given: not read (it holds what lies beside that folder)",
                        );
                    } else if via_link && self.kept_out(&place, &facts) {
                        self.problem(
                            label,
                            "a link to another athlete's folder: not read (each athlete is read alone)",
                        );
                    } else if stack.len() > MAX_FOLDER_DEPTH {
                        self.problem(
                            label,
                            format!(
                                "folder nested more than {MAX_FOLDER_DEPTH} deep: not read (move what it holds nearer the top)"
                            ),
                        );
                    } else if let Some(frame) = self.enter(place, facts, label, via_link) {
                        stack.push(frame);
                    }
                }
                Ok(facts) => {
                    let Some(kind) = ours else { continue };
                    if via_link && self.kept_out(&place, &facts) {
                        self.problem(
                            label,
                            "a link to another athlete's file: not read (each athlete is read alone)",
                        );
                    } else if facts.kind == FileKind::Regular {
                        self.inputs.push(Input { place, label, kind });
                    } else {
                        self.problem(label, facts.kind.refusal());
                    }
                }
                Err(e) => {
                    if ours.is_some() {
                        self.problem(label, describe_io(&e));
                    }
                }
            }
        }
    }
}

pub(crate) fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads a file named in the command line or found by the walk, refusing anything that is not a
/// regular file; the file and its length.
pub(crate) fn open_input(input: &Input) -> Result<(fs::File, u64), String> {
    input.place.open_regular().map_err(|e| describe_io(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_case_insensitive_and_gz_aware() {
        assert_eq!(
            kind_of("a/B.FIT"),
            Some(Kind::Activity {
                format: SourceFormat::Fit,
                gzipped: false
            })
        );
        assert_eq!(
            kind_of("x.Gpx.GZ"),
            Some(Kind::Activity {
                format: SourceFormat::Gpx,
                gzipped: true
            })
        );
        assert_eq!(kind_of("export.ZIP"), Some(Kind::Zip));
        assert_eq!(
            kind_of("activities.csv"),
            Some(Kind::Index(crate::ingest::index::IndexKind::StravaCsv))
        );
        assert_eq!(kind_of("profile.csv"), None);
        assert_eq!(kind_of("a.zip.gz"), Some(Kind::GzippedZip));
        assert_eq!(kind_of("fit"), None);
    }

    #[test]
    fn macos_metadata_is_not_ours_whatever_its_name_says() {
        assert_eq!(kind_of("._run.fit"), None);
        assert_eq!(kind_of("export/._2024-01-01.FIT"), None);
        assert_eq!(kind_of("__MACOSX/run.fit"), None);
        assert_eq!(kind_of("a/__MACOSX/b/run.gpx"), None);
        // Only the folder of that name and a leading `._` count.
        assert!(kind_of("my__MACOSX_runs/run.fit").is_some());
        assert!(kind_of("run._x.fit").is_some());
        assert!(kind_of("thomaschampagne__elevate__._empty.fit").is_some());
    }
}
