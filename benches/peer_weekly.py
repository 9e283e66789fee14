#!/usr/bin/env python3
"""The Python peer of `grayzone weekly` for the speed comparison (benches/compare.sh).

    python3 benches/peer_weekly.py FOLDER [--max-hr BPM]

The same extraction and reduction as examples/fitparser_weekly.rs, done the way a runner's
notebook does it: one process, one file after another, with the libraries people use:
  - FIT: fitdecode (FitReader, every data frame; default CRC checking),
  - GPX: gpxpy (gpxpy.parse; heart rate and cadence from the Garmin TrackPointExtension),
  - TCX: the standard library's xml.etree.ElementTree (ET.parse of the whole file; no lxml).

Per file: the records' timestamp, heart rate, distance, speed (enhanced first), position,
altitude (enhanced first), cadence and power, and the session (FIT) or lap (TCX) totals; then
one pass: moving time (speed >= 0.5 m/s, gaps capped at 10 s), distance (session total, else the
last cumulative distance, else the GPS path), time-weighted mean HR over moving time, time in
three zones against a fixed max HR (low < 80 %, moderate < 88 %, high), climb with a 3 m
hysteresis, mean cadence and power. Output: one CSV row per ISO week (UTC), in week order,
byte-identical to the Rust peer's on the same FIT files. A file that fails is reported on stderr
and skipped; the exit status is then 1.
"""

import datetime as dt
import math
import os
import sys
import xml.etree.ElementTree as ET

MOVING_SPEED = 0.5
MAX_GAP_S = 10.0
LOW_TOP = 0.80
HIGH_START = 0.88
CLIMB_HYSTERESIS_M = 3.0
SEMICIRCLE_DEG = 180.0 / 2.0**31

# A sample: [time, hr, distance, speed, lat, lon, altitude, cadence, power]
T, HR, DIST, SPEED, LAT, LON, ALT, CAD, POW = range(9)


def new_sample():
    return [math.nan, None, None, None, None, None, None, None, None]


# ------------------------------------------------------------------------------------------------
# Decoders: each returns (samples, session) with session = {start_time, timer_s, distance_m}.
# ------------------------------------------------------------------------------------------------


def read_fit(path):
    import fitdecode

    samples = []
    session = {}
    with fitdecode.FitReader(path) as fit:
        for frame in fit:
            if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                continue
            if frame.name == "record":
                s = new_sample()
                speed = enhanced_speed = altitude = enhanced_altitude = None
                for f in frame.fields:
                    name, v = f.name, f.value
                    if v is None:
                        continue
                    if name == "timestamp":
                        s[T] = float(v.timestamp())
                    elif name == "heart_rate":
                        s[HR] = float(v)
                    elif name == "distance":
                        s[DIST] = float(v)
                    elif name == "speed":
                        speed = float(v)
                    elif name == "enhanced_speed":
                        enhanced_speed = float(v)
                    elif name == "position_lat":
                        s[LAT] = float(v)
                    elif name == "position_long":
                        s[LON] = float(v)
                    elif name == "altitude":
                        altitude = float(v)
                    elif name == "enhanced_altitude":
                        enhanced_altitude = float(v)
                    elif name == "cadence":
                        s[CAD] = float(v)
                    elif name == "power":
                        s[POW] = float(v)
                if s[LAT] is not None and s[LON] is not None:
                    s[LAT] *= SEMICIRCLE_DEG
                    s[LON] *= SEMICIRCLE_DEG
                else:
                    s[LAT] = s[LON] = None
                s[SPEED] = enhanced_speed if enhanced_speed is not None else speed
                s[ALT] = enhanced_altitude if enhanced_altitude is not None else altitude
                samples.append(s)
            elif frame.name == "session":
                for f in frame.fields:
                    if f.value is None:
                        continue
                    if f.name == "start_time":
                        session["start_time"] = float(f.value.timestamp())
                    elif f.name == "total_timer_time":
                        session["timer_s"] = float(f.value)
                    elif f.name == "total_distance":
                        session["distance_m"] = float(f.value)
    return samples, session


