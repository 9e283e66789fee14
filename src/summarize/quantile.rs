//! Medians and weighted quantiles: the value below which a share of the values, or of the time,
//! lies. Asked of a run's speeds, cadences and watts (the sport's evidence) and of its heart rate
//! (the baseline).

/// Median of a non-empty slice (reorders it; NaN for an empty one): the upper middle value of
/// an even count.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, |a, b| a.total_cmp(b));
    *m
}

/// The value below which `q` of the weight lies: the first value, in ascending order, at which
/// the running total of the weights reaches `q` of their sum. A run has one entry a second and
/// this is asked five times a run: sorting made it the largest cost of the whole summary, and
/// a quickselect was little better (a branch mispredicted at every comparison). So the values
/// are counted into buckets over their range first (the bucket is a monotone function of the
/// value, so buckets are ordered as their values are), the bucket where the running total
/// crosses is found, and only that bucket's few values are sorted.
pub fn weighted_quantile(values: &[(f64, f64)], q: f64) -> Option<f64> {
    let [value] = weighted_quantiles(values, [q]);
    value
}

/// [`weighted_quantile`] for several `q` over one set of buckets.
pub fn weighted_quantiles<const N: usize>(values: &[(f64, f64)], qs: [f64; N]) -> [Option<f64>; N] {
    const BUCKETS: usize = 512;
    let (mut total, mut min, mut max) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        total += v.1;
        min = min.min(v.0);
        max = max.max(v.0);
    }
    if values.is_empty() || total <= 0.0 {
        return [None; N];
    }
    let span = max - min;
    if !(span.is_finite() && span > 0.0) {
        // One value (or something not a number): the plain rule.
        return qs.map(|q| sorted_quantile(values.to_vec(), 0.0, q * total));
    }
    let scale = (BUCKETS - 1) as f64 / span;
    let mut weight = [0.0f64; BUCKETS];
    let mut count = [0u32; BUCKETS];
    let buckets: Vec<u16> = values
        .iter()
        .map(|v| {
            // Below BUCKETS (512) by the `min`, so the cast to u16 keeps it.
            let b = (((v.0 - min) * scale) as usize).min(BUCKETS - 1);
            weight[b] += v.1;
            count[b] += 1;
            b as u16
        })
        .collect();
    qs.map(|q| {
        let target = q * total;
        let mut before = 0.0;
        for b in 0..BUCKETS {
            if count[b] > 0 && before + weight[b] >= target {
                let inside: Vec<(f64, f64)> = values
                    .iter()
                    .zip(&buckets)
                    .filter(|(_, &in_b)| usize::from(in_b) == b)
                    .map(|(v, _)| *v)
                    .collect();
                // Cadence is whole steps a minute: a bucket often holds one value many times,
                // and the running total crosses on it.
                let one_value = inside
                    .first()
                    .map(|v| v.0)
                    .filter(|&first| inside.iter().all(|v| v.0.total_cmp(&first).is_eq()));
                if one_value.is_some() {
                    return one_value;
                }
                return sorted_quantile(inside, before, target);
            }
            before += weight[b];
        }
        // Rounding left the total short of the target: the largest value.
        Some(max)
    })
}

/// The rule itself on a few values: sorted, the running total from `before` until it reaches
/// `target`.
fn sorted_quantile(mut values: Vec<(f64, f64)>, before: f64, target: f64) -> Option<f64> {
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut seen = before;
    for &(value, weight) in &values {
        seen += weight;
        if seen >= target {
            return Some(value);
        }
    }
    values.last().map(|v| v.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain reading of the rule: sort, then walk the running total.
    fn plain_quantile(values: &[(f64, f64)], q: f64) -> Option<f64> {
        let mut v = values.to_vec();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: f64 = v.iter().map(|p| p.1).sum();
        if total <= 0.0 {
            return None;
        }
        let mut seen = 0.0;
        for &(value, weight) in &v {
            seen += weight;
            if seen >= q * total {
                return Some(value);
            }
        }
        v.last().map(|p| p.0)
    }

    #[test]
    fn quickselect_quantile_is_the_sorted_one() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..400 {
            let len = (next() % 3000) as usize;
            // Few distinct values in some cases (ties, as cadence has), many in others; weights
            // in half seconds so that every total is exact.
            let distinct = if case % 3 == 0 { 7 } else { 1_000_000 };
            let mut values: Vec<(f64, f64)> = (0..len)
                .map(|_| {
                    let v = (next() % distinct) as f64 / 1000.0;
                    let w = (next() % 5) as f64 * 0.5;
                    (v, w)
                })
                .collect();
            // An outlier squeezes every other value into the first bucket.
            if case % 5 == 1 {
                values.push((1e9, 1.0));
            }
            for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                assert_eq!(
                    weighted_quantile(&values, q),
                    plain_quantile(&values, q),
                    "case {case}, q {q}, {len} values"
                );
            }
        }
        assert_eq!(weighted_quantile(&[], 0.5), None);
        assert_eq!(weighted_quantile(&[(3.0, 0.0)], 0.5), None);
        assert_eq!(
            weighted_quantile(&[(3.0, 1.0), (1.0, 1.0), (2.0, 2.0)], 0.5),
            Some(2.0)
        );
    }
}
