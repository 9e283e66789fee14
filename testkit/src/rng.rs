//! A tiny seeded PRNG (SplitMix64) and platform-independent math for the simulator.
//!
//! The committed fixtures must come out byte-identical on every machine, so nothing here calls the
//! platform's libm (`sin`, `cos`, `exp`, `ln` may differ in the last bit between systems). Only
//! `+ - * /`, `sqrt`, `floor` and `%` are used: IEEE 754 makes those exact everywhere.

use std::f64::consts::PI;

/// SplitMix64: fast, tiny, and good enough for synthetic training data.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// An independent stream for a sub-task, so adding draws in one place does not shift every
    /// later draw elsewhere (fixtures stay stable when one feature changes).
    pub fn fork(&mut self, salt: u64) -> Rng {
        Rng::new(self.next_u64() ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in [lo, hi] (inclusive).
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + (self.next_u64() % span) as i64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal, approximated by the Irwin–Hall sum of 12 uniforms (tails cut at ±6σ).
    /// Box–Muller would need `ln` and `cos`, which are not bit-reproducible across platforms.
    pub fn normal(&mut self) -> f64 {
        let mut sum = 0.0;
        for _ in 0..12 {
            sum += self.unit();
        }
        sum - 6.0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        let i = self.int(0, items.len() as i64 - 1) as usize;
        items.get(i)
    }

    pub fn fill_bytes(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
}

/// Sine from a fixed polynomial (error < 1e-9), identical on every platform.
pub fn sin(x: f64) -> f64 {
    // Reduce to [-π, π], then fold into [-π/2, π/2] where the Taylor series converges fast.
    let mut r = (x % (2.0 * PI) + 3.0 * PI) % (2.0 * PI) - PI;
    if r > PI / 2.0 {
        r = PI - r;
    } else if r < -PI / 2.0 {
        r = -PI - r;
    }
    let r2 = r * r;
    let mut term = r;
    let mut sum = r;
    for k in 1..12 {
        let k = k as f64;
        term *= -r2 / ((2.0 * k) * (2.0 * k + 1.0));
        sum += term;
    }
    sum
}

pub fn cos(x: f64) -> f64 {
    sin(x + PI / 2.0)
}

/// Degrees to radians.
pub fn rad(deg: f64) -> f64 {
    deg * PI / 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_reference_sequence() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn unit_and_int_stay_in_range() {
        let mut rng = Rng::new(42);
        for _ in 0..10_000 {
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            let i = rng.int(-3, 3);
            assert!((-3..=3).contains(&i));
        }
    }

    #[test]
    fn normal_has_unit_spread() {
        let mut rng = Rng::new(7);
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.03, "mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "var {var}");
    }

    #[test]
    fn polynomial_trig_matches_libm() {
        for i in -400..400 {
            let x = i as f64 * 0.05;
            assert!((sin(x) - x.sin()).abs() < 1e-9, "sin({x})");
            assert!((cos(x) - x.cos()).abs() < 1e-9, "cos({x})");
        }
    }
}
