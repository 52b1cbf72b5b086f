#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shim's Grad-CAM of one image beside the same computation in Python's torch, in one run.

Usage: /usr/bin/python3 bench/bench-cam.py [--build _build] [--size 224] [--reps 10]
                                           [--threads N]

Python's side is what pytorch-grad-cam's GradCAM does for ResNet-18: a forward hook on layer4,
the whole forward, torch.autograd.grad of the predicted logit, the weighting, ReLU, min-max,
bilinear upsampling and min-max again.  Each side runs in a fresh process, one warm-up call,
then the fastest of --reps; the ratio is C seconds / Python seconds (below 1: the shim is faster).
"""
import argparse
import json
import os
import subprocess
import sys
import time


def worker(size, reps, threads):
    import torch
    import torch.nn.functional as F
    import torchvision

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = torchvision.models.resnet18(num_classes=2).eval()
    x = torch.rand(1, 3, size, size) * 2 - 1
    acts = {}
    net.layer4.register_forward_hook(lambda m, i, o: acts.__setitem__("a", o))

    def mm(t):
        t = t - t.min()
        return t / (1e-7 + t.max())

    best = float("inf")
    for r in range(reps + 1):
        t0 = time.perf_counter()
        out = net(x)
        g = torch.autograd.grad(out[0, int(out.argmax(1))], acts["a"])[0]
        w = g.mean((2, 3))
        grid = mm((w[:, :, None, None] * acts["a"]).sum(1).clamp(min=0)[0].detach())
        up = F.interpolate(grid[None, None], size=(size, size), mode="bilinear",
                           align_corners=False)
        mm(up[0, 0].clamp(min=0))
        if r > 0:
            best = min(best, time.perf_counter() - t0)
    print(json.dumps({"threads": threads, "size": size, "best_seconds": best}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="_build")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--worker", action="store_true")
    a = p.parse_args()
    if a.worker:
        worker(a.size, a.reps, a.threads)
        return 0
    c = json.loads(subprocess.run([os.path.join(a.build, "bench", "bench-cam"), str(a.size),
                                   str(a.reps), str(a.threads)], check=True, capture_output=True,
                                  text=True).stdout)
    py = json.loads(subprocess.run([sys.executable, __file__, "--worker", "--size", str(a.size),
                                    "--reps", str(a.reps), "--threads", str(a.threads)],
                                   check=True, capture_output=True, text=True).stdout)
    print(f"Grad-CAM of one {a.size} px image, {a.threads} threads, fastest of {a.reps}:")
    print(f"  shim    {c['best_seconds']:.4f} s")
    print(f"  Python  {py['best_seconds']:.4f} s")
    print(f"  ratio C/Python {c['best_seconds'] / py['best_seconds']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
