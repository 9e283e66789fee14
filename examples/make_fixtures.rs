//! Regenerates the committed fixtures: `cargo run --example make_fixtures [-- OUT_DIR]`
//! (default `fixtures/`). Output is deterministic; `tests/fixtures_current.rs` checks it.
//! Files the generator no longer produces are removed from its own folders
//! (`files/`, `seasons/`, `sample-export/`), nothing else.

use std::path::PathBuf;
use testkit::fixtures;

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    if let Err(e) = run(&out) {
        eprintln!("make_fixtures: {}: {e}", out.display());
        std::process::exit(1);
    }
}

fn run(out: &std::path::Path) -> std::io::Result<()> {
    let n = fixtures::write_all(out)?;
    println!("wrote {n} fixture files under {}", out.display());
    for stale in fixtures::stale_files(out)? {
        std::fs::remove_file(&stale)?;
        println!("removed stale {}", stale.display());
    }
    Ok(())
}
