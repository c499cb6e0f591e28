#!/usr/bin/env python3
"""PyTorch reference values for netc's convolutions (ConvParityTest.cpp).

For each case: random x, weight, bias and result gradient dy, PyTorch's
result y = conv(x) and the gradients dx, dw, db of sum(y * dy). Padding is
given as explicit [begin, end] amounts per spatial dimension (F.pad, then an
unpadded convolution), or as "same", which uses PyTorch's own
padding='same' so the test checks netc's resolution of it. Output format,
one item per line, values as %.9g:

    case <name> <conv1d|conv2d> bias <0|1>
    stride <s...>
    padding <begin end ...> | padding same
    dilation <d...>
    xshape <dims>
    wshape <dims>
    x|w|b|dy|y|dx|dw|db <values, row-major>
    end

Run: /usr/bin/python3 test/parity/conv_parity.py
"""
import warnings

import torch
import torch.nn.functional as F

# PyTorch warns that 'same' with an even kernel copies the input; the
# output must stay machine-readable.
warnings.filterwarnings("ignore")

# (name, op, x shape, w shape, stride, padding per dim [(begin, end)] or
# "same", dilation, bias)
CASES = [
    ("c1_stride2_pad1", "conv1d", [2, 3, 11], [4, 3, 3], [2], [(1, 1)], [1], True),
    ("c1_same_even_kernel", "conv1d", [2, 2, 8], [3, 2, 4], [1], "same", [1], True),
    ("c1_same_dilated", "conv1d", [1, 2, 9], [2, 2, 3], [1], "same", [3], True),
    ("c1_dilated_asymmetric", "conv1d", [1, 2, 13], [2, 2, 3], [3], [(2, 0)], [2], False),
    ("c1_stride_leaves_tail", "conv1d", [3, 1, 10], [2, 1, 3], [3], [(0, 0)], [1], True),
    ("c2_plain", "conv2d", [2, 3, 6, 7], [4, 3, 3, 3], [1, 1], [(1, 1), (1, 1)], [1, 1], True),
    ("c2_stride_dilation", "conv2d", [2, 2, 9, 8], [3, 2, 3, 2], [2, 3], [(1, 1), (0, 2)], [2, 1], True),
    ("c2_same_even_kernel", "conv2d", [1, 2, 6, 5], [2, 2, 2, 4], [1, 1], "same", [1, 2], False),
]


def values(t):
    return " ".join("%.9g" % v for v in t.detach().flatten().tolist())


def ints(v):
    return " ".join(str(i) for i in v)


def main():
    torch.manual_seed(0)
    for name, op, xs, ws, stride, padding, dilation, bias in CASES:
        x = torch.randn(xs, dtype=torch.float64, requires_grad=True)
        w = torch.randn(ws, dtype=torch.float64, requires_grad=True)
        b = torch.randn(ws[0], dtype=torch.float64, requires_grad=True) if bias else None
        conv = F.conv1d if op == "conv1d" else F.conv2d
        if padding == "same":
            y = conv(x, w, b, stride=stride, padding="same", dilation=dilation)
        else:
            # F.pad lists the last dimension first.
            pads = [a for pair in reversed(padding) for a in pair]
            y = conv(F.pad(x, pads), w, b, stride=stride, dilation=dilation)
        dy = torch.randn(y.shape, dtype=torch.float64)
        (y * dy).sum().backward()
        print("case %s %s bias %d" % (name, op, int(bias)))
        print("stride %s" % ints(stride))
        if padding == "same":
            print("padding same")
        else:
            print("padding %s" % ints(a for pair in padding for a in pair))
        print("dilation %s" % ints(dilation))
        print("xshape %s" % ints(xs))
        print("wshape %s" % ints(ws))
        print("x %s" % values(x))
        print("w %s" % values(w))
        if bias:
            print("b %s" % values(b))
        print("dy %s" % values(dy))
        print("y %s" % values(y))
        print("dx %s" % values(x.grad))
        print("dw %s" % values(w.grad))
        if bias:
            print("db %s" % values(b.grad))
        print("end")


if __name__ == "__main__":
    main()
