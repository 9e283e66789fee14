//! The FIT CRC-16 (the CRC-16/ARC polynomial, reflected, initial value 0) that closes every
//! header and every file. It runs over every byte of every file, so it is computed 16 bytes at a
//! time ("slicing-by-16", 8 KiB of tables): byte at a time it took most of the decoding time.
//! On x86-64 processors with carry-less multiplication (every one since 2010) a long buffer is
//! first folded 64 bytes at a time ([`clmul`]): the tables cost two instructions a byte, and
//! were 6 % of a whole `weekly` run.

/// The SDK's nibble table; everything else is derived from it so the result provably matches
/// the reference algorithm in `fit_crc.c`.
const NIBBLE: [u16; 16] = [
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401,
    0x5000, 0x9C01, 0x8801, 0x4400,
];

/// One byte the way the SDK does it: low nibble, then high nibble.
const fn nibble_step(crc: u16, byte: u8) -> u16 {
    let tmp = NIBBLE[(crc & 0xF) as usize];
    let crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ NIBBLE[(byte & 0xF) as usize];
    let tmp = NIBBLE[(crc & 0xF) as usize];
    ((crc >> 4) & 0x0FFF) ^ tmp ^ NIBBLE[((byte >> 4) & 0xF) as usize]
}

const SLICES: usize = 16;

/// `TABLES[k][b]`: the CRC contribution of byte `b` followed by `k` zero bytes.
const fn build_tables() -> [[u16; 256]; SLICES] {
    let mut tables = [[0u16; 256]; SLICES];
    let mut i = 0;
    while i < 256 {
        tables[0][i] = nibble_step(0, i as u8);
        i += 1;
    }
    let mut k = 1;
    while k < SLICES {
        let mut i = 0;
        while i < 256 {
            let prev = tables[k - 1][i];
            tables[k][i] = (prev >> 8) ^ tables[0][(prev & 0xFF) as usize];
            i += 1;
        }
        k += 1;
    }
    tables
}

static TABLES: [[u16; 256]; SLICES] = build_tables();

/// Continues a CRC over `data` (start with 0).
pub(super) fn update(crc: u16, data: &[u8]) -> u16 {
    #[cfg(target_arch = "x86_64")]
    if data.len() >= clmul::MIN_LEN && std::arch::is_x86_feature_detected!("pclmulqdq") {
        // SAFETY: the processor has just been seen to have the one feature `clmul::update`
        // enables (SSE2, the rest it uses, is part of every x86-64).
        return unsafe { clmul::update(crc, data) };
    }
    update_sliced(crc, data)
}

/// [`update`] with the tables alone.
fn update_sliced(mut crc: u16, data: &[u8]) -> u16 {
    let t = &TABLES;
    let mut chunks = data.chunks_exact(SLICES);
    for c in &mut chunks {
        let Ok(c) = <&[u8; SLICES]>::try_from(c) else {
            continue;
        };
        // The running CRC only touches the first two bytes; every byte then contributes
        // independently, shifted by its distance from the end of the chunk.
        let mut x = t[SLICES - 1][usize::from((crc & 0xFF) as u8 ^ c[0])]
            ^ t[SLICES - 2][usize::from((crc >> 8) as u8 ^ c[1])];
        for (k, &b) in c.iter().enumerate().skip(2) {
            x ^= t[SLICES - 1 - k][usize::from(b)];
        }
        crc = x;
    }
    for &b in chunks.remainder() {
        crc = (crc >> 8) ^ t[0][usize::from((crc ^ u16::from(b)) as u8)];
    }
    crc
}

/// Folding with carry-less multiplication. A buffer's CRC is that of its polynomial times x^16
/// modulo P, so any 16-byte block may be replaced by a shorter polynomial congruent to it times
/// x^128 (its weight 16 bytes later) and added into the next block: the buffer shrinks to one
/// block, whose CRC the tables then finish with the bytes left over. Bytes are read little-endian
/// as the CRC is reflected; a product of two reflected values comes out one bit low, hence the
/// powers x^(n-1) in the constants.
#[cfg(target_arch = "x86_64")]
mod clmul {
    use std::arch::x86_64::{
        __m128i, _mm_clmulepi64_si128, _mm_cvtsi128_si64, _mm_set_epi64x, _mm_unpackhi_epi64,
        _mm_xor_si128,
    };

    /// Shorter buffers go to the tables: four blocks are folded at once.
    pub(super) const MIN_LEN: usize = 64;

    /// x^e mod P, P = x^16 + x^15 + x^2 + 1, as a plain (not reflected) polynomial.
    const fn x_pow_mod(e: u32) -> u16 {
        let mut r: u32 = 1;
        let mut i = 0;
        while i < e {
            r <<= 1;
            if r & 0x1_0000 != 0 {
                r ^= 0x1_8005;
            }
            i += 1;
        }
        r as u16
    }

