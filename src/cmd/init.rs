//! `grayzone init [DIR] [--force]`: writes a commented `grayzone.toml` (every key commented out)
//! into DIR, where grayzone looks for it beside the export.
use std::path::PathBuf;

use clap::Args;

use crate::cmd::options::write_file;
use crate::cmd::EXIT_OK;

#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Folder to write grayzone.toml into (your export's folder, where grayzone looks for it).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing grayzone.toml.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &InitArgs) -> Result<i32, String> {
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(format!(
            "{}: no such folder (create it first, or give the folder of your export)",
            dir.display()
        ));
    }
    let path = dir.join("grayzone.toml");
    if path.exists() && !args.force {
        return Err(format!(
            "{}: already exists (edit it, or pass --force to replace it with a fresh template)",
            path.display()
        ));
    }
    write_file(&path, crate::judge::profile::TEMPLATE.as_bytes())?;
    eprintln!(
        "grayzone: wrote {}: uncomment the lines you know (max_hr, easy_pace, …); `grayzone baseline {}` shows what grayzone derives",
        path.display(),
        dir.display()
    );
    Ok(EXIT_OK)
}
