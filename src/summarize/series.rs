//! A run's 10-second series, held compactly. Every run keeps its series until the whole export is
//! judged (the baseline at a run's date needs every run before it), so the series is most of what
//! a run holds in memory: 24 bytes a bucket as six `f32`, 8.6 KB an hour. Most buckets repeat
//! the same few values (ten moving seconds, all of them with a heart rate, no climb or descent), so each is
//! stored as a byte saying which fields take those values, then only the other fields, each as
//! short as it can be told. The HR sum (whole beats × whole seconds, as watches record) is told as
//! its step from the last one in a byte, or whole in two; the distance as whole centimetres in two
//! bytes (a device records centimetres: the bucket's sum of them lands within a few `f32` steps of
//! a whole number, and the steps are stored too), or in three when it is close to the bucket
//! before's (an even pace: the same exponent and leading digits). 4 bytes a typical bucket.
//! Lossless: every field comes back bit for bit.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Width of one bucket of the coarse time series.
pub const BUCKET_S: f64 = 10.0;

/// Ten seconds of a run. Only moving time is counted in a bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bucket {
    pub moving_s: f32,
    pub distance_m: f32,
    /// Moving seconds with a (cleaned) heart rate, and the HR summed over them.
    pub hr_s: f32,
    pub hr_sum: f32,
    pub ascent_m: f32,
    /// Descent, as the climb is counted (past the same hysteresis): downhill the same pace costs
    /// less. Absent from summaries written before it was kept: 0.
    #[serde(default)]
    pub descent_m: f32,
}

impl Bucket {
    /// Mean heart rate over the bucket's moving time, if it had any.
    pub fn hr(&self) -> Option<f64> {
        (self.hr_s > 0.0).then(|| (self.hr_sum / self.hr_s) as f64)
    }

    /// Mean speed over the bucket's moving time (m/s).
    pub fn speed(&self) -> Option<f64> {
        (self.moving_s > 0.0 && self.distance_m > 0.0)
            .then(|| (self.distance_m / self.moving_s) as f64)
    }
}

/// The buckets of one run, in time order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    bytes: Box<[u8]>,
    len: usize,
}

// What the flag byte of a bucket says; a field whose bit is set is not stored, or stored short.
/// `moving_s` is the whole bucket.
const FULL: u8 = 1;
/// `hr_s` equals `moving_s` (a heart rate all the moving time).
const HR_ALL: u8 = 1 << 1;
/// `ascent_m` is 0.
const FLAT: u8 = 1 << 2;
/// `distance_m` is 0.
const NO_DISTANCE: u8 = 1 << 3;
/// `hr_sum` is 0.
const NO_HR_SUM: u8 = 1 << 4;
/// `hr_sum` is a whole number below 65,536: two bytes.
const HR_SUM_WHOLE: u8 = 1 << 5;
/// `distance_m`'s bits differ from the previous bucket's only in the low 24: three bytes, the
/// difference (exclusive or).
const DISTANCE_NEAR: u8 = 1 << 6;
/// `descent_m` is 0.
const NO_DESCENT: u8 = 1 << 7;
/// Both distance bits (no bucket is both without distance and near): the distance as whole
/// centimetres and its `f32` steps from them, two bytes.
const DISTANCE_CM: u8 = NO_DISTANCE | DISTANCE_NEAR;
/// Both HR-sum bits: a whole HR sum as its step from the last whole one, one byte.
const HR_SUM_STEP: u8 = NO_HR_SUM | HR_SUM_WHOLE;

const WHOLE_BUCKET: f32 = BUCKET_S as f32;
const NEAR_BITS: u32 = 1 << 24;
/// Whole centimetres below this fit the short distance's 13 bits: 81.91 m in ten seconds, faster
/// than any runner. The other 3 bits hold the `f32` steps from them, -4 to 3.
const CM_LIMIT: u32 = 1 << 13;
const CM_STEPS: std::ops::RangeInclusive<i64> = -4..=3;

impl Series {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes held on the heap, for the memory budget.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.len()
    }

    /// The buckets, decoded one by one.
    pub fn iter(&self) -> Buckets<'_> {
        Buckets {
            bytes: &self.bytes,
            before: Before::default(),
        }
    }

    /// The buckets decoded into a vector, for a judge that looks back and ahead.
    pub fn to_vec(&self) -> Vec<Bucket> {
        let mut out = Vec::with_capacity(self.len);
        out.extend(self.iter());
        out
    }
}

