//! Byte-level FIT reading: file headers, the message stream of one part, and field values.
//!
//! Nothing here allocates: a definition keeps only where the fields we use sit in its data
//! messages (see [`super::profile::slot_of`]), and the 16 local message types live in a fixed
//! array. Every read is bounds-checked; a message that does not fit is reported, never read.

use super::crc::crc16;
use super::profile::{self, Kind, MAX_SLOTS};

/// Unix time of the FIT epoch, 1989-12-31T00:00:00Z.
pub(super) const FIT_EPOCH_UNIX: f64 = 631_065_600.0;

/// Below this a FIT `date_time` counts seconds since the device powered on, not since the epoch.
pub(super) const FIRST_ABSOLUTE_TIME: u64 = 0x1000_0000;

/// A FIT `date_time` (seconds since the FIT epoch) as Unix time.
pub(super) fn fit_time(raw: u64) -> f64 {
    FIT_EPOCH_UNIX + raw as f64
}

/// A parsed FIT file header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Header {
    pub size: usize,
    pub data_size: usize,
    /// `None` when the header carries no CRC (12-byte header, or CRC 0x0000, which means "not
    /// set").
    pub crc_ok: Option<bool>,
}

/// Why bytes are not a FIT header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HeaderFault {
    TooShort { have: usize },
    NoSignature,
    BadSize(u8),
}

impl HeaderFault {
    pub(super) fn describe(self) -> String {
        match self {
            HeaderFault::TooShort { have } => {
                format!("too short for a FIT header ({have} bytes)")
            }
            HeaderFault::NoSignature => "header has no .FIT signature".to_owned(),
            HeaderFault::BadSize(size) => format!("header size {size} is below the minimum 12"),
        }
    }
}

const MIN_HEADER: usize = 12;

/// Reads the header at the start of `bytes`.
pub(super) fn read_header(bytes: &[u8]) -> Result<Header, HeaderFault> {
    let Some(fixed @ &[size, _, _, _, d0, d1, d2, d3, ref signature @ ..]) =
        bytes.get(..MIN_HEADER)
    else {
        return Err(HeaderFault::TooShort { have: bytes.len() });
    };
    if signature != b".FIT" {
        return Err(HeaderFault::NoSignature);
    }
    if usize::from(size) < MIN_HEADER {
        return Err(HeaderFault::BadSize(size));
    }
    let size = usize::from(size);
    if bytes.len() < size {
        return Err(HeaderFault::TooShort { have: bytes.len() });
    }
    let data_size = u32::from_le_bytes([d0, d1, d2, d3]) as usize;
    let crc_ok = match bytes.get(12..14) {
        Some(&[lo, hi]) if size >= 14 => {
            let stored = u16::from_le_bytes([lo, hi]);
            (stored != 0).then(|| crc16(fixed) == stored)
        }
        _ => None,
    };
    Ok(Header {
        size,
        data_size,
        crc_ok,
    })
}

/// Where one field we use sits inside a data message, and how to read its first element.
/// Worked out once per definition so that data messages only copy bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FieldLoc {
    offset: u32,
    /// Declared size; 0 when the definition does not have the field.
    size: u8,
    codec: Codec,
}

impl Default for FieldLoc {
    fn default() -> Self {
        FieldLoc {
            offset: 0,
            size: 0,
            codec: Codec::NotNumeric,
        }
    }
}

/// How to read one element of a field: its width and which value means "invalid". Decided per
/// definition, so a data message pays one branch per field instead of re-deriving the type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Codec {
    /// Absent, text, or a size that is not a whole number of elements.
    NotNumeric,
    /// Unsigned (enum, uintN, byte): invalid is all ones.
    U8,
    U16,
    U32,
    U64,
    /// Signed: invalid is the largest positive value.
    S8,
    S16,
    S32,
    S64,
    /// uintNz: invalid is zero.
    Z8,
    Z16,
    Z32,
    Z64,
    /// Invalid is any non-finite value.
    F32,
    F64,
}

