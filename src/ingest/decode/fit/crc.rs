//! The FIT CRC-16 (the CRC-16/ARC polynomial, reflected, initial value 0) that closes every
//! header and every file. It runs over every byte of every file, so it is computed 16 bytes at a
//! time ("slicing-by-16", 8 KiB of tables): byte at a time it took most of the decoding time.

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
pub(super) fn update(mut crc: u16, data: &[u8]) -> u16 {
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
