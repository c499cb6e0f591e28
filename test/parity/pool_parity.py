#!/usr/bin/env python3
"""PyTorch reference values for netc's pooling ops (PoolParityTest.cpp).

Prints, for each case, a tie-heavy input x (small integers, so many windows
hold several equal maxima), a result gradient dy, and PyTorch's forward
result y and input gradient dx = d(sum(y * dy))/dx. The GoogleTest runs the
same ops through netc's lowering and compares. Output format, one item per
line, values as %.9g:

    case <name> <op> [kernel <k...> stride <s...>]
    shape <dims of x>
    x <values, row-major>
    dy <values>
    y <values>
    dx <values>
    end

Run: /usr/bin/python3 test/parity/pool_parity.py
"""
import torch
import torch.nn.functional as F

# (name, op, kernel, stride, shape of x); 1-D ops take [N, C, L], 2-D ops
# [N, C, H, W], the global ops any [N, C, ...].
CASES = [
    ("max1d_overlap", "maxpool1d", [3], [2], [2, 3, 11]),
    ("max1d_skip", "maxpool1d", [2], [3], [3, 2, 13]),
    ("max1d_all_equal", "maxpool1d", [4], [1], [1, 2, 9]),
    ("max2d_overlap", "maxpool2d", [3, 2], [2, 1], [2, 2, 7, 6]),
    ("max2d_square", "maxpool2d", [2, 2], [2, 2], [3, 1, 6, 5]),
    ("max2d_skip", "maxpool2d", [2, 3], [3, 4], [1, 3, 8, 11]),
    ("avg1d_overlap", "avgpool1d", [4], [1], [2, 2, 9]),
    ("avg2d_mixed", "avgpool2d", [2, 3], [1, 2], [2, 2, 5, 7]),
    ("global_max_1d", "global_maxpool", [], [], [3, 4, 7]),
    ("global_max_2d", "global_maxpool", [], [], [2, 3, 4, 5]),
    ("global_avg_2d", "global_avgpool", [], [], [2, 3, 3, 4]),
]


def forward(op, x, kernel, stride):
    if op == "maxpool1d":
        return F.max_pool1d(x, kernel[0], stride[0])
    if op == "maxpool2d":
        return F.max_pool2d(x, kernel, stride)
    if op == "avgpool1d":
        return F.avg_pool1d(x, kernel[0], stride[0])
    if op == "avgpool2d":
        return F.avg_pool2d(x, kernel, stride)
    spatial = x.flatten(2)  # [N, C, positions], row-major
    if op == "global_maxpool":
        return F.adaptive_max_pool1d(spatial, 1).flatten(1)
    if op == "global_avgpool":
        return F.adaptive_avg_pool1d(spatial, 1).flatten(1)
    raise ValueError(op)


def values(t):
    return " ".join("%.9g" % v for v in t.detach().flatten().tolist())


def main():
    torch.manual_seed(13)
    for name, op, kernel, stride, shape in CASES:
        if name == "max1d_all_equal":
            x = torch.zeros(shape)  # every window is one big tie
        else:
            x = torch.randint(0, 3, shape).float()
        x.requires_grad_(True)
        y = forward(op, x, kernel, stride)
        # Integer gradients keep every sum exact, so a gradient routed to
        # the wrong element cannot hide in rounding.
        dy = torch.randint(1, 9, y.shape).float()
        y.backward(dy)
        header = "case %s %s" % (name, op)
        if kernel:
            header += " kernel %s stride %s" % (
                " ".join(map(str, kernel)), " ".join(map(str, stride)))
        print(header)
        print("shape " + " ".join(map(str, shape)))
        print("x " + values(x))
        print("dy " + values(dy))
        print("y " + values(y))
        print("dx " + values(x.grad))
        print("end")


if __name__ == "__main__":
    main()
