#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzz.sh HARNESS CORPUS RUNS [ARG...]: runs every input of CORPUS through HARNESS, then RUNS
# mutated inputs on top ($FT_FUZZ_RUNS overrides RUNS). New inputs go to a scratch folder, never
# into the checked-in corpus. Exits non-zero on any crash, leak or sanitizer report.
harness=$1
corpus=$2
runs=${FT_FUZZ_RUNS:-$3}
shift 3
# meson passes the harness relative to the build folder; the run below happens elsewhere.
case $harness in /*) ;; *) harness=$PWD/$harness ;; esac
case $corpus in /*) ;; *) corpus=$PWD/$corpus ;; esac
scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 1
"$harness" -seed=1 -runs="$runs" -print_final_stats=1 "$@" "$scratch" "$corpus"