impl FieldLoc {
    fn new(offset: usize, size: u8, base: u8) -> Self {
        let (width, kind) = profile::base_type(base);
        let numeric = size > 0 && size.is_multiple_of(width) && kind != Kind::Text;
        let codec = match (numeric, kind, width) {
            (false, _, _) => Codec::NotNumeric,
            (_, Kind::Unsigned, 1) => Codec::U8,
            (_, Kind::Unsigned, 2) => Codec::U16,
            (_, Kind::Unsigned, 4) => Codec::U32,
            (_, Kind::Unsigned, 8) => Codec::U64,
            (_, Kind::Signed, 1) => Codec::S8,
            (_, Kind::Signed, 2) => Codec::S16,
            (_, Kind::Signed, 4) => Codec::S32,
            (_, Kind::Signed, 8) => Codec::S64,
            (_, Kind::UnsignedZ, 1) => Codec::Z8,
            (_, Kind::UnsignedZ, 2) => Codec::Z16,
            (_, Kind::UnsignedZ, 4) => Codec::Z32,
            (_, Kind::UnsignedZ, 8) => Codec::Z64,
            (_, Kind::Float, 4) => Codec::F32,
            (_, Kind::Float, 8) => Codec::F64,
            _ => Codec::NotNumeric,
        };
        FieldLoc {
            offset: offset as u32,
            size,
            codec,
        }
    }
}

/// What a definition message says about the data messages of its local type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Definition {
    pub global: u16,
    big_endian: bool,
    /// Bytes of one data message after its header byte, developer fields included.
    len: usize,
    fields: [FieldLoc; MAX_SLOTS],
}

/// One data message, ready to read.
pub(super) struct Message<'a> {
    pub def: &'a Definition,
    pub body: &'a [u8],
    /// The 5-bit time offset of a compressed-timestamp header.
    pub time_offset: Option<u8>,
}

/// Why the message stream of a part stopped early. `at` is a byte offset in the whole file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fault {
    /// A message runs past the end of the data (or of the file).
    Truncated { at: usize },
    /// A data message uses a local type that no definition introduced.
    Undefined { local: u8, at: usize },
}

/// Walks the messages of one FIT part.
pub(super) struct Stream<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    defs: [Option<Definition>; 16],
}

impl<'a> Stream<'a> {
    /// Messages in `bytes[start..end]`; `end` must not exceed `bytes.len()` (it is clamped).
    pub(super) fn new(bytes: &'a [u8], start: usize, end: usize) -> Self {
        Stream {
            bytes,
            pos: start,
            end: end.min(bytes.len()),
            defs: [None; 16],
        }
    }

    /// Byte offset of the next message.
    pub(super) fn position(&self) -> usize {
        self.pos
    }

