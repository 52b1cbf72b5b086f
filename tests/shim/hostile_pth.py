# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile weights files: each function writes one to a path.

Shared by test-shim-bad-files.py and by the weights fuzz harness's corpus generator.
"""
import struct
import zipfile

import torch

PROTO = b"\x80\x02"


def unicode(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def storage_pid(key, numel, storage="FloatStorage"):
    """The persistent id torch.save writes for a storage, then BINPERSID."""
    return (b"(" + unicode("storage") + b"ctorch\n" + storage.encode() + b"\n" + unicode(key)
            + unicode("cpu") + b"J" + struct.pack("<i", numel) + b"tQ")


def rebuild_tensor(pid, offset, size, stride):
    def tup(values):
        return b"(" + b"".join(b"J" + struct.pack("<i", v) for v in values) + b"t"

    return (b"ctorch._utils\n_rebuild_tensor_v2\n(" + pid + b"J" + struct.pack("<i", offset)
            + tup(size) + tup(stride) + b"\x89ccollections\nOrderedDict\n)RtR")


def write_archive(path, pickle, records=(), compress=zipfile.ZIP_STORED):
    """A torch.save-like zip: archive/data.pkl, archive/byteorder and archive/data/KEY."""
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("archive/data.pkl", pickle, zipfile.ZIP_STORED)
        z.writestr("archive/byteorder", "little", zipfile.ZIP_STORED)
        for key, data in records:
            z.writestr("archive/data/" + key, data)
        z.writestr("archive/version", "3\n", zipfile.ZIP_STORED)


def deep_chain(path, levels=1000000):
    """Dicts nested by fetching the innermost again from the memo (BINGET) and setting an item
    in it, so that no insertion sees a deep child: a chain of any depth.  BUILD drops each
    fetched dict from the stack, so that only the chain itself holds its dicts."""
    body = b"}}q\x01q\x00b" + b"h\x00K\x00}q\x00sb" * levels + b"."
    write_archive(path, PROTO + body)


def memo_cycle(path):
    """A dict that holds itself, and a tensor, so that a leaked cycle leaks the tensor too."""
    pid = storage_pid("0", 4)
    body = (b"}q\x00(" + unicode("self") + b"h\x00" + unicode("conv1.bias")
            + rebuild_tensor(pid, 0, (4,), (1,)) + b"u.")
    write_archive(path, PROTO + body, [("0", bytes(16))])


def stride_zero(path, numel=1100000000):
    """One stored float viewed as @numel elements with stride 0."""
    torch.save({"conv1.weight": torch.zeros(1).expand(numel)}, path)


def deflated(path, state, megabytes=400):
    """@state with its first storage deflated and padded with zeros to @megabytes: a small file
    whose record inflates to far more than the model."""
    key = "conv1.weight"
    numel = megabytes * (1 << 20) // 4
    pickle = bytearray()
    pickle += PROTO + b"}q\x00("
    pickle += unicode(key) + rebuild_tensor(storage_pid("0", numel), 0, tuple(state[key].shape),
                                            tuple(state[key].stride()))
    pickle += b"u."
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("archive/data.pkl", bytes(pickle))
        info = zipfile.ZipInfo("archive/data/0")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
        z.writestr("archive/version", "3\n")



def odd_key(path):
    """A dict whose key holds a newline, a control character and bytes that are not UTF-8."""
    key = b"conv1\n\x7fweight\xff\xfe"
    body = b"}q\x00(X" + struct.pack("<I", len(key)) + key + b"Nu."
    write_archive(path, PROTO + body)
