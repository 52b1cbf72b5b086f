#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-sanitized.sh COMMAND [ARG...]: runs one test of the sanitizer pass with every report of
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer written to a folder of its own:
# those of the test's process and of every program it starts (finetune-cli under a Python test,
# which may expect that program to fail and would not see why). Each report is shown on stderr;
# the test fails when its command fails or any process reported an error.
reports=$(mktemp -d) || exit 1
trap 'rm -rf "$reports"' EXIT
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$reports/asan"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$reports/ubsan"
export ASAN_OPTIONS UBSAN_OPTIONS
"$@"
status=$?
found=0
for report in "$reports"/*; do
  [ -f "$report" ] || continue
  cat "$report" >&2
  if grep -q -e 'ERROR: [A-Za-z]*Sanitizer' -e 'runtime error:' "$report"; then
    found=1
  fi
done
if [ "$found" -eq 1 ]; then
  echo "run-sanitized.sh: a sanitizer reported an error, shown above" >&2
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
