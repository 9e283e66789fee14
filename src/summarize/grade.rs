//! What a climb costs a runner: the grade-adjusted pace every stage reads effort by. The strap
//! spike and cadence-lock checks here in the summary and the judge's zones and shape must cost a
//! hill the same, so the figures live once, in the stage below the judge; the judge's rules table
//! (`grayzone rules`: `GRADE_COST`, `DESCENT_GRADE_CREDIT`, `DESCENT_CREDIT_MAX_GRADE`) reads
//! them from here and says why they have their values.

use crate::summarize::series::Bucket;

/// Uphill, the same speed costs this much more per unit of grade (3.3 % per 1 %).
pub const CLIMB_COST: f64 = 3.3;
/// Downhill, it costs this much less per unit of descent (2 % per 1 %)…
pub const DESCENT_CREDIT: f64 = 2.0;
/// …down to this descent: steeper, the legs brake, and it gets no easier.
pub const DESCENT_CREDIT_MAX: f64 = 0.10;
/// The steepest climb costed: steeper is hiked, or an altimeter's jump.
const STEEPEST_CLIMB: f64 = 0.25;

/// What a metre per second costs at `grade` (climb per metre run; negative downhill) against the
/// flat: a speed times this is its grade-adjusted speed.
#[inline]
pub fn effort_of_grade(grade: f64) -> f64 {
    if grade >= 0.0 {
        1.0 + CLIMB_COST * grade.min(STEEPEST_CLIMB)
    } else {
        1.0 + DESCENT_CREDIT * grade.max(-DESCENT_CREDIT_MAX)
    }
}

/// What a metre per second costs at bucket `i` against the flat: 1 + 3.3 × grade uphill (as
/// grade-adjusted pace models have it), 1 − 2 × descent downhill to a 10 % descent (less than
/// the oxygen cost's saving: the heart shows about half of it), over the bucket and its
/// neighbours. Grade-adjusted speed is speed × this.
pub fn effort_per_speed(series: &[Bucket], i: usize) -> f64 {
    let lo = i.saturating_sub(1);
    let hi = (i + 2).min(series.len());
    let (climb, descent, d) =
        series[lo..hi]
            .iter()
            .fold((0.0f64, 0.0f64, 0.0f64), |(c, e, d), b| {
                (
                    c + b.ascent_m as f64,
                    e + b.descent_m as f64,
                    d + b.distance_m as f64,
                )
            });
    if d <= 0.0 {
        return 1.0;
    }
    effort_of_grade((climb - descent) / d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_climb_costs_more_than_the_descent_gives_back() {
        // 5 % up: 16.5 % dearer; 5 % down: 10 % cheaper; 20 % down no cheaper than 10 % down;
        // 40 % up no dearer than 25 %.
        assert!((effort_of_grade(0.05) - 1.165).abs() < 1e-12);
        assert!((effort_of_grade(-0.05) - 0.90).abs() < 1e-12);
        assert_eq!(effort_of_grade(-0.20), effort_of_grade(-0.10));
        assert_eq!(effort_of_grade(0.40), effort_of_grade(0.25));
        assert_eq!(effort_of_grade(0.0), 1.0);
    }
}
