# Finds the toolchain pieces netc is built from, following the verified facts
# in shared/DESIGN.md: MLIR 19 through its CMake package, Halide 14 through a
# hand-made imported target (find_package(Halide) would drag in LLVM 14's
# CMake package and clobber LLVM 19's variables).

set(MLIR_DIR "/usr/lib/llvm-19/lib/cmake/mlir" CACHE PATH "MLIR 19 CMake package")
find_package(MLIR REQUIRED CONFIG)
message(STATUS "netc: MLIR from ${MLIR_DIR}, LLVM ${LLVM_PACKAGE_VERSION}")
list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)
# Not HandleLLVMOptions: it would switch off exceptions globally, and the files
# that call Halide need them.
include_directories(SYSTEM ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
add_definitions(${LLVM_DEFINITIONS})
set(NETC_LLVM_TOOLS_DIR "/usr/lib/llvm-19/bin" CACHE PATH "FileCheck, not, count")
set(NETC_LIT "/usr/lib/llvm-19/build/utils/lit/lit.py" CACHE FILEPATH "lit runner")

set(NETC_HALIDE_LIBRARY "/usr/lib/x86_64-linux-gnu/libHalide14.so.0" CACHE FILEPATH "libHalide 14")
set(NETC_HALIDE_INCLUDE_DIR "/usr/include/halide14" CACHE PATH "Halide 14 headers")
find_package(Threads REQUIRED)
add_library(Halide::Halide SHARED IMPORTED)
set_target_properties(Halide::Halide PROPERTIES
  IMPORTED_LOCATION "${NETC_HALIDE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${NETC_HALIDE_INCLUDE_DIR}"
  INTERFACE_COMPILE_DEFINITIONS "HALIDE_ENABLE_RTTI;HALIDE_WITH_EXCEPTIONS")
target_link_libraries(Halide::Halide INTERFACE Threads::Threads dl)

find_package(GTest REQUIRED)
include(GoogleTest)
