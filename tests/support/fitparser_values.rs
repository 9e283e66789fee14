//! Reading fitparser's values the way the FIT SDK and grayzone read a field, for the two places
//! that check our FIT decoder against fitparser: the oracle test over every FIT file we have
//! (`tests/fit_oracle.rs`) and the differential fuzz target (`fuzz/fuzz_targets/fit_differential.rs`,
//! which includes this file by path). Where fitparser departs from the SDK (compressed distance,
//! arrays, sizes that are not a multiple of the base type), the rule here is the SDK's.
#![allow(dead_code)]

use std::collections::HashMap;

use fitparser::{FitDataRecord, Value};

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH: f64 = 631_065_600.0;

/// The FIT SDK's accumulation of the rolling 12-bit distance counter (1/16 m).
#[derive(Default)]
pub struct CompressedDistance {
    total: u64,
    last: u64,
}

impl CompressedDistance {
    pub fn accumulate(&mut self, raw: &Value) -> Option<f64> {
        let Value::Array(bytes) = raw else {
            return None;
        };
        let b: Vec<u64> = bytes
            .iter()
            .map(|v| match v {
                Value::Byte(b) => Some(u64::from(*b)),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let counter = (b.get(1)? >> 4) | (b.get(2)? << 4);
        self.total += counter.wrapping_sub(self.last) & 0xFFF;
        self.last = counter;
        Some(self.total as f64 / 16.0)
    }
}

pub fn first_field<'a>(rec: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    rec.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

/// A date_time field in Unix seconds, read as we read times: a u64 count of seconds, absent when
/// the value does not fit (a negative sint32: fitparser dates it before the FIT epoch).
/// fitparser makes times of single values of the messages its profile knows: a timestamp
/// declared as an array (a 116-byte uint32 field) stays a list of raw numbers, where the FIT SDK,
/// and we, read its first element; the timestamp of a message it does not know stays a number.
pub fn time_of(v: &Value) -> Option<f64> {
    let raw = match v {
        Value::Timestamp(t) => t.timestamp() as f64 - FIT_EPOCH,
        Value::Array(_) if misaligned(v) => return None,
        _ => number(v)?,
    };
    fits::<u64>(raw).map(|raw| FIT_EPOCH + raw as f64)
}

/// A scalar as f64; arrays give their first element.
pub fn number(v: &Value) -> Option<f64> {
    Some(match v {
        Value::Byte(x) | Value::Enum(x) | Value::UInt8(x) | Value::UInt8z(x) => f64::from(*x),
        Value::SInt8(x) => f64::from(*x),
        Value::SInt16(x) => f64::from(*x),
        Value::UInt16(x) | Value::UInt16z(x) => f64::from(*x),
        Value::SInt32(x) => f64::from(*x),
        Value::UInt32(x) | Value::UInt32z(x) => f64::from(*x),
        Value::SInt64(x) => *x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => *x as f64,
        Value::Float32(x) => f64::from(*x),
        Value::Float64(x) => *x,
        Value::Timestamp(t) => t.timestamp() as f64,
        Value::Array(items) => return first_element(items).and_then(number),
        Value::String(_) | Value::Invalid => return None,
    })
}

/// The element we read an array field by: its first, absent when invalid. fitparser marks an
/// invalid element `Invalid`, except in byte arrays, whose elements it keeps raw; we, as the SDK,
/// read a first byte of 0xFF as invalid there too.
pub fn first_element(items: &[Value]) -> Option<&Value> {
    items.first().filter(|v| !matches!(v, Value::Byte(0xFF)))
}

/// A field that fitparser turned into bytes because its size was not a multiple of its base type:
/// we treat it as absent.
pub fn misaligned(v: &Value) -> bool {
    matches!(v, Value::Array(items) if items.iter().all(|i| matches!(i, Value::Byte(_))))
}

pub fn raw_wide(raw: &HashMap<u8, Value>, field: u8) -> Option<f64> {
    raw.get(&field).filter(|v| !misaligned(v)).and_then(number)
}

pub fn raw_narrow(raw: &HashMap<u8, Value>, field: u8) -> Option<f64> {
    raw.get(&field).and_then(number)
}

/// A whole number that fits `T`, as our decoder reads integer fields into narrow types.
pub fn fits<T: TryFrom<u64>>(v: f64) -> Option<T> {
    if v >= 0.0 && v.fract() == 0.0 && v < u64::MAX as f64 {
        T::try_from(v as u64).ok()
    } else {
        None
    }
}
