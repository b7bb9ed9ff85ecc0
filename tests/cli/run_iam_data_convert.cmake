# Runs tools/iam-data-convert.mjs on the fixture package in tests/data/iam-data-package and
# compares the data file and the change report it prints with the expected ones, byte for byte.
# cmake -DNODE=... -DSOURCE=<repo> -DOUT=<dir> -P run_iam_data_convert.cmake
set(pkg ${SOURCE}/tests/data/iam-data-package)
file(MAKE_DIRECTORY ${OUT})
execute_process(
  COMMAND ${NODE} ${SOURCE}/tools/iam-data-convert.mjs ${pkg} ${OUT}/iam-data.tsv ${pkg}/previous.tsv ${pkg}/supplement.tsv
  RESULT_VARIABLE result OUTPUT_VARIABLE report ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the converter failed (${result}):\n${errors}")
endif()
file(READ ${OUT}/iam-data.tsv produced)
file(READ ${pkg}/expected.tsv expected)
if(NOT produced STREQUAL expected)
  message(FATAL_ERROR "the data file differs from ${pkg}/expected.tsv:\n${produced}")
endif()
file(READ ${pkg}/expected-report.txt expected_report)
if(NOT report STREQUAL expected_report)
  message(FATAL_ERROR "the change report differs from ${pkg}/expected-report.txt:\n${report}")
endif()
