//! `grayzone completions bash|zsh|fish|powershell|elvish`: a shell completion script on standard
//! output.
use std::io::Write;

use clap::Args;

use crate::cmd::options::output;
use crate::cmd::{Cli, EXIT_OK};

#[derive(Args, Debug, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(shell: clap_complete::Shell) -> Result<i32, String> {
    let mut command = <Cli as clap::CommandFactory>::command();
    // Made in memory first: clap_complete panics when its writer fails (`> /dev/full`); a
    // failed write is an error message and status 2 here, as for every command.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "grayzone", &mut script);
    let mut out = output(None)?;
    out.write_all(&script)
        .and_then(|_| out.flush())
        .map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}
