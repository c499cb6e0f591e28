#!/usr/bin/python3
"""Combines netc_bench (Google Benchmark JSON) and pytorch_bench.py results
into docs/benchmarks.md: per measurement the median over rounds for each
side, at 1 thread and at the better of 1 and 2, and the ratio
PyTorch time / netc time (above 1: netc is faster)."""
import glob
import json
import os
import platform
import statistics
import subprocess
import sys


def netc_results(scratch):
    runs = {}
    compile_s = {}
    for path in glob.glob(os.path.join(scratch, "netc-*.json")):
        threads = int(os.path.basename(path).split("-")[1])
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            if b.get("aggregate_name") != "median":
                continue
            name = b["run_name"]
            runs.setdefault((name, threads), []).append(b["real_time"])
        log = path.replace(".json", ".log")
        for line in open(log):
            if line.startswith("compile "):
                _, model, seconds, _ = line.split()
                compile_s.setdefault(model, []).append(float(seconds))
    return {k: statistics.median(v) for k, v in runs.items()}, compile_s


def torch_results(scratch):
    runs = {}
    for path in glob.glob(os.path.join(scratch, "torch-*.jsonl")):
        for line in open(path):
            r = json.loads(line)
            runs.setdefault((r["name"], r["threads"]), []).append(r["median_us"])
    return {k: statistics.median(v) for k, v in runs.items()}


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    scratch, out = sys.argv[1], sys.argv[2]
    netc, compile_s = netc_results(scratch)
    torch = torch_results(scratch)
    names = sorted({name for name, _ in netc},
                   key=lambda n: (n.split("/")[1], n.split("/")[0], int(n.split("/")[2])))
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/run.sh). netc runs its JIT-compiled",
        "pipelines (the code `netc train` runs); PyTorch is Debian's python3-torch",
        f"{subprocess.run(['/usr/bin/python3', '-c', 'import torch; print(torch.__version__)'], capture_output=True, text=True).stdout.strip()}"
        " on the same machine in the same run, alternating rounds. Times are",
        "medians in microseconds per call; ratio = PyTorch time / netc time.",
        "",
        f"Machine: {cpu_name()}, {os.cpu_count()} cores.",
        "",
        "| measurement | netc 1T (µs) | PyTorch 1T (µs) | ratio 1T | netc best (µs) | PyTorch best (µs) | ratio best |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        n1, t1 = netc.get((name, 1)), torch.get((name, 1))
        nb = min(v for (k, _), v in netc.items() if k == name)
        tb = min(v for (k, _), v in torch.items() if k == name) if t1 else None
        if n1 is None or t1 is None:
            continue
        lines.append(f"| {name} | {n1:.1f} | {t1:.1f} | {t1 / n1:.2f} | {nb:.1f} | {tb:.1f} | {tb / nb:.2f} |")
    lines += ["", "Compile time (both entry points, Halide JIT, seconds): " +
              ", ".join(f"{m} {statistics.median(v):.2f}" for m, v in sorted(compile_s.items())), ""]
    with open(out, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
