#!/usr/bin/env bash
# The man page and the bash completion, as `cmake --install` puts them in a fresh prefix:
#   run_man_completion_test.sh BUILD_DIR WORK_DIR [CONFIG]
# The page must exist under share/man/man1, hold every command's options and the rules, and
# render with man(1) without warnings (when man is installed); the completion, sourced by bash
# with the installed binary on PATH, must complete commands, options, formats and rule ids.
set -euo pipefail
build="$1" work="$2" config="${3:-}"
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" ${config:+--config "$config"} >/dev/null
page="$prefix/share/man/man1/iamsmith.1"
completion="$prefix/share/bash-completion/completions/iamsmith"
[ -f "$page" ] || fail "no man page at $page"
[ -f "$completion" ] || fail "no bash completion at $completion"
zsh_completion="$prefix/share/zsh/site-functions/_iamsmith"
[ -f "$zsh_completion" ] || fail "no zsh completion at $zsh_completion"
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$zsh_completion" || fail "zsh -n rejects the installed $zsh_completion"
fi
for expected in '^\.SH IAMSMITH LINT' '^\.SH IAMSMITH GENERATE' '^\.SH RULES' '^\.B P001 ' '^\.B S001 ' '\\-\\-fail\\-on' '^\.SH EXIT STATUS'; do
  grep -q -- "$expected" "$page" || fail "the man page has no line matching /$expected/"
done
if command -v man >/dev/null 2>&1; then
  rendered="$(MANWIDTH=100 man --warnings -l "$page" 2>"$work/man-warnings")" || fail "man cannot render the page"
  [ ! -s "$work/man-warnings" ] || fail "man warns: $(cat "$work/man-warnings")"
  # A here-string, not a pipe: grep -q stops reading at the first match, and under pipefail the
  # writer's SIGPIPE would fail the pipeline (this test failed that way once in a loaded run).
  grep -q -- '--max-file-size' <<<"$rendered" || fail "the rendered page has no --max-file-size"
else
  echo "note: no man(1); the page was not rendered"
fi

complete_line() {  # the words after `iamsmith` as typed, the last one being completed
  PATH="$prefix/bin:$PATH" bash --norc -c 'source "$1"; shift; COMP_WORDS=(iamsmith "$@"); COMP_CWORD=$#;
    _iamsmith; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
}
expect() {  # expect WORD... -- CANDIDATE: CANDIDATE is among the completions of WORD...
  local want="${*: -1}"
  local got
  got="$(complete_line "${@:1:$#-2}")"
  grep -qx -- "$want" <<<"$got" || fail "completing 'iamsmith ${*:1:$#-2}' gives no '$want': $(echo $got)"
}
expect li -- lint
expect ver -- verify
expect lint --fail -- --fail-on
expect lint --format "" -- sarif
expect generate --out -- --out-dir
expect explain P00 -- P001
expect lint --select S00 -- S001
rm -rf "$work"
echo "man page and bash completion installed and working"
