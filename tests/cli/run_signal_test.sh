#!/usr/bin/env bash
# SIGINT and SIGTERM reaching the real iamsmith process during `generate --out-dir`, made
# deterministic by the directory lock: this script holds <dir>/.iamsmith.lock (flock(1), the lock
# iamsmith takes), so the run stops at a known point — inside its signal block, waiting for the
# lock, after saying "waiting for another iamsmith" — and the signal is sent only once that line
# is on stderr. No sleep decides the outcome. Expected: the shell status 128+N (the process is
# killed by the signal after printing "interrupted by SIG...: nothing was written"), the
# directory exactly as before (the earlier set unchanged, no temporary left), and then a run
# without the lock held succeeds.
#   run_signal_test.sh BINARY SOURCE_DIR SCRATCH_DIR
# The interrupt between the steps of the write itself is tested through the writer's system-call
# seam (tests/unit/test_atomic_write.cpp): from outside, no point of a run that takes
# milliseconds can be hit deterministically.
set -euo pipefail
binary="$1" source="$2" scratch="$3"
# tools/test --valgrind runs the binary under memcheck (one process: the signal still reaches it).
wrapper=(${IAMSMITH_TEST_WRAPPER:-})
command -v flock >/dev/null || { echo "SKIP: no flock(1)"; exit 0; }
rm -rf "$scratch"
mkdir -p "$scratch"
cd "$scratch"
spec="$source/samples/tutorial/spec.json"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$binary" generate --spec "$spec" --out-dir out 2>/dev/null || fail "the first generate failed"
# A second spec with another role name, so that an uninterrupted run would change the set.
sed 's#role/LambdaRole#role/OtherRole#' "$spec" >other-spec.json
grep -q OtherRole other-spec.json || fail "the tutorial spec has no LambdaRole to rename"
# Every file but the lock, with its checksum: a temporary left behind, or a file changed, shows.
listing() { (cd out && find . -type f ! -name .iamsmith.lock -exec cksum {} + | sort && find . | sort); }
before="$(listing)"

for signal in INT TERM; do
  expected=$((128 + $(kill -l "$signal")))
  : >lock-held
  # The holder keeps the lock until the file 'release' appears (created below, by this script).
  flock out/.iamsmith.lock bash -c 'rm -f lock-held; while [ ! -e release ]; do sleep 0.05; done' &
  holder=$!
  while [ -e lock-held ]; do sleep 0.05; done
  : >stderr
  # A command started with & from a script has SIGINT ignored (bash does that without job
  # control); env puts the default action back, as a terminal's Ctrl-C would find it.
  env --default-signal=INT,TERM "${wrapper[@]}" "$binary" generate --spec other-spec.json --out-dir out --force 2>stderr &
  run=$!
  until grep -q "waiting for another iamsmith" stderr; do
    kill -0 "$run" 2>/dev/null || { cat stderr >&2; fail "generate ended before waiting for the lock"; }
    sleep 0.05
  done
  kill -s "$signal" "$run"
  code=0
  wait "$run" || code=$?
  : >release
  wait "$holder"
  rm -f release
  [ "$code" = "$expected" ] || { cat stderr >&2; fail "SIG$signal: exit $code, expected $expected"; }
  grep -q "interrupted by SIG$signal: nothing was written" stderr || { cat stderr >&2; fail "SIG$signal: no message"; }
  [ "$(listing)" = "$before" ] || fail "SIG$signal: the directory changed:
$(listing)
before:
$before"
  echo "SIG$signal: exit $code, out/ unchanged"
done
# A SIGINT the run was started ignoring (as a script's `cmd &` or nohup starts it) does not stop
# it: once the signal is pending (visible in /proc, so no race) and the lock released, the set
# is written.
if [ -r /proc/self/status ]; then
  : >lock-held
  flock out/.iamsmith.lock bash -c 'rm -f lock-held; while [ ! -e release ]; do sleep 0.05; done' &
  holder=$!
  while [ -e lock-held ]; do sleep 0.05; done
  : >stderr
  "${wrapper[@]}" "$binary" generate --spec other-spec.json --out-dir out --force >/dev/null 2>stderr &
  run=$!
  until grep -q "waiting for another iamsmith" stderr; do
    kill -0 "$run" 2>/dev/null || { cat stderr >&2; fail "generate ended before waiting for the lock"; }
    sleep 0.05
  done
  grep -q '^SigIgn:.*[2367abef]$' "/proc/$run/status" || fail "SIGINT is not ignored in a background job here"
  kill -s INT "$run"
  until grep -q '^ShdPnd:.*[2367abef]$' "/proc/$run/status" 2>/dev/null || ! kill -0 "$run" 2>/dev/null; do sleep 0.05; done
  : >release
  code=0
  wait "$run" || code=$?
  wait "$holder"
  rm -f release
  [ "$code" = 0 ] || { cat stderr >&2; fail "an ignored SIGINT stopped the run: exit $code"; }
  [ -e out/OtherRole.trust.json ] || fail "the run with SIGINT ignored wrote no OtherRole.trust.json"
  echo "ignored SIGINT: the set was written"
fi
# Without the lock held, the same run goes through: the lock, not something else, held it up.
"$binary" generate --spec other-spec.json --out-dir out --force 2>stderr || { cat stderr >&2; fail "the unlocked run failed"; }
[ -e out/OtherRole.trust.json ] || fail "the unlocked run wrote no OtherRole.trust.json: $(ls out)"
rm -rf "$scratch"
