//! Reading intent from a run's title: the word list (`words.csv`, in the languages runners title
//! their runs in) and the matcher. The rules of the list are written at its head; this file is
//! how they are applied.

use std::sync::OnceLock;

use super::Planned;

const BUILTIN: &str = include_str!("words.csv");

/// What a title says: the planned kind of run and the words that say it, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleIntent {
    pub planned: Planned,
    pub words: Vec<String>,
}

/// One phrase of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// `None`: the phrase says nothing (and hides its words from other phrases).
    planned: Option<Planned>,
    words: Vec<Pattern>,
    /// Matches only a whole title.
    whole: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Pattern {
    Word(String),
    Prefix(String),
    Suffix(String),
    /// `#`: any number ("Track 1", the default name of a handheld's track).
    Number,
}

impl Pattern {
    fn matches(&self, token: &str) -> bool {
        match self {
            Pattern::Word(w) => token == w,
            Pattern::Prefix(p) => token.starts_with(p.as_str()),
            Pattern::Suffix(s) => token.ends_with(s.as_str()) && token.len() > s.len(),
            Pattern::Number => !token.is_empty() && token.chars().all(|c| c.is_ascii_digit()),
        }
    }

    fn is_exact(&self) -> bool {
        matches!(self, Pattern::Word(_))
    }
}

/// A list of phrases, parsed.
#[derive(Clone, Debug, Default)]
pub struct WordList {
    entries: Vec<Entry>,
}

/// A line of a word list that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for ListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl WordList {
    /// The list shipped with grayzone.
    pub fn builtin() -> &'static WordList {
        static LIST: OnceLock<WordList> = OnceLock::new();
        // A line the tests reject cannot ship; were one to, it is left out, not fatal.
        LIST.get_or_init(|| WordList::parse(BUILTIN).0)
    }

    /// Starts reading the shipped list on the thread pool, for a caller about to read files: it
    /// takes half a millisecond, which the first run judged would otherwise spend while the
    /// other threads wait for it (the judge is the short, last stage; the reading has work for
    /// every thread).
    pub fn warm_up_soon() {
        rayon::spawn(|| {
            WordList::builtin();
        });
    }

    /// Parses a list in the format of `words.csv`: the entries read, and the lines that could
    /// not be.
    pub fn parse(text: &str) -> (WordList, Vec<ListError>) {
        let mut list = WordList::default();
        let mut errors = Vec::new();
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen && line == "planned,language,phrase" {
                header_seen = true;
                continue;
            }
            match parse_entry(line) {
                Ok(entry) => list.entries.push(entry),
                Err(reason) => errors.push(ListError {
                    line: line_no,
                    reason,
                }),
            }
        }
        (list, errors)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What a title says the run was meant to be, if anything.
    pub fn read(&self, title: &str) -> Option<TitleIntent> {
        let tokens = tokenize(title);
        let mut found: Vec<Found> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some((entry, len)) = self.longest_at(&tokens, i) {
                found.push(Found {
                    planned: entry.planned,
                    first: i,
                    last: i + len - 1,
                });
                i += len;
            } else if let Some(len) = repeats_at(&tokens, i) {
                found.push(Found {
                    planned: Some(Planned::Workout),
                    first: i,
                    last: i + len - 1,
                });
                i += len;
            } else {
                i += 1;
            }
        }
        let kept: Vec<&Found> = found
            .iter()
            .enumerate()
            .filter(|&(k, f)| {
                !(f.planned == Some(Planned::Race) && names_event(&found, k, &tokens))
            })
            .map(|(_, f)| f)
            .collect();
        let planned = kept.iter().filter_map(|f| f.planned).max()?;
        let words = kept
            .iter()
            .filter(|f| f.planned == Some(planned))
            .filter_map(|f| {
                let start = tokens.get(f.first)?.start;
                let end = tokens.get(f.last)?.end;
                title.get(start..end).map(str::to_owned)
            })
            .collect();
        Some(TitleIntent { planned, words })
    }

    /// The longest phrase that starts at token `i` (exact words before wildcards at equal length).
    fn longest_at(&self, tokens: &[Token], i: usize) -> Option<(&Entry, usize)> {
        self.entries
            .iter()
            .filter(|e| e.matches_at(tokens, i))
            .max_by_key(|e| {
                let exact = e.words.iter().filter(|w| w.is_exact()).count();
                (e.words.len(), exact)
            })
            .map(|e| (e, e.words.len()))
    }
}

impl Entry {
    fn matches_at(&self, tokens: &[Token], i: usize) -> bool {
        let Some(run) = tokens.get(i..i + self.words.len()) else {
            return false;
        };
        if self.whole && run.len() != tokens.len() {
            return false;
        }
        // A phrase does not reach across a comma, a bracket or a dash between words.
        let joined = run.iter().skip(1).all(|t| !t.after_break);
        joined && run.iter().zip(&self.words).all(|(t, w)| w.matches(&t.text))
    }
}

/// A phrase found in a title.
struct Found {
    planned: Option<Planned>,
    first: usize,
    last: usize,
}