/// What a bucket is told against: the bucket before's distance and the last whole HR sum (a
/// whole HR sum is never 0: 0 has a flag of its own).
#[derive(Clone, Copy, Debug, Default)]
struct Before {
    distance_bits: u32,
    hr_sum: u16,
}

/// How a bucket is stored: its flags and its short fields.
#[derive(Clone, Copy, Debug, Default)]
struct Form {
    flags: u8,
    centimetres: u16,
    hr_step: i8,
    hr_whole: u16,
}

fn form(b: &Bucket, before: Before) -> Form {
    let same = |a: f32, b: f32| a.to_bits() == b.to_bits();
    let mut f = Form::default();
    if same(b.moving_s, WHOLE_BUCKET) {
        f.flags |= FULL;
    }
    if same(b.distance_m, 0.0) {
        f.flags |= NO_DISTANCE;
    } else if let Some(cm) = as_centimetres(b.distance_m) {
        f.flags |= DISTANCE_CM;
        f.centimetres = cm;
    } else if b.distance_m.to_bits() ^ before.distance_bits < NEAR_BITS {
        f.flags |= DISTANCE_NEAR;
    }
    if same(b.hr_s, b.moving_s) {
        f.flags |= HR_ALL;
    }
    if same(b.hr_sum, 0.0) {
        f.flags |= NO_HR_SUM;
    } else if let Some(whole) = whole_u16(b.hr_sum) {
        f.hr_whole = whole;
        match i8::try_from(i32::from(whole) - i32::from(before.hr_sum)) {
            Ok(step) => {
                f.flags |= HR_SUM_STEP;
                f.hr_step = step;
            }
            Err(_) => f.flags |= HR_SUM_WHOLE,
        }
    }
    if same(b.ascent_m, 0.0) {
        f.flags |= FLAT;
    }
    if same(b.descent_m, 0.0) {
        f.flags |= NO_DESCENT;
    }
    f
}

/// `v` as a `u16` when that gives it back bit for bit (not -0.0, not a fraction).
fn whole_u16(v: f32) -> Option<u16> {
    let whole = v as u16;
    (f32::from(whole).to_bits() == v.to_bits()).then_some(whole)
}

/// The `f32` of `k` centimetres, as both the encoder and the decoder work it out.
fn centimetres(k: u32) -> f32 {
    k as f32 * 0.01
}

/// A distance as whole centimetres (13 bits) and its `f32` steps from them (3 bits), when it is
/// within reach of both.
fn as_centimetres(d: f32) -> Option<u16> {
    // Rounded half up (NaN and below 0 come out 0): any whole number near will do, the steps
    // say how far it is.
    let k = (d * 100.0 + 0.5) as u32;
    if !(1..CM_LIMIT).contains(&k) {
        return None;
    }
    let steps = i64::from(d.to_bits()) - i64::from(centimetres(k).to_bits());
    CM_STEPS
        .contains(&steps)
        .then(|| (k | ((steps - CM_STEPS.start()) as u32) << 13) as u16)
}

fn from_centimetres(v: u16) -> f32 {
    let k = u32::from(v) & (CM_LIMIT - 1);
    let steps = i64::from(v >> 13) + CM_STEPS.start();
    f32::from_bits((i64::from(centimetres(k).to_bits()) + steps) as u32)
}

/// A field in full, unless its flag (`left_out`) says it is not stored.
fn put(bytes: &mut Vec<u8>, left_out: u8, v: f32) {
    if left_out == 0 {
        bytes.extend_from_slice(&v.to_bits().to_le_bytes());
    }
}

