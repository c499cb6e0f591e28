#!/usr/bin/python3
"""Writes docs/benchmarks.md from the files benchmarks/run.sh leaves in its
scratch folder: netc_bench's Google Benchmark JSON (one sample per
repetition), pytorch_bench.py's samples, `netc summary` (FLOPs), the
`netc build` times and sizes, and the LeNet epochs.

Per measurement and thread count: the median of every sample of every round
and its min–max; "best" is the better median of 1 and 2 threads; ratio =
PyTorch time / netc time (above 1: netc is faster). GFLOP/s are netc's at 1
thread, against one core's FP32 peak: 2 FMA pipes × 8 lanes (AVX2) × 2
FLOPs × the clock; on an AVX-512 CPU the report says its 16-lane peak is
twice that. "vs auto" = the autoscheduled twin's
time / the hand schedule's (netc_bench --autoschedule; above 1: the hand
schedule wins), both timed by the same netc_bench process, alternating.

Usage: report.py SCRATCH OUT
"""
import glob
import json
import os
import re
import statistics
import subprocess
import sys

KINDS = (("train_step", "train step"), ("infer", "inference"))


def compile_lines(path):
    """{model: compile s} from a netc_bench log's `compile NAME S s` lines."""
    found = {}
    for line in open(path):
        if line.startswith("compile "):
            _, model, seconds, _ = line.split()
            found[model] = float(seconds)
    return found


def netc_results(scratch):
    """{(name, threads): [µs, ...]}, {model: [compile s, ...]} of the timed
    runs (the first, round 1 at 1 thread, compiled into the pipeline cache;
    the others loaded from it)."""
    samples, compile_s = {}, {}
    for path in sorted(glob.glob(os.path.join(scratch, "netc-*.json"))):
        threads = int(os.path.basename(path).split("-")[1])
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            if b.get("run_type") == "iteration":
                assert b["time_unit"] == "us", b
                samples.setdefault((b["run_name"], threads), []).append(b["real_time"])
    # Run order: round 1 at 1 thread first.
    def round_and_threads(path):  # netc-THREADS-ROUND.log
        _, threads, round_ = os.path.basename(path)[:-len(".log")].split("-")
        return int(round_), int(threads)

    logs = sorted(glob.glob(os.path.join(scratch, "netc-*-*.log")),
                  key=round_and_threads)
    for path in logs:
        for model, seconds in compile_lines(path).items():
            compile_s.setdefault(model, []).append(seconds)
    return samples, compile_s


def torch_results(scratch):
    samples = {}
    for path in glob.glob(os.path.join(scratch, "torch-*.jsonl")):
        for line in open(path):
            r = json.loads(line)
            samples.setdefault((r["name"], r["threads"]), []).extend(r["samples_us"])
    return samples


def evaluate_flops(text, binds):
    """'12821 * (L / 3)' with L bound: `/` rounds down as in .net files."""
    expr = text.replace(",", "")
    for symbol, value in binds.items():
        expr = re.sub(rf"\b{symbol}\b", str(value), expr)
    if not re.fullmatch(r"[0-9+\-*/() ]+", expr):
        raise ValueError(f"cannot evaluate FLOPs '{text}' with {binds}")
    return eval(expr.replace("/", "//"))  # digits and operators only


def flops(scratch, binds):
    """{model: {"infer": FLOPs per example, "train_step": ...}}"""
    result = {}
    for path in glob.glob(os.path.join(scratch, "summary-*.txt")):
        model = os.path.basename(path)[len("summary-"):-len(".txt")]
        text = open(path).read()
        infer = re.search(r"FLOPs per example \(inference\): (.+)", text).group(1)
        step = re.search(r"Training step: .*\), (.+) FLOPs per example", text).group(1)
        result[model] = {"infer": evaluate_flops(infer, binds),
                         "train_step": evaluate_flops(step, binds)}
    return result


def text_bytes(path):
    """Code and constant data of an archive, from `size -t`'s TOTALS row."""
    try:
        fields = open(path).read().split()
        return int(fields[0]) + int(fields[1])
    except (OSError, ValueError, IndexError):
        return None


