#!/usr/bin/env bash
# The zsh completion (completions/_iamsmith): zsh parses it (zsh -n), and, run with the built
# iamsmith on PATH and zsh's completion builtins replaced by stubs that print their candidates,
# it completes commands, options, formats and rule ids.
#   run_zsh_completion_test.sh ZSH BINARY_DIR COMPLETION
set -euo pipefail
zsh="$1" bindir="$2" completion="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
"$zsh" -n "$completion" || fail "zsh -n rejects $completion"

# The candidates the completion offers for the words after `iamsmith`, the last being completed.
candidates() {
  PATH="$bindir:$PATH" "$zsh" -f -c '
    completion=$1; shift
    compadd() {
      local array=
      while (( $# )); do
        case $1 in
          -a) array=$2; shift 2 ;;
          --) shift; break ;;
          -*) shift ;;
          *) break ;;
        esac
      done
      if [[ -n $array ]]; then print -rl -- ${(P)array}; else print -rl -- "$@"; fi
    }
    _describe() { print -rl -- ${${(P)${@[-1]}}%%:*}; }
    _files() { print -r -- "<files>"; }
    words=(iamsmith "$@")
    CURRENT=${#words}
    PREFIX=${words[-1]}
    source $completion
  ' _ "$completion" "$@" | grep -- "^${*: -1}" || true
}
expect() {  # expect WORD... -- CANDIDATE
  local want="${*: -1}" got
  got="$(candidates "${@:1:$#-2}")"
  grep -qx -- "$want" <<<"$got" || fail "completing 'iamsmith ${*:1:$#-2}' gives no '$want': $(echo $got)"
}
expect li -- lint
expect ver -- verify
expect --ve -- --version
expect lint --fail -- --fail-on
expect lint --di -- --diff
expect lint --format "" -- sarif
expect lint --format "" -- concise
expect generate --out -- --out-dir
expect explain P00 -- P001
expect lint --select S00 -- S001
expect help li -- lint
expect lint "" -- "<files>"
echo "zsh completion parses and completes"
