//! Decoders: bytes of one file in, [`FileContent`] out. One module per format; none of them
//! allocates per record beyond pushing samples, and none panics on any input.

pub mod fit;
pub mod gpx;
pub mod tcx;
pub(crate) mod xmlpoints;
pub mod xmltime;

use crate::activity::{DecodeResult, SourceFormat};

/// Decodes one file's bytes in the given format.
pub fn decode(format: SourceFormat, bytes: &[u8]) -> DecodeResult {
    match format {
        SourceFormat::Fit => fit::decode(bytes),
        SourceFormat::Gpx => gpx::decode(bytes),
        SourceFormat::Tcx => tcx::decode(bytes),
    }
}
