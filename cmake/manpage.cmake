# Writes the man page iamsmith.1 from what the built binary says about itself, so that it cannot
# drift from the program: `iamsmith --help` (synopsis, commands, exit codes), each command's
# `--help` (its options, verbatim), `iamsmith rules --format json --no-config` (every rule) and
# --version.
#   cmake -DBINARY=path/to/iamsmith -DOUT=iamsmith.1 -P cmake/manpage.cmake
# Run at build time by the CMakeLists (target iamsmith_man), installed to share/man/man1.
if(NOT BINARY OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DBINARY=iamsmith -DOUT=iamsmith.1 -P manpage.cmake")
endif()

function(run_binary out_var)
  execute_process(COMMAND ${BINARY} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE text ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "'iamsmith ${ARGN}' exited ${code}: ${err}")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# Text to roff: backslashes escaped, '-' as the ASCII minus (so that options copied from the page
# work), a line starting with '.' or '\'' protected.
function(roff out_var text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

run_binary(version --version)
string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" version "${version}")
run_binary(help --help)
string(REGEX MATCH "^[^\n]*" title "${help}")
string(REGEX REPLACE "^iamsmith [^ ]+ - " "" title "${title}")

# The command table and the lines after it, as --help prints them.
string(REGEX MATCH "\ncommands:\n(([ ][ ][^\n]*\n)+)" _ "${help}")
string(STRIP "${CMAKE_MATCH_1}" command_block)
string(REPLACE "\n" ";" command_lines "${command_block}")
string(REGEX MATCH "\nRun 'iamsmith <command> --help'[^\n]*\n(.*)$" _ "${help}")
string(REPLACE "\n" " " exit_codes "${CMAKE_MATCH_1}")
string(STRIP "${exit_codes}" exit_codes)

set(page ".\\\" Generated from iamsmith's --help and rules by cmake/manpage.cmake; do not edit.\n")
string(APPEND page ".TH IAMSMITH 1 \"\" \"iamsmith ${version}\" \"User Commands\"\n")
roff(title_roff "${title}")
string(APPEND page ".SH NAME\niamsmith \\- ${title_roff}\n")
string(APPEND page ".SH SYNOPSIS\n.B iamsmith\n.I command\n[\\fIoptions\\fR] [\\fIarguments\\fR]\n.br\n.B iamsmith\n\\-\\-help | \\-\\-version\n")
string(APPEND page ".SH COMMANDS\n")
set(commands)
foreach(line IN LISTS command_lines)
  string(STRIP "${line}" line)
  string(REGEX MATCH "^([a-z-]+) +(.*)$" _ "${line}")
  list(APPEND commands ${CMAKE_MATCH_1})
  roff(summary "${CMAKE_MATCH_2}")
  string(APPEND page ".TP\n.B ${CMAKE_MATCH_1}\n${summary}\n")
endforeach()
if(NOT commands)
  message(FATAL_ERROR "no command table in 'iamsmith --help':\n${help}")
endif()
foreach(command IN LISTS commands)
  run_binary(command_help ${command} --help)
  roff(command_help "${command_help}")
  string(TOUPPER "${command}" upper)
  string(APPEND page ".SH IAMSMITH ${upper}\n.nf\n${command_help}.fi\n")
endforeach()

run_binary(rules_json rules --format json --no-config)  # the catalogue, whatever .iamsmith.json is near
string(JSON count LENGTH "${rules_json}")
math(EXPR last "${count} - 1")
string(APPEND page ".SH RULES\nEvery rule, as \\fBiamsmith rules\\fR lists them; \\fBiamsmith explain\\fR \\fIID\\fR prints one rule's page.\n")
foreach(i RANGE ${last})
  string(JSON id GET "${rules_json}" ${i} id)
  string(JSON name GET "${rules_json}" ${i} name)
  string(JSON severity GET "${rules_json}" ${i} severity)
  string(JSON summary GET "${rules_json}" ${i} summary)
  roff(summary "${summary}")
  string(APPEND page ".TP\n.B ${id} ${name}\n(${severity}) ${summary}\n")
endforeach()
roff(exit_codes "${exit_codes}")
string(APPEND page ".SH EXIT STATUS\n${exit_codes}\n")
string(APPEND page ".SH SEE ALSO\nThe README and docs/rules.md of the iamsmith sources.\n")
file(WRITE ${OUT} "${page}")
