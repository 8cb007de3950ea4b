#!/usr/bin/env bash
# Installs pre-commit from PyPI into a temporary virtualenv, points a scratch repository's
# .pre-commit-config.yaml at this checkout's HEAD, and runs `pre-commit run --all-files`:
# the hook must fail on a violating file, leave a file the configuration excludes alone (the
# hook names every file to medlint; `--force-exclude` applies `exclude` to them), and pass on a
# clean one.
#
#   scripts/check-pre-commit.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$here" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
export PRE_COMMIT_HOME="$work/cache"
repo="$work/site"
mkdir -p "$repo"
cd "$repo"
git init --quiet
git config user.email "ci@example.invalid"
git config user.name "ci"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: medlint
YAML
printf '# Ketamine\n\nKetamine cures depression in 71%% of patients.\n' > post.md
printf '[package]\nname = "not-content"\n# guaranteed results, 100%% safe\n' > Cargo.toml
mkdir -p drafts
printf '# Draft\n\nOur therapy is 100%% safe.\n' > drafts/wip.md
printf 'exclude = ["drafts/**"]\n' > medlint.toml
git add -A
set +e
"$work/venv/bin/pre-commit" run --all-files > "$work/fail.log" 2>&1
fail=$?
set -e
cat "$work/fail.log"
[ "$fail" -ne 0 ] || { echo "FAIL: the hook passed on a violating file" >&2; exit 1; }
grep -q "post.md:3:10: error\[MED401\]" "$work/fail.log" || { echo "FAIL: no MED401 finding" >&2; exit 1; }
if grep -q "Cargo.toml" "$work/fail.log"; then echo "FAIL: a non-content file was linted" >&2; exit 1; fi
if grep -q "drafts/wip.md" "$work/fail.log"; then echo "FAIL: an excluded file was linted" >&2; exit 1; fi
printf '# Opening hours\n\nOur clinic is open Monday to Friday, 9am to 5pm.\n' > post.md
git add -A
"$work/venv/bin/pre-commit" run --all-files
# A change to an excluded file only: the hook is handed nothing it lints, and passes.
printf '# Draft\n\nOur therapy is 100%% safe, guaranteed.\n' > drafts/wip.md
git add -A
"$work/venv/bin/pre-commit" run --files drafts/wip.md
echo "ok: the hook fails on a violating file, skips an excluded one and passes on a clean one"
