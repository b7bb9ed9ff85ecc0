#!/usr/bin/env bash
# The README's pre-commit snippet, run by the real pre-commit framework, offline:
#   run_precommit_readme.sh MODE BINARY SOURCE_DIR SCRATCH_DIR
# MODE "system": the snippet as the README writes it (hook iamsmith-lint, the binary on PATH);
# MODE "build":  the same snippet with the hook id iamsmith-lint-build and no iamsmith on PATH
#                (the hook builds iamsmith from its checkout; minutes: run only when
#                IAMSMITH_TEST_HOOK_BUILD=1, as .ci/run does, else SKIP).
# The hook repository is a git repository made from this checkout's files (tracked and
# untracked-but-not-ignored, so an uncommitted change to the hooks is what gets tested), tagged
# with the snippet's `rev`; the snippet's `repo:` URL is replaced by its path, which pre-commit
# clones with git. A project repository then commits a broken trust policy (refused: S001) and a
# clean one (accepted) through `pre-commit install`'s git hook, and a package.json is skipped.
set -euo pipefail
mode="$1" binary="$2" source="$3" scratch="$4"
skip() { echo "SKIP: $*"; exit 0; }
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pre-commit >/dev/null || skip "no pre-commit (tools/setup --with-precommit)"
command -v git >/dev/null || skip "no git"
if [ "$mode" = build ] && [ "${IAMSMITH_TEST_HOOK_BUILD:-0}" != 1 ]; then
  skip "the build hook compiles iamsmith (minutes); set IAMSMITH_TEST_HOOK_BUILD=1 to run it"
fi
rm -rf "$scratch"
mkdir -p "$scratch"
scratch="$(cd "$scratch" && pwd)"
export HOME="$scratch/home" PRE_COMMIT_HOME="$scratch/pre-commit-cache"
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# The snippet: the first ```yaml block of the README's "### pre-commit" section.
snippet="$(awk '/^### pre-commit/{s=1} s && /^```yaml/{f=1; next} f && /^```/{exit} f' "$source/README.md")"
[ -n "$snippet" ] || fail "README.md has no yaml block under '### pre-commit'"
rev="$(printf '%s\n' "$snippet" | sed -n 's/^ *rev: *\([^ #]*\).*/\1/p')"
[ -n "$rev" ] || fail "the README's snippet has no rev"
# Releases are tagged v<project version>: the snippet must name the current one.
version="$(sed -n 's/^project(iamsmith VERSION \([0-9.]*\).*/\1/p' "$source/CMakeLists.txt")"
[ "$rev" = "v$version" ] || fail "the README's snippet says rev: $rev; this version's tag is v$version"

# The hook repository: this checkout's files, committed and tagged as a release would be.
hooks="$scratch/iamsmith-hooks"
mkdir -p "$hooks"
if git -C "$source" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$source" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$hooks" 2>/dev/null) ||
    fail "cannot copy the checkout's files"
else
  (cd "$source" && tar --exclude=./build -cf - .) | (cd "$hooks" && tar -xf -)
fi
[ -f "$hooks/.pre-commit-hooks.yaml" ] || fail "no .pre-commit-hooks.yaml in the copy"
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -q -m "iamsmith $rev"
git -C "$hooks" tag "$rev"

# The project: the README's snippet with the hook repository's path for its URL.
project="$scratch/project"
mkdir -p "$project/iam"
config="$(printf '%s\n' "$snippet" | sed "s#^\( *- repo:\) .*#\1 $hooks#")"
if [ "$mode" = build ]; then
  config="$(printf '%s\n' "$config" | sed 's/- id: iamsmith-lint$/- id: iamsmith-lint-build/')"
  grep -q 'id: iamsmith-lint-build' <<<"$config" || fail "cannot switch the snippet to the build hook"
  path="/usr/local/bin:/usr/bin:/bin"
  PATH="$path" command -v iamsmith >/dev/null && fail "an iamsmith is on the system PATH; the build hook test needs none"
else
  bindir="$scratch/bin"
  mkdir -p "$bindir"
  ln -s "$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")" "$bindir/iamsmith"
  path="$bindir:$PATH"
fi
printf '%s\n' "$config" >"$project/.pre-commit-config.yaml"
echo "--- .pre-commit-config.yaml"; cat "$project/.pre-commit-config.yaml"
cd "$project"
git init -q
git add .pre-commit-config.yaml
git commit -q -m "pre-commit configuration"
PATH="$path" pre-commit install >/dev/null || fail "pre-commit install failed"

# A broken trust policy: the commit is refused, with the finding in the hook's output.
cp "$source/samples/broken/wrong-external-id/LambdaRole.trust.json" "$source/samples/broken/wrong-external-id/manifest.json" iam/
git add iam
code=0
out="$(PATH="$path" git commit -m "broken trust policy" 2>&1)" || code=$?
echo "--- commit of the broken policy (exit $code)"; printf '%s\n' "$out"
[ "$code" != 0 ] || fail "the commit of a broken trust policy went through"
grep -q 'S001 external-id-mismatch' <<<"$out" || fail "the hook's output has no S001 finding"
grep -q "Executable .* not found" <<<"$out" && fail "pre-commit did not find the hook's executable"

# A clean one, beside a package.json the hook skips: the commit goes through.
git rm -q --cached -r iam
rm -rf iam
mkdir iam
cp "$source/samples/tutorial/expected/LambdaRole.trust.json" "$source/samples/tutorial/expected/manifest.json" iam/
cp "$source/samples/inputs/not-policies/package.json" iam/
git add iam
code=0
out="$(PATH="$path" git commit -m "clean trust policy" 2>&1)" || code=$?
echo "--- commit of the clean policy (exit $code)"; printf '%s\n' "$out"
[ "$code" = 0 ] || fail "the commit of a clean trust policy was refused"
grep -q 'iamsmith lint.*Passed' <<<"$out" || fail "the hook did not run on the clean commit"
if [ "$mode" = build ]; then
  built="$(find "$PRE_COMMIT_HOME" -path '*/build/pre-commit/iamsmith' -type f | head -n 1)"
  [ -n "$built" ] || fail "no iamsmith built in pre-commit's cache"
  echo "built: $built"
fi
cd /
rm -rf "$scratch"
