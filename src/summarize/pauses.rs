//! Is a moment, or the gap between two samples, inside a timer pause? Asked once per sample, so
//! a scan of every pause each time made a file with many pauses quadratic: 100,000 records and
//! 50,000 timer stops (a few hundred KB of FIT) meant 10^10 comparisons. Sorted by where they
//! stop, with the latest resume among the first k, each question is a binary search.

use crate::activity::Pause;

pub struct Pauses {
    /// Pause starts, ascending.
    stopped_at: Vec<f64>,
    /// `latest_resume[k]`: the latest resume among the first `k + 1` pauses.
    latest_resume: Vec<f64>,
}

impl Pauses {
    pub fn new(pauses: &[Pause]) -> Self {
        // A time that is not a number is in no comparison's favour: such a pause covers nothing.
        let mut sorted: Vec<(f64, f64)> = pauses
            .iter()
            .filter(|p| !p.stopped_at.is_nan() && !p.resumed_at.is_nan())
            .map(|p| (p.stopped_at, p.resumed_at))
            .collect();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut latest = f64::NEG_INFINITY;
        let latest_resume = sorted
            .iter()
            .map(|p| {
                latest = latest.max(p.1);
                latest
            })
            .collect();
        Pauses {
            stopped_at: sorted.into_iter().map(|p| p.0).collect(),
            latest_resume,
        }
    }

    /// A pause that stopped before `after` and resumed after `before` (strictly).
    pub fn between(&self, before: f64, after: f64) -> bool {
        let started = self.stopped_at.partition_point(|&s| s < after);
        started > 0
            && self
                .latest_resume
                .get(started - 1)
                .is_some_and(|&r| r > before)
    }

    /// `at` is strictly inside a pause.
    pub fn covers(&self, at: f64) -> bool {
        self.between(at, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_answers_as_a_scan_of_every_pause() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m) as f64
        };
        for case in 0..300 {
            let pauses: Vec<Pause> = (0..(case % 17))
                .map(|_| {
                    let stopped_at = next(200);
                    Pause {
                        stopped_at,
                        // Some pauses nested in others, some empty, some backwards.
                        resumed_at: stopped_at + next(60) - 5.0,
                    }
                })
                .chain((case % 5 == 0).then_some(Pause {
                    stopped_at: f64::NAN,
                    resumed_at: 50.0,
                }))
                .collect();
            let index = Pauses::new(&pauses);
            for _ in 0..50 {
                let before = next(220) - 10.0 + next(2) * 0.5;
                let after = before + next(20);
                let scan = pauses
                    .iter()
                    .any(|p| p.stopped_at < after && p.resumed_at > before);
                assert_eq!(
                    index.between(before, after),
                    scan,
                    "{pauses:?} {before} {after}"
                );
                let inside = pauses
                    .iter()
                    .any(|p| before > p.stopped_at && before < p.resumed_at);
                assert_eq!(index.covers(before), inside, "{pauses:?} {before}");
            }
        }
    }
}
