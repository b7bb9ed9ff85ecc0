# verify's SARIF fingerprints are lint's: repository-relative, so the same broken setup named as
# "samples/...", "./samples/...", by absolute path or from samples/ gives the same
# partialFingerprints (a code-scanning alert does not close and reopen with the working directory).
# cmake -DBINARY= -DSOURCE= -P run_verify_fingerprint_test.cmake
set(broken broken/missing-assume-role)
function(fingerprints out workdir spec policies)
  execute_process(COMMAND ${BINARY} verify --spec ${spec} ${policies} --format sarif WORKING_DIRECTORY ${workdir}
    RESULT_VARIABLE code OUTPUT_VARIABLE sarif ERROR_VARIABLE err)
  if(NOT code EQUAL 1)
    message(FATAL_ERROR "verify in ${workdir} exited ${code}, expected 1: ${err}")
  endif()
  string(REGEX MATCHALL "\"partialFingerprints\":{\"iamsmith/v2\":\"[0-9a-f]+\"}" found "${sarif}")
  if(NOT found)
    message(FATAL_ERROR "no partialFingerprints in verify's SARIF:\n${sarif}")
  endif()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()
fingerprints(plain ${SOURCE} samples/tutorial/spec.json samples/${broken})
fingerprints(dotted ${SOURCE} ./samples/tutorial/spec.json ./samples/${broken})
fingerprints(absolute ${SOURCE} ${SOURCE}/samples/tutorial/spec.json ${SOURCE}/samples/${broken})
fingerprints(below ${SOURCE}/samples tutorial/spec.json ${broken})
foreach(other dotted absolute below)
  if(NOT "${${other}}" STREQUAL "${plain}")
    message(FATAL_ERROR "fingerprints differ (${other}):\n${${other}}\nplain:\n${plain}")
  endif()
endforeach()
