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
config.substitutions.append(("%examples", os.path.join(config.netc_src_root, "examples")))
config.substitutions.append(("%netc_tools", config.netc_tools_dir))

# util-linux's `script` gives a command a pseudo-terminal (progress bar test).
import shutil
if shutil.which("script"):
    config.available_features.add("script")
