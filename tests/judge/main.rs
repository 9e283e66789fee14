//! Stage 3, judge: the coaching rules on simulated weeks, and class accuracy and gray-zone F1 on labelled seasons.

#[path = "../support/cli.rs"]
mod cli;
#[path = "../support/real.rs"]
mod real;
#[path = "../support/sweep.rs"]
mod sweep;

mod fragments;
mod hard_cases;
mod intent_exports;
mod intent_real;
mod intent_sources;
mod intent_words;
mod judgement_rules;
mod overrides;
mod real_verdicts;
mod seasons;
mod seasons_generated;
mod watch_settings;
