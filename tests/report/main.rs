//! Stage 4, report: every output format, the chart, the HTML report in a browser, explain, week starts, the README's column tables, and the tables as a terminal and an analyst read them.

#[path = "../support/cli.rs"]
mod cli;

mod chart;
mod explain;
mod formats;
mod html_report;
mod readme_schema;
mod tables;
mod week_start;
