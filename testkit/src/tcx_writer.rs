//! TCX writer (Training Center Database v2 + ActivityExtension v2), written from the schema
//! independently of [`grayzone::ingest::decode::tcx`].
//!
//! Laps are the activity's laps (1 km auto-laps for simulated runs), with totals; within a lap a
//! new `<Track>` starts after every timer pause. Runs carry cadence as `ns3:RunCadence` in the
//! trackpoint extension (where Garmin puts it), rides as the standard `<Cadence>` element.

use super::{iso_time, lap_ranges, timer_segments, totals_of};
use grayzone::activity::{Activity, Sample, Sport};
use std::fmt::Write;
use std::ops::Range;

pub fn write_tcx(activities: &[Activity]) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\" ",
        "xsi:schemaLocation=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 ",
        "http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd\">\n",
        "  <Activities>\n"
    ));
    for a in activities {
        write_activity(&mut out, a);
    }
    out.push_str("  </Activities>\n</TrainingCenterDatabase>\n");
    out
}

/// The TCX `Sport` attribute only knows Running, Biking and Other.
fn tcx_sport(sport: Sport) -> &'static str {
    if sport.is_run() {
        "Running"
    } else if sport == Sport::Cycling {
        "Biking"
    } else {
        "Other"
    }
}

fn write_activity(out: &mut String, a: &Activity) {
    let Some(first) = a.samples.first() else {
        return;
    };
    let _ = writeln!(out, "    <Activity Sport=\"{}\">", tcx_sport(a.sport));
    let _ = writeln!(out, "      <Id>{}</Id>", iso_time(first.time, None));
    let segments = timer_segments(a);
    for lap in lap_ranges(a) {
        write_lap(out, a, lap, &segments);
    }
    out.push_str(concat!(
        "      <Creator xsi:type=\"Device_t\">\n",
        "        <Name>Forerunner 245</Name>\n",
        "        <UnitId>3912345678</UnitId>\n",
        "        <ProductID>3076</ProductID>\n",
        "        <Version>\n          <VersionMajor>9</VersionMajor>\n          <VersionMinor>10</VersionMinor>\n",
        "          <BuildMajor>0</BuildMajor>\n          <BuildMinor>0</BuildMinor>\n        </Version>\n",
        "      </Creator>\n",
    ));
    out.push_str("    </Activity>\n");
}

fn write_lap(out: &mut String, a: &Activity, lap: Range<usize>, segments: &[Range<usize>]) {
    let t = totals_of(a, lap.clone());
    let samples = &a.samples[lap.clone()];
    let Some(first) = samples.first() else { return };
    let _ = writeln!(
        out,
        "      <Lap StartTime=\"{}\">",
        iso_time(first.time, None)
    );
    let _ = writeln!(
        out,
        "        <TotalTimeSeconds>{:.1}</TotalTimeSeconds>",
        t.timer_s.unwrap_or(0.0)
    );
    let _ = writeln!(
        out,
        "        <DistanceMeters>{:.2}</DistanceMeters>",
        t.distance_m.unwrap_or(0.0)
    );
    if let Some(max) = samples.iter().filter_map(|s| s.speed_mps).reduce(f32::max) {
        let _ = writeln!(out, "        <MaximumSpeed>{max:.3}</MaximumSpeed>");
    }
    out.push_str("        <Calories>0</Calories>\n");
    if let (Some(avg), Some(max)) = (t.avg_hr, t.max_hr) {
        let _ = writeln!(out, "        <AverageHeartRateBpm>\n          <Value>{avg}</Value>\n        </AverageHeartRateBpm>");
        let _ = writeln!(out, "        <MaximumHeartRateBpm>\n          <Value>{max}</Value>\n        </MaximumHeartRateBpm>");
    }
    out.push_str("        <Intensity>Active</Intensity>\n");
    out.push_str("        <TriggerMethod>Distance</TriggerMethod>\n");
    // One <Track> per stretch of running timer inside this lap.
    for seg in segments {
        let start = seg.start.max(lap.start);
        let end = seg.end.min(lap.end);
        if start >= end {
            continue;
        }
        out.push_str("        <Track>\n");
        for s in &a.samples[start..end] {
            write_trackpoint(out, s, a.sport);
        }
        out.push_str("        </Track>\n");
    }
    out.push_str("      </Lap>\n");
}

