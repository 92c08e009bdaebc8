#!/usr/bin/env bash
# Try the smartaward-validate pre-commit hook for real, as another repository would use it.
#
#   scripts/try-pre-commit.sh [SAMPLE-CYCLE]      (default: seoul-smart-city-2023)
#
# What it does, all in a temporary folder that is removed afterwards:
#   1. snapshots this working tree (tracked and untracked files, .gitignore respected) into a git
#      repository of its own: `pre-commit try-repo` on the working tree itself would leave out new
#      files that are not staged yet (.pre-commit-hooks.yaml, new modules), and this script stages
#      and commits nothing in your repository;
#   2. makes a second repository holding a copy of the sample cycle under cycles/, plus a YAML file
#      outside any cycle (.github/workflows/ci.yml), as a user's repository would;
#   3. runs `pre-commit try-repo SNAPSHOT smartaward-validate --files ...` there, which installs
#      smartaward from the snapshot into pre-commit's own virtual environment (pip needs to reach
#      your package index) and runs the hook the way `git commit` would, for three changes:
#        - clean files of the cycle                         expect: passed
#        - an entry with an error (an unknown country code) expect: failed
#        - only the file outside any cycle                  expect: passed (skipped by validate)
#
# pre-commit comes from PATH, or $PRE_COMMIT (a path to the executable); failing both, it is
# installed into a throwaway virtual environment in the temporary folder (never into yours).
# Exit 0 when every case went as expected, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
sample=${1:-seoul-smart-city-2023}
[ -f "$here/cycles/$sample/cycle.yaml" ] || { echo "no sample cycle $here/cycles/$sample" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/smartaward-try-pre-commit.XXXXXX")
trap 'rm -rf "$work"' EXIT
git_quiet() { git -c user.name=try-pre-commit -c user.email=try-pre-commit@example.invalid -c init.defaultBranch=main "$@"; }

pre_commit=${PRE_COMMIT:-$(command -v pre-commit || true)}
if [ -z "$pre_commit" ]; then
    echo "== installing pre-commit into a throwaway virtual environment"
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
    pre_commit=$work/venv/bin/pre-commit
fi
echo "== $("$pre_commit" --version)"

# 1. The snapshot of this working tree (files that exist; deleted ones are left out).
snapshot=$work/smartaward
mkdir "$snapshot"
(cd "$here" && git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do if [ -f "$f" ]; then printf '%s\0' "$f"; fi; done \
    | tar --null -T - -cf -) | (cd "$snapshot" && tar -xf -)
(cd "$snapshot" && git_quiet init -q && git_quiet add -A && git_quiet commit -qm snapshot)

# 2. A user's repository with a copy of the sample cycle.
user=$work/user
mkdir -p "$user/cycles" "$user/.github/workflows"
cp -R "$here/cycles/$sample" "$user/cycles/$sample"
printf 'name: ci\non: push\njobs: {}\n' > "$user/.github/workflows/ci.yml"
(cd "$user" && git_quiet init -q && git_quiet add -A && git_quiet commit -qm sample)

cycle=cycles/$sample
# an entry in a subfolder (the samples keep one entry per file there), else any entry file
entry=$(cd "$user" && { find "$cycle/entries" -mindepth 2 -name '*.yaml' | sort; find "$cycle/entries" -name '*.yaml' | sort; } | sed -n 1p)
sheet=$(cd "$user" && find "$cycle/scores" -name '*.yaml' | sort | sed -n 1p)

failures=0
try() {  # try EXPECTED-EXIT DESCRIPTION FILE...
    local expected=$1 what=$2 status
    shift 2
    echo
    echo "== $what: pre-commit try-repo ... --files $*"
    set +e
    (cd "$user" && "$pre_commit" try-repo "$snapshot" smartaward-validate --verbose --files "$@")
    status=$?
    set -e
    if [ "$status" -eq "$expected" ]; then
        echo "== as expected (exit $status)"
    else
        echo "== NOT as expected: exit $status, expected $expected"
        failures=$((failures + 1))
    fi
}

try 0 "clean files" "$cycle/cycle.yaml" "$cycle/judges.yaml" "$entry" "$sheet"

sed -i.orig -E 's/^( +country: ).*/\1XX/' "$user/$entry" && rm -f "$user/$entry.orig"
try 1 "an entry with an error" "$entry" "$sheet"
(cd "$user" && git checkout -q -- "$entry")

try 0 "a YAML file outside any cycle" .github/workflows/ci.yml

echo
if [ "$failures" -eq 0 ]; then
    echo "== every case as expected"
else
    echo "== $failures case(s) not as expected"
    exit 1
fi
