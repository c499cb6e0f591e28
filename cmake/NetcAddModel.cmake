# netc_add_model(<target> SOURCE model.net
#                [TARGETS host [arm-64-linux host-cuda ...]]
#                [EMBED_WEIGHTS] [WEIGHTS weights.safetensors] [SEED n]
#                [MODEL name])
#
# In the spirit of Halide's add_halide_library: a custom command runs
# `netc build` at build time (again whenever the .net file, the weights or
# netc change), and <target> is an INTERFACE library to link. It carries the
# model's archive (infer, train_step, init, weight files; netc_runtime
# inside), the folder of <model>.h / <model>.hpp, and the Halide runtime,
# which is built once per Halide target and shared by every model of the
# program. Variables set in the caller's scope:
#   <target>_WEIGHTS     the weights file netc build wrote (<model>.safetensors)
#   <target>_OUTPUT_DIR  the folder of the artifacts
# Each further entry of TARGETS gives a library <target>-<halide target>
# (e.g. for a cross-compiled part of the project); the first is <target>.
# MODEL names the model when the file has several (default: the first
# `model NAME(` in SOURCE).
include_guard(GLOBAL)
find_package(Threads REQUIRED)

function(netc_add_model TARGET)
  cmake_parse_arguments(ARG "EMBED_WEIGHTS" "SOURCE;WEIGHTS;SEED;MODEL" "TARGETS" ${ARGN})
  if(NOT ARG_SOURCE)
    message(FATAL_ERROR "netc_add_model(${TARGET}): SOURCE model.net is required")
  endif()
  get_filename_component(source "${ARG_SOURCE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${source}")
    message(FATAL_ERROR "netc_add_model(${TARGET}): '${source}' does not exist")
  endif()
  set(model "${ARG_MODEL}")
  if(NOT model)
    file(STRINGS "${source}" lines REGEX "^[ \t]*model[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\\(")
    list(GET lines 0 first)
    string(REGEX REPLACE "^[ \t]*model[ \t]+([A-Za-z_][A-Za-z0-9_]*).*" "\\1" model "${first}")
  endif()
  if(NOT ARG_TARGETS)
    set(ARG_TARGETS host)
  endif()

  set(flags)
  set(depends "${source}" netc::netc)
  if(ARG_EMBED_WEIGHTS)
    list(APPEND flags --embed-weights)
  endif()
  if(ARG_WEIGHTS)
    get_filename_component(weights "${ARG_WEIGHTS}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND flags --weights "${weights}")
    list(APPEND depends "${weights}")
  endif()
  if(DEFINED ARG_SEED)
    list(APPEND flags --seed ${ARG_SEED})
  endif()

  set(first TRUE)
  foreach(halide_target IN LISTS ARG_TARGETS)
    string(MAKE_C_IDENTIFIER "${halide_target}" target_id)
    set(dir "${CMAKE_CURRENT_BINARY_DIR}/${TARGET}.netc/${halide_target}")
    set(cc)
    if(first)
      # The library that links into this project: its C compiler builds the
      # entry points (cross toolchains included).
      set(cc --cc "${CMAKE_C_COMPILER}")
      set(lib "${TARGET}")
    else()
      set(lib "${TARGET}-${halide_target}")
    endif()
    add_custom_command(
      OUTPUT "${dir}/${model}.a" "${dir}/${model}.h" "${dir}/${model}.hpp"
             "${dir}/${model}.safetensors" "${dir}/halide_runtime.a"
      COMMAND netc::netc build "${source}" --target ${halide_target} -o "${dir}"
              --separate-runtime ${cc} ${flags}
      DEPENDS ${depends}
      COMMENT "netc build ${model} for ${halide_target}"
      VERBATIM)
    add_custom_target(${lib}.netc_build DEPENDS "${dir}/${model}.a")

    # One Halide runtime per Halide target in the whole program.
    set(runtime "netc_halide_runtime_${target_id}")
    if(NOT TARGET ${runtime})
      add_library(${runtime} INTERFACE)
      target_link_libraries(${runtime} INTERFACE "${dir}/halide_runtime.a"
                            Threads::Threads ${CMAKE_DL_LIBS} m)
      add_dependencies(${runtime} ${lib}.netc_build)
    endif()

    add_library(${lib} INTERFACE)
    target_include_directories(${lib} INTERFACE "${dir}")
    target_link_libraries(${lib} INTERFACE "${dir}/${model}.a" ${runtime})
    add_dependencies(${lib} ${lib}.netc_build)
    if(first)
      set(${TARGET}_WEIGHTS "${dir}/${model}.safetensors" PARENT_SCOPE)
      set(${TARGET}_OUTPUT_DIR "${dir}" PARENT_SCOPE)
    endif()
    set(first FALSE)
  endforeach()
endfunction()
