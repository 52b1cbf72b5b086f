# SPDX-License-Identifier: GPL-3.0-or-later
"""Decode + training augmentation per thread: the C pipeline beside torchvision's.

Usage: /usr/bin/python3 bench/bench-decode.py _build/bench/bench-decode [N_IMAGES] [PASSES] [--synth]

Draws N_IMAGES (default 200) photo-like PNGs of hotdog-like sizes (100 to 640 px a side) into a
temporary image folder, then times, single-threaded both, torchvision's ImageFolder with the
recipe's training transform and bench-decode on the same files, alternating, best of PASSES
(default 5) passes each.  With --synth the images are `finetune-cli synth`'s practice set
(the training half, N_IMAGES / 2 a class) instead, drawn by the finetune-cli beside the program.
"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torchvision.transforms as T
from PIL import Image
from torchvision.datasets import ImageFolder


def photo(rng, width, height):
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.empty((height, width, 3), np.float32)
    for c in range(3):
        a, b, p = rng.uniform(-1, 1, 3)
        img[..., c] = 128 + 70 * np.sin(a * x / 31 + b * y / 37 + p)
    for _ in range(5):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(10, 120)
        mask = np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))[..., None]
        img = img * (1 - mask) + rng.uniform(0, 255, 3).astype(np.float32) * mask
    img += rng.normal(0, 5, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def draw(root, n):
    rng = np.random.default_rng(0)
    for i in range(n):
        klass = "hotdog" if i % 2 == 0 else "not-hotdog"
        os.makedirs(os.path.join(root, klass), exist_ok=True)
        w, h = (int(v) for v in rng.integers(100, 641, 2))
        Image.fromarray(photo(rng, w, h)).save(os.path.join(root, klass, f"{i}.png"))


def draw_synth(root, n, program):
    cli = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(program))), "src", "cli",
                       "finetune-cli")
    subprocess.run([cli, "synth", root + "-synth", "--per-class", str(max(1, n // 2))], check=True,
                   capture_output=True)
    os.rmdir(root)
    os.rename(os.path.join(root + "-synth", "train"), root)


def torchvision_pass(ds):
    """Images per second of wall-clock time and of CPU time for one pass."""
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(len(ds)):
        ds[i]
    return len(ds) / (time.perf_counter() - start), len(ds) / (time.process_time() - cpu)


def c_pass(program, root):
    out = subprocess.run([program, root, "224", "1"], check=True, capture_output=True, text=True)
    return tuple(float(v) for v in out.stdout.split()[-2:])


def main():
    synth = "--synth" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--synth"]
    program = args[0]
    n = int(args[1]) if len(args) > 1 else 200
    passes = int(args[2]) if len(args) > 2 else 5
    torch.set_num_threads(1)
    tf = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor(),
                    T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "images")
        os.mkdir(root)
        if synth:
            draw_synth(root, n, program)
        else:
            draw(root, n)
        ds = ImageFolder(root, transform=tf)
        ours, theirs = (0.0, 0.0), (0.0, 0.0)
        # Alternate the two so that a busy machine slows both alike; keep each one's best pass.
        for _ in range(passes):
            ours = tuple(map(max, ours, c_pass(program, root)))
            theirs = tuple(map(max, theirs, torchvision_pass(ds)))
    kind = "finetune-cli synth" if synth else "photo-like"
    print(f"{len(ds)} {kind} PNG images, 100 to 640 px a side, train transform at 224, "
          f"1 thread each, best of {passes} alternating passes")
    print("                                      wall-clock      CPU time")
    print(f"torchvision ImageFolder + transforms: {theirs[0]:8.1f}/s   {theirs[1]:8.1f}/s")
    print(f"finetune decode + augment:           {ours[0]:8.1f}/s   {ours[1]:8.1f}/s")
    print(f"ratio:                               {ours[0] / theirs[0]:8.2f}x   "
          f"{ours[1] / theirs[1]:8.2f}x")


if __name__ == "__main__":
    main()