impl From<&[Bucket]> for Series {
    fn from(buckets: &[Bucket]) -> Self {
        // Written at most 25 bytes a bucket, then kept at its size: a vector shrunk in place
        // would leave its tail as a hole between the runs kept.
        let mut bytes = Vec::with_capacity(buckets.len() * 25);
        let mut before = Before::default();
        for b in buckets {
            let f = form(b, before);
            bytes.push(f.flags);
            put(&mut bytes, f.flags & FULL, b.moving_s);
            match f.flags & DISTANCE_CM {
                DISTANCE_CM => bytes.extend_from_slice(&f.centimetres.to_le_bytes()),
                DISTANCE_NEAR => bytes.extend_from_slice(
                    &(b.distance_m.to_bits() ^ before.distance_bits).to_le_bytes()[..3],
                ),
                NO_DISTANCE => {}
                _ => put(&mut bytes, 0, b.distance_m),
            }
            put(&mut bytes, f.flags & HR_ALL, b.hr_s);
            before.distance_bits = b.distance_m.to_bits();
            match f.flags & HR_SUM_STEP {
                HR_SUM_STEP => {
                    bytes.push(f.hr_step as u8);
                    before.hr_sum = f.hr_whole;
                }
                HR_SUM_WHOLE => {
                    bytes.extend_from_slice(&f.hr_whole.to_le_bytes());
                    before.hr_sum = f.hr_whole;
                }
                NO_HR_SUM => {}
                _ => put(&mut bytes, 0, b.hr_sum),
            }
            put(&mut bytes, f.flags & FLAT, b.ascent_m);
            put(&mut bytes, f.flags & NO_DESCENT, b.descent_m);
        }
        Series {
            bytes: Box::from(bytes.as_slice()),
            len: buckets.len(),
        }
    }
}

impl<'a> IntoIterator for &'a Series {
    type Item = Bucket;
    type IntoIter = Buckets<'a>;

    fn into_iter(self) -> Buckets<'a> {
        self.iter()
    }
}

/// The buckets of a [`Series`], in order.
pub struct Buckets<'a> {
    bytes: &'a [u8],
    before: Before,
}

impl Buckets<'_> {
    /// The next `N` stored bytes (only `From<&[Bucket]>` writes them, whole buckets at a time).
    fn take<const N: usize>(&mut self) -> [u8; N] {
        match self.bytes.split_first_chunk::<N>() {
            Some((word, rest)) => {
                self.bytes = rest;
                *word
            }
            None => [0; N],
        }
    }

    /// The next stored field, or `default` when the flag says it was not stored.
    fn field(&mut self, flags: u8, skip: u8, default: f32) -> f32 {
        if flags & skip != 0 {
            return default;
        }
        self.full()
    }

    fn full(&mut self) -> f32 {
        f32::from_bits(u32::from_le_bytes(self.take::<4>()))
    }
}

impl Iterator for Buckets<'_> {
    type Item = Bucket;

    #[inline]
    fn next(&mut self) -> Option<Bucket> {
        let (&flags, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        let moving_s = self.field(flags, FULL, WHOLE_BUCKET);
        let distance_m = match flags & DISTANCE_CM {
            DISTANCE_CM => from_centimetres(u16::from_le_bytes(self.take::<2>())),
            DISTANCE_NEAR => {
                let [a, b, c] = self.take::<3>();
                f32::from_bits(self.before.distance_bits ^ u32::from_le_bytes([a, b, c, 0]))
            }
            NO_DISTANCE => 0.0,
            _ => self.full(),
        };
        self.before.distance_bits = distance_m.to_bits();
        let hr_s = self.field(flags, HR_ALL, moving_s);
        let hr_sum = match flags & HR_SUM_STEP {
            HR_SUM_STEP => {
                let [step] = self.take::<1>();
                self.before.hr_sum = (i32::from(self.before.hr_sum) + i32::from(step as i8)) as u16;
                f32::from(self.before.hr_sum)
            }
            HR_SUM_WHOLE => {
                self.before.hr_sum = u16::from_le_bytes(self.take::<2>());
                f32::from(self.before.hr_sum)
            }
            NO_HR_SUM => 0.0,
            _ => self.full(),
        };
        let ascent_m = self.field(flags, FLAT, 0.0);
        let descent_m = self.field(flags, NO_DESCENT, 0.0);
        Some(Bucket {
            moving_s,
            distance_m,
            hr_s,
            hr_sum,
            ascent_m,
            descent_m,
        })
    }
}

