#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What keeping the test set's predictions adds to an epoch.

Usage: /usr/bin/python3 bench/bench-predictions.py [--build _build] [--per-class 50]
                                                   [--size 224] [--batch 32]

Times the writing of one epoch's predictions file for hotdog's test set (800 images, 2 classes)
and for the drawn set trained here, then one epoch of `finetune-cli train` from scratch on a
`finetune-cli synth` set of --per-class images a class, and prints the write as a share of the
epoch: for this set, and for hotdog's epoch estimated from this one's rate (2000 training images).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def write_seconds(build, n, classes):
    out = subprocess.run([os.path.join(build, "bench", "bench-predictions"), str(n), str(classes),
                          "20"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["best_seconds"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="_build")
    p.add_argument("--per-class", type=int, default=50)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=32)
    a = p.parse_args()
    cli = os.path.join(a.build, "src", "cli", "finetune-cli")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "set")
        subprocess.run([cli, "synth", data, "--per-class", str(a.per_class), "--seed", "1"],
                       check=True, capture_output=True)
        proc = subprocess.run([cli, "train", "--data", data, "--scratch", "--epochs", "1",
                               "--size", str(a.size), "--batch", str(a.batch), "--out",
                               os.path.join(tmp, "run"), "--json"], check=True,
                              capture_output=True, text=True)
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        # End to end: the training steps, the loading and the test pass of the epoch.
        epoch = 2 * a.per_class / result["end_to_end_examples_per_sec"]
        n_test = sum(len(files) for _, _, files in os.walk(os.path.join(data, "test")))
        kept = os.path.join(tmp, "run", "predictions", "epoch-1.csv")
        print(f"kept predictions file: {os.path.exists(kept)} ({os.path.getsize(kept)} bytes)")
    mine = write_seconds(a.build, n_test, 2)
    hotdog = write_seconds(a.build, 800, 2)
    n_train = 2 * a.per_class
    hotdog_epoch = epoch * 2000 / n_train
    print(f"one epoch of {n_train} + {n_test} images at {a.size} px: {epoch:.2f} s")
    print(f"writing its predictions: {mine * 1e3:.3f} ms = {100 * mine / epoch:.2g} % of the epoch")
    print(f"hotdog (2000 + 800 images), epoch estimated {hotdog_epoch:.1f} s: writing "
          f"{hotdog * 1e3:.3f} ms = {100 * hotdog / hotdog_epoch:.2g} % of the epoch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
