# lit configuration for netc: .net and .mlir files under this folder are tests.
import os
import lit.formats

config.name = "netc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".net", ".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.netc_obj_root, "test", "lit")

path = [config.netc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")]
config.environment["PATH"] = os.pathsep.join(path)
# The PyTorch references run oneDNN's AVX2 kernels. On an AVX-512 host
# oneDNN's own AVX-512 convolution gradients put LeNet's 20-step parity at
# 1.1e-4, past the 1e-4 tolerance (netc's trace unchanged); with AVX2 the
# two agree to 2e-6, with netc's AVX2 and its AVX-512 code alike.
config.environment["DNNL_MAX_CPU_ISA"] = "AVX2"
# The pipeline cache (compiler/lowering/PipelineCache.h) of the tests lives
# in the build folder, not in the user's ~/.cache.
config.environment["NETC_CACHE_DIR"] = os.path.join(config.test_exec_root,
                                                    "netc-cache")
# Halide's JIT target, when the person running the tests sets one (to run
# the suite with another vector ISA, or with Halide's asserts back on).
if "HL_JIT_TARGET" in os.environ:
    config.environment["HL_JIT_TARGET"] = os.environ["HL_JIT_TARGET"]
config.substitutions.append(("%examples", os.path.join(config.netc_src_root, "examples")))
config.substitutions.append(("%netc_tools", config.netc_tools_dir))

# util-linux's `script` gives a command a pseudo-terminal (progress bar test).
import shutil
if shutil.which("script"):
    config.available_features.add("script")
