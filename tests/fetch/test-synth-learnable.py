#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The practice set can be learnt by a small CNN in a few epochs, but not from colour alone."""
import glob
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
    import torch.nn as nn
    from PIL import Image
except ImportError as e:
    print("1..0 # SKIP needs torch, numpy and PIL: %s" % e)
    sys.exit(0)

SIDE = 48
CLASSES = ("hotdog", "not-hotdog")


def load(root, split):
    xs, ys = [], []
    for label, name in enumerate(CLASSES):
        for path in sorted(glob.glob(os.path.join(root, split, name, "*.png"))):
            image = Image.open(path).convert("RGB").resize((SIDE, SIDE), Image.BILINEAR)
            xs.append(np.asarray(image, dtype=np.float32) / 255)
            ys.append(label)
    return torch.tensor(np.stack(xs)).permute(0, 3, 1, 2), torch.tensor(ys)


def colour_accuracy(xtr, ytr, xte, yte):
    """A linear classifier on a 4x4x4 colour histogram."""
    def histogram(x):
        q = (x * 3.999).long()
        index = q[:, 0] * 16 + q[:, 1] * 4 + q[:, 2]
        return torch.stack([torch.bincount(i.flatten(), minlength=64).float() / i.numel()
                            for i in index])
    htr, hte = histogram(xtr), histogram(xte)
    linear = nn.Linear(64, 2)
    opt = torch.optim.Adam(linear.parameters(), 0.05)
    for _ in range(400):
        opt.zero_grad()
        nn.functional.cross_entropy(linear(htr), ytr).backward()
        opt.step()
    return (linear(hte).argmax(1) == yte).float().mean().item()


def cnn_accuracy(xtr, ytr, xte, yte, epochs):
    def block(i, o):
        return [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2)]
    net = nn.Sequential(*block(3, 16), *block(16, 32), *block(32, 64),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 2))
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    best = 0.0
    for _ in range(epochs):
        net.train()
        order = torch.randperm(len(ytr))
        for i in range(0, len(ytr), 32):
            batch = order[i:i + 32]
            x = xtr[batch]
            if torch.rand(1).item() < 0.5:
                x = x.flip(3)
            opt.zero_grad()
            nn.functional.cross_entropy(net(x), ytr[batch]).backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            best = max(best, (net(xte).argmax(1) == yte).float().mean().item())
    return best


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    with tempfile.TemporaryDirectory() as root:
        out = os.path.join(root, "set")
        subprocess.run([os.environ["FINETUNE_CLI"], "synth", out, "--per-class", "400",
                        "--size", "64", "--seed", "5"], check=True, stdout=subprocess.DEVNULL)
        xtr, ytr = load(out, "train")
        xte, yte = load(out, "test")
    colour = colour_accuracy(xtr, ytr, xte, yte)
    cnn = cnn_accuracy(xtr, ytr, xte, yte, epochs=8)
    print("# test accuracy: colour histogram %.3f, small CNN %.3f" % (colour, cnn))
    print("%s 1 - colour alone stays near chance" % ("ok" if colour < 0.7 else "not ok"))
    print("%s 2 - a small CNN learns it" % ("ok" if cnn >= 0.8 else "not ok"))
    print("1..2")
    return 0 if colour < 0.7 and cnn >= 0.8 else 1


if __name__ == "__main__":
    sys.exit(main())
