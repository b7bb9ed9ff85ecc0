# bash completion for iamsmith, installed by `cmake --install` to
# share/bash-completion/completions/iamsmith. Commands, options and rule ids come from the
# iamsmith being completed (its --help and `rules`), so they follow the version installed.
_iamsmith() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  local program="${COMP_WORDS[0]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    local commands
    commands="$("$program" --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')"
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  local command="${COMP_WORDS[1]}"
  case "$prev" in
    --format|-f)
      # The words after "format:" in the command's help ("output format: text, concise (...), json,
      # sarif or github"), the option's wrapped lines joined and its parentheses dropped; awk reads
      # the help to its end, so iamsmith is not left writing to a closed pipe.
      COMPREPLY=($(compgen -W "$("$program" "$command" --help 2>/dev/null |
        awk 'd {next} /--format/ && !s {s = $0; next} s && /^ +-/ {d = 1; next} s && /^   +[^ -]/ {s = s " " $0; next} s {d = 1} END {print s}' |
        sed 's/^.*--format[] ]*arg//; s/.*format: *//; s/([^)]*)//g; s/ or /, /g; s/,/ /g')" -- "$cur"))
      return ;;
    --select|--ignore)
      COMPREPLY=($(compgen -W "$("$program" rules 2>/dev/null | cut -d' ' -f1)" -- "$cur"))
      return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$("$program" "$command" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)" -- "$cur"))
  elif [ "$command" = explain ]; then
    COMPREPLY=($(compgen -W "$("$program" rules 2>/dev/null | awk '{print $1; print $2}')" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _iamsmith iamsmith