/// A race word next to another phrase names the event the run was about ("Marathon recovery",
/// "Easy parkrun", "Half marathon training"), not a race run that day.
fn names_event(found: &[Found], k: usize, tokens: &[Token]) -> bool {
    let Some(me) = found.get(k) else {
        return false;
    };
    let other = |f: &Found| f.planned != Some(Planned::Race);
    let before = k
        .checked_sub(1)
        .and_then(|j| found.get(j))
        .is_some_and(|f| {
            other(f)
                && f.last + 1 == me.first
                && tokens.get(me.first).is_some_and(|t| !t.after_break)
        });
    let after = found.get(k + 1).is_some_and(|f| {
        other(f) && me.last + 1 == f.first && tokens.get(f.first).is_some_and(|t| !t.after_break)
    });
    before || after
}

/// Repeats: a count of 2 to 99, an x (or × or *), and a number ("6x800", "10 x 400m",
/// "3×1mi", "2x20'"), with the numbers glued to it ("20 x 0:30/0:15"). Returns how many tokens
/// they take.
fn repeats_at(tokens: &[Token], i: usize) -> Option<usize> {
    let mut len = repeat_head(tokens, i)?;
    while tokens
        .get(i + len)
        .is_some_and(|t| t.glued && t.text.starts_with(|c: char| c.is_ascii_digit()))
    {
        len += 1;
    }
    Some(len)
}

