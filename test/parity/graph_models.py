#!/usr/bin/python3
"""Graph-form models (docs/language.md, "Graph form") written by hand in
PyTorch, the twins of test/lit/parity/Inputs/*.net.

netc numbers each layer application of a body (a block use included; `+`
and `concat` excluded) and a block's layers under the use's number, so the
twin's submodules are named "0", "1", ... in the same order and a block is
a module whose children are numbered the same way ("1.3.weight").
"""
import torch
from torch import nn


class _Numbered(nn.Module):
    """Children named "0", "1", ... as netc numbers a body's layers."""

    def __init__(self, *layers):
        super().__init__()
        for i, layer in enumerate(layers):
            self.add_module(str(i), layer)

    def __getitem__(self, i):
        return getattr(self, str(i))


class _Residual(_Numbered):
    """block residual(x, channels) of Inputs/graph_resnet.net."""

    def __init__(self, channels):
        super().__init__(
            nn.Conv1d(channels, channels, 3, padding=1),   # 0
            nn.ReLU(),                                     # 1
            nn.Conv1d(channels, channels, 3, padding=1),   # 2: h
            nn.Conv1d(2 * channels, channels, 1),          # 3: on concat
            nn.ReLU())                                     # 4

    def forward(self, x):
        h = self[2](self[1](self[0](x)))
        s = h + x
        c = torch.cat([s, x], dim=1)
        return self[4](self[3](c))


class _GraphResnet(_Numbered):
    """model graph_resnet of Inputs/graph_resnet.net."""

    def __init__(self):
        super().__init__(
            nn.Conv1d(4, 8, 1),                            # 0
            _Residual(8),                                  # 1: on h
            _Residual(8),                                  # 2: on h2
            nn.Sequential(nn.AdaptiveAvgPool1d(1), nn.Flatten()),  # 3
            nn.Linear(8, 1),                               # 4
            nn.Sigmoid())                                  # 5

    def forward(self, x):
        h = self[0](x)
        h2 = self[1](h)
        y = self[2](h2)
        return self[5](self[4](self[3](y)))


class _Reshape(nn.Module):
    """netc's reshape(*shape): the batch kept, the rest as torch.reshape,
    -1 inferred."""

    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


class _GraphReshape(_Numbered):
    """model graph_reshape of Inputs/graph_reshape.net."""

    def __init__(self):
        super().__init__(
            nn.Flatten(),                                  # 0: [N, 64]
            nn.Linear(64, 48),                             # 1
            nn.Tanh(),                                     # 2
            _Reshape(4, -1),                               # 3: h, [N, 4, 12]
            nn.Conv1d(4, 6, 3),                            # 4: [N, 6, 10]
            nn.ReLU(),                                     # 5
            _Reshape(-1, 5),                               # 6: [N, 12, 5]
            nn.Conv1d(12, 2, 2),                           # 7: [N, 2, 4]
            _Reshape(8),                                   # 8
            nn.Linear(8, 1),                               # 9
            nn.Sigmoid())                                  # 10

    def forward(self, x):
        for i in range(11):
            x = self[i](x)
        return x


class _TwoHead(_Numbered):
    """model twohead of Inputs/twohead.net: two outputs on one trunk."""

    def __init__(self):
        super().__init__(
            nn.Linear(8, 16),                              # 0: h
            nn.Tanh(),                                     # 1: t
            nn.Linear(16, 3),                              # 2: cls
            nn.Linear(16, 1))                              # 3: score

    def forward(self, x):
        t = self[1](self[0](x))
        return self[2](t), self[3](t)


def _twohead_loss(outputs, target):
    """cross_entropy(output: cls, targets: indices) + 0.5 * mse(output:
    score): each target row is the class, then the score, in the outputs'
    declaration order."""
    cls, score = outputs
    return (nn.functional.cross_entropy(cls, target[:, 0].long())
            + 0.5 * nn.functional.mse_loss(score, target[:, 1:2]))


# The .net model's name: (model factory, loss, optimizer factory, batch
# size), as course_models.MODELS.
MODELS = {
    "twohead": (_TwoHead, _twohead_loss,
                lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.9),
                16),
    "graph_resnet": (_GraphResnet, nn.BCELoss(),
                     lambda params: torch.optim.SGD(params, lr=0.5), 16),
    "graph_reshape": (_GraphReshape, nn.BCELoss(),
                      lambda params: torch.optim.SGD(params, lr=0.5), 16),
}
