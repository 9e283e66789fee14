//! The chart as a PNG picture (`grayzone chart -o weeks.png`): the very SVG that [`super::chart`]
//! draws, rendered by resvg — pure Rust, no system library.
//!
//! The font travels inside the binary (DejaVu Sans and Sans Bold, cut to Latin-1 and the
//! punctuation the chart writes; licence in `assets/fonts/LICENSE`), and no system font is ever
//! looked up: a fresh machine or a container often has none, and then the labels would silently
//! vanish, or come out in whatever font a machine happens to have. With the font embedded, the same
//! chart gives the same pixels everywhere.

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

const SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The family name inside the embedded font files, first in the chart's `font-family` list.
const FAMILY: &str = "DejaVu Sans";

/// Pixels per SVG unit. The chart's 11-px labels are blurred at 1:1 on today's screens and
/// phones; twice the size keeps them sharp and the file small (tens of kB: flat colours).
pub const SCALE: f32 = 2.0;

/// Renders an SVG document (the chart's) to PNG bytes, `SCALE` times its size.
pub fn from_svg(svg: &str) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options {
        font_family: FAMILY.to_string(),
        ..usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(SANS.to_vec());
    fonts.load_font_data(SANS_BOLD.to_vec());
    // Every generic family falls back to the embedded font, so no name in the chart's list can
    // reach for a font that is not there.
    fonts.set_sans_serif_family(FAMILY);
    fonts.set_serif_family(FAMILY);
    fonts.set_monospace_family(FAMILY);
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| format!("rendering the chart to PNG: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("rendering the chart to PNG: the picture has no size")?;
    let mut pixmap = Pixmap::new(size.width(), size.height())
        .ok_or("rendering the chart to PNG: the picture is too large")?;
    resvg::render(
        &tree,
        Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("encoding the PNG: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_renders_with_the_embedded_font_alone() {
        // A family no machine has: the text must still come out, in the embedded font.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#ffffff"/><text x="4" y="28" font-size="24" font-family="No Such Font, sans-serif" fill="#000000">Jun 80 %</text></svg>"##;
        let png = from_svg(svg).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (240, 80));
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| p.red() < 100 && p.green() < 100 && p.blue() < 100)
            .count();
        // Eight glyphs at 48 px: hundreds of dark pixels; none at all if no font was found.
        assert!(dark > 500, "{dark} dark pixels");
    }

    #[test]
    fn a_broken_svg_is_an_error_not_a_panic() {
        let err = from_svg("<svg").unwrap_err();
        assert!(err.starts_with("rendering the chart to PNG"), "{err}");
    }
}
