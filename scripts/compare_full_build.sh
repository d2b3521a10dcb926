#!/usr/bin/env bash
# Forced full builds of all 291, this tree against another commit, back to back and in turns
# (this machine's speed drifts by ±20 % from minute to minute, so only pairs compare).
#
#   bash scripts/compare_full_build.sh COMMIT [ROUNDS]
#
# The other commit is checked out in a worktree beside this one and run with this venv.
# Prints, per build: wall seconds, CPU seconds (user + sys), pages and rendering seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
other=${1:?"usage: $0 COMMIT [ROUNDS]"}
rounds=${2:-2}
py=$here/.venv/bin/python
wt=$(mktemp -d)/before
git worktree add -f -q "$wt" "$other"
trap 'git worktree remove --force "$wt"' EXIT
out=$(mktemp -d)

run() {  # name dir
  rm -rf "$out/$1"
  (cd "$2" && /usr/bin/time -f "%e %U %S" -o "$out/$1.time" \
     "$py" build.py --output "$out/$1" --jobs 2 --force > "$out/$1.log" 2>&1)
  read -r wall user sys < "$out/$1.time"
  "$py" - "$1" "$wall" "$user" "$sys" "$out/$1/bygglogg.json" <<'PY'
import json, sys
name, wall, user, sys_, record = sys.argv[1:]
d = json.load(open(record))["siste_bygg"]
print(f"{name:8s} wall {float(wall):7.1f} s  cpu {float(user) + float(sys_):7.1f} s  "
      f"pages {d['sider']}  rendering {d['sekunder_rendering']} s")
PY
}

for i in $(seq 1 "$rounds"); do
  if (( i % 2 )); then run this "$here"; run other "$wt"; else run other "$wt"; run this "$here"; fi
done
