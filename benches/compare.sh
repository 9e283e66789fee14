#!/usr/bin/env bash
# The peer comparison of BENCHMARKS.md: grayzone against a fitparser-based Rust pipeline, the
# Python libraries runners use (fitdecode, gpxpy, xml.etree) and a raw read of the same bytes.
#
#   benches/compare.sh [--quick] [--fit 100,1000,5000] [--gpx 100,500] [--tcx 100,500]
#                      [--threads 1,2] [--rounds 5] [--peer-rounds 3] [--python-rounds 1]
#                      [--python-max-files 100] [--big-hours 24,445] [--startup-runs 21]
#                      [--settle-s 120] [--no-python] [--out FILE]
#
# From a clean clone, runnable from any folder. It
#  1. builds grayzone and the bench examples (fitparser_weekly, read_all, bench_run, make_export,
#     wake_latency)
#     in release;
#  2. makes a Python venv in target/bench-venv with pinned fitdecode and gpxpy (skipped with
#     --no-python; needs python3 with venv and pip, and the package index);
#  3. generates the exports in target/bench-data/ with make_export (reused while the generator's
#     source is unchanged): N one-hour runs per format, one one-hour FIT for start-up, and single
#     long FIT runs for the memory check;
#  4. warms the page cache, waits (at most --settle-s seconds) for the load of the build to wear
#     off, and times every tool, round by round, in one run (benches/compare.py);
#  5. prints a markdown report and writes it to target/bench-results/compare-DATE.md (or --out).
# A list of 'none' skips a format (e.g. --gpx none). --quick: FIT 100,1000, GPX and TCX 100,
# 3 rounds, big file 24 h only: a few minutes instead of half an hour. Lists are numbers of files.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

fitdecode_version=0.11.0
gpxpy_version=1.6.2

use_python=1
out=""
pass=()
command_line="benches/compare.sh $*"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick)
            pass+=(--fit 100,1000 --gpx 100 --tcx 100 --rounds 3 --big-hours 24)
            shift ;;
        --no-python)
            use_python=0
            shift ;;
        --out)
            [[ $# -ge 2 ]] || { echo "compare.sh: --out needs a file" >&2; exit 2; }
            out="$2"
            shift 2 ;;
        --fit|--gpx|--tcx|--threads|--rounds|--python-rounds|--peer-rounds|--python-max-files|--big-hours|--startup-runs|--settle-s)
            [[ $# -ge 2 ]] || { echo "compare.sh: $1 needs a value" >&2; exit 2; }
            pass+=("$1" "$2")
            shift 2 ;;
        -h|--help)
            awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
            exit 0 ;;
        *)
            echo "compare.sh: unknown option $1 (see --help)" >&2
            exit 2 ;;
    esac
done

for tool in cargo python3; do
    command -v "$tool" >/dev/null || { echo "compare.sh: $tool is needed and not on PATH" >&2; exit 1; }
done

target_dir="${CARGO_TARGET_DIR:-$repo/target}"
bin_dir="$target_dir/release"

echo "[compare] building grayzone and the bench examples (release)..." >&2
cargo build --release --quiet --bin grayzone \
    --example fitparser_weekly --example read_all --example bench_run --example make_export \
    --example wake_latency

python_args=()
if [[ $use_python == 1 ]]; then
    venv="$target_dir/bench-venv"
    py="$venv/bin/python"
    want="fitdecode==$fitdecode_version gpxpy==$gpxpy_version"
    if [[ ! -x $py ]] || [[ "$(cat "$venv/.installed" 2>/dev/null)" != "$want" ]]; then
        echo "[compare] making the Python venv $venv ($want)..." >&2
        rm -rf "$venv"
        python3 -m venv "$venv" || {
            echo "compare.sh: python3 -m venv failed (on Debian: apt-get install python3-venv), or use --no-python" >&2
            exit 1
        }
        "$py" -m pip install --quiet --disable-pip-version-check \
            "fitdecode==$fitdecode_version" "gpxpy==$gpxpy_version" || {
            echo "compare.sh: pip could not install $want (no package index?): use --no-python" >&2
            exit 1
        }
        echo "$want" > "$venv/.installed"
    fi
    python_args=(--python "$py")
fi

if [[ -z $out ]]; then
    out="$target_dir/bench-results/compare-$(date -u +%Y%m%d-%H%M%S).md"
fi
mkdir -p "$(dirname "$out")" "$target_dir/bench-data"

echo "[compare] $command_line" >&2
exec python3 "$repo/benches/compare.py" \
    --repo "$repo" --bin-dir "$bin_dir" --data "$target_dir/bench-data" --out "$out" \
    --command "$command_line" ${python_args[@]+"${python_args[@]}"} ${pass[@]+"${pass[@]}"}
