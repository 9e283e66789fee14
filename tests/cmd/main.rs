//! The command line end to end: rows, statuses and exit codes, usage errors, and the setup commands.

#[path = "../support/cli.rs"]
mod cli;

mod end_to_end;
mod errors;
mod explain_paths;
mod setup_commands;
