# Runs BINARY with ARGS ('|'-separated) in WORKDIR; fails unless the exit code is EXPECT_EXIT and
# stdout / stderr match the EXPECT_STDOUT / EXPECT_STDERR regular expressions (when given).
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${BINARY} ${args}
  WORKING_DIRECTORY ${WORKDIR}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(failed FALSE)
if(NOT "${code}" STREQUAL "${EXPECT_EXIT}")
  message(SEND_ERROR "exit code ${code}, expected ${EXPECT_EXIT}")
  set(failed TRUE)
endif()
if(NOT "${EXPECT_STDOUT}" STREQUAL "" AND NOT out MATCHES "${EXPECT_STDOUT}")
  message(SEND_ERROR "stdout does not match /${EXPECT_STDOUT}/")
  set(failed TRUE)
endif()
if(NOT "${EXPECT_STDERR}" STREQUAL "" AND NOT err MATCHES "${EXPECT_STDERR}")
  message(SEND_ERROR "stderr does not match /${EXPECT_STDERR}/")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "command: ${BINARY} ${args}\n--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