def read_gpx(path):
    import gpxpy

    with open(path, encoding="utf-8") as fh:
        gpx = gpxpy.parse(fh)
    samples = []
    for track in gpx.tracks:
        for segment in track.segments:
            for p in segment.points:
                s = new_sample()
                if p.time is not None:
                    s[T] = p.time.timestamp()
                s[LAT], s[LON] = p.latitude, p.longitude
                s[ALT] = p.elevation
                for ext in p.extensions:
                    for el in ext.iter():
                        tag = el.tag.rsplit("}", 1)[-1]
                        if tag == "hr" and el.text:
                            s[HR] = float(el.text)
                        elif tag == "cad" and el.text:
                            s[CAD] = float(el.text)
                        elif tag == "power" and el.text:
                            s[POW] = float(el.text)
                samples.append(s)
    return samples, {}


TCX_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def tcx_time(text):
    return dt.datetime.fromisoformat(text).timestamp()


def read_tcx(path):
    root = ET.parse(path).getroot()
    samples = []
    session = {}
    distance = 0.0
    timer = 0.0
    for lap in root.iter(TCX_NS + "Lap"):
        if "start_time" not in session and lap.get("StartTime"):
            session["start_time"] = tcx_time(lap.get("StartTime"))
        d = lap.find(TCX_NS + "DistanceMeters")
        if d is not None and d.text:
            distance += float(d.text)
        t = lap.find(TCX_NS + "TotalTimeSeconds")
        if t is not None and t.text:
            timer += float(t.text)
        for tp in lap.iter(TCX_NS + "Trackpoint"):
            s = new_sample()
            for el in tp:
                tag = el.tag[len(TCX_NS):] if el.tag.startswith(TCX_NS) else el.tag
                if tag == "Time":
                    s[T] = tcx_time(el.text)
                elif tag == "Position":
                    for c in el:
                        if c.tag == TCX_NS + "LatitudeDegrees":
                            s[LAT] = float(c.text)
                        elif c.tag == TCX_NS + "LongitudeDegrees":
                            s[LON] = float(c.text)
                elif tag == "AltitudeMeters":
                    s[ALT] = float(el.text)
                elif tag == "DistanceMeters":
                    s[DIST] = float(el.text)
                elif tag == "HeartRateBpm":
                    v = el.find(TCX_NS + "Value")
                    if v is not None and v.text:
                        s[HR] = float(v.text)
                elif tag == "Cadence":
                    s[CAD] = float(el.text)
                elif tag == "Extensions":
                    for x in el.iter():
                        xt = x.tag.rsplit("}", 1)[-1]
                        if xt == "Speed" and x.text:
                            s[SPEED] = float(x.text)
                        elif xt == "RunCadence" and x.text:
                            s[CAD] = float(x.text)
                        elif xt == "Watts" and x.text:
                            s[POW] = float(x.text)
            samples.append(s)
    if distance > 0.0:
        session["distance_m"] = distance
    if timer > 0.0:
        session["timer_s"] = timer
    return samples, session


READERS = {".fit": read_fit, ".gpx": read_gpx, ".tcx": read_tcx}

# ------------------------------------------------------------------------------------------------
# The reduction: the same arithmetic, in the same order, as examples/fitparser_weekly.rs.
# ------------------------------------------------------------------------------------------------


def haversine_m(a_lat, a_lon, b_lat, b_lon):
    la1, lo1, la2, lo2 = map(math.radians, (a_lat, a_lon, b_lat, b_lon))
    h = math.sin((la2 - la1) / 2.0) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2.0) ** 2
    return 2.0 * 6_371_008.8 * math.asin(math.sqrt(h))


