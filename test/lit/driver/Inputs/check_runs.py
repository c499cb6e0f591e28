"""Checks the numbers of `netc train --folds/--ensemble/-D grid` output read
from stdin, and prints one line per check for FileCheck:
  spread     the summary line's mean ± sd of each value equals the mean and
             sample standard deviation of the per-run lines (as printed)
  ensemble   the averaged predictions' val loss against the members' mean
  ranked     the grid table's val loss column ascends; the best line
             names the first row's values
"""
import re
import statistics
import sys

lines = sys.stdin.read().splitlines()
VALUE = re.compile(r"(val [a-z]+) (-?[0-9.]+)(?: ± ([0-9.]+))?")


def values(line):
    return {name: float(v) for name, v, _ in VALUE.findall(line)}


def check_spread():
    runs = [values(l) for l in lines if re.match(r"(fold|member) \d+/\d+ ", l)]
    summary = next(l for l in lines
                   if l.startswith("cross-validation (") or l.startswith("members ("))
    for name, mean, sd in VALUE.findall(summary):
        column = [r[name] for r in runs]
        want_sd = statistics.stdev(column) if len(column) > 1 else 0.0
        # The runs' values are rounded to 4 or 6 places before we see them.
        tolerance = 1e-5 if name == "val loss" else 1e-3
        if abs(statistics.mean(column) - float(mean)) > tolerance or \
                abs(want_sd - float(sd)) > tolerance:
            print(f"spread WRONG for {name}: {mean} ± {sd}, runs {column}")
            return
    print(f"spread ok over {len(runs)} runs")


def check_ensemble():
    members = [values(l)["val loss"] for l in lines if l.startswith("member ")]
    mean = statistics.mean(members)
    ensemble = values(next(l for l in lines if l.startswith("ensemble (")))["val loss"]
    if len(members) == 1:
        print("ensemble of one " +
              ("matches its member" if abs(ensemble - mean) <= 2e-6 * max(1, mean)
               else f"DIFFERS: {ensemble} vs {mean}"))
    else:
        print("ensemble " + ("not worse" if ensemble <= mean + 1e-6 else "WORSE") +
              " than the members' mean")


def check_ranked():
    start = lines.index("ranked by validation loss:") + 1
    header = lines[start].split("  ")
    header = [h.strip() for h in header if h.strip()]
    column = header.index("val loss")
    losses = []
    for row in lines[start + 1:]:
        if not re.match(r"\d+ ", row):
            break
        cells = row.split()
        if "diverged" not in cells:
            losses.append(float(cells[column]))
    print("ranked " + ("ascending" if losses == sorted(losses) else f"WRONG {losses}"))
    # The best line names the first row's values.
    first = lines[start + 1].split()
    named = dict(zip(header[1:column - 1], first[1:column - 1]))
    best = next(l for l in lines if l.startswith("netc: best:"))
    given = dict(re.findall(r"-D (\w+)=([^ ;]+)", best))
    print("best is rank 1" if all(given.get(k) == v for k, v in named.items())
          else f"best WRONG: {best} vs {named}")


{"spread": check_spread, "ensemble": check_ensemble, "ranked": check_ranked}[sys.argv[1]]()
