//! GPX writer (GPX 1.1 with the Garmin TrackPointExtension v1, or plain GPX 1.0), written from
//! the schemas independently of [`grayzone::ingest::decode::gpx`].
//!
//! One `<trk>`, a new `<trkseg>` after every timer pause. GPX cannot hold a point without a
//! position, so samples without one are left out (a treadmill run has no GPX track).

use super::{iso_time, timer_segments};
use grayzone::activity::{Activity, Sample};
use std::fmt::Write;

const TPX_NS: &str = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1";

/// How heart rate and cadence are tagged, as the various exporters do it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HrTagStyle {
    /// `<gpxtpx:TrackPointExtension><gpxtpx:hr>` (Garmin devices, Strava).
    Gpxtpx,
    /// `<ns3:TrackPointExtension><ns3:hr>` (Garmin Connect exports).
    Ns3,
    /// `<TrackPointExtension xmlns="…TrackPointExtension/v1"><hr>`: no prefix, namespace declared
    /// on the element itself.
    DefaultNamespace,
    /// No extensions at all.
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GpxVersion {
    V1_0,
    V1_1,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GpxStyle<'a> {
    pub hr: HrTagStyle,
    /// GPX 1.0 has no `<extensions>`: heart rate and cadence are not written, `<speed>` is.
    pub version: GpxVersion,
    /// `<trk><type>` (GPX 1.1 only), e.g. "running" or Strava's "Run".
    pub sport_type: Option<&'a str>,
    /// Write times in the activity's local time with its UTC offset instead of `Z`.
    pub offset_times: bool,
}

impl Default for GpxStyle<'_> {
    fn default() -> Self {
        GpxStyle {
            hr: HrTagStyle::Gpxtpx,
            version: GpxVersion::V1_1,
            sport_type: Some("running"),
            offset_times: false,
        }
    }
}

pub fn write_gpx(activity: &Activity, style: GpxStyle) -> String {
    let mut out = String::with_capacity(activity.samples.len() * 200 + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&root_element(style));
    let offset = if style.offset_times {
        activity.utc_offset_s.or(Some(0))
    } else {
        None
    };
    let start = activity.samples.first().map(|s| s.time);
    if style.version == GpxVersion::V1_1 {
        if let Some(t) = start {
            let _ = writeln!(
                out,
                "  <metadata>\n    <time>{}</time>\n  </metadata>",
                iso_time(t, offset)
            );
        }
    } else if let Some(t) = start {
        let _ = writeln!(out, "  <time>{}</time>", iso_time(t, offset));
    }
    out.push_str("  <trk>\n");
    let _ = writeln!(out, "    <name>{}</name>", track_name(activity));
    if let (GpxVersion::V1_1, Some(kind)) = (style.version, style.sport_type) {
        let _ = writeln!(out, "    <type>{}</type>", escape(kind));
    }
    for segment in timer_segments(activity) {
        out.push_str("    <trkseg>\n");
        for s in &activity.samples[segment] {
            write_point(&mut out, s, style, offset);
        }
        out.push_str("    </trkseg>\n");
    }
    out.push_str("  </trk>\n</gpx>\n");
    out
}

fn root_element(style: GpxStyle) -> String {
    match style.version {
        GpxVersion::V1_0 => concat!(
            "<gpx version=\"1.0\" creator=\"grayzone testkit\" ",
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
            "xmlns=\"http://www.topografix.com/GPX/1/0\" ",
            "xsi:schemaLocation=\"http://www.topografix.com/GPX/1/0 http://www.topografix.com/GPX/1/0/gpx.xsd\">\n"
        )
        .to_string(),
        GpxVersion::V1_1 => {
            let prefix = match style.hr {
                HrTagStyle::Gpxtpx => format!(" xmlns:gpxtpx=\"{TPX_NS}\""),
                HrTagStyle::Ns3 => format!(
                    " xmlns:ns3=\"{TPX_NS}\" xmlns:ns2=\"http://www.garmin.com/xmlschemas/GpxExtensions/v3\""
                ),
                HrTagStyle::DefaultNamespace | HrTagStyle::None => String::new(),
            };
            format!(
                "<gpx version=\"1.1\" creator=\"grayzone testkit\" xmlns=\"http://www.topografix.com/GPX/1/1\"{prefix} \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
                 xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd\">\n"
            )
        }
    }
}

/// "Morning Run", "Evening Ride"…, from the local start time, as Garmin and Strava name tracks.
fn track_name(activity: &Activity) -> String {
    // The runner's own title, when the run has one (Strava writes it here); else the app's default.
    if let Some(title) = &activity.intent.title {
        return escape(title);
    }
    let local = activity.samples.first().map_or(0.0, |s| s.time)
        + f64::from(activity.utc_offset_s.unwrap_or(0));
    let hour = (local.rem_euclid(86_400.0) / 3600.0).floor();
    let part = if hour < 12.0 {
        "Morning"
    } else if hour < 17.0 {
        "Afternoon"
    } else {
        "Evening"
    };
    let what = match activity.sport {
        s if s.is_run() => "Run",
        grayzone::activity::Sport::Cycling => "Ride",
        grayzone::activity::Sport::Walking | grayzone::activity::Sport::Hiking => "Walk",
        _ => "Activity",
    };
    format!("{part} {what}")
}

