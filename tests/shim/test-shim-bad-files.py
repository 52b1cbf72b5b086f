# SPDX-License-Identifier: GPL-3.0-or-later
"""Weights files the shim must refuse with a clear message, and ones it must accept.

Usage: test-shim-bad-files.py PROBE WORKDIR
"""
import collections
import os
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shim_common import Tap, probe, probe_rss, seeded_resnet18  # noqa: E402
import hostile_pth  # noqa: E402
import zip64  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402

exe, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
for name in os.listdir(work):
    os.remove(os.path.join(work, name))
tap = Tap(31)


def path(name):
    return os.path.join(work, name)


# The probe with a model and libtorch loaded peaks near 260 MiB; a file that makes the loader
# allocate at a size it claims goes far beyond (the ones below reached 1 to 4.4 GiB).
RSS_BOUND_MIB = 600


def expect(name, file, classes, mode, *needles):
    rc, msg, rss = probe_rss(exe, "load", file, classes, mode)
    ok = (rc == 1 and all(n in msg for n in needles) and file in msg and "\n" not in msg
          and rss < RSS_BOUND_MIB)
    tap.check(ok, name, f"{msg} (exit {rc}, peak {rss:.0f} MiB)")


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
hostile_pth.odd_key(path("odd-key.pth"))
expect("a key with a newline and bytes that are not UTF-8 is quoted on one line",
       path("odd-key.pth"), 1000, "strict", "the entry conv1??weight?? is not a tensor")

os.mkfifo(path("fifo.pth"))
expect("a named pipe is refused without waiting on it", path("fifo.pth"), 1000, "strict",
       "not a regular file")

hostile_pth.deep_chain(path("chain-deep.pth"))
expect("a chain of a million dicts is refused, not freed recursively", path("chain-deep.pth"),
       1000, "strict", "pickle")
hostile_pth.deep_chain(path("chain.pth"), 100)
expect("a dict fetched from the memo and extended after it was nested is refused",
       path("chain.pth"), 1000, "strict", "after placing it in another")

hostile_pth.memo_cycle(path("cycle.pth"))
expect("a dict that holds itself is refused", path("cycle.pth"), 1000, "strict",
       "holds itself")

hostile_pth.stride_zero(path("stride0.pth"))
expect("a stride-0 view of a billion elements costs no memory", path("stride0.pth"), 1000,
       "strict", "conv1.weight")

stretched = collections.OrderedDict(state)
stretched["conv1.weight"] = torch.zeros(1).expand(state["conv1.weight"].shape)
torch.save(stretched, path("stretched.pth"))
expect("a stride-0 view of the right shape is refused", path("stretched.pth"), 1000, "strict",
       "conv1.weight", "overlap")

hostile_pth.deflated(path("deflated.pth"), state)
expect("a deflated record is refused before it is inflated", path("deflated.pth"), 1000,
       "strict", "data/0", "compressed")

wide = collections.OrderedDict(state)
wide["fc.bias"] = torch.zeros(30 * 1000 * 1000)[:1000]
torch.save(wide, path("wide.pth"))
expect("a view of a storage far larger than the model is refused before it is read",
       path("wide.pth"), 1000, "strict", "more than the model needs")
os.remove(path("wide.pth"))

# The same files through finetune-cli classify: one sentence on stderr, non-zero exit.
cli = os.environ.get("FINETUNE_CLI")
image = path("image.png")
torchvision.transforms.functional.to_pil_image(torch.zeros(3, 8, 8)).save(image)
for name in ("chain-deep.pth", "chain.pth", "stride0.pth", "deflated.pth"):
    if not cli:
        tap.check(True, f"finetune-cli classify --weights {name} # SKIP FINETUNE_CLI is not set")
        continue
    with tempfile.NamedTemporaryFile("r") as peak:
        r = subprocess.run(["/usr/bin/time", "-q", "-f", "%M", "-o", peak.name, cli, "classify",
                            "--weights", path(name), image], capture_output=True, text=True,
                           timeout=120)
        rss = int(peak.read().split()[-1]) / 1024
    err = r.stderr.strip()
    tap.check(r.returncode != 0 and err.count("\n") == 0 and path(name) in err
              and rss < RSS_BOUND_MIB, f"finetune-cli classify --weights {name} refuses it",
              f"{err} (exit {r.returncode}, peak {rss:.0f} MiB)")

flipped = bytearray(blob)
start = blob.index(b"PK\x07\x08")  # data.pkl's descriptor: data/0's header follows
header = blob.index(b"PK\x03\x04", start)
name_len, extra_len = int.from_bytes(blob[header + 26:header + 28], "little"), \
    int.from_bytes(blob[header + 28:header + 30], "little")
flipped[header + 30 + name_len + extra_len] ^= 0xFF
open(path("flipped.pth"), "wb").write(flipped)
expect("a flipped byte in a tensor's data is caught by its checksum", path("flipped.pth"), 1000,
       "strict", "checksum")

# The same archive with its directory in ZIP64 form, as a writer makes it past 4 GiB.
open(path("zip64.pth"), "wb").write(zip64.to_zip64(blob))
images = path("images.bin")
open(images, "wb").write(torch.rand(2, 3, 32, 32, generator=torch.Generator().manual_seed(5))
                         .numpy().tobytes())
outputs = []
for name in ("good.pth", "zip64.pth"):
    rc, msg = probe(exe, "eval", path(name), 1000, 2, 32, 32, images, path(name + ".logits"))
    outputs.append(open(path(name + ".logits"), "rb").read() if rc == 0 else msg)
tap.check(isinstance(outputs[1], bytes) and outputs[0] == outputs[1] and len(outputs[1]) == 8000,
          "a ZIP64 directory loads, and the model computes what the plain file's does",
          outputs[1] if isinstance(outputs[1], str) else "")
for damage, needle in (("no-locator", "ZIP64 end record is missing"),
                       ("locator-beyond", "ZIP64 end record lies beyond"),
                       ("short-extra", "cut short"),
                       ("huge-count", "does not fit")):
    open(path(damage + ".pth"), "wb").write(zip64.to_zip64(blob, damage))
    expect(f"a ZIP64 directory with {damage} is refused", path(damage + ".pth"), 1000, "strict",
           needle)
tap.finish()
