# Installs the differential test's npm dependencies (npm/package.json, pinned by
# npm/package-lock.json: @cloud-copilot/iam-simulate and what it needs) under PREFIX/node_modules,
# unless exactly that lock is installed already. The only step of the test that uses the network.
# cmake -DNPM=<npm> -DPREFIX=<dir> -DSOURCE=<tests/differential/npm> -P install_iam_simulate.cmake
set(lock ${SOURCE}/package-lock.json)
set(installed_lock ${PREFIX}/package-lock.json)
set(marker ${PREFIX}/node_modules/@cloud-copilot/iam-simulate/package.json)
if(EXISTS ${marker} AND EXISTS ${installed_lock})
  file(SHA256 ${lock} wanted)
  file(SHA256 ${installed_lock} have)
  if(wanted STREQUAL have)
    message(STATUS "the pinned @cloud-copilot/iam-simulate is already installed in ${PREFIX}")
    return()
  endif()
endif()
file(MAKE_DIRECTORY ${PREFIX})
file(COPY ${SOURCE}/package.json ${lock} DESTINATION ${PREFIX})
# npm ci installs exactly the lock's versions and checks their integrity hashes;
# --ignore-scripts: no package runs code at install time.
execute_process(
  COMMAND ${NPM} ci --prefix ${PREFIX} --ignore-scripts --no-audit --no-fund
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE ${installed_lock})
  message(FATAL_ERROR "npm ci in ${PREFIX} failed (${result}); the differential test needs network access "
                      "once, to install @cloud-copilot/iam-simulate into the build tree")
endif()
if(NOT EXISTS ${marker})
  message(FATAL_ERROR "npm ci finished but ${marker} is missing")
endif()
