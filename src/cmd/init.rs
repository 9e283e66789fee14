//! `grayzone init [DIR|EXPORT] [--force]`: writes a commented `grayzone.toml` (every key commented
//! out) into DIR, or beside the export file given (a `.zip`), where grayzone looks for it.
use std::path::PathBuf;

use clap::Args;

use crate::cmd::options::write_named_file;
use crate::cmd::EXIT_OK;

#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Folder to write grayzone.toml into (your export's folder, where grayzone looks for it); given
    /// an export file (export.zip), the folder holding it.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing grayzone.toml.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &InitArgs) -> Result<i32, String> {
    // grayzone reads the profile from the folder of the first path it is given, or from the
    // folder holding it when that is a file: init writes where it will be read.
    let dir = if args.dir.is_file() {
        match args.dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    } else {
        args.dir.clone()
    };
    let dir = &dir;
    if !dir.is_dir() {
        // A device or a pipe is there, not missing: said as what it is (hostile round 35 M4).
        let what = if dir.exists() {
            "not a folder but a device, a pipe or a file of another kind (give the folder of your export)"
        } else {
            "no such folder (create it first, or give the folder of your export)"
        };
        return Err(format!("{}: {what}", dir.display()));
    }
    let path = dir.join("grayzone.toml");
    if path.exists() && !args.force {
        return Err(format!(
            "{}: already exists (edit it, or pass --force to replace it with a fresh template)",
            path.display()
        ));
    }
    write_named_file(&path, crate::judge::profile::TEMPLATE.as_bytes())?;
    say!(
        "grayzone: wrote {}: uncomment the lines you know (max_hr, easy_pace, …); `grayzone baseline {}` shows what grayzone derives",
        path.display(),
        args.dir.display()
    );
    Ok(EXIT_OK)
}
