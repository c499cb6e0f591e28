#!/usr/bin/python3
"""PyTorch's side of the optimizer parity test (test/unit/compiler/OptimizerParityTest.cpp).

Reads a JSON case from argv[1]: a linear layer (optionally followed by a
sigmoid) with given initial weight and bias, a fixed batch, a loss and an
optimizer with its settings. Runs `steps` training steps with
torch.optim in float32 and writes argv[2]: the loss before each step and the
final weight and bias. netc must produce the same numbers.
"""
import json
import sys

import torch


def main():
    with open(sys.argv[1]) as f:
        case = json.load(f)
    torch.manual_seed(0)
    n_in, n_out = case["in"], case["out"]
    layer = torch.nn.Linear(n_in, n_out)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(case["weight"], dtype=torch.float32).reshape(n_out, n_in))
        layer.bias.copy_(torch.tensor(case["bias"], dtype=torch.float32))
    model = torch.nn.Sequential(layer, torch.nn.Sigmoid()) if case["sigmoid"] else layer
    x = torch.tensor(case["x"], dtype=torch.float32).reshape(-1, n_in)
    target = torch.tensor(case["target"], dtype=torch.float32).reshape(-1, n_out)
    loss_fn = torch.nn.MSELoss() if case["loss"] == "mse" else torch.nn.BCELoss()

    opt = case["optimizer"]
    if opt["name"] == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=opt["lr"],
                                    momentum=opt["momentum"],
                                    weight_decay=opt["weight_decay"],
                                    nesterov=opt["nesterov"])
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=opt["lr"],
                                     betas=(opt["beta1"], opt["beta2"]),
                                     eps=opt["eps"],
                                     weight_decay=opt["weight_decay"])
    losses = []
    for _ in range(case["steps"]):
        optimizer.zero_grad()
        loss = loss_fn(model(x), target)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    with open(sys.argv[2], "w") as f:
        json.dump({"losses": losses,
                   "weight": layer.weight.detach().reshape(-1).tolist(),
                   "bias": layer.bias.detach().tolist()}, f)


if __name__ == "__main__":
    main()