def builds(scratch):
    result = {}
    for path in glob.glob(os.path.join(scratch, "build-*.json")):
        model = os.path.basename(path)[len("build-"):-len(".json")]
        timing = json.loads(open(path).read().strip().splitlines()[-1])
        folder = os.path.join(scratch, f"build-{model}")
        result[model] = {
            **timing,
            "object": os.path.getsize(os.path.join(folder, f"{model}.a")),
            "runtime": os.path.getsize(os.path.join(folder, "halide_runtime.a")),
            "object_text": text_bytes(os.path.join(scratch, f"build-{model}.size")),
            "runtime_text": text_bytes(os.path.join(scratch, f"build-{model}.runtime-size")),
        }
    return result


def cpu_info():
    """(model name, MHz, whether the CPU has AVX-512) from /proc/cpuinfo."""
    name, mhz, avx512 = "unknown CPU", None, False
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and name == "unknown CPU":
                name = line.split(":", 1)[1].strip()
            if line.startswith("cpu MHz") and mhz is None:
                mhz = float(line.split(":", 1)[1])
            if line.startswith("flags") and " avx512f" in line:
                avx512 = True
    except OSError:
        pass
    return name, mhz, avx512


def load(scratch, which):
    try:
        text = open(os.path.join(scratch, f"load-{which}.txt")).read()
        return text.split("load average:")[1].strip()
    except (OSError, IndexError):
        return "unknown"


def spread(samples):
    """'123.4 (110.2–140.0)'"""
    return f"{fmt(statistics.median(samples))} ({fmt(min(samples))}–{fmt(max(samples))})"


def fmt(us):
    return f"{us:.0f}" if us >= 100 else f"{us:.1f}"


def best(samples, name):
    """(median, threads) of the thread count with the lower median."""
    options = [(statistics.median(v), t) for (n, t), v in samples.items() if n == name]
    return min(options) if options else (None, None)


