#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
cli=${FINETUNE_CLI:?}
n=0
check () {
  n=$((n + 1))
  if "$@" >/dev/null 2>&1; then echo "ok $n - $*"; else echo "not ok $n - $*"; fi
}
check_fails () {
  n=$((n + 1))
  if "$@" >/dev/null 2>&1; then echo "not ok $n - $* should fail"; else echo "ok $n - $* fails"; fi
}
check "$cli" --help
check sh -c "\"$cli\" --version | grep -q '^finetune-cli [0-9]'"
check sh -c "\"$cli\" --version | grep -q 'libtorch 1\\.\\|libtorch 2\\.'"
# The build tree's catalogues are found through FINETUNE_LOCALEDIR, as `tools/dev run` sets it.
check sh -c "LANGUAGE=zh_CN \"$cli\" --help | grep -q '训练'"
check_fails "$cli" no-such-command
check_fails "$cli"
echo "1..$n"
