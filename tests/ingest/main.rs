//! Stage 1, ingest: the decoders against independent oracles (fitparser, the gpx crate, Garmin's FIT SDK and gpxpy figures), bad and hostile input, and what the fuzzers found.

#[path = "../support/cli.rs"]
mod cli;
#[path = "../support/fitparser_values.rs"]
mod fitparser_values;
#[path = "../support/real.rs"]
mod real;

mod bad_input;
mod fit_hr_messages;
mod fit_oracle;
mod fit_real;
mod fuzz_regressions;
mod gpx_oracle;
mod hostile;
mod limits;
mod xml_real;