def model_table(model, batches, netc, torch, model_flops, peak):
    lines = [
        f"### {model}", "",
        "| measurement | batch | netc 1T (µs) | PyTorch 1T (µs) | ratio 1T "
        "| netc best (µs) | PyTorch best (µs) | ratio best | netc GFLOP/s 1T | % of peak "
        "| auto 1T (µs) | vs auto 1T |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, label in KINDS:
        for batch in batches:
            name = f"{kind}/{model}/{batch}"
            n1, t1 = netc.get((name, 1)), torch.get((name, 1))
            if not n1 or not t1:
                continue
            n1m, t1m = statistics.median(n1), statistics.median(t1)
            nb, nbt = best(netc, name)
            tb, tbt = best(torch, name)
            gflops = model_flops[kind] * batch / (n1m * 1e-6) / 1e9 if model_flops else None
            a1 = netc.get((f"{kind}_auto/{model}/{batch}", 1))
            auto = (f"| {spread(a1)} | {statistics.median(a1) / n1m:.2f} |" if a1
                    else "| – | – |")
            lines.append(
                f"| {label} | {batch} | {spread(n1)} | {spread(t1)} | {t1m / n1m:.2f} "
                f"| {fmt(nb)} ({nbt}T) | {fmt(tb)} ({tbt}T) | {tb / nb:.2f} "
                + (f"| {gflops:.2f} | {100 * gflops / peak:.1f}% " if gflops and peak
                   else "| – | – ")
                + auto)
    return lines + [""]


def epoch_section(scratch):
    def netc_run(kind):
        result = json.loads(open(os.path.join(scratch, f"epoch-netc-{kind}.json")).read())
        log = open(os.path.join(scratch, f"epoch-netc-{kind}.log")).read()
        compiled = re.search(r"compiled in ([0-9.]+) s", log)
        val = re.search(r"val loss ([0-9.]+)", log)
        return (result, float(compiled.group(1)) if compiled else None,
                val.group(1) if val else "–")

    try:
        cold, cold_compile, cold_val = netc_run("cold")
        netc, warm_compile, netc_val = netc_run("warm")
        torch = json.loads(open(os.path.join(scratch, "epoch-torch.json")).read())
    except OSError:
        return []
    torch_val = None
    for line in open(os.path.join(scratch, "epoch-torch.log")):
        if line.startswith("{"):
            torch_val = json.loads(line).get("validation_loss")
    failed = [side for side, r in (("netc, first run", cold), ("netc", netc),
                                   ("PyTorch", torch)) if r["exit"]]
    try:
        batch = open(os.path.join(scratch, "epoch-batch.txt")).read().strip()
    except OSError:
        batch = "32"  # lenet.net's own
    lines = [
        "## One LeNet epoch on Fashion-MNIST", "",
        f"`netc train examples/lenet/lenet.net --epochs 1` at batch {batch} beside",
        "benchmarks/pytorch_lenet_epoch.py: 54,000 training images (10% held out",
        f"for validation, as the train block says), batch {batch}, Adam (lr 0.002),",
        "cross entropy,",
        "one thread each; the time of the whole command: reading the gzip IDX",
        "files, compiling (netc: its pipelines; PyTorch: `import torch`), the",
        "epoch and the validation pass. netc runs twice on a fresh pipeline",
        "cache: the first run compiles into it, the second (the row the ratio",
        "uses) loads from it, as every later run of a model does. One round.",
        "CPU time is user + system.", "",
        "| | wall (s) | CPU (s) | of which compiling (s) | validation loss |",
        "|---|---:|---:|---:|---:|",
        f"| netc, first run | {cold['wall_s']:.1f} | {cold['cpu_s']:.1f} | "
        f"{cold_compile if cold_compile is not None else '–'} | {cold_val} |",
        f"| netc | {netc['wall_s']:.1f} | {netc['cpu_s']:.1f} | "
        f"{warm_compile if warm_compile is not None else '–'} | {netc_val} |",
        f"| PyTorch | {torch['wall_s']:.1f} | {torch['cpu_s']:.1f} | – | "
        f"{f'{torch_val:.6f}' if torch_val is not None else '–'} |", "",
        f"Ratio PyTorch / netc: {torch['wall_s'] / netc['wall_s']:.2f} (wall), "
        f"{torch['cpu_s'] / netc['cpu_s']:.2f} (CPU); against netc's first run "
        f"{torch['wall_s'] / cold['wall_s']:.2f} (wall).", "",
    ]
    if failed:
        lines += [f"**Failed:** {', '.join(failed)} exited non-zero; see the logs.", ""]
    return lines


def torch_version():
    return subprocess.run(["/usr/bin/python3", "-c", "import torch; print(torch.__version__)"],
                          capture_output=True, text=True).stdout.strip()


def main():
    scratch, out = sys.argv[1], sys.argv[2]
    settings = json.load(open(os.path.join(scratch, "settings.json")))
    binds = {k: int(v) for k, v in (b.split("=") for b in settings["binds"].split(",") if b)}
    batches = [int(b) for b in settings["batches"].split(",")]
    netc, compile_s = netc_results(scratch)
    torch = torch_results(scratch)
    model_flops = flops(scratch, binds)
    sizes = builds(scratch)
    models = list(dict.fromkeys(name.split("/")[1] for name, _ in netc))
    scheduler = settings.get("autoschedule", "")
    rounds = sorted({int(p.rsplit("-", 1)[1].split(".")[0])
                     for p in glob.glob(os.path.join(scratch, "netc-*.json"))})
    cpu, mhz, avx512 = cpu_info()
    peak = 2 * 8 * 2 * mhz / 1000 if mhz else None
    order = "; ".join(f"round {r}: netc 1T, PyTorch 1T, netc 2T, PyTorch 2T" for r in rounds)
    lines = [
        "# Benchmarks", "",
        "Written by `make bench` (benchmarks/run.sh"
        + (" --quick: a smoke test of the harness, not a measurement" if settings["quick"] else "")
        + ").",
        "netc runs its pipelines as `netc train` does: compiled once into a",
        "pipeline cache (one of the run's own), then loaded from it;",
        f"PyTorch is Debian's python3-torch {torch_version()} running the twins in",
        "test/parity/course_models.py with the same loss and optimizer. Both run on the",
        "same machine in the same run, alternating: " + order + ".",
        "Each side calls the function once before timing it. A train step is",
        "forward, loss, backward and optimizer update; inference is the forward pass",
        "(PyTorch: eval mode, no_grad). "
        + ", ".join(f"{k} = {v}" for k, v in binds.items()) + " for the translator.", "",
        "Times are microseconds per call: the median of all samples of all rounds,",
        "(min–max) beside it; ratio = PyTorch time / netc time on the medians (above 1:",
        "netc is faster); \"best\" is the better of 1 and 2 threads (HL_NUM_THREADS,",
        "torch.set_num_threads with OMP_NUM_THREADS and OPENBLAS_NUM_THREADS), with",
        "the thread count that won.", "",
        (f"auto: the same pipelines scheduled by Halide's {scheduler} autoscheduler "
         "instead of netc's hand schedules (estimates at each batch), timed beside "
         "them; vs auto = auto time / hand time (above 1: the hand schedule is faster)."
         if scheduler else "No autoscheduler baseline in this run."), "",
        f"Machine: {cpu}, {os.cpu_count()} cores"
        + (f", {mhz:.0f} MHz (/proc/cpuinfo). FP32 peak of one core: 2 FMA pipes × 8 lanes × "
           f"2 FLOPs × {mhz / 1000:.2f} GHz = {peak:.1f} GFLOP/s (AVX2's width, the yardstick "
           "of netc's goals)." if mhz else ".")
        + (" This CPU has AVX-512, which netc's host target uses where 16 lanes pay "
           "(docs/embedding.md): its 16-lane peak is twice that, so against it halve "
           "each % of peak." if avx512 else ""),
        f"Load average at the start: {load(scratch, 'start')}; at the end: {load(scratch, 'end')}.",
        "GFLOP/s = FLOPs per example (`netc summary`; a train step counted as 3× inference)",
        "× batch / netc's 1-thread median; % of peak is against one core.", "",
        "## Train step and inference", "",
    ]
    for model in models:
        lines += model_table(model, batches, netc, torch, model_flops.get(model), peak)

    lines += [
        "## Compile time and code size", "",
        "netc_bench from reading the .net file to both entry points (@train_step,",
        "@infer) ready to run: in memory (Halide's JIT, `NETC_CACHE=off`); into a",
        "fresh pipeline cache (its first timed run: Halide's object code, linked",
        "into a library; the first model also compiles Halide's runtime once); and",
        "from the cache (the later runs, median). AOT: the wall time of",
        "`netc build MODEL --separate-runtime`. Sizes are of the archives it",
        "writes; \"code\" is text + data from `size -t`.", "",
        "| model | in memory (s) | into the cache (s) | from the cache (s) | netc build (s) | <model>.a (bytes) | code | halide_runtime.a (bytes) | code |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    in_memory = {}
    if os.path.exists(os.path.join(scratch, "compile-jit.log")):
        in_memory = compile_lines(os.path.join(scratch, "compile-jit.log"))
    for model in models:
        c = compile_s.get(model) or []
        s = sizes.get(model)
        jit = f"{in_memory[model]:.2f}" if model in in_memory else "–"
        cold = f"{c[0]:.2f}" if c else "–"
        warm = f"{statistics.median(c[1:]):.3f}" if len(c) > 1 else "–"
        times = f"{jit} | {cold} | {warm}"
        if s:
            lines.append(f"| {model} | {times} | {s['wall_s']:.1f} | {s['object']:,} | "
                         f"{s['object_text'] or 0:,} | {s['runtime']:,} | {s['runtime_text'] or 0:,} |")
        else:
            lines.append(f"| {model} | {times} | – | – | – | – | – | – |")
    lines.append("")
    lines += epoch_section(scratch)
    with open(out, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
