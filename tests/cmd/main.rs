//! The command line end to end: rows, statuses and exit codes, usage errors, the setup commands,
//! date windows, and what a new user meets first.

#[path = "../support/cli.rs"]
mod cli;
#[path = "../support/real.rs"]
mod real;

mod end_to_end;
mod errors;
mod explain_paths;
mod first_steps;
mod intent;
mod left_out;
mod python;
mod readme_examples;
mod setup_commands;
mod team;
mod windows;
