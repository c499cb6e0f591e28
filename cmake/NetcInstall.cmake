# `cmake --install BUILD --prefix P` lays out a package that embedding
# projects find with find_package(netc) (docs/embedding.md):
#   P/bin/netc                               the compiler
#   P/lib/libnetc_runtime.a, libnetc_data.a  the runtime (status, RNG,
#                                            safetensors; data readers)
#   P/include/netc/*.h                       their headers
#   P/share/netc/runtime/                    runtime sources: `netc build`
#                                            compiles them for each target
#   P/lib/cmake/netc/                        netcConfig.cmake, netc_add_model
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS netc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS netc_runtime netc_data ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
file(GLOB NETC_RUNTIME_HEADERS "${CMAKE_SOURCE_DIR}/runtime/netc_*.h")
file(GLOB NETC_RUNTIME_SOURCES "${CMAKE_SOURCE_DIR}/runtime/netc_*.c")
install(FILES ${NETC_RUNTIME_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/netc)
install(FILES ${NETC_RUNTIME_HEADERS} ${NETC_RUNTIME_SOURCES}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/netc/runtime)

set(NETC_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/netc)
configure_package_config_file(
  "${CMAKE_SOURCE_DIR}/cmake/netcConfig.cmake.in"
  "${CMAKE_BINARY_DIR}/cmake/netcConfig.cmake"
  INSTALL_DESTINATION ${NETC_CMAKE_INSTALL_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(
  "${CMAKE_BINARY_DIR}/cmake/netcConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  "${CMAKE_BINARY_DIR}/cmake/netcConfig.cmake"
  "${CMAKE_BINARY_DIR}/cmake/netcConfigVersion.cmake"
  "${CMAKE_SOURCE_DIR}/cmake/NetcAddModel.cmake"
  DESTINATION ${NETC_CMAKE_INSTALL_DIR})
