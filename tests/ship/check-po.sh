#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-po.sh SRCDIR XGETTEXT_ARG...
# Regenerates the template from po/POTFILES.in into a temporary folder, then fails when a marked
# string is missing from po/zh_CN.po, when any message there is untranslated or fuzzy, when the
# plural forms are not Chinese ones, or when a file with marked strings is not in POTFILES.in.
set -u
src=${1:?}
shift
for tool in xgettext msgcmp msgfmt; do
  command -v "$tool" >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is not installed"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/log"; }

po="$src/po/zh_CN.po"
grep -v '^#' "$src/po/POTFILES.in" | sed '/^[[:space:]]*$/d' > "$tmp/potfiles"

if xgettext --directory="$src" --files-from="$tmp/potfiles" --output="$tmp/finetune.pot" \
     --package-name=finetune "$@" >"$tmp/log" 2>&1; then
  ok "xgettext regenerates the template from POTFILES.in"
else
  not_ok "xgettext regenerates the template from POTFILES.in"
fi

if msgcmp "$po" "$tmp/finetune.pot" >"$tmp/log" 2>&1; then
  ok "every marked string is in zh_CN.po"
else
  not_ok "every marked string is in zh_CN.po"
fi

if msgfmt --check --statistics --output-file=/dev/null "$po" >"$tmp/log" 2>&1 &&
   ! grep -Eq 'untranslated|fuzzy' "$tmp/log"; then
  ok "zh_CN.po compiles with every message translated, none fuzzy: $(cat "$tmp/log")"
else
  not_ok "zh_CN.po compiles with every message translated, none fuzzy"
fi

if grep -q '^"Plural-Forms: nplurals=1; plural=0;\\n"$' "$po"; then
  ok "zh_CN.po has Chinese plural forms"
else
  echo "Plural-Forms header is not nplurals=1; plural=0;" > "$tmp/log"
  not_ok "zh_CN.po has Chinese plural forms"
fi

: > "$tmp/log"
for dir in src ui data; do
  [ -d "$src/$dir" ] || continue
  (cd "$src" && grep -rlE '(^|[^A-Za-z0-9_])(N|C|NC)?_ ?\(|ngettext ?\(|translatable="yes"' \
     --include='*.c' --include='*.h' --include='*.ui' "$dir")
done | sort > "$tmp/marked"
while read -r file; do
  grep -qxF "$file" "$tmp/potfiles" ||
    echo "$file has marked strings but is not in po/POTFILES.in" >> "$tmp/log"
done < "$tmp/marked"
if [ -s "$tmp/log" ]; then
  not_ok "every file with marked strings is in POTFILES.in"
else
  ok "every file with marked strings ($(wc -l < "$tmp/marked")) is in POTFILES.in"
fi

: > "$tmp/log"
while read -r file; do
  [ -f "$src/$file" ] || echo "$file is in po/POTFILES.in but does not exist" >> "$tmp/log"
done < "$tmp/potfiles"
if [ -s "$tmp/log" ]; then
  not_ok "every file in POTFILES.in exists"
else
  ok "every file in POTFILES.in exists"
fi

# Chinese sentences take full-width punctuation: an ASCII ? , ! : or ; next to a Chinese character
# is flagged. The desktop file's Keywords (a list ending in ;) keep ASCII separators by format.
if command -v perl >/dev/null 2>&1; then
  if perl -CSD -Mutf8 -ne '
      sub check { my ($s, $l) = @_;
        return if $s eq "" || $s =~ /;$/;
        my $cjk = qr/[\x{3000}-\x{303F}\x{3400}-\x{9FFF}\x{FF00}-\x{FFEF}]/;
        print "zh_CN.po:$l: ASCII punctuation in a Chinese sentence: $s\n"
          if $s =~ /$cjk ?[?,!:;]|[?,!:;] ?$cjk/; }
      chomp;
      if (/^msgstr(?:\[\d+\])? "(.*)"$/) { check($cur, $start) if $in; ($in, $cur, $start) = (1, $1, $.); next }
      if ($in && /^"(.*)"$/) { $cur .= $1; next }
      check($cur, $start) if $in; $in = 0;
      END { check($cur, $start) if $in }' "$po" > "$tmp/log" && [ ! -s "$tmp/log" ]; then
    ok "zh_CN.po uses full-width punctuation in Chinese sentences"
  else
    not_ok "zh_CN.po uses full-width punctuation in Chinese sentences"
  fi
fi

echo "1..$n"
