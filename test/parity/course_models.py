#!/usr/bin/python3
"""The course examples written by hand in PyTorch: the independent reference.

Each entry mirrors examples/<dir>/<name>.net layer for layer, so that
nn.Sequential's indices equal netc's layer indices and the two state_dicts
share their names ("0.weight", "1.running_mean", ...). Loss and optimizer are
restated here from the .net file on purpose: a change to one side that is
not made on the other must fail the parity test.
"""
import torch
from torch import nn


def _translator():
    return nn.Sequential(
        nn.Conv1d(4, 64, 3, stride=3), nn.BatchNorm1d(64), nn.ReLU(),
        nn.Conv1d(64, 64, 1), nn.BatchNorm1d(64), nn.ReLU(),
        nn.Conv1d(64, 21, 1), nn.Softmax(dim=1))


def _lenet(batchnorm=False):
    def conv(cin, cout):
        layers = [nn.Conv2d(cin, cout, 5)]
        if batchnorm:
            layers.append(nn.BatchNorm2d(cout))
        return layers + [nn.ReLU(), nn.MaxPool2d(2)]
    # Ends with logits: cross_entropy applies the softmax.
    return nn.Sequential(*conv(1, 8), *conv(8, 16), nn.Flatten(),
                         nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))


class CrossEntropyOnIndices(nn.CrossEntropyLoss):
    """`loss: cross_entropy(targets: indices)`: one class index per example,
    read as a float (as netc's trace stores it). A target of the logits'
    own shape is taken as a distribution over the classes instead, so that
    callers holding one-hot labels (benchmarks/pytorch_examples.py) or any
    dense target (benchmarks/pytorch_bench.py) get the same loss."""

    def forward(self, logits, target):
        if target.shape != logits.shape:
            target = target.reshape(logits.shape[:1] + logits.shape[2:]).long()
        return super().forward(logits, target)


def _adam(lr):
    return lambda params: torch.optim.Adam(params, lr=lr)


def _sgd(lr):
    return lambda params: torch.optim.SGD(params, lr=lr)


# The .net model's name (examples/linear_regression's is `line`,
# logistic_regression's `classifier`, mlp's `digits`):
#   (model factory, loss, optimizer factory, batch size)
MODELS = {
    "line": (lambda: nn.Sequential(nn.Linear(1, 1)),
                          nn.MSELoss(), _sgd(0.05), 10),
    "classifier": (lambda: nn.Sequential(nn.Linear(2, 1), nn.Sigmoid()),
                            nn.BCELoss(), _sgd(0.5), 20),
    "digits": (lambda: nn.Sequential(nn.Linear(64, 32), nn.ReLU(),
                                  nn.Linear(32, 32), nn.ReLU(),
                                  nn.Linear(32, 1), nn.Sigmoid()),
            nn.BCELoss(), _sgd(0.05), 32),
    "translator": (_translator, nn.BCELoss(), _adam(0.001), 1),
    "translator_prolines": (_translator, nn.BCELoss(), _adam(0.001), 1),
    "promoter_logreg": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(800, 1),
                                              nn.Sigmoid()),
                        nn.BCELoss(), _adam(0.001), 32),
    "promoter_mlp": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(800, 64),
                                           nn.ReLU(), nn.Linear(64, 1),
                                           nn.Sigmoid()),
                     nn.BCELoss(), _adam(0.001), 32),
    "promoter_cnn": (lambda: nn.Sequential(nn.Conv1d(4, 16, 8), nn.ReLU(),
                                           nn.MaxPool1d(4), nn.Flatten(),
                                           nn.Linear(768, 1), nn.Sigmoid()),
                     nn.BCELoss(), _adam(0.001), 32),
    "peptide_ffn": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(180, 64),
                                          nn.ReLU(), nn.Linear(64, 1),
                                          nn.Sigmoid()),
                    nn.MSELoss(), _adam(0.001), 32),
    "peptide_cnn": (lambda: nn.Sequential(nn.Conv1d(20, 32, 3, padding=1),
                                          nn.ReLU(), nn.Flatten(),
                                          nn.Linear(288, 32), nn.ReLU(),
                                          nn.Linear(32, 1), nn.Sigmoid()),
                    nn.MSELoss(), _adam(0.001), 32),
    "lenet": (_lenet, CrossEntropyOnIndices(), _adam(0.002), 32),
    "lenet_bn": (lambda: _lenet(batchnorm=True), CrossEntropyOnIndices(),
                 _adam(0.002), 32),
    "lenet_mnist": (_lenet, CrossEntropyOnIndices(), _adam(0.002), 32),
}

# Parameters whose gradient is zero in exact arithmetic: a bias right before
# a batchnorm (the normalisation subtracts it again), and so the running
# mean that tracks it. Both frameworks see float rounding noise (~1e-9) as
# their gradient, and Adam, which divides by the gradient's magnitude,
# turns that noise into steps of ±lr with arbitrary signs. The parity test
# only bounds them: |netc - PyTorch| <= 2 · lr · steps.
ROUNDING_NOISE_ONLY = {
    "translator": ["0.bias", "1.running_mean", "3.bias", "4.running_mean"],
    "translator_prolines": ["0.bias", "1.running_mean", "3.bias",
                            "4.running_mean"],
    "lenet_bn": ["0.bias", "1.running_mean", "4.bias", "5.running_mean"],
}
