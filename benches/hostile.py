#!/usr/bin/env python3
"""Issue 16's attacks at full size: builds each one in a scratch folder, runs `grayzone` on it at
-j 2 and -j 8 under examples/bench_run (wall time, peak RSS, exit code), and prints a markdown table
with what came out (rows, error rows, the other files of the export intact). The small versions of
the same attacks run in `cargo test` (tests/ingest/hostile.rs); these are the sizes the issue names.

    cargo build --release --bin grayzone --example bench_run
    python3 benches/hostile.py [--out FILE] [--keep DIR]

Needs ~2 GB of free disk in the scratch folder (a 44 GB garbage file is sparse: it takes none).
"""
import argparse
import gzip
import io
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
GRAYZONE = os.path.join(TARGET, "release", "grayzone")
BENCH_RUN = os.path.join(TARGET, "release", "examples", "bench_run")
RUN_FIT = os.path.join(REPO, "fixtures", "files", "run_1s_hr.fit")

# ---------------------------------------------------------------- FIT, by hand (as hostile.rs does)
NIBBLE = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
          0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]
T = 1_100_000_000  # FIT seconds of 2024-11-08


def crc16(data):
    crc = 0
    for byte in data:
        for nib in (byte & 0xF, byte >> 4):
            tmp = NIBBLE[crc & 0xF]
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ NIBBLE[nib]
    return crc


def fit_file(data, crc=True):
    head = bytes([12, 0x10, 0, 0]) + struct.pack("<I", len(data)) + b".FIT"
    body = head + data
    # A CRC over hundreds of MB in pure Python takes minutes: a zero CRC means "none" in FIT.
    return body + struct.pack("<H", crc16(body) if crc else 0)


EVENT_DEF = bytes([0x41, 0, 0, 21, 0, 3, 253, 4, 0x86, 0, 1, 0, 1, 1, 0])


def timer(t, what):
    return bytes([0x01]) + struct.pack("<I", t) + bytes([0, what])


def zero_field_fit(records):
    """A record definition with no field: every byte after it is one record."""
    return fit_file(EVENT_DEF + timer(T, 0) + bytes([0x40, 0, 0, 20, 0, 0]) + bytes(records), crc=False)


def many_sessions_fit(sessions):
    data = bytearray(EVENT_DEF)
    data += bytes([0x42, 0, 0, 19, 0, 2, 253, 4, 0x86, 2, 4, 0x86])
    data += bytes([0x43, 0, 0, 18, 0, 5, 253, 4, 0x86, 2, 4, 0x86, 5, 1, 0, 7, 4, 0x86, 9, 4, 0x86])
    for s in range(sessions):
        t0 = T + s * 600
        data += timer(t0, 0) + timer(t0 + 100, 1) + timer(t0 + 110, 0)
        data += bytes([0x02]) + struct.pack("<II", t0 + 300, t0)
        data += bytes([0x03]) + struct.pack("<II", t0 + 300, t0) + bytes([1]) + struct.pack("<II", 300_000, 90_000)
    return fit_file(bytes(data), crc=False)


def many_pauses_fit(records):
    """One run, a record a second, a 1-second timer pause every other second."""
    data = bytearray(EVENT_DEF)
    data += bytes([0x43, 0, 0, 18, 0, 4, 253, 4, 0x86, 2, 4, 0x86, 5, 1, 0, 7, 4, 0x86])
    data += bytes([0x44, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02])
    for t in range(records):
        data += bytes([0x04]) + struct.pack("<I", T + t) + bytes([140])
        if t % 2 == 1 and t + 1 < records:
            data += timer(T + t, 1) + timer(T + t + 1, 0)
    data += bytes([0x03]) + struct.pack("<II", T + records, T) + bytes([1]) + struct.pack("<I", records * 1000)
    return fit_file(bytes(data), crc=False)