/// The count, the x and the first number of repeats.
fn repeat_head(tokens: &[Token], i: usize) -> Option<usize> {
    let first = &tokens.get(i)?.text;
    let count_ok = |digits: &str| digits.parse::<u32>().is_ok_and(|n| (2..100).contains(&n));
    let starts_with_digit = |s: &str| s.chars().next().is_some_and(|c| c.is_ascii_digit());
    let joined = |j: usize| tokens.get(j).is_some_and(|t| !t.after_break);
    let digits_end = first
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(first.len());
    let (count, rest) = first.split_at(digits_end);
    if !count_ok(count) {
        return None;
    }
    match rest {
        // "6x800", "5x1km"
        _ if rest.len() > 1 && rest.starts_with('x') && starts_with_digit(&rest[1..]) => Some(1),
        // "6x" "800"
        "x" if joined(i + 1)
            && tokens
                .get(i + 1)
                .is_some_and(|t| starts_with_digit(&t.text)) =>
        {
            Some(2)
        }
        // "10" "x" "400m" / "10" "x400m"
        "" if joined(i + 1) => {
            let next = &tokens.get(i + 1)?.text;
            if next == "x"
                && joined(i + 2)
                && tokens
                    .get(i + 2)
                    .is_some_and(|t| starts_with_digit(&t.text))
            {
                Some(3)
            } else if next.len() > 1 && next.starts_with('x') && starts_with_digit(&next[1..]) {
                Some(2)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A word of a title, folded for matching, with where it sits in the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Token {
    text: String,
    start: usize,
    end: usize,
    /// Something stronger than a space or a hyphen separates it from the word before it.
    after_break: bool,
    /// Only punctuation, no space, separates it from the word before it ("0:30", "30/30").
    glued: bool,
}

/// Lower case without accents: "Récup" and "recup", "Läufe" and "laufe" read alike.
fn fold(c: char, out: &mut String) {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ł' => "l",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ř' => "r",
        'ť' => "t",
        'ď' => "d",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'þ' => "th",
        'ð' => "d",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(folded);
}

/// Splits text into folded words. Letters and digits make words; `×` and `*` are read as the
/// `x` of repeats; anything else separates words, and punctuation other than spaces, hyphens,
/// slashes, dots and apostrophes breaks phrases.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut pending_break = false;
    let mut separator = String::new();
    let flush = |current: &mut String,
                 tokens: &mut Vec<Token>,
                 start: usize,
                 end: usize,
                 separator: &mut String,
                 pending_break: &mut bool| {
        if !current.is_empty() {
            // "Easy run - parkrun": a dash with spaces parts a title; "post-race" joins words.
            let spaced_dash = separator.contains('-') && separator.contains(char::is_whitespace);
            tokens.push(Token {
                text: std::mem::take(current),
                start,
                end,
                after_break: !tokens.is_empty() && (*pending_break || spaced_dash),
                glued: !tokens.is_empty()
                    && !separator.is_empty()
                    && !separator.contains(char::is_whitespace),
            });
            *pending_break = false;
            separator.clear();
        }
    };
    let mut end = 0;
    for (at, c) in text.char_indices() {
        if c == '×' || c == '*' {
            flush(
                &mut current,
                &mut tokens,
                start,
                end,
                &mut separator,
                &mut pending_break,
            );
            current.push('x');
            start = at;
            end = at + c.len_utf8();
            flush(
                &mut current,
                &mut tokens,
                start,
                end,
                &mut separator,
                &mut pending_break,
            );
            continue;
        }
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = at;
            }
            if c.is_ascii() {
                // Most of every title and of the whole list: nothing to fold.
                current.push(c.to_ascii_lowercase());
            } else {
                for lower in c.to_lowercase() {
                    fold(lower, &mut current);
                }
            }
            end = at + c.len_utf8();
            continue;
        }
        flush(
            &mut current,
            &mut tokens,
            start,
            end,
            &mut separator,
            &mut pending_break,
        );
        separator.push(c);
        // A colon between digits is a time ("0:30"), not a pause in the title.
        let time_colon = c == ':'
            && separator.len() == 1
            && tokens
                .last()
                .is_some_and(|t: &Token| t.text.ends_with(|d: char| d.is_ascii_digit()))
            && text[at + 1..].starts_with(|d: char| d.is_ascii_digit());
        if !(time_colon
            || c.is_whitespace()
            || matches!(c, '-' | '/' | '.' | '\'' | '’' | '&' | '@' | '#'))
        {
            pending_break = true;
        }
    }
    flush(
        &mut current,
        &mut tokens,
        start,
        end,
        &mut separator,
        &mut pending_break,
    );
    tokens
}

fn parse_entry(line: &str) -> Result<Entry, String> {
    let mut cells = line.splitn(3, ',');
    let (Some(planned), Some(language), Some(phrase)) = (cells.next(), cells.next(), cells.next())
    else {
        return Err(format!(
            "`{line}` has not the three cells planned,language,phrase"
        ));
    };
    let planned = match planned.trim() {
        "none" => None,
        word => Some(Planned::from_name(word).ok_or_else(|| {
            format!("planned `{word}` is none of recovery, easy, long, workout, race, none")
        })?),
    };
    let language = language.trim();
    if language.len() != 2 || !language.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(format!(
            "language `{language}` is not a two-letter ISO 639-1 code"
        ));
    }
    let phrase = phrase.trim();
    let (whole, phrase) = match phrase.strip_prefix('=') {
        Some(rest) => (true, rest),
        None => (false, phrase),
    };
    let mut words = Vec::new();
    for raw in phrase.split_whitespace() {
        if raw == "#" {
            words.push(Pattern::Number);
            continue;
        }
        let (prefix, raw) = match raw.strip_prefix('*') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let (suffix, raw) = match raw.strip_suffix('*') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let folded: Vec<Token> = tokenize(raw);
        let [token] = folded.as_slice() else {
            // "30/30", "l'après": several words in one; wildcards only on single words.
            if prefix || suffix {
                return Err(format!("`{raw}`: a * goes on a single word"));
            }
            words.extend(folded.into_iter().map(|t| Pattern::Word(t.text)));
            continue;
        };
        let text = token.text.clone();
        words.push(match (prefix, suffix) {
            (true, true) => return Err(format!("`{raw}`: a * on both ends matches too much")),
            (true, false) => Pattern::Suffix(text),
            (false, true) => Pattern::Prefix(text),
            (false, false) => Pattern::Word(text),
        });
    }
    if words.is_empty() {
        return Err("empty phrase".to_owned());
    }
    Ok(Entry {
        planned,
        words,
        whole,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn titles_fold_to_plain_words() {
        assert_eq!(texts("Sortie Récup'"), ["sortie", "recup"]);
        assert_eq!(
            texts("Lockerer Dauerlauf 10km"),
            ["lockerer", "dauerlauf", "10km"]
        );
        assert_eq!(texts("3×1mi"), ["3", "x", "1mi"]);
        assert_eq!(texts("Långpass Øvre"), ["langpass", "ovre"]);
        assert_eq!(texts("Straße"), ["strasse"]);
        let t = tokenize("Easy, parkrun");
        assert!(t[1].after_break);
        let t = tokenize("post-race jog");
        assert!(!t[1].after_break && !t[2].after_break);
        let t = tokenize("Easy run - parkrun");
        assert!(t[2].after_break);
    }

    #[test]
    fn repeats_need_a_count_an_x_and_a_length() {
        let at = |s: &str| repeats_at(&tokenize(s), 0);
        assert_eq!(at("20 X 0:30/0:15"), Some(6));
        assert_eq!(at("10 x 400m 3 min"), Some(3));
        assert_eq!(at("6x800"), Some(1));
        assert_eq!(at("10 x 400m"), Some(3));
        assert_eq!(at("10 x400"), Some(2));
        assert_eq!(at("6x 800"), Some(2));
        assert_eq!(at("3×1mi"), Some(3));
        assert_eq!(at("1x5k"), None);
        assert_eq!(at("2x"), None);
        assert_eq!(at("2024x3"), None);
        assert_eq!(at("10k"), None);
        assert_eq!(at("6x, 800"), None);
    }

    #[test]
    fn a_bad_list_line_is_named() {
        let (list, errors) = WordList::parse(
            "planned,language,phrase\neasy,en,easy\nhard,en,smash\nrace,english,race\nrace,en,\nrace,en,*x*\nrace",
        );
        assert_eq!(list.len(), 1);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert!(errors[0].to_string().starts_with("line 3: planned `hard`"));
    }
}
