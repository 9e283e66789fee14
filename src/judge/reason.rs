//! Why a run got its verdict, as a sentence whose figures stay figures: each report tells them in
//! its runner's units ("42 s/km slower than your easy pace (5:40/km)" or "68 s/mi slower … (9:07/mi)").
//! The CSV and JSON carry the metric sentence, as their schema says. A leaf beside the verdict's
//! words: the classifier writes reasons, the reports read them.

use std::fmt;

use crate::activity::units::Units;

/// A reason: words, and the paces and climbs in them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reason {
    pieces: Vec<Piece>,
}

#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Words(String),
    /// A pace, seconds per km: `5:40/km`.
    Pace(f64),
    /// A pace difference, seconds per km, its sign said by the words around it: `42 s/km`.
    PaceGap(f64),
    /// Metres of climb per km: `24 m of climb per km`.
    Climb(f64),
}

impl Reason {
    /// A reason of words alone.
    pub fn words(text: impl Into<String>) -> Reason {
        Reason::default().then(text)
    }

    /// …followed by `text`.
    pub fn then(mut self, text: impl Into<String>) -> Reason {
        let text = text.into();
        if text.is_empty() {
            return self;
        }
        match self.pieces.last_mut() {
            Some(Piece::Words(last)) => last.push_str(&text),
            _ => self.pieces.push(Piece::Words(text)),
        }
        self
    }

    /// …followed by a pace (seconds per km).
    pub fn pace(mut self, s_per_km: f64) -> Reason {
        self.pieces.push(Piece::Pace(s_per_km));
        self
    }

    /// …followed by a pace difference (seconds per km; its sign is the words' to say).
    pub fn pace_gap(mut self, s_per_km: f64) -> Reason {
        self.pieces.push(Piece::PaceGap(s_per_km));
        self
    }

    /// …followed by a climb (metres per km).
    pub fn climb(mut self, m_per_km: f64) -> Reason {
        self.pieces.push(Piece::Climb(m_per_km));
        self
    }

    /// …followed by another reason.
    pub fn and(mut self, other: Reason) -> Reason {
        for piece in other.pieces {
            self = match piece {
                Piece::Words(text) => self.then(text),
                figure => {
                    self.pieces.push(figure);
                    self
                }
            };
        }
        self
    }

    /// The parts in a row, `separator` between them.
    pub fn joined(parts: impl IntoIterator<Item = Reason>, separator: &str) -> Reason {
        let mut out = Reason::default();
        for (k, part) in parts.into_iter().enumerate() {
            if k > 0 {
                out = out.then(separator);
            }
            out = out.and(part);
        }
        out
    }

    /// `lead` put before it: "race (as planned): " + the reason.
    pub fn after(self, lead: impl Into<String>) -> Reason {
        Reason::words(lead).and(self)
    }

    /// Without the words `lead` at its start, where they are.
    pub fn without_lead(mut self, lead: &str) -> Reason {
        if let Some(Piece::Words(first)) = self.pieces.first_mut() {
            if let Some(rest) = first.strip_prefix(lead) {
                *first = rest.to_string();
            }
        }
        if matches!(self.pieces.first(), Some(Piece::Words(w)) if w.is_empty()) {
            self.pieces.remove(0);
        }
        self
    }

    /// The first `from` in its words (never inside a figure) replaced by `to`.
    pub fn renamed(mut self, from: &str, to: &str) -> Reason {
        for piece in &mut self.pieces {
            if let Piece::Words(text) = piece {
                if text.contains(from) {
                    *text = text.replacen(from, to, 1);
                    break;
                }
            }
        }
        self
    }

    /// The sentence in `units`.
    pub fn in_units(&self, units: Units) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Words(text) => out.push_str(text),
                Piece::Pace(s) => out.push_str(&units.pace(*s)),
                Piece::PaceGap(s) => out.push_str(&units.pace_gap(*s)),
                Piece::Climb(m) => out.push_str(&units.climb(*m)),
            }
        }
        out
    }
}

/// The metric sentence, as the CSV and JSON carry it.
impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_units(Units::Metric))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_tells_its_figures_in_the_units_asked_and_its_words_as_written() {
        let r = Reason::words("easy run: 92 % of the time low, ")
            .pace_gap(42.0)
            .then(" slower than your easy pace (")
            .pace(340.0)
            .then(") on a hilly route (")
            .climb(24.0)
            .then(")");
        assert_eq!(
            r.to_string(),
            "easy run: 92 % of the time low, 42 s/km slower than your easy pace (5:40/km) on a \
             hilly route (24 m of climb per km)"
        );
        // 42 s/km = 67.6 s/mi; 5:40/km = 9:07.2/mi; 24 m/km = 126.7 ft/mi.
        assert_eq!(
            r.in_units(Units::Imperial),
            "easy run: 92 % of the time low, 68 s/mi slower than your easy pace (9:07/mi) on a \
             hilly route (127 ft of climb per mi)"
        );
    }

    #[test]
    fn words_that_name_a_distance_are_never_rewritten() {
        // A race's name in a reason ("Berlin 10 km") is the runner's, not a figure.
        let r = Reason::words("race (as planned): Berlin 10 km");
        assert_eq!(
            r.in_units(Units::Imperial),
            "race (as planned): Berlin 10 km"
        );
    }

    #[test]
    fn a_lead_is_put_before_taken_off_and_renamed_in_the_words_only() {
        let r = Reason::words("gray zone: 80 % of the time moderate, ")
            .pace(300.0)
            .then(" accidental workout");
        let r = r.without_lead("gray zone: ").after("tempo run: ");
        assert_eq!(
            r.to_string(),
            "tempo run: 80 % of the time moderate, 5:00/km accidental workout"
        );
        let r = r.renamed("accidental workout", "progression run");
        assert_eq!(
            r.to_string(),
            "tempo run: 80 % of the time moderate, 5:00/km progression run"
        );
        assert_eq!(
            Reason::joined([Reason::words("a"), Reason::default().pace(300.0)], ", ").to_string(),
            "a, 5:00/km"
        );
    }
}
