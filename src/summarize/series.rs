//! A run's 10-second series, held compactly. Every run keeps its series until the whole export is
//! judged (the baseline at a run's date needs every run before it), so the series is most of what
//! a run holds in memory: 20 bytes a bucket as five `f32`, 7.2 KB an hour. Most buckets repeat
//! the same few values (ten moving seconds, all of them with a heart rate, no climb), so each is
//! stored as a byte saying which fields take those values, then only the other fields: 9 bytes a
//! typical bucket. Lossless: every field comes back bit for bit.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::summarize::summary::{Bucket, BUCKET_S};

/// The buckets of one run, in time order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    bytes: Vec<u8>,
    len: usize,
}

// What the flag byte of a bucket says; a field whose bit is set is not stored.
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

const WHOLE_BUCKET: f32 = BUCKET_S as f32;

impl Series {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes held on the heap, for the memory budget.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
    }

    /// The buckets, decoded one by one.
    pub fn iter(&self) -> Buckets<'_> {
        Buckets { bytes: &self.bytes }
    }

    /// The buckets decoded into a vector, for a judge that looks back and ahead.
    pub fn to_vec(&self) -> Vec<Bucket> {
        let mut out = Vec::with_capacity(self.len);
        out.extend(self.iter());
        out
    }
}

impl From<&[Bucket]> for Series {
    fn from(buckets: &[Bucket]) -> Self {
        let same = |a: f32, b: f32| a.to_bits() == b.to_bits();
        let mut bytes = Vec::with_capacity(buckets.len() * 9);
        for b in buckets {
            let mut flags = 0;
            if same(b.moving_s, WHOLE_BUCKET) {
                flags |= FULL;
            }
            if same(b.hr_s, b.moving_s) {
                flags |= HR_ALL;
            }
            if same(b.ascent_m, 0.0) {
                flags |= FLAT;
            }
            if same(b.distance_m, 0.0) {
                flags |= NO_DISTANCE;
            }
            if same(b.hr_sum, 0.0) {
                flags |= NO_HR_SUM;
            }
            bytes.push(flags);
            let mut put = |skip: u8, v: f32| {
                if flags & skip == 0 {
                    bytes.extend_from_slice(&v.to_bits().to_le_bytes());
                }
            };
            put(FULL, b.moving_s);
            put(NO_DISTANCE, b.distance_m);
            put(HR_ALL, b.hr_s);
            put(NO_HR_SUM, b.hr_sum);
            put(FLAT, b.ascent_m);
        }
        bytes.shrink_to_fit();
        Series {
            bytes,
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
}

impl Buckets<'_> {
    /// The next stored field, or `default` when the flag says it was not stored.
    fn field(&mut self, flags: u8, skip: u8, default: f32) -> f32 {
        if flags & skip != 0 {
            return default;
        }
        match self.bytes.split_first_chunk::<4>() {
            Some((word, rest)) => {
                self.bytes = rest;
                f32::from_bits(u32::from_le_bytes(*word))
            }
            // Only `From<&[Bucket]>` writes the bytes, whole buckets at a time.
            None => default,
        }
    }
}

impl Iterator for Buckets<'_> {
    type Item = Bucket;

    fn next(&mut self) -> Option<Bucket> {
        let (&flags, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        let moving_s = self.field(flags, FULL, WHOLE_BUCKET);
        let distance_m = self.field(flags, NO_DISTANCE, 0.0);
        let hr_s = self.field(flags, HR_ALL, moving_s);
        let hr_sum = self.field(flags, NO_HR_SUM, 0.0);
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
    fn a_typical_bucket_takes_nine_bytes() {
        let run = vec![
            Bucket {
                moving_s: 10.0,
                distance_m: 28.3,
                hr_s: 10.0,
                hr_sum: 1480.0,
                ascent_m: 0.0,
            };
            360
        ];
        assert_eq!(Series::from(run.as_slice()).heap_bytes(), 360 * 9);
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
