//! Regenerates the committed fixtures: `cargo run --example make_fixtures [-- OUT_DIR]`
//! (default `fixtures/`). Output is deterministic; `tests/fixtures_current.rs` checks it.

use std::path::PathBuf;

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    match grayzone::testkit::fixtures::write_all(&out) {
        Ok(n) => println!("wrote {n} fixture files under {}", out.display()),
        Err(e) => {
            eprintln!("make_fixtures: cannot write {}: {e}", out.display());
            std::process::exit(1);
        }
    }
}
