#!/usr/bin/python3
"""Kills `netc train` at random moments and checks what it leaves on disk.

Usage: kill_during_save.py NETC MODEL.net WORKDIR [--runs N] [--seed S]
       kill_during_save.py --check FILE   (validates one file, step 1)

Each run trains MODEL.net with --save into a fresh folder, waits until the
first checkpoint exists (so training is under way), sleeps a seeded random
delay and sends SIGKILL. Then, in that folder:
  1. ckpt.safetensors and ckpt.optimizer.safetensors, where present, are
     whole safetensors files: the 8-byte little-endian header length, a JSON
     header, and exactly as many bytes as the largest data_offsets end.
  2. Every other file is curves (ckpt.svg) or a temporary of one of the
     three outputs (NAME.tmp-XXXXXX), whose name cannot be taken for a
     checkpoint (it does not end in .safetensors).
Prints one line per run and "all N runs ok" at the end; exits 1 on the first
problem. Standard library only.
"""
import argparse
import json
import os
import random
import re
import signal
import struct
import subprocess
import sys
import time

CHECKPOINTS = ("ckpt.safetensors", "ckpt.optimizer.safetensors")
TEMPORARY = re.compile(
    r"^ckpt\.(safetensors|optimizer\.safetensors|svg)\.tmp-[A-Za-z0-9]{6}$")
MAX_DELAY_S = 0.6        # after the first checkpoint appears
STARTUP_LIMIT_S = 120.0  # compile and first epoch, on a loaded machine


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def check_safetensors(path):
    """Returns the tensor count of a complete safetensors file, or fails."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        prefix = f.read(8)
        if len(prefix) != 8:
            fail(f"{path}: {size} bytes, shorter than the header length")
        (header_len,) = struct.unpack("<Q", prefix)
        if 8 + header_len > size:
            fail(f"{path}: header of {header_len} bytes, file of {size}")
        try:
            header = json.loads(f.read(header_len).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            fail(f"{path}: header is not JSON: {e}")
    data_end = 0
    tensors = 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        count = 1
        for extent in info["shape"]:
            count *= extent
        if info["dtype"] != "F32" or end - begin != 4 * count:
            fail(f"{path}: tensor '{name}' does not match its shape")
        data_end = max(data_end, end)
        tensors += 1
    if size != 8 + header_len + data_end:
        fail(f"{path}: the header promises {8 + header_len + data_end} "
             f"bytes, the file has {size}")
    if "epoch" not in header.get("__metadata__", {}):
        fail(f"{path}: no epoch in the metadata")
    return tensors


def wait_for_first_checkpoint(process, folder):
    deadline = time.monotonic() + STARTUP_LIMIT_S
    target = os.path.join(folder, CHECKPOINTS[0])
    while not os.path.exists(target):
        if process.poll() is not None:
            fail(f"netc exited with {process.returncode} before saving: "
                 + process.stderr.read().decode(errors="replace"))
        if time.monotonic() > deadline:
            process.kill()
            fail(f"no checkpoint after {STARTUP_LIMIT_S} s")
        time.sleep(0.01)


def check_folder(folder):
    """Returns how many temporaries the kill left (a write in progress)."""
    temporaries = 0
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name in CHECKPOINTS:
            if check_safetensors(path) == 0:
                fail(f"{path}: no tensors")
        elif TEMPORARY.match(name):
            if name.endswith(".safetensors"):
                fail(f"{path}: a temporary that looks like a checkpoint")
            temporaries += 1
        elif name != "ckpt.svg":
            fail(f"{path}: unexpected file")
    if not os.path.exists(os.path.join(folder, CHECKPOINTS[0])):
        fail(f"{folder}: the checkpoint seen before the kill is gone")
    return temporaries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", metavar="FILE")
    parser.add_argument("netc", nargs="?")
    parser.add_argument("model", nargs="?")
    parser.add_argument("workdir", nargs="?")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.check:
        print(f"{args.check}: {check_safetensors(args.check)} tensors, whole")
        return
    if not args.workdir:
        parser.error("give NETC MODEL.net WORKDIR, or --check FILE")
    rng = random.Random(args.seed)
    mid_write = 0
    for run in range(args.runs):
        folder = os.path.join(args.workdir, f"run{run}")
        os.makedirs(folder)
        process = subprocess.Popen(
            [args.netc, "train", args.model, "--no-progress", "--save",
             os.path.join(folder, "ckpt.safetensors")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for_first_checkpoint(process, folder)
        delay = rng.uniform(0.0, MAX_DELAY_S)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if process.returncode != -signal.SIGKILL:
            fail(f"run {run}: netc ended with {process.returncode} before "
                 "the kill")
        temporaries = check_folder(folder)
        mid_write += temporaries > 0
        print(f"run {run}: killed {delay:.3f} s after the first checkpoint; "
              f"{temporaries} temporaries left; checkpoints whole")
    print(f"all {args.runs} runs ok ({mid_write} killed mid-write)")


if __name__ == "__main__":
    main()
