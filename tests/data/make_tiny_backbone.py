#!/usr/bin/env python3
"""Writes tiny_backbone.pt, the TorchScript backbone the tests load in place of a pretrained
ResNet (torch.jit.script), tiny_backbone_traced.pt, the same weights exported by torch.jit.trace,
and tiny_state_dict.pt, a plain torch.save() of its weights that must be refused.

The module has torchvision ResNet's top-level layout (conv1, bn1, relu, maxpool, layer1..layer3,
avgpool) at a few thousand weights, so layer selection by name is tested on the names a real
ResNet has, plus `flatten` and `fc`, whose 2-D outputs are not patch features. Seeded: running
it again with the same PyTorch writes the same weights.

    python3 tests/data/make_tiny_backbone.py   # Debian: apt-get install python3-torch

Only needed to change the file; the build and the tests use the committed one.
"""
import os

import torch
from torch import nn


class Block(nn.Module):
    """A ResNet basic block: two 3x3 convolutions and a shortcut."""

    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = nn.Sequential()
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + self.down(x))


class TinyResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(Block(4, 4, 1))
        self.layer2 = nn.Sequential(Block(4, 8, 2))
        self.layer3 = nn.Sequential(Block(8, 16, 2))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(self.flatten(self.avgpool(x)))


def main():
    torch.manual_seed(20261207)
    net = TinyResNet()
    # Batch-norm statistics away from the identity, so eval mode is seen to use them.
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
    net.eval()
    here = os.path.dirname(os.path.abspath(__file__))
    torch.jit.script(net).save(os.path.join(here, "tiny_backbone.pt"))
    torch.jit.trace(net, torch.rand(1, 3, 32, 32)).save(os.path.join(here, "tiny_backbone_traced.pt"))
    torch.save(net.state_dict(), os.path.join(here, "tiny_state_dict.pt"))


if __name__ == "__main__":
    main()
