# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the shim's Python tests: TAP output and the probe program."""
import os
import subprocess
import sys
import tempfile

try:
    import torch
    import torchvision
except ImportError:
    print("1..0 # SKIP Python's torch and torchvision are not installed")
    sys.exit(0)

# The shim runs on every CPU the process may use; the reference must split its sums the same way.
torch.set_num_threads(len(os.sched_getaffinity(0)))


class Tap:
    def __init__(self, plan):
        self.n = 0
        self.failed = 0
        print(f"1..{plan}", flush=True)

    def check(self, ok, name, detail=""):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}{' # ' + detail if detail else ''}",
              flush=True)

    def finish(self):
        sys.exit(1 if self.failed else 0)


def probe(exe, *args):
    """Runs the probe; returns (exit status, stdout)."""
    r = subprocess.run([exe] + [str(a) for a in args], capture_output=True, text=True,
                       timeout=120)
    if r.stderr:
        sys.stderr.write(r.stderr)
    return r.returncode, r.stdout.strip()


def probe_rss(exe, *args):
    """Runs the probe under /usr/bin/time; returns (exit status, stdout, peak resident memory
    in MiB).  time(1) keeps this process's own memory out of the child's peak."""
    with tempfile.NamedTemporaryFile("r") as peak:
        r = subprocess.run(["/usr/bin/time", "-q", "-f", "%M", "-o", peak.name, exe]
                           + [str(a) for a in args], capture_output=True, text=True, timeout=120)
        if r.stderr:
            sys.stderr.write(r.stderr)
        kib = peak.read().split()
    return r.returncode, r.stdout.strip(), int(kib[-1]) / 1024 if kib else float("inf")


def rel_error(a, b):
    """max |a - b| / max |b|: the error relative to the tensor's scale."""
    a = a.double()
    b = b.double()
    scale = b.abs().max().item()
    return (a - b).abs().max().item() / (scale if scale > 0 else 1.0)


def seeded_resnet18(seed, num_classes=1000):
    torch.manual_seed(seed)
    net = torchvision.models.resnet18(num_classes=num_classes)
    return net
