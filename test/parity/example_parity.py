#!/usr/bin/python3
"""PyTorch's side of the example parity test (test/unit/compiler/ExampleParityTest.cpp).

argv[1]: a safetensors file netc wrote: its initial parameters and buffers
  as `init.<name>`, and the batches of the first steps as `step<k>.input` and
  `step<k>.target`; its metadata names the example and the step count.
argv[2]: where to write JSON {"losses": [loss before each step],
  "final": {name: flat values after the last step}}.

The model, loss and optimizer come from course_models.py (written by hand,
not from the .net file); training mode throughout, as in netc's train_step.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_models import MODELS  # noqa: E402


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return metadata, tensors


def main(argv):
    metadata, tensors = read_safetensors(argv[1])
    name, steps = metadata["example"], int(metadata["steps"])
    make_model, loss_fn, make_optimizer, _ = MODELS[name]
    torch.manual_seed(0)
    model = make_model()
    state = {k[len("init."):]: v for k, v in tensors.items()
             if k.startswith("init.")}
    expected = model.state_dict()
    # PyTorch's BatchNorm counts batches in a buffer netc need not keep.
    missing = [k for k in expected if k not in state
               and not k.endswith("num_batches_tracked")]
    extra = [k for k in state if k not in expected]
    if missing or extra:
        raise SystemExit(f"example_parity.py: parameter names differ: "
                         f"missing {missing}, unexpected {extra}")
    model.load_state_dict(state, strict=False)
    model.train()
    optimizer = make_optimizer(model.parameters())
    losses = []
    for k in range(steps):
        x, t = tensors[f"step{k}.input"], tensors[f"step{k}.target"]
        optimizer.zero_grad()
        y = model(x)
        loss = loss_fn(y, t.reshape(y.shape))
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    final = {k: v.detach().reshape(-1).tolist()
             for k, v in model.state_dict().items() if k in state}
    with open(argv[2], "w") as f:
        json.dump({"losses": losses, "final": final}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
