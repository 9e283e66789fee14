//! A run's 10-second series, held compactly. Every run keeps its series until the whole export is
//! judged (the baseline at a run's date needs every run before it), so the series is most of what
//! a run holds in memory: 20 bytes a bucket as five `f32`, 7.2 KB an hour. Most buckets repeat
//! the same few values (ten moving seconds, all of them with a heart rate, no climb), so each is
//! stored as a byte saying which fields take those values, then only the other fields, each as
//! short as it can be told: the HR sum (whole beats × whole seconds, as watches record) in two
//! bytes, the distance in three when it is close to the bucket before's (an even pace: the same
//! exponent and leading digits). 6 bytes a typical bucket. Lossless: every field comes back bit
//! for bit.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::summarize::summary::{Bucket, BUCKET_S};

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

const WHOLE_BUCKET: f32 = BUCKET_S as f32;
const NEAR_BITS: u32 = 1 << 24;

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
            distance_bits: 0,
        }
    }

    /// The buckets decoded into a vector, for a judge that looks back and ahead.
    pub fn to_vec(&self) -> Vec<Bucket> {
        let mut out = Vec::with_capacity(self.len);
        out.extend(self.iter());
        out
    }
}

/// How a bucket is stored: its flags, and how many bytes follow them.
fn layout(b: &Bucket, previous_distance_bits: u32) -> (u8, usize) {
    let same = |a: f32, b: f32| a.to_bits() == b.to_bits();
    let mut flags = 0;
    let mut len = 0;
    if same(b.moving_s, WHOLE_BUCKET) {
        flags |= FULL;
    } else {
        len += 4;
    }
    if same(b.distance_m, 0.0) {
        flags |= NO_DISTANCE;
    } else if b.distance_m.to_bits() ^ previous_distance_bits < NEAR_BITS {
        flags |= DISTANCE_NEAR;
        len += 3;
    } else {
        len += 4;
    }
    if same(b.hr_s, b.moving_s) {
        flags |= HR_ALL;
    } else {
        len += 4;
    }
    if same(b.hr_sum, 0.0) {
        flags |= NO_HR_SUM;
    } else if whole_u16(b.hr_sum).is_some() {
        flags |= HR_SUM_WHOLE;
        len += 2;
    } else {
        len += 4;
    }
    if same(b.ascent_m, 0.0) {
        flags |= FLAT;
    } else {
        len += 4;
    }
    (flags, len)
}

/// `v` as a `u16` when that gives it back bit for bit (not -0.0, not a fraction).
fn whole_u16(v: f32) -> Option<u16> {
    let whole = v as u16;
    (f32::from(whole).to_bits() == v.to_bits()).then_some(whole)
}

/// A field in full, unless its flag (`left_out`) says it is not stored.
fn put(bytes: &mut Vec<u8>, left_out: u8, v: f32) {
    if left_out == 0 {
        bytes.extend_from_slice(&v.to_bits().to_le_bytes());
    }
}

impl From<&[Bucket]> for Series {
    fn from(buckets: &[Bucket]) -> Self {
        // Measured first, so the bytes are allocated once at their size: a vector shrunk after
        // would leave its tail as a hole between the runs kept.
        let mut size = 0;
        let mut previous = 0;
        for b in buckets {
            size += 1 + layout(b, previous).1;
            previous = b.distance_m.to_bits();
        }
        let mut bytes = Vec::with_capacity(size);
        let mut previous = 0;
        for b in buckets {
            let (flags, _) = layout(b, previous);
            bytes.push(flags);
            let distance = b.distance_m.to_bits();
            put(&mut bytes, flags & FULL, b.moving_s);
            if flags & DISTANCE_NEAR != 0 {
                bytes.extend_from_slice(&(distance ^ previous).to_le_bytes()[..3]);
            } else {
                put(&mut bytes, flags & NO_DISTANCE, b.distance_m);
            }
            put(&mut bytes, flags & HR_ALL, b.hr_s);
            match whole_u16(b.hr_sum).filter(|_| flags & HR_SUM_WHOLE != 0) {
                Some(whole) => bytes.extend_from_slice(&whole.to_le_bytes()),
                None => put(&mut bytes, flags & NO_HR_SUM, b.hr_sum),
            }
            put(&mut bytes, flags & FLAT, b.ascent_m);
            previous = distance;
        }
        debug_assert_eq!(bytes.len(), size);
        Series {
            bytes: bytes.into_boxed_slice(),
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
    /// The previous bucket's distance, which a near one is told against.
    distance_bits: u32,
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
        f32::from_bits(u32::from_le_bytes(self.take::<4>()))
    }
}

impl Iterator for Buckets<'_> {
    type Item = Bucket;