    /// The next data message; definition messages are absorbed on the way. Inlined into the loop
    /// that takes the messages: returned through memory, the message is written in pieces and
    /// read back whole, a store the processor cannot forward (a stall per message, 13 % of the
    /// whole run when the compiler happened not to inline it).
    #[inline]
    pub(super) fn next_message(&mut self) -> Result<Option<Message<'_>>, Fault> {
        loop {
            let Some(&head) = self.bytes.get(self.pos).filter(|_| self.pos < self.end) else {
                return Ok(None);
            };
            let (local, time_offset) = if head & 0x80 != 0 {
                ((head >> 5) & 0x03, Some(head & 0x1F))
            } else if head & 0x40 != 0 {
                self.read_definition(head)?;
                continue;
            } else {
                (head & 0x0F, None)
            };
            let at = self.pos;
            let def = self
                .defs
                .get(usize::from(local))
                .and_then(Option::as_ref)
                .ok_or(Fault::Undefined { local, at })?;
            let body_start = at + 1;
            let body_end = body_start + def.len;
            if body_end > self.end {
                return Err(Fault::Truncated { at });
            }
            let body = self
                .bytes
                .get(body_start..body_end)
                .ok_or(Fault::Truncated { at })?;
            self.pos = body_end;
            return Ok(Some(Message {
                def,
                body,
                time_offset,
            }));
        }
    }

    fn take(&self, from: usize, n: usize) -> Result<&'a [u8], Fault> {
        let at = self.pos;
        let to = from.checked_add(n).ok_or(Fault::Truncated { at })?;
        if to > self.end {
            return Err(Fault::Truncated { at });
        }
        self.bytes.get(from..to).ok_or(Fault::Truncated { at })
    }

    fn read_definition(&mut self, head: u8) -> Result<(), Fault> {
        // header, reserved, architecture, global number (2), field count
        let &[_, _, arch, g0, g1, field_count] = self.take(self.pos, 6)? else {
            return Err(Fault::Truncated { at: self.pos });
        };
        let big_endian = arch == 1;
        let global = if big_endian {
            u16::from_be_bytes([g0, g1])
        } else {
            u16::from_le_bytes([g0, g1])
        };
        let field_count = usize::from(field_count);
        let mut next = self.pos + 6;
        let field_bytes = self.take(next, 3 * field_count)?;
        next += 3 * field_count;

        let mut def = Definition {
            global,
            big_endian,
            len: 0,
            fields: [FieldLoc::default(); MAX_SLOTS],
        };
        for field in field_bytes.chunks_exact(3) {
            let &[number, size, base] = field else {
                continue;
            };
            if let Some(loc) = profile::slot_of(global, number).and_then(|s| def.fields.get_mut(s))
            {
                *loc = FieldLoc::new(def.len, size, base);
            }
            def.len += usize::from(size);
        }
        if head & 0x20 != 0 {
            // Developer fields: only their sizes matter to us, to step over them.
            let dev_count = self.take(next, 1)?.first().map_or(0, |&n| usize::from(n));
            next += 1;
            let dev_bytes = self.take(next, 3 * dev_count)?;
            next += 3 * dev_count;
            def.len += dev_bytes
                .chunks_exact(3)
                .filter_map(|f| f.get(1).map(|&size| usize::from(size)))
                .sum::<usize>();
        }
        if let Some(slot) = self.defs.get_mut(usize::from(head & 0x0F)) {
            *slot = Some(def);
        }
        self.pos = next;
        Ok(())
    }
}

