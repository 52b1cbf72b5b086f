#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-completion.sh COMPLETION CLI: the bash completion loads and completes the CLI's commands
# and options.
set -u
script=${1:?}
cli=${2:?}
framework=/usr/share/bash-completion/bash_completion
[ -f "$framework" ] || { echo "1..0 # SKIP bash-completion is not installed"; exit 0; }
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1${2:+: $2}"; }

# shellcheck source=/dev/null
source "$framework"
# shellcheck source=/dev/null
if source "$script" && complete -p finetune-cli >/dev/null 2>&1; then
  ok "the completion loads and registers finetune-cli"
else
  not_ok "the completion loads and registers finetune-cli"
fi

complete_line () {
  COMP_LINE=$*
  COMP_POINT=${#COMP_LINE}
  read -r -a COMP_WORDS <<< "$*"
  [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _finetune_cli finetune-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}"
}

commands=$("$cli" --help |
  awk '/^Commands:/ {c = 1; next} /^$|^[^ ]/ {c = 0} c && /^  [a-z]/ {print $1}')
missing=
for command in $commands; do
  complete_line "finetune-cli ${command:0:3}" | grep -qx "$command" || missing+=" $command"
done
if [[ -n $commands && -z $missing ]]; then
  ok "completes every command of --help:" $commands
else
  not_ok "completes every command of --help" "missing$missing"
fi

missing=
for command in $commands; do
  for option in $("$cli" "$command" --help 2>&1 | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
    [[ $option == --help* ]] && continue
    complete_line "finetune-cli $command --" | grep -qx -- "$option" || missing+=" $command$option"
  done
done
if [[ -z $missing ]]; then
  ok "completes every option of every command"
else
  not_ok "completes every option of every command" "missing$missing"
fi

if [[ $(complete_line "finetune-cli train --freeze lay" | sort | tr '\n' ' ') == \
      "layer1 layer2 layer3 layer4 " ]]; then
  ok "completes the values of --freeze"
else
  not_ok "completes the values of --freeze"
fi
archives=$(mktemp -d)
touch "$archives/a.zip" "$archives/b.tar.gz" "$archives/c.tgz" "$archives/d.tar.xz" "$archives/e.txt"
found=$(cd "$archives" && complete_line "finetune-cli import " | sort | tr '\n' ' ')
rm -rf "$archives"
if [[ $found == "a.zip b.tar.gz c.tgz d.tar.xz " ]]; then
  ok "import completes zip and tar archives"
else
  not_ok "import completes zip and tar archives" "$found"
fi
echo "1..$n"
