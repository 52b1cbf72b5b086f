#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-format.sh SOURCE_ROOT [FILE...]: every C and C++ file under src/, shim/, tests/ and bench/
# (or each FILE given) is as clang-format and the checked-in .clang-format write it. TAP output.
root=$1
shift
command -v clang-format >/dev/null 2>&1 || { echo "1..0 # SKIP clang-format is not installed"; exit 0; }
cd "$root" || exit 1
if [ $# -eq 0 ]; then
  set -- $(find src shim tests bench -type f \( -name '*.c' -o -name '*.h' -o -name '*.cpp' \) | LC_ALL=C sort)
fi
echo "1..$#"
n=0
status=0
for file in "$@"; do
  n=$((n + 1))
  if clang-format --style=file --dry-run --Werror "$file" >/dev/null 2>&1; then
    echo "ok $n - $file"
  else
    echo "not ok $n - $file is not formatted: run clang-format -i $file"
    clang-format --style=file "$file" | diff -u "$file" - | head -n 20 | sed 's/^/# /'
    status=1
  fi
done
exit $status