# ---------------------------------------------------------------- zips whose directory lies
def overlapping_zip(path, inner_name, inner_bytes, names, deflate=True):
    """One entry's bytes, listed in the directory under every name of `names`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as z:
        z.writestr(inner_name, inner_bytes)
    raw = buf.getvalue()
    eocd = raw.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<II", raw[eocd + 12:eocd + 20])
    record = raw[cd_offset:cd_offset + cd_size]
    name_len = struct.unpack("<H", record[28:30])[0]
    fixed, rest = record[:46], record[46 + name_len:]
    central = b"".join(fixed[:28] + struct.pack("<H", len(n)) + fixed[30:] + n.encode() + rest for n in names)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(names), len(names), len(central), cd_offset, 0)
    with open(path, "wb") as f:
        f.write(raw[:cd_offset] + central + end)


def inner_zip_of(count):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(count):
            z.writestr(f"r{i}.fit", b"x")
    return buf.getvalue()


# ---------------------------------------------------------------- the attacks
def build(root):
    """Each attack: (name, folder or file to read, extra args, what the issue saw)."""
    with open(RUN_FIT, "rb") as f:
        run = f.read()
    attacks = []

    def folder(name):
        d = os.path.join(root, name)
        os.makedirs(d)
        with open(os.path.join(d, "good_run.fit"), "wb") as f:
            f.write(run)
        return d

    d = folder("1-zero-field-fit")
    for label, records in (("510k", 523_000_000), ("65k", 64_000_000)):
        with open(os.path.join(d, f"nofield_{label}.fit.gz"), "wb") as f:
            f.write(gzip.compress(zero_field_fit(records), 6))
    attacks.append(("1. FIT records with no field (`.fit.gz` of 510 KB and 65 KB)", d, [],
                    "abort after asking for 37.7 GB; 4.8 GB"))

    d = folder("2a-fan-out-zip")
    overlapping_zip(os.path.join(d, "fanout.zip"), "inner.zip", inner_zip_of(199_999),
                    [f"inner{i}.zip" for i in range(200)])
    attacks.append(("2. zip of 200 entries all pointing at one inner zip of 199,999 files", d, [],
                    "12 GB, abort"))

    d = folder("2b-overlapping-400mb")
    overlapping_zip(os.path.join(d, "eight.zip"), "big.fit", bytes(400_000_000),
                    [f"big{i}.fit" for i in range(8)])
    attacks.append(("2. zip of 8 overlapping 400 MB entries", d, [], "1.9 GB at -j 2, 7 GB at -j 8"))

    d = folder("3-fifo")
    os.mkfifo(os.path.join(d, "run.fit"))
    attacks.append(("3. FIFO named `run.fit`", d, [], "hang"))

    d = folder("4-sessions")
    with open(os.path.join(d, "sessions.fit.gz"), "wb") as f:
        f.write(gzip.compress(many_sessions_fit(200_000), 9))
    attacks.append(("4. `.fit.gz` with 200,000 sessions and laps", d, [], "no output in 300 s"))

    d = folder("4b-pauses")
    with open(os.path.join(d, "pauses.fit"), "wb") as f:
        f.write(many_pauses_fit(600_000))
    attacks.append(("4. FIT with 300,000 timer pauses (600,000 records, 8 MB)", d, [], "(found this session)"))

    d = folder("5a-signature-in-data")
    with zipfile.ZipFile(os.path.join(d, "export.zip"), "w", zipfile.ZIP_STORED) as z:
        for i in range(50):
            z.writestr(f"run{i:02}.fit", run)
        z.writestr("notes.bin", b"PK\x01\x02" * 300_000)
    attacks.append(("5. export zip of 50 runs, one stored file full of `PK\\x01\\x02`", d, [],
                    "one error row, 50 runs lost"))

    d = folder("5b-44gb-garbage")
    with open(os.path.join(d, "garbage.zip"), "wb") as f:
        f.truncate(44 * 10**9)
    attacks.append(("5. 44 GB of garbage named `.zip` (sparse)", d, [], "126 s"))

    d = folder("6a-100-overlapping")
    overlapping_zip(os.path.join(d, "hundred.zip"), "big.fit", bytes(512 * 2**20),
                    [f"big{i:03}.fit" for i in range(100)])
    attacks.append(("6. zip of 100 entries sharing one 512 MB stream", d, [], "54 s"))

    d = folder("6b-deep")
    here = os.getcwd()
    os.chdir(d)
    for _ in range(2100):  # 4,200 characters of path: past PATH_MAX (4,096)
        os.mkdir("a")
        os.chdir("a")
    with open("run.fit", "wb") as f:
        f.write(run)
    os.chdir(here)
    attacks.append(("6. a run 2,100 folders deep (past PATH_MAX)", d, [], "87 s; file skipped without a row"))

    d = folder("8-huge-limit")
    attacks.append(("8. `--max-file-mb 99999999999999`", d, ["--max-file-mb", "99999999999999"],
                    "wrapped to 0: every file \"empty\""))

    d = folder("10-dated-9999")
    gpx = ('<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">'
           '<trk><type>running</type><trkseg>' +
           "".join(f'<trkpt lat="48.{i:04}" lon="2.3"><time>9999-06-01T10:{i // 60:02}:{i % 60:02}Z</time></trkpt>'
                   for i in range(600)) + '</trkseg></trk></gpx>')
    with open(os.path.join(d, "future.gpx"), "w") as f:
        f.write(gpx)
    attacks.append(("10. a GPX dated 9999 beside a 2024 run: `chart --all`", d, ["chart", "--all"], "101 s, 15.8 GB"))

    d = folder("12-many-laps")
    laps = "".join(f'<Lap StartTime="2024-01-01T{i // 3600 % 24:02}:{i // 60 % 60:02}:{i % 60:02}Z">'
                   f"<TotalTimeSeconds>{i}</TotalTimeSeconds></Lap>" for i in range(100_000))
    with open(os.path.join(d, "laps.tcx"), "w") as f:
        f.write('<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running">'
                "<Id>2024-01-01T00:00:00Z</Id>" + laps + "</Activity></Activities></TrainingCenterDatabase>")
    attacks.append(("12. a TCX of 100,000 empty laps (8.6 MB)", d, [], "26 s (each lap looked up in a list of the laps before it)"))

    d = folder("11-dev-zero")
    os.symlink("/dev/zero", os.path.join(d, "run.fit"))
    attacks.append(("11. a link to `/dev/zero` named `run.fit`", d, [], "\"too large after decompression\""))
    return attacks


def measure(args, out_path):
    report = out_path + ".bench"
    with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
        subprocess.run([BENCH_RUN, report] + args, stdout=out, stderr=err, timeout=600)
    with open(report) as f:
        wall, user, sys_s, rss_kb, code = f.read().split()
    os.remove(report)
    return float(wall), int(rss_kb) / 1024, int(code)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out")
    p.add_argument("--keep")
    a = p.parse_args()
    for tool in (GRAYZONE, BENCH_RUN):
        if not os.path.exists(tool):
            sys.exit(f"hostile.py: {tool} is missing: cargo build --release --bin grayzone --example bench_run")
    root = a.keep or tempfile.mkdtemp(prefix="grayzone-hostile-")
    if a.keep:
        subprocess.run(["rm", "-rf", root], check=False)
        os.makedirs(root)
    print(f"[hostile] building the attacks in {root} ...", file=sys.stderr)
    attacks = build(root)
    lines = ["| attack | what the issue saw | -j 2: time, peak RSS, exit | -j 8: time, peak RSS, exit | rows (errors) | the good run |",
             "| --- | --- | ---: | ---: | --- | --- |"]
    for name, path, extra, before in attacks:
        print(f"[hostile] {name}", file=sys.stderr)
        cells = []
        for j in (2, 8):
            command = extra[:1] if extra[:1] == ["chart"] else ["activities"]
            rest = extra[1:] if command == ["chart"] else extra
            out = os.path.join(root, f"out-{j}")
            if command == ["chart"]:
                args = [GRAYZONE, "chart", path, "-o", out + ".png", "-j", str(j)] + rest
            else:
                args = [GRAYZONE, "activities", path, "-q", "-j", str(j)] + rest
            wall, rss, code = measure(args, out)
            cells.append(f"{wall:.2f} s, {rss:.0f} MiB, {code}")
            if j == 2 and command == ["activities"]:
                with open(out) as f:
                    rows = f.read().splitlines()[1:]
                errors = sum(1 for r in rows if ",error," in r)
                good = next((r for r in rows if "good_run.fit" in r), "")
                verdict = "ok" if ",ok," in good else ("**missing**" if not good else good.split(",")[1])
                cells.append(f"{len(rows)} ({errors})")
                cells.append(verdict)
            elif j == 2:
                with open(out + ".err", "rb") as f:
                    said = f.read().decode(errors="replace").strip().splitlines()
                cells.append(f"chart {os.path.getsize(out + '.png') if os.path.exists(out + '.png') else 0} bytes")
                cells.append("; ".join(said[:1]) or "–")
        lines.append(f"| {name} | {before} | {cells[0]} | {cells[3]} | {cells[1]} | {cells[2]} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    if not a.keep:
        # rm, not shutil.rmtree: Python's recursion stops short of 2,100 folders.
        subprocess.run(["rm", "-rf", root], check=False)


if __name__ == "__main__":
    main()
