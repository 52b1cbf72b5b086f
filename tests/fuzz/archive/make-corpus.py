#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the archive harness's seed corpus into corpus/: small data-set zips as people make
them, and the hostile ones the importer must keep refusing (zip-slip, absolute paths,
symbolic links, a bomb).  Run it from anywhere: python3 make-corpus.py"""
import io
import os
import stat
import zipfile
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082")


def zip_of(entries, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            if isinstance(data, zipfile.ZipInfo):
                z.writestr(data, name)
            else:
                z.writestr(name, data)
    return buf.getvalue()


def data_set(prefix=""):
    return [(f"{prefix}{split}/{cls}/{i}.png", PNG)
            for split in ("train", "test") for cls in ("hotdog", "not-hotdog") for i in range(2)]


def symlink(name, target):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return target, info


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {
        "flat.zip": zip_of(data_set()),
        "stored.zip": zip_of(data_set(), zipfile.ZIP_STORED),
        "one-folder.zip": zip_of(data_set("hotdog-set/")),
        "macosx.zip": zip_of(data_set("s/") + [("__MACOSX/s/._x", b"junk"), ("s/.DS_Store", b"x")]),
        "folders.zip": zip_of([("s/", b""), ("s/train/", b"")] + data_set("s/")),
        "slip-dotdot.zip": zip_of(data_set() + [("../evil.txt", b"out")]),
        "slip-deep.zip": zip_of(data_set() + [("train/../../../evil.txt", b"out")]),
        "slip-absolute.zip": zip_of(data_set() + [("/tmp/evil.txt", b"out")]),
        "slip-backslash.zip": zip_of(data_set() + [("..\\evil.txt", b"out")]),
        "slip-drive.zip": zip_of(data_set() + [("C:/evil.txt", b"out")]),
        "no-test.zip": zip_of([("train/a/0.png", PNG)]),
        "empty.zip": zip_of([]),
    }
    target, info = symlink("train/hotdog/link.png", "/etc/passwd")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in data_set():
            z.writestr(name, data)
        z.writestr(info, target)
        z.writestr("train/hotdog/link.png/x.png", PNG)
    seeds["symlink.zip"] = buf.getvalue()
    # Past the harness's 16 MiB bound and the compression ratio, in a few kilobytes.
    seeds["bomb.zip"] = zip_of(data_set() + [("train/hotdog/big.png", b"\0" * (20 << 20))])
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
