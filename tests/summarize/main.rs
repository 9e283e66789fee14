//! Stage 2, summarize: totals against the real corpus's references, and the invariants any export keeps (property tests).

#[path = "../support/cli.rs"]
mod cli;
#[path = "../support/real.rs"]
mod real;

mod fidelity;
mod properties;
mod real_corpus;
mod real_extra;
