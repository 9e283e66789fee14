//! Device names a runner knows: "Forerunner 945", not "garmin 3113". The tables are data files
//! generated from the FIT profile as shipped in fitparser (MIT licence; `tools/gen_fit_names.py`
//! writes them and says how each name is humanised), read once on first use.

use std::sync::OnceLock;

use super::profile;

const PRODUCTS_CSV: &str = include_str!("products.csv");
const MANUFACTURERS_CSV: &str = include_str!("manufacturers.csv");

/// The profile's maker numbers that share Garmin's product table.
const GARMIN_TABLE_MAKERS: [u16; 4] = [1, 13, 15, 89];
const GARMIN: u16 = 1;

struct Tables {
    /// (manufacturer, product) → name, sorted.
    products: Vec<((u16, u16), &'static str)>,
    /// manufacturer → name, sorted.
    makers: Vec<(u16, &'static str)>,
}

/// The data lines of one of the tables (comments and the header skipped), split on commas.
fn rows(csv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    csv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split(',').collect())
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut products: Vec<((u16, u16), &'static str)> = rows(PRODUCTS_CSV)
            .filter_map(|r| match r.as_slice() {
                [m, p, name, _sdk] => Some(((m.parse().ok()?, p.parse().ok()?), *name)),
                _ => None,
            })
            .collect();
        products.sort_unstable();
        let mut makers: Vec<(u16, &'static str)> = rows(MANUFACTURERS_CSV)
            .filter_map(|r| match r.as_slice() {
                [m, name, _sdk] => Some((m.parse().ok()?, *name)),
                _ => None,
            })
            .collect();
        makers.sort_unstable();
        Tables { products, makers }
    })
}

/// The product's name from the profile's tables (Garmin's and Favero's), if it has one.
pub(super) fn product_name(manufacturer: u16, product: u16) -> Option<&'static str> {
    let maker = if GARMIN_TABLE_MAKERS.contains(&manufacturer) {
        GARMIN
    } else {
        manufacturer
    };
    let t = &tables().products;
    t.binary_search_by_key(&(maker, product), |&(k, _)| k)
        .ok()
        .and_then(|i| t.get(i))
        .map(|&(_, name)| name)
}

/// The maker's name as it writes itself ("Garmin", "COROS", "Wahoo"), or its profile name, or
/// its number.
pub(super) fn maker_name(manufacturer: u16) -> String {
    let t = &tables().makers;
    t.binary_search_by_key(&manufacturer, |&(k, _)| k)
        .ok()
        .and_then(|i| t.get(i))
        .map_or_else(
            || profile::manufacturer_name(manufacturer),
            |&(_, name)| name.to_owned(),
        )
}

/// Text a device wrote as its name, lossily decoded: control and undecodable characters dropped;
/// `None` when nothing readable is left.
pub(super) fn written_name(name: Option<&str>) -> Option<String> {
    let name: String = name?
        .chars()
        .filter(|&c| !c.is_control() && c != char::REPLACEMENT_CHARACTER)
        .collect();
    let name = name.trim();
    name.chars()
        .any(char::is_alphanumeric)
        .then(|| name.to_owned())
}

/// The device's name: the name the device writes for itself (COROS, Suunto, Wahoo, Hammerhead
/// write one), else the profile's name of its product ("Forerunner 945"), else the maker and the
/// product's number ("Wahoo 28"), the maker alone, or the bare number. Product 0 is no product
/// (Zwift, a Polar treadmill run): "Polar", not "Polar 0".
pub(super) fn device_name(
    manufacturer: Option<u16>,
    product: Option<u16>,
    written: Option<&str>,
) -> Option<String> {
    if let Some(name) = written_name(written) {
        return Some(name);
    }
    if let (Some(m), Some(p)) = (manufacturer, product) {
        if let Some(name) = product_name(m, p) {
            return Some(name.to_owned());
        }
    }
    match (manufacturer.map(maker_name), product.filter(|&p| p != 0)) {
        (Some(m), Some(p)) => Some(format!("{m} {p}")),
        (Some(m), None) => Some(m),
        (None, p) => p.map(|p| p.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_line_is_read() {
        let product_lines = rows(PRODUCTS_CSV).count();
        assert_eq!(tables().products.len(), product_lines);
        assert_eq!(product_lines, 477);
        assert_eq!(tables().makers.len(), rows(MANUFACTURERS_CSV).count());
        assert_eq!(tables().makers.len(), 243);
        // No two rows for one product.
        let mut keys: Vec<_> = tables().products.iter().map(|(k, _)| k).collect();
        keys.dedup();
        assert_eq!(keys.len(), product_lines);
    }

    #[test]
    fn garmin_products_have_their_names() {
        assert_eq!(product_name(1, 1765), Some("Forerunner 920XT"));
        assert_eq!(product_name(1, 3113), Some("Forerunner 945"));
        assert_eq!(product_name(1, 3076), Some("Forerunner 245"));
        assert_eq!(product_name(1, 2697), Some("fenix 5"));
        assert_eq!(product_name(1, 2530), Some("Edge 820"));
        // Dynastream's and Tacx's numbers are Garmin's table.
        assert_eq!(product_name(15, 1), Some("HRM1"));
        assert_eq!(product_name(13, 3113), Some("Forerunner 945"));
        // Favero has its own table; other makers have none.
        assert_eq!(product_name(263, 12), Some("Assioma DUO"));
        assert_eq!(product_name(32, 28), None);
        assert_eq!(product_name(1, 65_000), None);
    }

    #[test]
    fn device_names_read_as_a_runner_says_them() {
        assert_eq!(
            device_name(Some(1), Some(1765), None).as_deref(),
            Some("Forerunner 920XT")
        );
        assert_eq!(
            device_name(Some(32), Some(28), None).as_deref(),
            Some("Wahoo 28")
        );
        assert_eq!(
            device_name(Some(294), Some(851), Some("COROS DURA")).as_deref(),
            Some("COROS DURA")
        );
        assert_eq!(
            device_name(Some(23), Some(67), Some("Suunto Vertical 2")).as_deref(),
            Some("Suunto Vertical 2")
        );
        // A newer Garmin than the table knows.
        assert_eq!(
            device_name(Some(1), Some(64_999), None).as_deref(),
            Some("Garmin 64999")
        );
        assert_eq!(device_name(Some(9999), None, None).as_deref(), Some("9999"));
        assert_eq!(
            device_name(Some(260), Some(0), Some("\u{1c}")).as_deref(),
            Some("Zwift")
        );
        assert_eq!(
            device_name(Some(1), None, Some("Forerunner\u{FFFD}")).as_deref(),
            Some("Forerunner")
        );
        assert_eq!(device_name(None, Some(3327), None).as_deref(), Some("3327"));
        assert_eq!(device_name(None, None, None), None);
    }
}
