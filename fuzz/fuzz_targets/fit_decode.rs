//! The FIT decoder on arbitrary bytes: no panic, no hang, and its output keeps the decoder
//! contract.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = grayzone::ingest::decode::fit::decode(data);
    common::check_decoded(&result);
});
