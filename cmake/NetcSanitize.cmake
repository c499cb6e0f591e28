# -DNETC_SANITIZE=ON builds the code that reads what users write — the .net
# front end (dsl/) and the runtime's file readers and encoders (runtime/) —
# with AddressSanitizer and UndefinedBehaviorSanitizer, and links the
# programs that run it (netc, the dsl and runtime GoogleTest suites) with
# their runtimes. MLIR, LLVM and Halide stay uninstrumented. Any report
# aborts the process (no recovery), so a lit or GoogleTest run fails on it.
# `make sanitize` (scripts/sanitize.sh) builds this in build-sanitize and
# runs the malformed-input tests.
option(NETC_SANITIZE "Build dsl/ and runtime/ with ASan and UBSan" OFF)

set(NETC_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer)

# Instruments the sources of `targets` (libraries) when NETC_SANITIZE is on.
function(netc_sanitize_sources)
  if(NETC_SANITIZE)
    foreach(target IN LISTS ARGN)
      target_compile_options(${target} PRIVATE ${NETC_SANITIZE_FLAGS})
    endforeach()
  endif()
endfunction()

# Links the sanitizer runtimes into `targets` (executables).
function(netc_sanitize_link)
  if(NETC_SANITIZE)
    foreach(target IN LISTS ARGN)
      target_link_options(${target} PRIVATE ${NETC_SANITIZE_FLAGS})
    endforeach()
  endif()
endfunction()
