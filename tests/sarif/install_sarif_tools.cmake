# Installs the SARIF test's npm dependencies (npm/package.json, pinned by npm/package-lock.json:
# @microsoft/sarif-multitool-linux, which ships the official SARIF 2.1.0 schema, sarif-2.1.0.json,
# beside Microsoft's SARIF multitool; ajv and ajv-formats to validate against the schema) under
# PREFIX/node_modules, unless exactly that lock is installed already. The only step of the test
# that uses the network.
# cmake -DNPM=<npm> -DPREFIX=<dir> -DSOURCE=<tests/sarif/npm> -P install_sarif_tools.cmake
set(lock ${SOURCE}/package-lock.json)
set(installed_lock ${PREFIX}/package-lock.json)
set(multitool ${PREFIX}/node_modules/@microsoft/sarif-multitool-linux)
set(marker ${multitool}/sarif-2.1.0.json)
if(EXISTS ${marker} AND EXISTS ${installed_lock})
  file(SHA256 ${lock} wanted)
  file(SHA256 ${installed_lock} have)
  if(wanted STREQUAL have)
    message(STATUS "the pinned SARIF schema and multitool are already installed in ${PREFIX}")
    return()
  endif()
endif()
file(MAKE_DIRECTORY ${PREFIX})
file(COPY ${SOURCE}/package.json ${lock} DESTINATION ${PREFIX})
# npm ci installs exactly the lock's versions and checks their integrity hashes;
# --ignore-scripts: no package runs code at install time (the multitool's only script makes its
# binary executable, done below).
execute_process(
  COMMAND ${NPM} ci --prefix ${PREFIX} --ignore-scripts --no-audit --no-fund
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE ${installed_lock})
  message(FATAL_ERROR "npm ci in ${PREFIX} failed (${result}); the SARIF test needs network access once, "
                      "to install the SARIF schema and multitool into the build tree")
endif()
if(NOT EXISTS ${marker})
  message(FATAL_ERROR "npm ci finished but ${marker} is missing")
endif()
file(CHMOD ${multitool}/Sarif.Multitool PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
     WORLD_READ WORLD_EXECUTE)
