#!/usr/bin/python3
"""Runs a command and prints how long it took as one JSON object,
{"wall_s": ..., "cpu_s": ...} (cpu_s: user + system time of the command and
its children), so that a busy machine shows as wall time well above CPU
time. The command's own output goes to stderr.

Usage: timed.py COMMAND [ARG...]
"""
import json
import resource
import subprocess
import sys
import time


def main():
    start = time.perf_counter()
    code = subprocess.run(sys.argv[1:], stdout=sys.stderr).returncode
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                      "exit": code}), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
