# One differential run: generate cases, evaluate them with iam-simulate, compare with iamsmith.
# Variables: DRIVER NODE RUNNER NODE_MODULES POLICIES KNOWN WORK COUNT SEED [TAMPER]
# With TAMPER, reuses the cases and results of the last run and checks that one flipped
# decision adds exactly one unexplained disagreement and makes the comparison fail.
file(MAKE_DIRECTORY ${WORK})
set(cases ${WORK}/cases.json)
set(results ${WORK}/iam-simulate-results.json)

if(TAMPER)
  foreach(mode plain tampered)
    set(extra)
    if(mode STREQUAL "tampered")
      set(extra --tamper)
    endif()
    execute_process(COMMAND ${DRIVER} compare ${POLICIES} ${cases} ${results} ${KNOWN} ${extra}
                    RESULT_VARIABLE result_${mode} OUTPUT_VARIABLE out_${mode})
    message("${out_${mode}}")
    if(NOT out_${mode} MATCHES "agree, ([0-9]+) unexplained")
      message(FATAL_ERROR "no summary line in the ${mode} comparison")
    endif()
    set(unexplained_${mode} ${CMAKE_MATCH_1})
  endforeach()
  math(EXPR expected "${unexplained_plain} + 1")
  if(NOT unexplained_tampered EQUAL expected OR result_tampered EQUAL 0)
    message(FATAL_ERROR "one flipped decision went unnoticed: ${unexplained_plain} unexplained before, "
                        "${unexplained_tampered} after, exit code ${result_tampered}")
  endif()
  return()
endif()

execute_process(COMMAND ${DRIVER} generate ${POLICIES} ${cases} ${COUNT} ${SEED} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "generating the cases failed (${result})")
endif()
execute_process(COMMAND ${NODE} ${RUNNER} ${NODE_MODULES} ${POLICIES} ${cases} ${results}
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "iam-simulate failed (${result})")
endif()
execute_process(COMMAND ${DRIVER} compare ${POLICIES} ${cases} ${results} ${KNOWN}
                        --report ${WORK}/disagreements.txt
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "iamsmith and iam-simulate disagree on cases that KNOWN_DIFFERENCES.md does not explain "
                      "(see above; every disagreement is listed in ${WORK}/disagreements.txt)")
endif()
