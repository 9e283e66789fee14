#!/usr/bin/env bash
# Fuzzes one target with the settings the project's fuzz runs use:
#   fuzz/fuzz.sh TARGET [more libFuzzer flags]
#   fuzz/fuzz.sh fit_decode -runs=10000000 -jobs=1 -workers=1
# Seeds fuzz/corpus/ on first use (generated files, fixtures/ and ../shared/fixtures/real when
# present; none of it is committed). Stable Rust: RUSTC_BOOTSTRAP lets cargo-fuzz pass its -Z
# flags. No sanitizer: the decoders are safe Rust (but for the FIT CRC's feature-detected SIMD
# call, which reads only through slices), so the findings are panics (bounds, overflow
# checks are on), hangs (-timeout) and memory blow-ups (-rss_limit_mb).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/fuzz.sh TARGET [libFuzzer flags]}
shift
if [ ! -d "fuzz/corpus/$target" ]; then
    cargo run -q --manifest-path fuzz/Cargo.toml --example make_seeds -- fuzz/corpus
fi
case $target in
    archive) max_len=65536 ;;
    *) max_len=16384 ;;
esac
extra=()
# fitparser prints a line on stderr for every oddly sized field; the target's own panic message is
# recovered by running the saved artifact again.
if [ "$target" = fit_differential ]; then extra+=(-close_fd_mask=2); fi
if [ -f "fuzz/dicts/$target.dict" ]; then extra+=("-dict=$PWD/fuzz/dicts/$target.dict"); fi
RUSTC_BOOTSTRAP=1 exec cargo fuzz run --sanitizer none "$target" -- \
    -max_len=$max_len -rss_limit_mb=512 -timeout=5 -print_final_stats=1 "${extra[@]}" "$@"
