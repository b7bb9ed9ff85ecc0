# Writes SARIF logs with the real binary in the shapes a CI run meets (a plain run, "./" and
# absolute paths, a path with a space outside the repository, standard input with and without
# --stdin-filename, custom rules, an unused ignore, a template, verify), then checks them with check-sarif.mjs.
# With -DTAMPER=ON it checks a log broken the ways the issue found instead (uri "<stdin>", an
# unencoded space), which must fail: the check can fail.
# cmake -DBINARY= -DNODE= -DCHECKER= -DNODE_MODULES= -DSOURCE= -DWORK= [-DTAMPER=ON] -P run_sarif_check.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(logs)
set(schema_only_logs)
function(sarif name workdir)
  cmake_parse_arguments(ARG "SCHEMA_ONLY" "STDIN" "ARGS" ${ARGN})
  set(input_option)
  if(ARG_STDIN)
    set(input_option INPUT_FILE ${ARG_STDIN})
  endif()
  execute_process(COMMAND ${BINARY} ${ARG_ARGS} --format sarif WORKING_DIRECTORY ${workdir} ${input_option}
    RESULT_VARIABLE code OUTPUT_FILE ${WORK}/${name}.sarif ERROR_VARIABLE err)
  if(NOT code EQUAL 0 AND NOT code EQUAL 1)
    message(FATAL_ERROR "${name}: iamsmith ${ARG_ARGS} exited ${code}: ${err}")
  endif()
  if(ARG_SCHEMA_ONLY)
    set(schema_only_logs ${schema_only_logs} ${WORK}/${name}.sarif PARENT_SCOPE)
  else()
    set(logs ${logs} ${WORK}/${name}.sarif PARENT_SCOPE)
  endif()
endfunction()

if(TAMPER)
  file(WRITE ${WORK}/tampered.sarif "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"iamsmith\"}},\"results\":[{\"ruleId\":\"P001\",\"message\":{\"text\":\"x\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"<stdin>\"}}},{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"my policies/p.json\"}}}]}]}]}")
  execute_process(COMMAND ${NODE} ${CHECKER} ${NODE_MODULES} --schema-only ${WORK}/tampered.sarif
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(code EQUAL 0)
    message(FATAL_ERROR "the check passed a log with uri \"<stdin>\" and an unencoded space:\n${out}${err}")
  endif()
  if(NOT out MATCHES "uri")
    message(FATAL_ERROR "the check failed, but not on the URIs:\n${out}${err}")
  endif()
  return()
endif()

# Outside any repository: %SRCROOT% is the working directory, a file under it has a relative,
# percent-encoded URI, a file elsewhere an absolute file:// URI.
# (The build tree is inside the repository: this directory is under the system's temporary one.)
string(RANDOM LENGTH 12 suffix)
set(tmp $ENV{TMPDIR})
if(NOT tmp)
  set(tmp /tmp)
endif()
set(outside ${tmp}/iamsmith-sarif-${suffix})
file(MAKE_DIRECTORY "${outside}/my policies")
file(COPY ${SOURCE}/tests/data/golden/mixed-policy.json DESTINATION "${outside}/my policies")
sarif(plain ${SOURCE} ARGS lint --no-config tests/data/golden/mixed-policy.json)
sarif(dot_slash ${SOURCE} ARGS lint --no-config ./tests/data/golden/mixed-policy.json ${SOURCE}/tests/data/tutorial/trust-policy.json)
sarif(outside ${outside} ARGS lint --no-config "my policies/mixed-policy.json" ${SOURCE}/tests/data/tutorial/trust-policy.json)
sarif(stdin_named ${SOURCE} STDIN ${SOURCE}/tests/data/tutorial/trust-policy.json
  ARGS lint --no-config --stdin-filename iam/trust-policy.json -)
# Standard input without a name has no URI, which GitHub's rules want: the schema alone.
sarif(stdin ${SOURCE} SCHEMA_ONLY STDIN ${SOURCE}/tests/data/tutorial/trust-policy.json ARGS lint --no-config -)
sarif(custom_rules ${SOURCE} ARGS lint --config samples/config/iamsmith.json samples/config/grants-prod-table.json)
# An ignore that hid nothing: K002, on the configuration file, is a rule of driver.rules too.
sarif(unused_ignore ${SOURCE} ARGS lint --config tests/data/config/suppress/.iamsmith.json --select W001,K002
  tests/data/config/suppress)
sarif(template ${SOURCE} ARGS lint --no-config tests/data/cloudformation/broken.yaml)
sarif(verify ${SOURCE} ARGS verify --spec samples/tutorial/spec.json samples/broken/missing-assume-role)

file(REMOVE_RECURSE ${outside})
execute_process(COMMAND ${NODE} ${CHECKER} ${NODE_MODULES} ${logs} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}")
if(NOT code EQUAL 0)
  message(FATAL_ERROR "SARIF check failed:\n${out}${err}")
endif()
execute_process(COMMAND ${NODE} ${CHECKER} ${NODE_MODULES} --schema-only ${schema_only_logs}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}")
if(NOT code EQUAL 0)
  message(FATAL_ERROR "SARIF schema check failed:\n${out}${err}")
endif()