    /// The pair that moves a block `bits` later: x^(bits+63) for its first 8 bytes (the high
    /// powers, in the low lane) and x^(bits-1) for the last 8; reflected, x^d at bit 63 - d.
    const fn shift(bits: u32) -> [i64; 2] {
        [
            reflected(x_pow_mod(bits + 63)),
            reflected(x_pow_mod(bits - 1)),
        ]
    }

    const fn reflected(k: u16) -> i64 {
        ((k.reverse_bits() as u64) << 48) as i64
    }

    const BY_16: [i64; 2] = shift(128);
    const BY_32: [i64; 2] = shift(256);
    const BY_48: [i64; 2] = shift(384);
    const BY_64: [i64; 2] = shift(512);

    #[inline]
    #[target_feature(enable = "pclmulqdq,sse2")]
    fn fold(x: __m128i, by: [i64; 2], next: __m128i) -> __m128i {
        let k = _mm_set_epi64x(by[1], by[0]);
        let high_powers = _mm_clmulepi64_si128(x, k, 0x00);
        let low_powers = _mm_clmulepi64_si128(x, k, 0x11);
        _mm_xor_si128(_mm_xor_si128(high_powers, low_powers), next)
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    fn load(block: &[u8; 16]) -> __m128i {
        let v = u128::from_le_bytes(*block);
        _mm_set_epi64x((v >> 64) as i64, v as i64)
    }

    #[target_feature(enable = "pclmulqdq,sse2")]
    pub(super) fn update(crc: u16, data: &[u8]) -> u16 {
        let (quads, rest) = data.as_chunks::<64>();
        let Some((first, quads)) = quads.split_first() else {
            return super::update_sliced(crc, data);
        };
        let (b, _) = first.as_chunks::<16>();
        // The running CRC is added into the first two bytes, as the tables' first step does.
        let mut x = [
            _mm_xor_si128(load(&b[0]), _mm_set_epi64x(0, i64::from(crc))),
            load(&b[1]),
            load(&b[2]),
            load(&b[3]),
        ];
        for quad in quads {
            let (b, _) = quad.as_chunks::<16>();
            for (x, b) in x.iter_mut().zip(b) {
                *x = fold(*x, BY_64, load(b));
            }
        }
        let mut x = fold(x[0], BY_48, fold(x[1], BY_32, fold(x[2], BY_16, x[3])));
        let (blocks, tail) = rest.as_chunks::<16>();
        for b in blocks {
            x = fold(x, BY_16, load(b));
        }
        let low = _mm_cvtsi128_si64(x) as u64;
        let high = _mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x)) as u64;
        let last = (u128::from(high) << 64 | u128::from(low)).to_le_bytes();
        super::update_sliced(super::update_sliced(0, &last), tail)
    }
}

/// CRC of `data` from scratch.
pub(super) fn crc16(data: &[u8]) -> u16 {
    update(0, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(data: &[u8]) -> u16 {
        data.iter().fold(0, |crc, &b| nibble_step(crc, b))
    }

    #[test]
    fn matches_the_sdk_nibble_algorithm_for_every_length_and_alignment() {
        let data: Vec<u8> = (0..300u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for start in 0..8 {
            for end in start..data.len() {
                assert_eq!(
                    crc16(&data[start..end]),
                    reference(&data[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn folding_matches_the_tables_at_every_length_and_starting_value() {
        let data: Vec<u8> = (0..1100u32)
            .map(|i| (i.wrapping_mul(2_246_822_519).rotate_left(7) >> 11) as u8)
            .collect();
        for len in 0..data.len() {
            let start = (len * 7919 % 65_536) as u16;
            assert_eq!(
                update(start, &data[..len]),
                update_sliced(start, &data[..len]),
                "{len} bytes from {start:#06x}"
            );
        }
        // The long path is the one taken on this machine, or the comparison above proved nothing.
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("pclmulqdq") {
            // SAFETY: the feature was just detected.
            let folded = unsafe { clmul::update(0x1234, &data) };
            assert_eq!(folded, reference_from(0x1234, &data));
        }
    }

    fn reference_from(crc: u16, data: &[u8]) -> u16 {
        data.iter().fold(crc, |crc, &b| nibble_step(crc, b))
    }

    #[test]
    fn known_check_value() {
        // CRC-16/ARC check value of "123456789".
        assert_eq!(crc16(b"123456789"), 0xBB3D);
    }

    #[test]
    fn appending_the_crc_little_endian_gives_zero() {
        let data = b"grayzone runs 80/20";
        let crc = crc16(data);
        let mut with_crc = data.to_vec();
        with_crc.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(crc16(&with_crc), 0);
    }

    #[test]
    fn update_is_incremental() {
        let data = b"0123456789abcdefghijklmnopqrstuvwxyz";
        for split in 0..data.len() {
            assert_eq!(update(crc16(&data[..split]), &data[split..]), crc16(data));
        }
    }
}