    fn next(&mut self) -> Option<Bucket> {
        let (&flags, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        let moving_s = self.field(flags, FULL, WHOLE_BUCKET);
        let distance_m = if flags & DISTANCE_NEAR != 0 {
            let [a, b, c] = self.take::<3>();
            f32::from_bits(self.distance_bits ^ u32::from_le_bytes([a, b, c, 0]))
        } else {
            self.field(flags, NO_DISTANCE, 0.0)
        };
        self.distance_bits = distance_m.to_bits();
        let hr_s = self.field(flags, HR_ALL, moving_s);
        let hr_sum = if flags & HR_SUM_WHOLE != 0 {
            f32::from(u16::from_le_bytes(self.take::<2>()))
        } else {
            self.field(flags, NO_HR_SUM, 0.0)
        };
        let ascent_m = self.field(flags, FLAT, 0.0);
        Some(Bucket {
            moving_s,
            distance_m,
            hr_s,
            hr_sum,
            ascent_m,
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
                });
                buckets.push(Bucket {
                    moving_s: b,
                    distance_m: 28.0,
                    hr_s: b,
                    hr_sum: 0.0,
                    ascent_m: a,
                });
            }
        }
        let series = Series::from(buckets.as_slice());
        assert_eq!(series.len(), buckets.len());
        let back = series.to_vec();
        let bits =
            |b: &Bucket| [b.moving_s, b.distance_m, b.hr_s, b.hr_sum, b.ascent_m].map(f32::to_bits);
        assert_eq!(
            back.iter().map(bits).collect::<Vec<_>>(),
            buckets.iter().map(bits).collect::<Vec<_>>()
        );
        assert_eq!(Series::from(&[][..]).iter().count(), 0);
    }

    #[test]
    fn random_buckets_come_back_bit_for_bit_and_take_what_layout_says() {
        // Values at and around every short form's edges: whole HR sums to 65,535 and past it,
        // fractions, -0.0, NaN; distances near the one before and far from it.
        let mut rng = testkit::rng::Rng::new(0x6a09_e667_f3bc_c908);
        let edges = [
            0.0,
            -0.0,
            1.0,
            0.5,
            10.0,
            65_535.0,
            65_536.0,
            65_535.5,
            -3.0,
            1e9,
            f32::NAN,
        ];
        let value = |rng: &mut testkit::rng::Rng, previous: f32| -> f32 {
            match rng.int(0, 4) {
                0 => *rng.pick(&edges).unwrap_or(&0.0),
                1 => f32::from_bits(previous.to_bits() ^ rng.int(0, (1 << 24) - 1) as u32),
                2 => f32::from_bits(previous.to_bits() ^ (1 << 24)),
                3 => rng.int(0, 70_000) as f32,
                _ => f32::from_bits(rng.next_u64() as u32),
            }
        };
        let mut buckets = Vec::new();
        let mut previous = 0.0;
        for _ in 0..20_000 {
            let b = Bucket {
                moving_s: value(&mut rng, 10.0),
                distance_m: value(&mut rng, previous),
                hr_s: value(&mut rng, 10.0),
                hr_sum: value(&mut rng, 1480.0),
                ascent_m: value(&mut rng, 0.0),
            };
            previous = b.distance_m;
            buckets.push(b);
        }
        let series = Series::from(buckets.as_slice());
        let bits =
            |b: &Bucket| [b.moving_s, b.distance_m, b.hr_s, b.hr_sum, b.ascent_m].map(f32::to_bits);
        let back = series.to_vec();
        assert_eq!(back.len(), buckets.len());
        assert!(back.iter().zip(&buckets).all(|(a, b)| bits(a) == bits(b)));
        // The short forms are used: far fewer than 21 bytes a bucket on these values.
        // Each distance against the one before (the first against 0).
        let distances: Vec<u32> = buckets.iter().map(|b| b.distance_m.to_bits()).collect();
        let near = std::iter::once(0)
            .chain(distances.iter().copied())
            .zip(&distances)
            .filter(|&(before, &d)| d != 0 && d ^ before < NEAR_BITS)
            .count();
        let whole = buckets
            .iter()
            .filter(|b| b.hr_sum.to_bits() != 0 && whole_u16(b.hr_sum).is_some())
            .count();
        assert!(near > 3_000 && whole > 3_000, "near {near}, whole {whole}");
        // A flag byte and five four-byte fields, less what the flags leave out or shorten.
        let full = buckets.len() * 21;
        assert_eq!(
            series.heap_bytes(),
            full - near - 2 * whole - skipped(&buckets)
        );
    }

    /// Bytes the flags save by leaving out a field whole (not counting the short forms).
    fn skipped(buckets: &[Bucket]) -> usize {
        let same = |a: f32, b: f32| a.to_bits() == b.to_bits();
        buckets
            .iter()
            .map(|b| {
                4 * [
                    same(b.moving_s, WHOLE_BUCKET),
                    same(b.distance_m, 0.0),
                    same(b.hr_s, b.moving_s),
                    same(b.hr_sum, 0.0),
                    same(b.ascent_m, 0.0),
                ]
                .iter()
                .filter(|s| **s)
                .count()
            })
            .sum()
    }

    #[test]
    fn a_typical_bucket_takes_six_bytes() {
        // An even pace: 28.3 m then 28.6 m in ten seconds share their exponent and leading bits.
        let run: Vec<Bucket> = (0..360)
            .map(|i| Bucket {
                moving_s: 10.0,
                distance_m: 28.3 + (i % 2) as f32 * 0.3,
                hr_s: 10.0,
                hr_sum: 1480.0 + i as f32,
                ascent_m: 0.0,
            })
            .collect();
        let series = Series::from(run.as_slice());
        // The first bucket's distance is told in full, against nothing before it.
        assert_eq!(series.heap_bytes(), 360 * 6 + 1);
        assert_eq!(series.to_vec(), run);
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
            },
            Bucket {
                moving_s: 4.0,
                distance_m: 9.0,
                hr_s: 0.0,
                hr_sum: 0.0,
                ascent_m: 1.5,
            },
        ];
        let series = Series::from(&run[..]);
        let json = serde_json::to_string(&series).unwrap();
        assert_eq!(json, serde_json::to_string(&run.to_vec()).unwrap());
        let back: Series = serde_json::from_str(&json).unwrap();
        assert_eq!(back, series);
    }
}
