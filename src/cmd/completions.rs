//! `grayzone completions bash|zsh|fish|powershell|elvish`: a shell completion script on standard
//! output.
use std::io::{self, Write};

use clap::Args;

use crate::cmd::{Cli, EXIT_OK};

#[derive(Args, Debug, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(shell: clap_complete::Shell) -> Result<i32, String> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut command, "grayzone", &mut out);
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}
