#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the archive harness's seed corpus into corpus/: small data-set zips and tars (plain,
gzip, xz, bzip2) as people make them, and the hostile ones the importer must keep refusing
(path traversal, absolute paths, symbolic and hard links, devices, bombs).  Run it from
anywhere: python3 make-corpus.py"""
import io
import os
import stat
import sys
import tarfile
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shim"))
import zip64  # noqa: E402

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


def tar_member(name, data=b"", kind=tarfile.REGTYPE, link="", size=None):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
    info.size = len(data) if size is None else size
    return info, (io.BytesIO(data) if kind == tarfile.REGTYPE and size is None else None)


def tar_of(members, mode="w", fmt=tarfile.PAX_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=fmt) as t:
        for info, data in members:
            t.addfile(info, data)
    return buf.getvalue()


def tar_data_set(prefix=""):
    return [tar_member(name, data) for name, data in data_set(prefix)]


def tar_seeds():
    seeds = {
        "flat.tar": tar_of(tar_data_set(), fmt=tarfile.USTAR_FORMAT),
        "gnu.tar": tar_of(tar_data_set("s/"), fmt=tarfile.GNU_FORMAT),
        "pax.tar.gz": tar_of(tar_data_set("hotdog-set/"), "w:gz"),
        "one-folder.tar.xz": tar_of([tar_member("s/", kind=tarfile.DIRTYPE)]
                                    + tar_data_set("s/"), "w:xz"),
        "flat.tar.bz2": tar_of(tar_data_set(), "w:bz2"),
        "slip-dotdot.tar": tar_of(tar_data_set() + [tar_member("../evil.txt", b"out")]),
        "slip-absolute.tar": tar_of(tar_data_set() + [tar_member("/tmp/evil.txt", b"out")]),
        "symlink.tar": tar_of(tar_data_set() + [tar_member("train/hotdog/l.png",
                                                           kind=tarfile.SYMTYPE,
                                                           link="/etc/passwd")]),
        "symlink-dir.tar": tar_of([tar_member("train/hotdog/up", kind=tarfile.SYMTYPE,
                                              link="../../..")]
                                  + [tar_member("train/hotdog/up/evil.png", b"out")]),
        "hardlink.tar": tar_of(tar_data_set() + [tar_member("train/hotdog/h.png",
                                                            kind=tarfile.LNKTYPE,
                                                            link="/etc/passwd")]),
        "device.tar": tar_of(tar_data_set() + [tar_member("train/hotdog/d.png",
                                                          kind=tarfile.CHRTYPE)]),
        "fifo.tar": tar_of(tar_data_set() + [tar_member("train/hotdog/f.png",
                                                        kind=tarfile.FIFOTYPE)]),
        "long-name.tar": tar_of(tar_data_set() + [tar_member("train/hotdog/" + "n" * 300 + ".png",
                                                             PNG)], fmt=tarfile.GNU_FORMAT),
        # A header that declares more than the harness's 16 MiB bound, with no data behind it.
        "declared-huge.tar": tar_of(tar_data_set()
                                    + [tar_member("train/hotdog/big.png", size=1 << 40)]),
        "bomb.tar.gz": tar_of(tar_data_set() + [tar_member("train/hotdog/big.png",
                                                           b"\0" * (20 << 20))], "w:gz"),
        "no-test.tar": tar_of([tar_member("train/a/0.png", PNG)]),
        "empty.tar": tar_of([]),
    }
    # The size field of a header cut short: the archive ends inside a member's data.
    seeds["truncated.tar"] = seeds["flat.tar"][:512 + 100]
    return seeds


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
    # The data set with its directory in ZIP64 form (tests/fetch/test-archive.c imports it).
    seeds["zip64.zip"] = zip64.to_zip64(zip_of(data_set("zip64-set/"), zipfile.ZIP_STORED))
    seeds["zip64-slip.zip"] = zip64.to_zip64(zip_of(data_set() + [("../evil.txt", b"out")]))
    seeds.update(tar_seeds())
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
