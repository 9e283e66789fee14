//! What every decoder promises about its output, whatever the bytes: checked after each run so a
//! fuzz input that breaks a promise is a finding, like a panic.

#![allow(dead_code)] // each target uses a part

use grayzone::activity::{DecodeResult, FileContent, QualityNote};

/// One line of text a runner reads in a CSV cell or on stderr.
pub fn assert_one_line(text: &str, what: &str) {
    assert!(!text.trim().is_empty(), "{what} is empty");
    assert!(!text.contains('\n'), "{what} spans lines: {text:?}");
}

pub fn assert_note(note: &QualityNote) {
    assert!(
        !note.code.is_empty()
            && note
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "quality code {:?} is not snake_case",
        note.code
    );
    assert_one_line(&note.detail, "quality detail");
}

/// The decoder contract of `src/activity.rs`: samples in time order with real times, one-line
/// messages.
pub fn check_decoded(result: &DecodeResult) {
    match result {
        Err(e) => assert_one_line(&e.0, "decode error"),
        Ok(FileContent::NotActivity { note }) => assert_one_line(note, "not-an-activity note"),
        Ok(FileContent::Activities(activities)) => {
            for a in activities {
                assert!(
                    a.samples.iter().all(|s| s.time.is_finite()),
                    "a sample time is not finite"
                );
                assert!(
                    a.samples.windows(2).all(|w| w[0].time <= w[1].time),
                    "samples out of time order"
                );
                for p in &a.pauses {
                    assert!(
                        p.stopped_at <= p.resumed_at,
                        "pause resumes before it stops"
                    );
                }
                a.notes.iter().for_each(assert_note);
            }
        }
    }
}
