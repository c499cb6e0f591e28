#!/usr/bin/env bash
# build-examples.sh TARGET DIR PTX_STRING
# Builds every examples/*/*.net for TARGET and prints one line per model:
#   built:   NAME (with PTX_STRING in the archive, if one was given)
#   FAILED:  NAME  (the model builds for the CPU but not for TARGET)
#   SKIPPED: NAME  (does not build for the CPU either: not yet compilable)
set -uo pipefail
target=$1 dir=$2 ptx=${3:-}
examples="$(cd "$(dirname "$0")/../../../.." && pwd)/examples"
for model in "$examples"/*/*.net; do
  name=$(basename "$model" .net)
  out="$dir/$name"
  rm -rf "$out"
  if netc build "$model" --target "$target" -o "$out" >"$out.log" 2>&1; then
    archive=$(ls "$out"/*.a)
    if [[ -n "$ptx" ]] && ! grep -aq -- "$ptx" "$archive"; then
      echo "FAILED: $name (no '$ptx' in $(basename "$archive"))"
    else
      echo "built: $name"
    fi
  elif netc build "$model" --target host -o "$out-host" >/dev/null 2>&1; then
    echo "FAILED: $name"
    cat "$out.log"
  else
    echo "SKIPPED: $name (does not build for the CPU either)"
  fi
done