def reduce_run(samples, session, max_hr):
    run = {
        "start_time": session.get("start_time", samples[0][T]),
        "moving_s": 0.0,
        "distance_m": 0.0,
        "hr_s": 0.0,
        "hr_sum": 0.0,
        "zone_s": [0.0, 0.0, 0.0],
        "ascent_m": 0.0,
        "cadence_sum": 0.0,
        "cadence_n": 0.0,
        "power_sum": 0.0,
        "power_n": 0.0,
    }
    low_top = LOW_TOP * max_hr
    high_start = HIGH_START * max_hr
    path_m = 0.0
    anchor = None
    zone_s = run["zone_s"]
    n = len(samples)
    for i, s in enumerate(samples):
        alt = s[ALT]
        if alt is not None:
            if anchor is None:
                anchor = alt
            elif alt - anchor >= CLIMB_HYSTERESIS_M:
                run["ascent_m"] += alt - anchor
                anchor = alt
            elif anchor - alt >= CLIMB_HYSTERESIS_M:
                anchor = alt
        if s[CAD] is not None and s[CAD] > 0.0:
            run["cadence_sum"] += s[CAD]
            run["cadence_n"] += 1.0
        if s[POW] is not None and s[POW] > 0.0:
            run["power_sum"] += s[POW]
            run["power_n"] += 1.0
        if i + 1 >= n:
            break
        nxt = samples[i + 1]
        gap = nxt[T] - s[T]
        if math.isnan(gap) or gap <= 0.0:
            continue
        if s[DIST] is not None and nxt[DIST] is not None:
            step = max(nxt[DIST] - s[DIST], 0.0)
        elif s[LAT] is not None and nxt[LAT] is not None:
            step = haversine_m(s[LAT], s[LON], nxt[LAT], nxt[LON])
        else:
            step = 0.0
        path_m += step
        speed = s[SPEED] if s[SPEED] is not None else step / gap
        if speed < MOVING_SPEED:
            continue
        gap = min(gap, MAX_GAP_S)
        run["moving_s"] += gap
        hr = s[HR]
        if hr is not None:
            run["hr_s"] += gap
            run["hr_sum"] += hr * gap
            zone = 0 if hr < low_top else (1 if hr < high_start else 2)
            zone_s[zone] += gap
    d = session.get("distance_m")
    if d is not None and d > 0.0:
        run["distance_m"] = d
    else:
        last = next((s[DIST] for s in reversed(samples) if s[DIST] is not None), None)
        run["distance_m"] = last if last is not None else path_m
    if n < 2:
        run["moving_s"] = session.get("timer_s", 0.0)
    return run


def walk(folder):
    paths = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            if os.path.splitext(name)[1].lower() in READERS:
                paths.append(os.path.join(dirpath, name))
    return sorted(paths)


def main(argv):
    folder = None
    max_hr = 188.0
    args = iter(argv[1:])
    for a in args:
        if a == "--max-hr":
            max_hr = float(next(args, "188"))
        elif folder is None and not a.startswith("-"):
            folder = a
        else:
            print(f"peer_weekly.py: unexpected argument {a!r}", file=sys.stderr)
            return 2
    if folder is None:
        print("usage: peer_weekly.py FOLDER [--max-hr BPM]", file=sys.stderr)
        return 2
    weeks = {}
    failed = 0
    for path in walk(folder):
        try:
            samples, session = READERS[os.path.splitext(path)[1].lower()](path)
            if not samples:
                raise ValueError("no records")
            run = reduce_run(samples, session, max_hr)
        except Exception as e:  # one bad file costs one file, as in the Rust peer
            print(f"peer_weekly.py: {path}: {e}", file=sys.stderr)
            failed += 1
            continue
        start = dt.datetime.fromtimestamp(int(run["start_time"]), dt.timezone.utc)
        year, week, _ = start.isocalendar()
        w = weeks.setdefault((year, week), {"runs": 0, "moving_s": 0.0, "distance_m": 0.0, "hr_s": 0.0,
                                            "hr_sum": 0.0, "zone_s": [0.0, 0.0, 0.0], "ascent_m": 0.0})
        w["runs"] += 1
        w["moving_s"] += run["moving_s"]
        w["distance_m"] += run["distance_m"]
        w["hr_s"] += run["hr_s"]
        w["hr_sum"] += run["hr_sum"]
        for z in range(3):
            w["zone_s"][z] += run["zone_s"][z]
        w["ascent_m"] += run["ascent_m"]
    out = ["week,runs,moving_time_s,distance_m,avg_hr,low_pct,moderate_pct,high_pct,ascent_m"]
    for (year, week), w in sorted(weeks.items()):
        hr_s = w["hr_s"]
        avg_hr = f"{w['hr_sum'] / hr_s:.1f}" if hr_s > 0.0 else ""
        pct = [f"{w['zone_s'][z] / hr_s * 100.0:.1f}" if hr_s > 0.0 else "" for z in range(3)]
        out.append(f"{year}-W{week:02},{w['runs']},{w['moving_s']:.1f},{w['distance_m']:.1f},{avg_hr},"
                   f"{pct[0]},{pct[1]},{pct[2]},{w['ascent_m']:.1f}")
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
