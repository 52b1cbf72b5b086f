#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shim's training step beside the same step in Python's torch, in one run.

Usage: /usr/bin/python3 bench/bench-step.py [--build _build] [--steps N] [--batches 32,128]
                                             [--size 224] [--rounds R] [--settings bf16:nchw,...]
                                             [--convolutions winograd|direct]

For every batch size, precision (fp32, bf16) and memory format (NCHW, channels-last) it times
the shim (bench-step, at its default: the CPUs this process may use), Python at the same thread
count, and Python at its own default, each in a fresh process with one warm-up step, and prints
the fastest step of each and the ratios C time / Python time (below 1: the shim is faster),
for wall-clock time and for CPU time (all threads together; steadier on a busy machine).
"""
import argparse
import json
import os
import subprocess
import sys
import time


def worker(batch, size, precision, layout, steps, threads):
    import torch
    import torchvision
    from torch import nn

    if threads != "default":
        torch.set_num_threads(int(threads))
    torch.manual_seed(0)
    net = torchvision.models.resnet18()
    net.fc = nn.Linear(512, 2)
    nn.init.xavier_uniform_(net.fc.weight)
    fmt = torch.channels_last if layout == "channels-last" else torch.contiguous_format
    net = net.to(memory_format=fmt)
    head = [p for n, p in net.named_parameters() if n.startswith("fc.")]
    body = [p for n, p in net.named_parameters() if not n.startswith("fc.")]
    opt = torch.optim.SGD([{"params": body}, {"params": head, "lr": 5e-4}], lr=5e-5,
                          weight_decay=0.001)
    loss_fn = nn.CrossEntropyLoss(reduction="none")
    x = torch.rand(batch, 3, size, size) * 2 - 1
    y = torch.arange(batch) % 2
    net.train()
    seconds, cpu = [], []
    for s in range(steps + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad(set_to_none=True)
        xs = x.contiguous(memory_format=fmt)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            out = net(xs)
        loss = loss_fn(out.float(), y).sum()
        loss.backward()
        opt.step()
        loss.item()
        (out.argmax(1) == y).sum().item()
        if s > 0:
            seconds.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    print(json.dumps({"threads": torch.get_num_threads(), "seconds": seconds,
                      "best": min(seconds), "best_cpu": min(cpu)}))


def run_json(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def best_of(cmds, rounds):
    """Runs each command @rounds times, alternating between them so that a busy spell of
    the machine falls on both; returns the best step of each."""
    runs = [[] for _ in cmds]
    for _ in range(rounds):
        for k, cmd in enumerate(cmds):
            runs[k].append(run_json(cmd))
    return [{"best": min(r["best"] for r in rs), "best_cpu": min(r["best_cpu"] for r in rs)}
            for rs in runs]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        b, s, p, l, n, t = sys.argv[2:8]
        worker(int(b), int(s), p, l, int(n), t)
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="_build")
    ap.add_argument("--steps", type=int, default=0,
                    help="timed steps per process (default: 2 at batch <= 32, else 1)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="processes per measurement, C and Python alternating")
    ap.add_argument("--settings", default="fp32:nchw,fp32:channels-last,bf16:nchw,"
                    "bf16:channels-last", help="precision:layout pairs")
    ap.add_argument("--batches", default="32,128")
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--convolutions", choices=["winograd", "direct"], default="winograd",
                    help="the shim's 3x3 convolutions in fp32 (Python's are always direct)")
    args = ap.parse_args()
    exe = os.path.join(args.build, "bench", "bench-step")
    cpus = len(os.sched_getaffinity(0))
    me = os.path.abspath(__file__)
    py_default = run_json([sys.executable, "-c", "import json, torch; "
                           "print(json.dumps({'threads': torch.get_num_threads()}))"])["threads"]
    counts = [cpus] + ([py_default] if py_default != cpus else [])
    print(f"training step at {args.size} px, fastest step after one warm-up; {cpus} CPUs; "
          f"shim default {cpus} threads, Python default {py_default}; "
          f"shim fp32 convolutions {args.convolutions}; "
          f"ratio = C seconds / Python seconds (below 1: the shim is faster)")
    print(f"{'batch':>5} {'prec':>5} {'layout':>13} {'threads':>7} {'C s':>8} {'Py s':>8}"
          f" {'ratio':>6} {'C ex/s':>7} {'Py ex/s':>7} {'C cpu s':>8} {'Py cpu s':>8}"
          f" {'ratio':>6}")
    worst = 0.0
    for batch in [int(b) for b in args.batches.split(",")]:
        steps = args.steps or (2 if batch <= 32 else 1)
        for setting in args.settings.split(","):
            precision, layout = setting.split(":")
            common = [str(batch), str(args.size), precision, layout, str(steps)]
            best = {}
            for t in counts:
                c, py = best_of([[exe] + common + [str(t), args.convolutions],
                                 [sys.executable, me, "--worker"] + common + [str(t)]],
                                args.rounds)
                best[t] = (c["best"], py["best"])
                ratio = c["best"] / py["best"]
                worst = max(worst, ratio)
                print(f"{batch:5d} {precision:>5} {layout:>13} {t:7d} {c['best']:8.3f}"
                      f" {py['best']:8.3f} {ratio:6.3f} {batch / c['best']:7.1f}"
                      f" {batch / py['best']:7.1f} {c['best_cpu']:8.3f}"
                      f" {py['best_cpu']:8.3f} {c['best_cpu'] / py['best_cpu']:6.3f}",
                      flush=True)
            if py_default != cpus:
                ratio = best[cpus][0] / best[py_default][1]
                print(f"{'':>5} {'':>5} {'':>13} {'dflt':>7} {best[cpus][0]:8.3f}"
                      f" {best[py_default][1]:8.3f} {ratio:6.3f}"
                      f"   (each at its default thread count)", flush=True)
    print(f"worst wall-clock ratio at equal thread counts: {worst:.3f}")


if __name__ == "__main__":
    main()