fn write_point(out: &mut String, s: &Sample, style: GpxStyle, offset: Option<i32>) {
    let Some((lat, lon)) = s.position else { return };
    let _ = writeln!(out, "      <trkpt lat=\"{lat:.7}\" lon=\"{lon:.7}\">");
    if let Some(ele) = s.altitude_m {
        let _ = writeln!(out, "        <ele>{ele:.1}</ele>");
    }
    let _ = writeln!(out, "        <time>{}</time>", iso_time(s.time, offset));
    if style.version == GpxVersion::V1_0 {
        if let Some(v) = s.speed_mps {
            let _ = writeln!(out, "        <speed>{v:.3}</speed>");
        }
        out.push_str("      </trkpt>\n");
        return;
    }
    let ext = extension_body(s, style.hr);
    if !ext.is_empty() {
        out.push_str("        <extensions>\n");
        out.push_str(&ext);
        out.push_str("        </extensions>\n");
    }
    out.push_str("      </trkpt>\n");
}

fn extension_body(s: &Sample, hr: HrTagStyle) -> String {
    if s.heart_rate.is_none() && s.cadence.is_none() {
        return String::new();
    }
    let (open, p) = match hr {
        HrTagStyle::None => return String::new(),
        HrTagStyle::Gpxtpx => ("<gpxtpx:TrackPointExtension>".to_string(), "gpxtpx:"),
        HrTagStyle::Ns3 => ("<ns3:TrackPointExtension>".to_string(), "ns3:"),
        HrTagStyle::DefaultNamespace => (format!("<TrackPointExtension xmlns=\"{TPX_NS}\">"), ""),
    };
    let mut body = format!("          {open}\n");
    if let Some(h) = s.heart_rate {
        let _ = writeln!(body, "            <{p}hr>{h}</{p}hr>");
    }
    if let Some(c) = s.cadence {
        let _ = writeln!(body, "            <{p}cad>{c}</{p}cad>");
    }
    let _ = writeln!(body, "          </{p}TrackPointExtension>");
    body
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Removes every `<time>` line: a track without times (a planned route, not an activity).
pub fn strip_times(gpx: &str) -> String {
    gpx.lines()
        .filter(|l| !l.trim_start().starts_with("<time>"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone::activity::{Pause, Sport};

    fn run() -> Activity {
        Activity {
            sport: Sport::Running,
            samples: (0..6)
                .map(|i| Sample {
                    time: 1_709_533_800.0 + f64::from(i) * 2.0,
                    position: Some((52.1 + f64::from(i) * 1e-4, 4.3)),
                    altitude_m: Some(12.0),
                    heart_rate: Some(130 + i as u8),
                    cadence: Some(84),
                    speed_mps: Some(2.9),
                    ..Sample::default()
                })
                .collect(),
            pauses: vec![Pause {
                stopped_at: 1_709_533_805.0,
                resumed_at: 1_709_533_806.0,
            }],
            utc_offset_s: Some(3600),
            ..Activity::default()
        }
    }

    #[test]
    fn pause_starts_a_new_segment_and_hr_uses_the_prefix() {
        let gpx = write_gpx(&run(), GpxStyle::default());
        assert_eq!(gpx.matches("<trkseg>").count(), 2);
        assert_eq!(gpx.matches("<trkpt ").count(), 6);
        assert!(gpx.contains("<gpxtpx:hr>135</gpxtpx:hr>"));
        assert!(gpx.contains("<type>running</type>"));
        assert!(gpx.contains("<name>Morning Run</name>"), "07:30 local");
        assert!(gpx.contains("<time>2024-03-04T06:30:00Z</time>"));
        let parsed = gpx::read(gpx.as_bytes()).unwrap();
        assert_eq!(parsed.tracks[0].segments.len(), 2);
        assert_eq!(parsed.tracks[0].segments[1].points.len(), 3);
    }

    #[test]
    fn styles_tag_heart_rate_differently() {
        let a = run();
        let ns3 = write_gpx(
            &a,
            GpxStyle {
                hr: HrTagStyle::Ns3,
                ..GpxStyle::default()
            },
        );
        assert!(ns3.contains("<ns3:hr>130</ns3:hr>"));
        let dflt = write_gpx(
            &a,
            GpxStyle {
                hr: HrTagStyle::DefaultNamespace,
                ..GpxStyle::default()
            },
        );
        assert!(dflt.contains(&format!("<TrackPointExtension xmlns=\"{TPX_NS}\">")));
        assert!(dflt.contains("<hr>131</hr>"));
        let none = write_gpx(
            &a,
            GpxStyle {
                hr: HrTagStyle::None,
                ..GpxStyle::default()
            },
        );
        assert!(!none.contains("extensions"));
        let local = write_gpx(
            &a,
            GpxStyle {
                offset_times: true,
                ..GpxStyle::default()
            },
        );
        assert!(local.contains("<time>2024-03-04T07:30:00+01:00</time>"));
    }

    #[test]
    fn gpx_10_has_speed_and_no_extensions() {
        let g = write_gpx(
            &run(),
            GpxStyle {
                version: GpxVersion::V1_0,
                ..GpxStyle::default()
            },
        );
        assert!(g.contains("http://www.topografix.com/GPX/1/0"));
        assert!(g.contains("<speed>2.900</speed>"));
        assert!(!g.contains("extensions"));
        assert!(!g.contains("<type>"));
        assert_eq!(
            gpx::read(g.as_bytes()).unwrap().version,
            gpx::GpxVersion::Gpx10
        );
    }

    #[test]
    fn strip_times_leaves_no_time() {
        let g = strip_times(&write_gpx(&run(), GpxStyle::default()));
        assert!(!g.contains("<time>"));
        assert_eq!(g.matches("<trkpt ").count(), 6);
    }
}
