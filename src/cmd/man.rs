//! `grayzone man [SUBCOMMAND] [--dir DIR]`: the manual page (roff) on standard output, a
//! subcommand's, or all of them written into a folder.
use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cmd::options::{
    cannot_write, check_writable, output, refuse_special, resolved, write_named_file,
};
use crate::cmd::{Cli, EXIT_OK};

#[derive(Args, Debug, Clone)]
pub struct ManArgs {
    /// The subcommand whose page to print (grayzone-SUBCOMMAND(1)); the main page when not given.
    #[arg(value_name = "SUBCOMMAND")]
    pub command: Option<String>,
    /// Write every page (grayzone.1 and grayzone-SUBCOMMAND.1) into this folder instead (made if
    /// it does not exist).
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: &ManArgs) -> Result<i32, String> {
    let mut command = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    command.build();
    if let Some(dir) = &args.dir {
        // `~/.local/share/man/man1` often does not exist yet: make it, as `install -D` would.
        std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
        // Every page as every output is written: checked first (a link there onto a run or into
        // an export is refused: clap's own writer went through `grayzone.1 -> ../run.fit`,
        // hostile round 35 M2), then whole or not at all.
        let mut pages = Vec::new();
        pages_of(command, &mut pages)?;
        for (name, _) in &pages {
            let page = dir.join(name);
            check_writable(&page)?;
            refuse_special(&page)?;
            // A link to a file of another name is no man page's: `grayzone.1 ->
            // ../export/activities.csv`, not there yet, made the export's index of roff
            // (hostile round 36 M3).
            let linked = std::fs::symlink_metadata(&page).is_ok_and(|m| m.is_symlink());
            let target = resolved(&page);
            if linked && target.file_name() != Some(std::ffi::OsStr::new(name)) {
                return Err(format!(
                    "{} is a link to {}: a man page is written over no other file",
                    page.display(),
                    target.display()
                ));
            }
        }
        for (name, page) in &pages {
            write_named_file(&dir.join(name), page)?;
        }
        say!(
            "grayzone: wrote the man pages into {} (add its parent to MANPATH if `man grayzone` does not find them)",
            dir.display()
        );
        return Ok(EXIT_OK);
    }
    let page = match &args.command {
        None => command,
        Some(name) => command.find_subcommand(name).cloned().ok_or_else(|| {
            format!(
                "no subcommand '{}': try one of {}",
                crate::activity::label::echo(name),
                command
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?,
    };
    let mut out = output(None)?;
    page_of(page)
        .render(&mut out)
        .and_then(|_| out.flush())
        .map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}

/// A command's page, its footer naming the program and its version: a subcommand has no
/// version of its own, and its page named itself there instead ("chart", newcomer 37 N17).
fn page_of(command: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(command).source(format!("grayzone {}", env!("CARGO_PKG_VERSION")))
}

/// The pages `--dir` writes: the command's and every visible subcommand's, as clap_mangen names
/// them (`grayzone.1`, `grayzone-weekly.1`).
fn pages_of(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages_of(sub.clone(), pages)?;
    }
    let man = page_of(command);
    let mut page = Vec::new();
    man.render(&mut page)
        .map_err(|e| format!("cannot make the page {}: {e}", man.get_filename()))?;
    pages.push((man.get_filename(), page));
    Ok(())
}