/// The first element of a numeric field, after its invalid marker was checked.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Element {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl<'a> Message<'a> {
    /// The raw bytes of a field, whatever its type.
    pub(super) fn raw(&self, slot: usize) -> Option<&'a [u8]> {
        let loc = self.def.fields.get(slot).filter(|l| l.size > 0)?;
        let start = loc.offset as usize;
        self.body.get(start..start + usize::from(loc.size))
    }

    /// The elements of an unsigned-integer array field (`None` for an element holding the
    /// invalid marker), or nothing when the field is absent or of another type.
    pub(super) fn uint_elements(&self, slot: usize) -> impl Iterator<Item = Option<u64>> + 'a {
        let loc = self.def.fields.get(slot).copied().unwrap_or_default();
        let width = match loc.codec {
            Codec::U8 => 1,
            Codec::U16 => 2,
            Codec::U32 => 4,
            Codec::U64 => 8,
            _ => 0,
        };
        let bytes = if width == 0 {
            &[][..]
        } else {
            self.raw(slot).unwrap_or_default()
        };
        let big_endian = self.def.big_endian;
        let invalid = if width >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * width.max(1))) - 1
        };
        bytes.chunks_exact(width.max(1)).map(move |chunk| {
            let value = if big_endian {
                chunk.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b))
            } else {
                chunk
                    .iter()
                    .rev()
                    .fold(0u64, |v, &b| (v << 8) | u64::from(b))
            };
            (value != invalid).then_some(value)
        })
    }

    #[inline(always)]
    fn element(&self, slot: usize) -> Option<Element> {
        let loc = self.def.fields.get(slot)?;
        let at = loc.offset as usize;
        let (body, be) = (self.body, self.def.big_endian);
        let unsigned = |v: u64, invalid: u64| (v != invalid).then_some(Element::Unsigned(v));
        let nonzero = |v: u64| (v != 0).then_some(Element::Unsigned(v));
        match loc.codec {
            Codec::NotNumeric => None,
            Codec::U8 => unsigned(read::<1>(body, at, be)?, 0xFF),
            Codec::U16 => unsigned(read::<2>(body, at, be)?, 0xFFFF),
            Codec::U32 => unsigned(read::<4>(body, at, be)?, 0xFFFF_FFFF),
            Codec::U64 => unsigned(read::<8>(body, at, be)?, u64::MAX),
            Codec::S8 => {
                let v = read::<1>(body, at, be)? as u8 as i8;
                (v != i8::MAX).then_some(Element::Signed(v.into()))
            }
            Codec::S16 => {
                let v = read::<2>(body, at, be)? as u16 as i16;
                (v != i16::MAX).then_some(Element::Signed(v.into()))
            }
            Codec::S32 => {
                let v = read::<4>(body, at, be)? as u32 as i32;
                (v != i32::MAX).then_some(Element::Signed(v.into()))
            }
            Codec::S64 => {
                let v = read::<8>(body, at, be)? as i64;
                (v != i64::MAX).then_some(Element::Signed(v))
            }
            Codec::Z8 => nonzero(read::<1>(body, at, be)?),
            Codec::Z16 => nonzero(read::<2>(body, at, be)?),
            Codec::Z32 => nonzero(read::<4>(body, at, be)?),
            Codec::Z64 => nonzero(read::<8>(body, at, be)?),
            Codec::F32 => {
                let v = f64::from(f32::from_bits(read::<4>(body, at, be)? as u32));
                v.is_finite().then_some(Element::Float(v))
            }
            Codec::F64 => {
                let v = f64::from_bits(read::<8>(body, at, be)?);
                v.is_finite().then_some(Element::Float(v))
            }
        }
    }

    /// A numeric field's value (the first element of an array), or `None` when the field is
    /// absent, holds its type's invalid marker, or has a size that is not a whole number of
    /// elements (COROS writes such fields; their value is meaningless, and skipping them by
    /// their declared size keeps the fields after them aligned).
    #[inline(always)]
    pub(super) fn number(&self, slot: usize) -> Option<f64> {
        Some(match self.element(slot)? {
            // Through i64 when it fits (every field narrower than 64 bits): one instruction on
            // x86-64, where u64 to f64 takes five.
            Element::Unsigned(v) => i64::try_from(v).map_or(v as f64, |v| v as f64),
            Element::Signed(v) => v as f64,
            Element::Float(v) => v,
        })
    }

    /// A numeric field as an unsigned integer that fits `T`.
    #[inline(always)]
    pub(super) fn uint<T: TryFrom<u64>>(&self, slot: usize) -> Option<T> {
        let v = match self.element(slot)? {
            Element::Unsigned(v) => v,
            Element::Signed(v) => u64::try_from(v).ok()?,
            Element::Float(v) if v >= 0.0 && v.fract() == 0.0 && v < u64::MAX as f64 => v as u64,
            Element::Float(_) => return None,
        };
        T::try_from(v).ok()
    }

    /// A text field up to its first NUL; lossy for bytes that are not UTF-8.
    pub(super) fn text(&self, slot: usize) -> Option<String> {
        let raw = self.raw(slot)?;
        let text = raw.split(|&b| b == 0).next().unwrap_or_default();
        (!text.is_empty()).then(|| String::from_utf8_lossy(text).into_owned())
    }
}

/// The `N`-byte unsigned integer at `at`, in the definition's byte order.
#[inline(always)]
fn read<const N: usize>(body: &[u8], at: usize, big_endian: bool) -> Option<u64> {
    let bytes: &[u8; N] = body.get(at..at.checked_add(N)?)?.try_into().ok()?;
    let mut wide = [0u8; 8];
    Some(if big_endian {
        wide[8 - N..].copy_from_slice(bytes);
        u64::from_be_bytes(wide)
    } else {
        wide[..N].copy_from_slice(bytes);
        u64::from_le_bytes(wide)
    })
}
