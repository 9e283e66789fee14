//! A row's label, the one grammar every stage reads it by: the path of the file it came from;
//! `EXPORT.zip!inner/run.fit` for a member of an archive (nested archives chain their `!`); and
//! `#N` after it for the Nth session of a file that holds several (`tri.fit#2`). A folder named
//! `wk#12/` is part of the path: only a number at the very end is a session.

/// `run.fit` and its member `name`: `run.zip!name`.
pub fn member(archive: &str, name: &str) -> String {
    format!("{archive}!{name}")
}

/// The `n`th session (from 1) of the file `file`: `file#n`.
pub fn session(file: &str, n: usize) -> String {
    format!("{file}#{n}")
}

/// `run.fit#2` → (`run.fit`, Some(2)); `odd#name.fit` → (`odd#name.fit`, None). A number too
/// large for a session gives (the file, None).
pub fn split_session(label: &str) -> (&str, Option<u32>) {
    match label.rsplit_once('#') {
        Some((file, n))
            if !file.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (file, n.parse().ok())
        }
        _ => (label, None),
    }
}

/// The file a label names, without its session's `#N`.
pub fn file(label: &str) -> &str {
    split_session(label).0
}

/// The file's own name, without its folders and archives: after the last `/`, `\` or `!`.
pub fn file_name(label: &str) -> &str {
    label.rsplit(['/', '\\', '!']).next().unwrap_or(label)
}

/// A user's text as a message echoes it: whole when short, else its start and its length. A
/// mistyped option can be a pasted page, and the message about it stays one line to read.
pub fn echo(text: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 60;
    match text.char_indices().nth(SHOWN) {
        None => text.into(),
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()).into(),
    }
}

/// A number as a message echoes it: `1e308`, not its 309 digits.
pub fn echo_number(value: f64) -> String {
    if value == 0.0 || value.is_finite() && (1e-3..1e9).contains(&value.abs()) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

/// How the caller's options are named in messages: the command line's `--max-hr`, or the Python
/// package's keyword `max_hr`. The library is both's: a Python user told of `--max-hr` is told of
/// a flag they never typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Spelling {
    #[default]
    Flag,
    Keyword,
}

impl Spelling {
    /// `--max-hr` or `max_hr` for the option `max-hr`.
    pub fn of(self, option: &str) -> String {
        match self {
            Spelling::Flag => format!("--{option}"),
            Spelling::Keyword => option.replace('-', "_"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_echoed_cut_and_a_huge_number_short() {
        assert_eq!(echo("Europe/Pari"), "Europe/Pari");
        let long = "é".repeat(100);
        assert_eq!(echo(&long), format!("{}… (100 characters)", "é".repeat(60)));
        assert_eq!(echo(&"a".repeat(60)), "a".repeat(60));
        assert_eq!(echo_number(185.5), "185.5");
        assert_eq!(echo_number(1e308), "1e308");
        assert_eq!(echo_number(-1e308), "-1e308");
        assert_eq!(echo_number(f64::NAN), "NaN");
        assert_eq!(echo_number(1e-300), "1e-300");
        assert_eq!(echo_number(0.0), "0");
    }

    #[test]
    fn a_session_is_a_number_at_the_very_end() {
        assert_eq!(split_session("a/run.fit"), ("a/run.fit", None));
        assert_eq!(split_session("a/multi.fit#2"), ("a/multi.fit", Some(2)));
        assert_eq!(
            split_session("e.zip!in/b.zip!c.fit#1"),
            ("e.zip!in/b.zip!c.fit", Some(1))
        );
        assert_eq!(split_session("odd#name.fit"), ("odd#name.fit", None));
        assert_eq!(split_session("#2"), ("#2", None));
        assert_eq!(file("wk#12/run.fit"), "wk#12/run.fit");
        assert_eq!(file("wk#12/run.fit#3"), "wk#12/run.fit");
        assert_eq!(file("x.zip!run.tcx#10"), "x.zip!run.tcx");
        assert_eq!(session(&member("x.zip", "run.tcx"), 10), "x.zip!run.tcx#10");
    }

    #[test]
    fn a_file_name_drops_folders_and_archives() {
        assert_eq!(file_name("export.zip!inner/dir/run.fit"), "run.fit");
        assert_eq!(file_name(r"C:\export\run.fit"), "run.fit");
        assert_eq!(file_name("run.fit"), "run.fit");
    }
}
