# SPDX-License-Identifier: GPL-3.0-or-later
"""Two ranks of one thread against one process of two threads, over one epoch.

Draws a practice set with `finetune-cli synth`, then trains one epoch from scratch twice on the
same files: one process with --threads 2, and two ranks (RANK 0 and 1 on 127.0.0.1, gloo) with
--threads 1 and one loader thread each, the global batch being twice --batch.  Prints each
epoch's wall time and examples/s inside training steps, their ratio (2 ranks / 1 process:
below 1 means the ranks are faster), and, from rank 0's log, what the gradient exchange cost
per step and its share of the step (waiting for the slower rank included).

  /usr/bin/python3 bench/bench-dist.py --cli _build/src/cli/finetune-cli [--per-class N]
      [--size PX] [--batch N]
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env():
    env = dict(os.environ)
    for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT",
                 "TORCHELASTIC_USE_AGENT_STORE", "TORCHELASTIC_RESTART_COUNT"):
        env.pop(name, None)
    return env


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="_build/src/cli/finetune-cli")
    ap.add_argument("--per-class", type=int, default=100)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    env = clean_env()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "set")
        subprocess.run([args.cli, "synth", data, "--per-class", str(args.per_class)], check=True,
                       capture_output=True)
        common = ["train", "--data", data, "--scratch", "--epochs", "1", "--size",
                  str(args.size), "--json"]

        t0 = time.monotonic()
        one = subprocess.run([args.cli] + common + ["--batch", str(args.batch * 2), "--threads",
                                                    "2", "--out", os.path.join(tmp, "one")],
                             env=env, capture_output=True, text=True, check=True)
        one_wall = time.monotonic() - t0
        one_json = json.loads(one.stdout.strip().splitlines()[-1])

        port = str(free_port())
        t0 = time.monotonic()
        procs = []
        for rank in (0, 1):
            e = dict(env, RANK=str(rank), WORLD_SIZE="2", MASTER_ADDR="127.0.0.1",
                     MASTER_PORT=port)
            extra = ["--out", os.path.join(tmp, "two")] if rank == 0 else []
            procs.append(subprocess.Popen(
                [args.cli] + common + ["--batch", str(args.batch), "--threads", "1",
                                       "--loader-threads", "1"] + extra,
                env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        outs = [p.communicate() for p in procs]
        two_wall = time.monotonic() - t0
        if any(p.returncode for p in procs):
            sys.exit("the 2-rank run failed: " + " | ".join(o[1].strip() for o in outs))
        two_json = json.loads(outs[0][0].strip().splitlines()[-1])
        with open(os.path.join(tmp, "two", "train.log")) as f:
            m = re.search(r"([\d.]+) s of ([\d.]+) s in training steps exchanging gradients "
                          r"over (\d+) steps", f.read())
        comm, steps_s, steps = float(m.group(1)), float(m.group(2)), int(m.group(3))

        n = one_json["epochs"] and 2 * args.per_class
        print(f"one epoch, {n} training images at {args.size} px, global batch {args.batch * 2}")
        print(f"1 process x 2 threads: {one_wall:7.1f} s wall, "
              f"{one_json['examples_per_sec']:7.1f} examples/s in steps")
        print(f"2 ranks x 1 thread:    {two_wall:7.1f} s wall, "
              f"{two_json['examples_per_sec'] * 2:7.1f} examples/s in steps (both ranks)")
        print(f"ratio 2 ranks / 1 process, wall time: {two_wall / one_wall:.2f}")
        print(f"gradient exchange (allreduce of 11.2 M floats, with the wait for the other rank): "
              f"{comm / steps * 1000:.1f} ms per step over {steps} steps, "
              f"{comm / steps_s * 100:.1f}% of rank 0's time in steps")


if __name__ == "__main__":
    main()