/// As a list of buckets, as before it was compact (the Python package's summaries are JSON).
impl Serialize for Series {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Series {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let buckets = Vec::<Bucket>::deserialize(deserializer)?;
        Ok(Series::from(buckets.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field's bits: what "bit for bit" compares.
    fn bits(b: &Bucket) -> [u32; 6] {
        [
            b.moving_s,
            b.distance_m,
            b.hr_s,
            b.hr_sum,
            b.ascent_m,
            b.descent_m,
        ]
        .map(f32::to_bits)
    }

    #[test]
    fn every_bucket_comes_back_bit_for_bit() {
        let odd = [0.0, -0.0, 10.0, 9.5, 3.25e-7, f32::MAX, 1234.5];
        let mut buckets = Vec::new();
        for &a in &odd {
            for &b in &odd {
                buckets.push(Bucket {
                    moving_s: a,
                    distance_m: b,
                    hr_s: if a == b { a } else { b },
                    hr_sum: a * 150.0,
                    ascent_m: b / 3.0,
                    descent_m: a / 7.0,
                });
                buckets.push(Bucket {
                    moving_s: b,
                    distance_m: 28.0,
                    hr_s: b,
                    hr_sum: 0.0,
                    ascent_m: a,
                    descent_m: 0.0,
                });
            }
        }
        let series = Series::from(buckets.as_slice());
        assert_eq!(series.len(), buckets.len());
        let back = series.to_vec();
        assert_eq!(
            back.iter().map(bits).collect::<Vec<_>>(),
            buckets.iter().map(bits).collect::<Vec<_>>()
        );
        assert_eq!(Series::from(&[][..]).iter().count(), 0);
    }

    #[test]
    fn random_buckets_come_back_bit_for_bit_and_take_what_layout_says() {
        // Values at and around every short form's edges: whole HR sums to 65,535 and past it,
        // steps of 127 and 128, fractions, -0.0, NaN; distances in whole centimetres and a few
        // steps off them, near the one before and far from it.
        let mut rng = testkit::rng::Rng::new(0x6a09_e667_f3bc_c908);
        let edges = [
            0.0,
            -0.0,
            1.0,
            0.5,
            0.01,
            10.0,
            81.91,
            81.92,
            65_535.0,
            65_536.0,
            65_535.5,
            -3.0,
            1e9,
            f32::NAN,
        ];
        let value = |rng: &mut testkit::rng::Rng, previous: f32| -> f32 {
            match rng.int(0, 6) {
                0 => *rng.pick(&edges).unwrap_or(&0.0),
                1 => f32::from_bits(previous.to_bits() ^ rng.int(0, (1 << 24) - 1) as u32),
                2 => f32::from_bits(previous.to_bits() ^ (1 << 24)),
                3 => rng.int(0, 70_000) as f32,
                4 => f32::from_bits(
                    (centimetres(rng.int(0, 9_000) as u32).to_bits() as i64 + rng.int(0, 12) - 6)
                        as u32,
                ),
                5 => previous + rng.int(0, 300) as f32 - 150.0,
                _ => f32::from_bits(rng.next_u64() as u32),
            }
        };
        let mut buckets = Vec::new();
        let (mut previous, mut last_whole_hr) = (Bucket::default(), 1480.0);
        for _ in 0..20_000 {
            let b = Bucket {
                moving_s: value(&mut rng, 10.0),
                distance_m: value(&mut rng, previous.distance_m),
                hr_s: value(&mut rng, 10.0),
                hr_sum: value(&mut rng, last_whole_hr),
                ascent_m: value(&mut rng, 0.0),
                descent_m: value(&mut rng, 0.0),
            };
            previous = b;
            if whole_u16(b.hr_sum).is_some_and(|w| w != 0) {
                last_whole_hr = b.hr_sum;
            }
            buckets.push(b);
        }
        let series = Series::from(buckets.as_slice());
        let back = series.to_vec();
        assert_eq!(back.len(), buckets.len());
        assert!(back.iter().zip(&buckets).all(|(a, b)| bits(a) == bits(b)));
        // What each bucket should take, from the rules of the format, and how often each short
        // form came up: far fewer than 25 bytes a bucket on these values.
        let mut expected = 0;
        let mut used = [0usize; 4];
        let (mut distance_before, mut hr_before) = (0u32, 0u16);
        for b in &buckets {
            let same = |a: f32, b: f32| a.to_bits() == b.to_bits();
            let d = b.distance_m.to_bits();
            let distance = if d == 0 {
                0
            } else if as_centimetres(b.distance_m).is_some() {
                used[0] += 1;
                2
            } else if d ^ distance_before < NEAR_BITS {
                used[1] += 1;
                3
            } else {
                4
            };
            let whole = whole_u16(b.hr_sum);
            let hr_sum = if b.hr_sum.to_bits() == 0 {
                0
            } else if whole.is_some_and(|w| (-128..=127).contains(&(w as i32 - hr_before as i32))) {
                used[2] += 1;
                1
            } else if whole.is_some() {
                used[3] += 1;
                2
            } else {
                4
            };
            let full = |skip: bool| if skip { 0 } else { 4 };
            expected += 1
                + full(same(b.moving_s, WHOLE_BUCKET))
                + distance
                + full(same(b.hr_s, b.moving_s))
                + hr_sum
                + full(same(b.ascent_m, 0.0))
                + full(same(b.descent_m, 0.0));
            distance_before = d;
            hr_before = whole.filter(|&w| w != 0).unwrap_or(hr_before);
        }
        assert!(
            used.iter().all(|&n| n > 1_500),
            "short forms used: {used:?}"
        );
        assert_eq!(series.heap_bytes(), expected);
    }

    #[test]
    fn centimetres_and_their_steps_come_back_bit_for_bit() {
        // Every whole centimetre the short form holds, at every step it holds.
        for k in 1..CM_LIMIT {
            for steps in CM_STEPS {
                let d = f32::from_bits((i64::from(centimetres(k).to_bits()) + steps) as u32);
                let short = as_centimetres(d);
                assert!(short.is_some(), "{k} cm, {steps} steps");
                assert_eq!(
                    short.map(|v| from_centimetres(v).to_bits()),
                    Some(d.to_bits())
                );
            }
        }
        // Beyond it: too far, too many steps off, nothing, or not a number.
        let off = |k: u32, steps: i64| {
            f32::from_bits((i64::from(centimetres(k).to_bits()) + steps) as u32)
        };
        for d in [
            81.92,
            off(2_830, 4),
            off(2_830, -5),
            0.0,
            -0.0,
            0.004,
            -28.3,
            f32::NAN,
        ] {
            assert_eq!(as_centimetres(d), None, "{d}");
        }
    }

    #[test]
    fn a_typical_bucket_takes_four_bytes() {
        // A device's centimetres, summed over ten seconds; a heart rate a beat or two from the
        // bucket before's.
        let run: Vec<Bucket> = (0..360)
            .map(|i| Bucket {
                moving_s: 10.0,
                distance_m: (28.3f64 + (i % 7) as f64 * 0.07) as f32,
                hr_s: 10.0,
                hr_sum: 1480.0 + (i % 5) as f32 * 10.0,
                ascent_m: 0.0,
                descent_m: 0.0,
            })
            .collect();
        let series = Series::from(run.as_slice());
        // The first bucket's HR sum is told whole, against nothing before it.
        assert_eq!(series.heap_bytes(), 360 * 4 + 1);
        assert_eq!(series.to_vec(), run);
        // GPS distances are no whole centimetres: three bytes against the bucket before's.
        let gps: Vec<Bucket> = run
            .iter()
            .map(|b| Bucket {
                distance_m: b.distance_m + 0.001_234,
                ..*b
            })
            .collect();
        let series = Series::from(gps.as_slice());
        assert_eq!(series.heap_bytes(), 360 * 5 + 1 + 1);
        assert_eq!(series.to_vec(), gps);
    }

    #[test]
    fn serialized_as_the_list_of_buckets() {
        let run = [
            Bucket {
                moving_s: 10.0,
                distance_m: 28.5,
                hr_s: 10.0,
                hr_sum: 1500.0,
                ascent_m: 0.0,
                descent_m: 3.5,
            },
            Bucket {
                moving_s: 4.0,
                distance_m: 9.0,
                hr_s: 0.0,
                hr_sum: 0.0,
                ascent_m: 1.5,
                descent_m: 0.0,
            },
        ];
        let series = Series::from(&run[..]);
        let json = serde_json::to_string(&series).unwrap();
        assert_eq!(json, serde_json::to_string(&run.to_vec()).unwrap());
        let back: Series = serde_json::from_str(&json).unwrap();
        assert_eq!(back, series);
        // A summary written before descents were kept reads them as 0.
        let old =
            r#"[{"moving_s":10.0,"distance_m":28.5,"hr_s":10.0,"hr_sum":1500.0,"ascent_m":2.0}]"#;
        let back: Series = serde_json::from_str(old).unwrap();
        assert_eq!(back.to_vec()[0].descent_m, 0.0);
        assert_eq!(back.to_vec()[0].ascent_m, 2.0);
    }
}
