//! (being written)
use super::fixtures::Fixture;

pub fn season_fixtures() -> Vec<Fixture> {
    Vec::new()
}
