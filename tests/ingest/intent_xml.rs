//! Titles and notes from GPX (`<name>`, `<desc>`: the track's, else the file's) and TCX (the
//! activity's `<Notes>`, the training plan's `<Name>`, laps marked Active or Resting).

use grayzone::activity::intent::Intensity;
use grayzone::activity::{Activity, FileContent};

fn only(result: grayzone::activity::DecodeResult) -> Activity {
    match result {
        Ok(FileContent::Activities(mut a)) if a.len() == 1 => a.remove(0),
        other => panic!("{other:?}"),
    }
}

const POINTS: &str = r#"<trkseg>
<trkpt lat="52.1" lon="4.9"><time>2024-03-04T06:30:00Z</time></trkpt>
<trkpt lat="52.1001" lon="4.9"><time>2024-03-04T06:30:05Z</time></trkpt>
<trkpt lat="52.1002" lon="4.9"><time>2024-03-04T06:30:10Z</time></trkpt>
</trkseg>"#;

fn gpx11(metadata: &str, track: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="StravaGPX" xmlns="http://www.topografix.com/GPX/1/1">
<metadata>{metadata}<time>2024-03-04T06:30:00Z</time></metadata>
<trk>{track}<type>running</type>{POINTS}</trk>
</gpx>"#
    )
}

#[test]
fn gpx_track_name_and_description_are_the_title_and_notes() {
    let a = only(grayzone::ingest::decode::gpx::decode(
        gpx11(
            "<name>Export</name>",
            "<name>Sortie récup &amp; étirements</name><desc>Jambes lourdes\n après le semi</desc>",
        )
        .as_bytes(),
    ));
    assert_eq!(a.intent.title.as_deref(), Some("Sortie récup & étirements"));
    assert_eq!(
        a.intent.description.as_deref(),
        Some("Jambes lourdes après le semi")
    );
    // The file's own name speaks when the track has none.
    let a = only(grayzone::ingest::decode::gpx::decode(
        gpx11("<name>Lockerer Dauerlauf</name><desc>GA1</desc>", "").as_bytes(),
    ));
    assert_eq!(a.intent.title.as_deref(), Some("Lockerer Dauerlauf"));
    assert_eq!(a.intent.description.as_deref(), Some("GA1"));
    // Nothing said, nothing kept; a name of only spaces is no name.
    let a = only(grayzone::ingest::decode::gpx::decode(
        gpx11("", "<name>   </name>").as_bytes(),
    ));
    assert!(a.intent.is_empty(), "{:?}", a.intent);
}

#[test]
fn gpx_1_0_names_sit_under_the_root_and_later_tracks_do_not_rename() {
    let doc = format!(
        r#"<?xml version="1.0"?>
<gpx version="1.0" creator="GPSBabel" xmlns="http://www.topografix.com/GPX/1/0">
<name>Parkrun Bushy</name>
<trk><name>Track 1</name>{POINTS}</trk>
<trk><name>Track 2</name><trkseg><trkpt lat="52.2" lon="4.9"><time>2024-03-04T07:00:00Z</time></trkpt></trkseg></trk>
</gpx>"#
    );
    let a = only(grayzone::ingest::decode::gpx::decode(doc.as_bytes()));
    assert_eq!(a.intent.title.as_deref(), Some("Track 1"));
    let doc = doc
        .replace("<name>Track 1</name>", "")
        .replace("<name>Track 2</name>", "");
    let a = only(grayzone::ingest::decode::gpx::decode(doc.as_bytes()));
    assert_eq!(a.intent.title.as_deref(), Some("Parkrun Bushy"));
    // A name in a foreign namespace or in a waypoint is not the run's.
    let doc = gpx11("", "").replace(
        "<metadata>",
        r#"<wpt lat="1" lon="1"><name>Water</name></wpt><metadata>"#,
    );
    let a = only(grayzone::ingest::decode::gpx::decode(doc.as_bytes()));
    assert_eq!(a.intent.title, None);
}

const TCX_NS: &str = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

fn tcx_lap(start: &str, seconds: u32, metres: u32, intensity: &str, t: &str) -> String {
    format!(
        r#"<Lap StartTime="{start}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{metres}</DistanceMeters><Intensity>{intensity}</Intensity><TriggerMethod>Manual</TriggerMethod>
<Track><Trackpoint><Time>{t}</Time><HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint></Track></Lap>"#
    )
}

#[test]
fn tcx_notes_plan_and_lap_intensity() {
    let laps = [
        tcx_lap(
            "2024-03-04T06:30:00Z",
            600,
            2000,
            "Active",
            "2024-03-04T06:30:00Z",
        ),
        tcx_lap(
            "2024-03-04T06:40:00Z",
            180,
            800,
            "Active",
            "2024-03-04T06:40:00Z",
        ),
        tcx_lap(
            "2024-03-04T06:43:00Z",
            90,
            200,
            "Resting",
            "2024-03-04T06:43:00Z",
        ),
        tcx_lap(
            "2024-03-04T06:44:30Z",
            180,
            800,
            "Active",
            "2024-03-04T06:44:30Z",
        ),
    ]
    .concat();
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="{TCX_NS}"><Activities><Activity Sport="Running">
<Id>2024-03-04T06:30:00Z</Id>{laps}
<Notes>Intervalle 2x800, gut gelaufen</Notes>
<Training VirtualPartner="false"><Plan Type="Workout" IntervalWorkout="true"><Name>2x800 Bahn</Name></Plan></Training>
<Creator><Name>Forerunner 235</Name></Creator>
</Activity></Activities></TrainingCenterDatabase>"#
    );
    let a = only(grayzone::ingest::decode::tcx::decode(doc.as_bytes()));
    assert_eq!(
        a.intent.description.as_deref(),
        Some("Intervalle 2x800, gut gelaufen")
    );
    assert_eq!(
        a.intent.workout.as_ref().and_then(|w| w.name.as_deref()),
        Some("2x800 Bahn")
    );
    assert_eq!(a.intent.name(), Some("2x800 Bahn"));
    type Mark = (f64, Option<Intensity>, Option<f64>, Option<f64>);
    let marks: Vec<Mark> = a
        .intent
        .laps
        .iter()
        .map(|l| (l.start, l.intensity, l.timer_s, l.distance_m))
        .collect();
    let t0 = 1_709_533_800.0;
    assert_eq!(
        marks,
        [
            (t0, Some(Intensity::Active), Some(600.0), Some(2000.0)),
            (
                t0 + 600.0,
                Some(Intensity::Active),
                Some(180.0),
                Some(800.0)
            ),
            (t0 + 780.0, Some(Intensity::Rest), Some(90.0), Some(200.0)),
            (
                t0 + 870.0,
                Some(Intensity::Active),
                Some(180.0),
                Some(800.0)
            ),
        ]
    );
    assert_eq!(
        grayzone::judge::intent::from_laps(&a.intent.laps),
        Some(grayzone::judge::intent::Planned::Workout)
    );
    // Lap totals are unchanged by the marks.
    assert_eq!(a.totals.distance_m, Some(3800.0));
    assert_eq!(a.laps, 4);
}
