# Install rules for the library package: headers, the static library, and a relocatable
# iamsmithConfig.cmake + iamsmithConfigVersion.cmake under <libdir>/cmake/iamsmith.
include(CMakePackageConfigHelpers)

set(IAMSMITH_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/iamsmith)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/iamsmith
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(TARGETS iamsmith_core EXPORT iamsmithTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT iamsmithTargets NAMESPACE iamsmith:: DESTINATION ${IAMSMITH_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/iamsmithConfig.cmake.in
  ${PROJECT_BINARY_DIR}/iamsmithConfig.cmake
  INSTALL_DESTINATION ${IAMSMITH_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API, so only the same major.minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/iamsmithConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/iamsmithConfig.cmake ${PROJECT_BINARY_DIR}/iamsmithConfigVersion.cmake
        DESTINATION ${IAMSMITH_INSTALL_CMAKEDIR})
