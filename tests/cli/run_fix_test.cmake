# lint --fix and --diff on copies of tests/data/fix: --diff shows the fixes as a unified diff
# (that patch applies) and changes nothing; --fix writes each file fixed (tests/data/fix/expected),
# through a symlink to the file it names, then reports what is left; a second --fix has nothing
# to do.
# cmake -DBINARY= -DSOURCE= -DWORK= [-DPATCH=] -P run_fix_test.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/fix ${WORK}/elsewhere)
set(data ${SOURCE}/tests/data/fix)
file(COPY ${data}/commented.json ${data}/nothing-to-fix.json DESTINATION ${WORK}/fix)
# no-version.json is reached through a symlink: the file it names is fixed, the link stays.
file(COPY ${data}/no-version.json DESTINATION ${WORK}/elsewhere)
file(CREATE_LINK ../elsewhere/no-version.json ${WORK}/fix/no-version.json SYMBOLIC)

function(run expect_code)
  execute_process(COMMAND ${BINARY} ${ARGN} WORKING_DIRECTORY ${WORK}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expect_code)
    message(FATAL_ERROR "${ARGN}: exit ${code}, expected ${expect_code}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

function(expect_same actual expected)
  file(READ ${actual} a HEX)
  file(READ ${expected} b HEX)
  if(NOT a STREQUAL b)
    file(READ ${actual} shown)
    message(FATAL_ERROR "${actual} differs from ${expected}:\n${shown}")
  endif()
endfunction()

# --diff: exit 1 (there are fixes), the diff on standard output, nothing written.
run(1 lint --no-config --diff fix)
set(diff "${out}")
if(NOT diff MATCHES "^--- fix/commented.json\n\\+\\+\\+ fix/commented.json\n@@ -1,12 \\+1,11 @@\n {\n-  // Pasted")
  message(FATAL_ERROR "unexpected diff:\n${diff}")
endif()
if(NOT diff MATCHES "\n--- fix/no-version.json\n" OR diff MATCHES "nothing-to-fix")
  message(FATAL_ERROR "the diff does not cover exactly the fixable files:\n${diff}")
endif()
if(NOT err MATCHES "6 findings in 2 files would be fixed")
  message(FATAL_ERROR "unexpected --diff summary: ${err}")
endif()
foreach(name commented nothing-to-fix)
  expect_same(${WORK}/fix/${name}.json ${data}/${name}.json)
endforeach()
expect_same(${WORK}/elsewhere/no-version.json ${data}/no-version.json)

# The diff is one patch reads: applied to a copy, it gives what --fix writes.
if(PATCH)
  file(MAKE_DIRECTORY ${WORK}/patched/fix)
  file(COPY ${data}/commented.json ${data}/no-version.json DESTINATION ${WORK}/patched/fix)
  file(WRITE ${WORK}/fixes.diff "${diff}")
  execute_process(COMMAND ${PATCH} -p0 -s -i ${WORK}/fixes.diff WORKING_DIRECTORY ${WORK}/patched RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "patch could not apply the --diff output")
  endif()
  expect_same(${WORK}/patched/fix/commented.json ${data}/expected/commented.json)
  expect_same(${WORK}/patched/fix/no-version.json ${data}/expected/no-version.json)
endif()

# As root (CI), a file of another user keeps its owner and group when --fix replaces it.
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(uid STREQUAL "0")
  execute_process(COMMAND chown 65534:65534 ${WORK}/fix/commented.json RESULT_VARIABLE chowned)
endif()

# --fix: the files fixed, the finding that is not mechanical (W001) still reported, exit 1.
run(1 lint --no-config --fix fix)
if(uid STREQUAL "0" AND chowned EQUAL 0)
  execute_process(COMMAND stat -c %u:%g ${WORK}/fix/commented.json OUTPUT_VARIABLE owner
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT owner STREQUAL "65534:65534")
    message(FATAL_ERROR "--fix gave fix/commented.json the owner ${owner}, not its own 65534:65534")
  endif()
endif()
if(NOT err MATCHES "fixed 6 findings in 2 files")
  message(FATAL_ERROR "unexpected --fix summary: ${err}")
endif()
if(NOT out MATCHES "nothing-to-fix.json:7:[0-9]+: security\\[W001" OR out MATCHES "P002|P005")
  message(FATAL_ERROR "the report after --fix is not of what is left:\n${out}")
endif()
expect_same(${WORK}/fix/commented.json ${data}/expected/commented.json)
expect_same(${WORK}/elsewhere/no-version.json ${data}/expected/no-version.json)
expect_same(${WORK}/fix/nothing-to-fix.json ${data}/nothing-to-fix.json)
if(NOT IS_SYMLINK ${WORK}/fix/no-version.json)
  message(FATAL_ERROR "--fix replaced the symlink fix/no-version.json instead of the file it names")
endif()
file(GLOB leftovers ${WORK}/fix/.iamsmith-tmp-* ${WORK}/elsewhere/.iamsmith-tmp-*)
if(leftovers)
  message(FATAL_ERROR "temporaries left behind: ${leftovers}")
endif()

# Nothing left to fix: the files stay as they are and --diff is empty (exit 0).
run(1 lint --no-config --fix fix)
if(err MATCHES "fixed")
  message(FATAL_ERROR "a second --fix fixed something: ${err}")
endif()
run(0 lint --no-config --diff fix)
if(NOT out STREQUAL "")
  message(FATAL_ERROR "--diff after --fix is not empty:\n${out}")
endif()
