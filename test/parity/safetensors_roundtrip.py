#!/usr/bin/python3
"""Cross-checks netc's safetensors reader and writer against an independent
implementation of the format (struct + json + numpy, below) and PyTorch.

There is no `safetensors` Python package on these machines, so the format is
implemented here from its specification in a few lines; tensors are compared
as PyTorch tensors (torch.from_numpy), bit for bit.

  safetensors_roundtrip.py check FILE
      FILE was written by netc (test/unit/runtime/netc_safetensors_parity_test.cpp):
      check its framing (8-byte little-endian length, header padded with
      spaces to a multiple of 8, packed offsets in the order written, file
      size) and that every tensor equals expected_tensors().
  safetensors_roundtrip.py write FILE compact|spaced
      write expected_tensors() for netc to load: keys sorted by name and
      "__metadata__" first (as the reference writer does) when compact;
      reversed order, indented JSON and "__metadata__" last when spaced.

Exits 0 when everything matches, 1 with a message on the first mismatch.
Run it with /usr/bin/python3 (Debian's python3-torch and python3-numpy).
"""
import json
import struct
import sys

import numpy as np
import torch

METADATA = {"format": "pt", "producer": "netc parity \u2713"}


def expected_tensors():
    """The tensors both sides build: name -> float32 torch tensor, in the
    order netc writes them. Every value is exact in float32."""
    shapes = [("0.weight", [4, 2]), ("0.bias", [4]), ("2.weight", [3, 4]),
              ("2.bias", [3]), ("scalar", []), ("empty", [0, 3])]
    tensors = {}
    for t, (name, shape) in enumerate(shapes):
        n = int(np.prod(shape)) if shape else 1
        i = torch.arange(n, dtype=torch.int64)
        values = (((i * 7 + t * 3) % 23) - 11).to(torch.float32) * 0.0625
        tensors[name] = values.reshape(shape)
    specials = np.array([0.0, -0.0, 1e-45, 3.4028234663852886e38, np.inf,
                         -np.inf, np.nan], dtype=np.float32)
    tensors["special"] = torch.from_numpy(specials)
    return tensors


def same_bits(a, b):
    return (a.shape == b.shape and a.dtype == b.dtype == torch.float32 and
            torch.equal(a.contiguous().view(torch.int32),
                        b.contiguous().view(torch.int32)))


def fail(message):
    print("safetensors_roundtrip.py: " + message, file=sys.stderr)
    sys.exit(1)


def read_safetensors(path):
    """The reference reader: (header dict in file order, metadata, tensors)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    text = blob[8:8 + n].decode("utf-8")
    header = json.loads(text, object_pairs_hook=lambda pairs: pairs)
    metadata = {}
    entries = []
    for key, value in header:
        if key == "__metadata__":
            metadata = dict(value)
        else:
            entries.append((key, dict(value)))
    data = blob[8 + n:]
    tensors = {}
    for name, info in entries:
        if info["dtype"] != "F32":
            fail(f"{name}: dtype {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.astype(np.float32))
    return n, text, entries, metadata, tensors, len(data)


def check(path):
    expected = expected_tensors()
    n, text, entries, metadata, tensors, data_size = read_safetensors(path)
    if n % 8 != 0:
        fail(f"header length {n} is not a multiple of 8")
    padding = len(text) - len(text.rstrip(" "))
    if padding >= 8 or not text.rstrip(" ").endswith("}"):
        fail("the header is not the JSON object followed by 0-7 spaces")
    if [name for name, _ in entries] != list(expected):
        fail(f"tensor order {[name for name, _ in entries]}, expected {list(expected)}")
    offset = 0
    for name, info in entries:
        begin, end = info["data_offsets"]
        if begin != offset:
            fail(f"{name}: data starts at {begin}, expected {offset}")
        offset = end
    if offset != data_size:
        fail(f"data is {data_size} bytes, offsets cover {offset}")
    if metadata != METADATA:
        fail(f"metadata {metadata}, expected {METADATA}")
    for name, tensor in expected.items():
        if not same_bits(tensors[name], tensor):
            fail(f"{name}: {tensors[name]} differs from {tensor}")


def write(path, style):
    tensors = expected_tensors()
    names = sorted(tensors) if style == "compact" else list(reversed(tensors))
    header = {}
    if style == "compact":
        header["__metadata__"] = METADATA
    chunks = []
    offset = 0
    for name in names:
        raw = tensors[name].numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if style != "compact":
        header["__metadata__"] = METADATA
    if style == "compact":
        text = json.dumps(header, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(header, indent=1, ensure_ascii=True)
    encoded = text.encode("utf-8")
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for chunk in chunks:
            f.write(chunk)
    # The file must read back through the reference reader too.
    _, _, _, metadata, back, _ = read_safetensors(path)
    if metadata != METADATA or any(not same_bits(back[k], v) for k, v in tensors.items()):
        fail("the reference reader disagrees with the reference writer")


def main(argv):
    if len(argv) == 3 and argv[1] == "check":
        check(argv[2])
    elif len(argv) == 4 and argv[1] == "write" and argv[3] in ("compact", "spaced"):
        write(argv[2], argv[3])
    else:
        fail("usage: safetensors_roundtrip.py check FILE | write FILE compact|spaced")


if __name__ == "__main__":
    main(sys.argv)
