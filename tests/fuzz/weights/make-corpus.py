#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the weights harness's seed corpus into corpus/: real torch.save files of ResNet-18,
their tensor data replaced by a manifest the harness turns back into zero records (see
fuzz-weights.c), and the hostile files the loader must keep refusing.  Needs Python's torch and
torchvision (Debian's /usr/bin/python3): /usr/bin/python3 make-corpus.py"""
import collections
import io
import os
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shim"))
import hostile_pth  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402

OUT = os.path.join(HERE, "corpus")


def pickle_only(path):
    """The archive at @path with each data/ record replaced by a line of fuzz/records."""
    buf = io.BytesIO()
    lines = []
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as dst:
        folder = src.infolist()[0].filename.split("/")[0]
        for info in src.infolist():
            rest = info.filename[len(folder) + 1:]
            if rest.startswith("data/"):
                lines.append(f"{rest[5:]} {info.file_size}\n")
            else:
                dst.writestr(info.filename, src.read(info.filename))
        dst.writestr(folder + "/fuzz/records", "".join(lines))
    return buf.getvalue()


def without(data, suffix):
    """The zip @data less its records whose names end in @suffix."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if not info.filename.endswith(suffix):
                dst.writestr(info.filename, src.read(info.filename))
    return buf.getvalue()


def saved(obj, **kwargs):
    with tempfile.NamedTemporaryFile(suffix=".pth") as f:
        torch.save(obj, f.name, **kwargs)
        return f.read()


def written(write, *args, **kwargs):
    with tempfile.NamedTemporaryFile(suffix=".pth") as f:
        write(f.name, *args, **kwargs)
        return open(f.name, "rb").read()


def manifest_of(obj):
    with tempfile.NamedTemporaryFile(suffix=".pth") as f:
        torch.save(obj, f.name)
        return pickle_only(f.name)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    state = torchvision.models.resnet18().state_dict()
    torch.manual_seed(1)
    two = torchvision.models.resnet18(num_classes=2).state_dict()
    stretched = collections.OrderedDict(state)
    stretched["conv1.weight"] = torch.zeros(1).expand(state["conv1.weight"].shape)
    wide = collections.OrderedDict(state)
    wide["fc.bias"] = torch.zeros(30 * 1000 * 1000)[:1000]
    full = saved(state)
    seeds = {
        "resnet18-1000.pth": manifest_of(state),
        "resnet18-2.pth": manifest_of(two),
        "resnet18-plain-dict.pth": manifest_of(dict(two)),
        "resnet18-half.pth": manifest_of({k: v.half() if v.is_floating_point() else v
                                          for k, v in state.items()}),
        "not-state-dict.pth": saved({"weights": [1, 2, 3]}),
        "legacy.pth": saved({"fc.bias": torch.zeros(2)}, _use_new_zipfile_serialization=False),
        # Findings, each refused now.
        "chain-100.pth": written(hostile_pth.deep_chain, 100),
        "chain-20000.pth": written(hostile_pth.deep_chain, 20000),
        "cycle.pth": written(hostile_pth.memo_cycle),
        "stride-zero.pth": written(hostile_pth.stride_zero),
        "stride-zero-shaped.pth": manifest_of(stretched),
        "wide-storage.pth": manifest_of(wide),
        "deflated.pth": written(hostile_pth.deflated, state, 64),
        "truncated.pth": full[:8192],
        # libtorch's reader threw in its constructor on this one and leaked miniz's state.
        "no-version.pth": without(saved({"weights": [1, 2, 3]}), "/version"),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
