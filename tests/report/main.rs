//! Stage 4, report: every output format, the chart, the HTML report in a browser, explain, week starts, and the README's column tables.

#[path = "../support/cli.rs"]
mod cli;

mod chart;
mod explain;
mod formats;
mod html_report;
mod readme_schema;
mod week_start;
