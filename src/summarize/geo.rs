//! Distances from GPS positions, with the jitter a watch records while standing still filtered out.

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres between two (lat, lon) points in degrees.
pub fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = lon2 - lon1;
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// A position a GPS can have produced: in range and not the "null island" (0, 0) that apps write
/// when they had no fix.
pub fn plausible(p: (f64, f64)) -> bool {
    p.0.is_finite()
        && p.1.is_finite()
        && (-90.0..=90.0).contains(&p.0)
        && (-180.0..=180.0).contains(&p.1)
        && !(p.0 == 0.0 && p.1 == 0.0)
}

/// Cumulative track distance that ignores jitter: a point only counts once it is `min_step_m` away
/// from the last counted point, and a point implying a speed above `max_speed_mps` (a GPS jump) is
/// ignored.
pub struct JitterFilter {
    last: Option<((f64, f64), f64)>,
    total_m: f64,
    min_step_m: f64,
    max_speed_mps: f64,
}

impl JitterFilter {
    pub fn new(min_step_m: f64, max_speed_mps: f64) -> Self {
        JitterFilter {
            last: None,
            total_m: 0.0,
            min_step_m,
            max_speed_mps,
        }
    }

    /// Feeds a position at a time; returns the cumulative distance so far.
    pub fn push(&mut self, p: (f64, f64), time: f64) -> f64 {
        if !plausible(p) {
            return self.total_m;
        }
        match self.last {
            None => self.last = Some((p, time)),
            Some((q, t)) => {
                let d = haversine_m(q, p);
                let dt = (time - t).max(1.0);
                if d >= self.min_step_m && d / dt <= self.max_speed_mps {
                    self.total_m += d;
                    self.last = Some((p, time));
                }
            }
        }
        self.total_m
    }

    /// Forgets the last position (after a pause), keeping the distance so far.
    pub fn restart(&mut self) {
        self.last = None;
    }

    pub fn total_m(&self) -> f64 {
        self.total_m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = haversine_m((45.0, 7.0), (46.0, 7.0));
        assert!((d - 111_195.0).abs() < 50.0, "{d}");
    }

    #[test]
    fn jitter_while_standing_adds_nothing_and_jumps_are_ignored() {
        let mut f = JitterFilter::new(3.0, 12.0);
        // Standing: positions wobble by ~1 m for a minute.
        for i in 0..60 {
            let wobble = if i % 2 == 0 { 0.000_01 } else { -0.000_01 };
            f.push((46.0 + wobble, 7.0), i as f64);
        }
        assert_eq!(f.total_m(), 0.0);
        // A 1 km jump in one second is a GPS glitch.
        f.push((46.009, 7.0), 60.0);
        assert_eq!(f.total_m(), 0.0);
        // Running north 3 m/s for 100 s.
        for i in 1..=100 {
            f.push((46.0 + i as f64 * 3.0 / 111_195.0, 7.0), 60.0 + i as f64);
        }
        assert!((f.total_m() - 300.0).abs() < 3.0, "{}", f.total_m());
    }

    #[test]
    fn null_island_is_not_a_position() {
        assert!(!plausible((0.0, 0.0)));
        assert!(!plausible((91.0, 0.0)));
        assert!(plausible((0.0, 10.0)));
    }
}