fn write_trackpoint(out: &mut String, s: &Sample, sport: Sport) {
    out.push_str("          <Trackpoint>\n");
    let _ = writeln!(out, "            <Time>{}</Time>", iso_time(s.time, None));
    if let Some((lat, lon)) = s.position {
        let _ = writeln!(
            out,
            "            <Position>\n              <LatitudeDegrees>{lat:.7}</LatitudeDegrees>\n              <LongitudeDegrees>{lon:.7}</LongitudeDegrees>\n            </Position>"
        );
    }
    if let Some(alt) = s.altitude_m {
        let _ = writeln!(out, "            <AltitudeMeters>{alt:.1}</AltitudeMeters>");
    }
    if let Some(d) = s.distance_m {
        let _ = writeln!(out, "            <DistanceMeters>{d:.2}</DistanceMeters>");
    }
    if let Some(hr) = s.heart_rate {
        let _ = writeln!(out, "            <HeartRateBpm>\n              <Value>{hr}</Value>\n            </HeartRateBpm>");
    }
    let run_cadence = if sport.is_run() { s.cadence } else { None };
    if !sport.is_run() {
        if let Some(c) = s.cadence {
            let _ = writeln!(out, "            <Cadence>{c}</Cadence>");
        }
    }
    if s.speed_mps.is_some() || run_cadence.is_some() || s.power_w.is_some() {
        out.push_str("            <Extensions>\n              <ns3:TPX>\n");
        if let Some(v) = s.speed_mps {
            let _ = writeln!(out, "                <ns3:Speed>{v:.3}</ns3:Speed>");
        }
        if let Some(c) = run_cadence {
            let _ = writeln!(out, "                <ns3:RunCadence>{c}</ns3:RunCadence>");
        }
        if let Some(w) = s.power_w {
            let _ = writeln!(out, "                <ns3:Watts>{w}</ns3:Watts>");
        }
        out.push_str("              </ns3:TPX>\n            </Extensions>\n");
    }
    out.push_str("          </Trackpoint>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone::activity::Pause;

    fn run(t0: f64) -> Activity {
        Activity {
            sport: Sport::Running,
            samples: (0..700)
                .filter(|i| !(300..330).contains(i))
                .map(|i| Sample {
                    time: t0 + f64::from(i),
                    position: Some((52.0, 4.0 + f64::from(i) * 4e-5)),
                    distance_m: Some(f64::from(i) * 3.0),
                    speed_mps: Some(3.0),
                    heart_rate: Some(150),
                    cadence: Some(86),
                    ..Sample::default()
                })
                .collect(),
            pauses: vec![Pause {
                stopped_at: t0 + 299.0,
                resumed_at: t0 + 330.0,
            }],
            laps: 3,
            ..Activity::default()
        }
    }

    #[test]
    fn laps_tracks_and_totals() {
        let a = run(1_709_533_800.0);
        let x = write_tcx(&[a.clone(), run(1_709_540_000.0)]);
        assert_eq!(x.matches("<Activity Sport=\"Running\">").count(), 2);
        assert_eq!(x.matches("<Lap ").count(), 6);
        // 1 km auto-laps end at samples 334 and 667; the pause (samples 300–329 missing) splits
        // the first lap into two tracks: 4 tracks per run.
        assert_eq!(x.matches("<Track>").count(), 8);
        assert_eq!(x.matches("<Trackpoint>").count(), 2 * 670);
        assert!(x.contains("<ns3:RunCadence>86</ns3:RunCadence>"));
        assert!(!x.contains("<Cadence>"));
        let laps = lap_ranges(&a);
        let first = totals_of(&a, laps[0].clone());
        assert!(x.contains(&format!(
            "<DistanceMeters>{:.2}</DistanceMeters>",
            first.distance_m.unwrap()
        )));
        let mut reader = quick_xml::Reader::from_str(&x);
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Eof => break,
                _ => continue,
            }
        }
    }
}
