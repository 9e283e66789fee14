//! The ceiling of the speed comparison (`benches/compare.sh`): read every file under a folder and
//! touch every byte, doing nothing else. No pipeline can be faster than this on the same machine.
//!
//! ```sh
//! cargo run --release --example read_all -- FOLDER [-j N]
//! ```
//!
//! Walks FOLDER (recursively), reads each regular file whole with `std::fs::read` on a rayon pool of
//! `-j N` threads (or `RAYON_NUM_THREADS`, or one per core), folds its bytes into a checksum so the
//! reads cannot be optimised away, and prints the file count, the byte count and the checksum. An
//! unreadable file is reported on stderr and the exit status is then 1.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let mut folder = None;
    let mut threads = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-j" | "--threads" => threads = args.next().and_then(|n| n.parse::<usize>().ok()),
            _ if folder.is_none() && !a.starts_with('-') => folder = Some(PathBuf::from(a)),
            _ => usage(&format!("unexpected argument {a:?}")),
        }
    }
    let Some(folder) = folder else {
        usage("no FOLDER given")
    };
    if let Some(n) = threads {
        if n == 0 {
            usage("-j needs a positive number");
        }
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("read_all: thread pool: {e}");
            std::process::exit(2);
        }
    }
    let mut paths = Vec::new();
    if let Err(e) = walk(&folder, &mut paths) {
        eprintln!("read_all: {}: {e}", folder.display());
        std::process::exit(2);
    }
    let results: Vec<Result<(u64, u64), String>> = paths
        .par_iter()
        .map(|p| match std::fs::read(p) {
            Ok(bytes) => Ok((bytes.len() as u64, checksum(&bytes))),
            Err(e) => Err(format!("{}: {e}", p.display())),
        })
        .collect();
    let (mut files, mut bytes, mut sum, mut failed) = (0u64, 0u64, 0u64, 0);
    for r in results {
        match r {
            Ok((n, c)) => {
                files += 1;
                bytes += n;
                sum = sum.wrapping_add(c);
            }
            Err(e) => {
                eprintln!("read_all: {e}");
                failed += 1;
            }
        }
    }
    println!("{files} files, {bytes} bytes, checksum {sum:016x}");
    if failed > 0 {
        std::process::exit(1);
    }
}

fn usage(problem: &str) -> ! {
    eprintln!("read_all: {problem}\nusage: read_all FOLDER [-j N]");
    std::process::exit(2);
}

/// Every regular file under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Sum of the file's 8-byte words (and its tail bytes): reads every byte, at memory speed.
fn checksum(bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    let mut sum = 0u64;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        sum = sum.wrapping_add(u64::from_le_bytes(w));
    }
    for &b in chunks.remainder() {
        sum = sum.wrapping_add(u64::from(b));
    }
    sum
}
