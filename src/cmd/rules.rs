//! `grayzone rules`: every figure the judgement rests on (name, default, why), as the Markdown table
//! the README carries. What `explain` cites and what the code applies come from the same table.

use std::io::Write;

use crate::cmd::EXIT_OK;
use crate::judge::rules;

pub fn run() -> Result<i32, String> {
    let mut out = crate::cmd::options::output(None)?;
    out.write_all(rules::markdown().as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}
