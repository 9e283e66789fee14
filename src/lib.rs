//! grayzone: is your training really 80/20?
//!
//! The pipeline, one module per stage:
//! [`discover`] files → [`decode`] (FIT, GPX, TCX) → one normalized [`activity`] →
//! per-run [`summary`] → [`baseline`] → [`classify`] → [`weekly`] report → [`report`] (CSV / JSON).

pub mod activity;
pub mod decode;
pub mod testkit;
