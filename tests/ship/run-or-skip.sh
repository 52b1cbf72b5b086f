#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-or-skip.sh PROGRAM ARG...: runs a validator, or skips (exit 77) when it is not installed.
command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed"; exit 77; }
exec "$@"
