//! Inputs the fuzzers (`fuzz/`, see FUZZING.md) found breaking a promise, minimized, each with the
//! behaviour fixed since. Inline when a few bytes say it; generated files under
//! `fixtures/regressions/` otherwise.

use grayzone::activity::{FileContent, SourceFormat};
use grayzone::decode::{gpx, tcx};
use grayzone::pipeline::rows_for_file;
use grayzone::row::Status;

fn one_line(text: &str) -> bool {
    !text.is_empty() && !text.contains(['\n', '\r']) && !text.chars().any(char::is_control)
}

/// gpx_decode / tcx_decode, minimized to 4 bytes: quick-xml's reason for the break quotes the
/// bytes it found, newline included, and the error message spanned two lines (a broken CSV line
/// on stderr, a multi-line `error` cell).
#[test]
fn xml_fault_that_quotes_a_newline_is_one_line() {
    for result in [gpx::decode(b"</\n>"), tcx::decode(b"</\n>")] {
        let message = result.expect_err("not XML").0;
        assert!(one_line(&message), "{message:?}");
        assert!(
            message.starts_with("not XML: XML breaks at byte "),
            "{message}"
        );
    }
}

/// The same fault after some points: the `truncated` quality note carries the reason.
#[test]
fn truncation_note_that_quotes_a_newline_is_one_line() {
    let doc = "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>\
               <trkpt lat=\"48.1\" lon=\"11.5\"><time>2024-03-04T06:30:00Z</time></trkpt>\
               <trkpt lat=\"48.1\" lon=\"11.5\"><time>2024-03-04T06:30:05Z</tim\ne></trkpt>";
    let Ok(FileContent::Activities(activities)) = gpx::decode(doc.as_bytes()) else {
        panic!("the point before the break is kept");
    };
    let note = activities[0]
        .notes
        .iter()
        .find(|n| n.code == "truncated")
        .expect("truncated note");
    assert!(one_line(&note.detail), "{:?}", note.detail);
    assert!(note.detail.contains("`</tim e>`"), "{}", note.detail);
}

/// A root element named with control characters (a terminal acts on ESC) and at great length.
#[test]
fn root_element_name_in_a_message_is_short_and_clean() {
    let name = format!("x\u{1b}[31m{}", "y".repeat(5000));
    let doc = format!("<{name}></{name}>");
    for message in [
        gpx::decode(doc.as_bytes()).expect_err("not GPX").0,
        tcx::decode(doc.as_bytes()).expect_err("not TCX").0,
    ] {
        assert!(one_line(&message), "{message:?}");
        assert!(message.chars().count() < 300, "{} chars", message.len());
        assert!(message.contains("…"), "{message}");
    }
}

/// pipeline, minimized to 158 bytes: one trackpoint and a lap of 2 s of timer time, no elapsed
/// total. Moving time came out 2 s and elapsed 0 s; elapsed is never shorter than moving.
#[test]
fn single_trackpoint_with_lap_timer_keeps_moving_within_elapsed() {
    let tcx = "<TrainingCenterDatabase\n><Activities> <Activity>\n<Lap> \
               <TotalTimeSeconds>2</TotalTimeSeconds><Track> <Trackpoint>\
               <Time>2007-08-07T02:42:41</Time></Trackpoint>";
    let rows = rows_for_file("min.tcx", SourceFormat::Tcx, tcx.as_bytes());
    assert_eq!(rows.len(), 1);
    let summary = rows[0].summary.as_ref().expect("a summary");
    assert_ne!(rows[0].status, Status::Error);
    assert_eq!(summary.moving_time_s, 2.0);
    assert_eq!(summary.elapsed_time_s, 2.0);
}
