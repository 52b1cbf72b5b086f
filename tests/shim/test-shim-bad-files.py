# SPDX-License-Identifier: GPL-3.0-or-later
"""Weights files the shim must refuse with a clear message, and ones it must accept.

Usage: test-shim-bad-files.py PROBE WORKDIR
"""
import collections
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shim_common import Tap, probe, seeded_resnet18  # noqa: E402
import torch  # noqa: E402

exe, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
tap = Tap(12)


def path(name):
    return os.path.join(work, name)


def expect(name, file, classes, mode, *needles):
    rc, msg = probe(exe, "load", file, classes, mode)
    ok = rc == 1 and all(n in msg for n in needles) and file in msg and "\n" not in msg
    tap.check(ok, name, msg)


net = seeded_resnet18(3)
state = net.state_dict()
good = path("good.pth")
torch.save(state, good)
blob = open(good, "rb").read()

rc, msg = probe(exe, "load", good, 1000, "strict")
tap.check(rc == 0 and isinstance(state, collections.OrderedDict) and len(state) == 122,
          "a torch.save'd OrderedDict with _metadata loads strictly", msg)
rc, msg = probe(exe, "load", good, 2, "backbone")
tap.check(rc == 0, "the backbone of a 1000-class file loads into a 2-class model", msg)

open(path("empty.pth"), "wb").close()
expect("empty file", path("empty.pth"), 1000, "strict", "the file is empty")

open(path("random.pth"), "wb").write(torch.randint(0, 256, (4096,), dtype=torch.uint8)
                                     .numpy().tobytes())
expect("random bytes", path("random.pth"), 1000, "strict", "not a PyTorch weights file")

open(path("truncated.pth"), "wb").write(blob[: len(blob) // 2])
expect("truncated archive", path("truncated.pth"), 1000, "strict", "truncated or corrupt")

with zipfile.ZipFile(good) as src, zipfile.ZipFile(path("nopickle.pth"), "w") as dst:
    for info in src.infolist():
        if not info.filename.endswith("/data.pkl"):
            dst.writestr(info, src.read(info.filename))
expect("archive without its pickle", path("nopickle.pth"), 1000, "strict", "data.pkl")

with zipfile.ZipFile(good) as src, zipfile.ZipFile(path("nodata.pth"), "w") as dst:
    for info in src.infolist():
        if not info.filename.endswith("/data/5"):
            dst.writestr(info, src.read(info.filename))
expect("archive without a tensor's data", path("nodata.pth"), 1000, "strict", "data/5")

missing = collections.OrderedDict(state)
del missing["layer3.1.bn2.running_var"]
torch.save(missing, path("missing.pth"))
expect("missing key", path("missing.pth"), 1000, "strict", "layer3.1.bn2.running_var",
       "missing")

wrong = seeded_resnet18(3, num_classes=10).state_dict()
torch.save(wrong, path("wrong-head.pth"))
expect("wrong shape", path("wrong-head.pth"), 1000, "strict", "fc.weight", "[10, 512]",
       "[1000, 512]")

odd = collections.OrderedDict(state)
odd["layer2.0.conv1.weight"] = odd["layer2.0.conv1.weight"][:, :32]
torch.save(odd, path("wrong-conv.pth"))
expect("wrong shape in the backbone", path("wrong-conv.pth"), 2, "backbone",
       "layer2.0.conv1.weight", "[128, 32, 3, 3]")

torch.save(state, path("legacy.pth"), _use_new_zipfile_serialization=False)
expect("the legacy torch.save format", path("legacy.pth"), 1000, "strict", "legacy")

torch.save({"weights": [1, 2, 3]}, path("not-state-dict.pth"))
expect("a pickle that is not a state dict", path("not-state-dict.pth"), 1000, "strict",
       "weights")
tap.finish()
