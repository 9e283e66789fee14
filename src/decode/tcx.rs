//! (stub: being written)
use crate::activity::{DecodeError, DecodeResult};

pub fn decode(_bytes: &[u8]) -> DecodeResult {
    Err(DecodeError::new("not implemented yet"))
}
