#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-man.sh MANPAGE CLI: the man page renders without warnings and documents every command
# and option that the CLI's --help lists.
set -u
page=${1:?}
cli=${2:?}
command -v groff >/dev/null 2>&1 || { echo "1..0 # SKIP groff is not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/log"; }

if groff -man -Tutf8 -ww -z "$page" >"$tmp/log" 2>&1 && [ ! -s "$tmp/log" ]; then
  ok "groff renders the page without warnings"
else
  not_ok "groff renders the page without warnings"
fi

if command -v man >/dev/null 2>&1; then
  if MANWIDTH=80 man -l "$page" >"$tmp/out" 2>"$tmp/log" && [ ! -s "$tmp/log" ] &&
     grep -q 'finetune-cli' "$tmp/out"; then
    ok "man -l renders the page"
  else
    not_ok "man -l renders the page"
  fi
fi

# The commands are the words in the indented list after "Commands:" in --help.
"$cli" --help |
  awk '/^Commands:/ {c = 1; next} /^$|^[^ ]/ {c = 0} c && /^  [a-z]/ {print $1}' > "$tmp/commands"
: > "$tmp/log"
[ -s "$tmp/commands" ] || echo "finetune-cli --help lists no commands" >> "$tmp/log"
while read -r command; do
  grep -q "^\.SS $command\$" "$page" || echo "command $command is not documented" >> "$tmp/log"
  "$cli" "$command" --help 2>&1 | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u |
    grep -vx -- '--help\(-[a-z]*\)\?' > "$tmp/options"
  while read -r option; do
    escaped=$(printf '%s' "$option" | sed 's/-/\\\\-/g')
    grep -q -- "$escaped" "$page" || echo "$command $option is not documented" >> "$tmp/log"
  done < "$tmp/options"
done < "$tmp/commands"
if [ -s "$tmp/log" ]; then
  not_ok "every command and option of --help is in the page"
else
  ok "every command ($(wc -l < "$tmp/commands")) and its options are in the page"
fi
echo "1..$n"
