# SPDX-License-Identifier: GPL-3.0-or-later
"""Rewrites a zip's central directory in its ZIP64 form, as writers do past 4 GiB: every size and
offset in the directory says 0xffffffff and a ZIP64 extra field holds the value, and the end
record points to a ZIP64 end record through its locator.  The local headers and data stay as
they are, so a reader that follows the ZIP64 fields sees the same archive.

Shared by test-shim-bad-files.py and the fuzz harnesses' corpus generators.
"""
import io
import struct
import zipfile

FULL = 0xFFFFFFFF


def to_zip64(data, damage=None):
    """@data, a zip, in ZIP64 form.  @damage breaks one thing a reader must check:
    "no-locator" drops the locator, "locator-beyond" points it past the end record,
    "short-extra" cuts each ZIP64 extra field to one value, "huge-count" claims 2**40 records."""
    dir_at = zipfile.ZipFile(io.BytesIO(data)).start_dir
    eocd = data.rindex(b"PK\x05\x06")
    count = struct.unpack_from("<H", data, eocd + 10)[0]
    directory = bytearray()
    at = dir_at
    for _ in range(count):
        fields = list(struct.unpack_from("<IHHHHHHIIIHHHHHII", data, at))
        name_len, extra_len, comment_len = fields[10:13]
        tail = data[at + 46:at + 46 + name_len + extra_len + comment_len]
        name, extra, comment = (tail[:name_len], tail[name_len:name_len + extra_len],
                                tail[name_len + extra_len:])
        comp, size, offset = fields[8], fields[9], fields[16]
        values = struct.pack("<QQQ", size, comp, offset)
        if damage == "short-extra":
            values = values[:8]
        extra = struct.pack("<HH", 1, len(values)) + values + extra
        fields[8] = fields[9] = fields[16] = FULL
        fields[11] = len(extra)
        directory += struct.pack("<IHHHHHHIIIHHHHHII", *fields) + name + extra + comment
        at += 46 + name_len + extra_len + comment_len
    z_at = dir_at + len(directory)
    total = 1 << 40 if damage == "huge-count" else count
    end64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, total, total,
                        len(directory), dir_at)
    locator_to = z_at + len(end64) + 20 + 22 + 1 if damage == "locator-beyond" else z_at
    locator = struct.pack("<IIQI", 0x07064B50, 0, locator_to, 1)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, FULL, FULL, 0)
    if damage == "no-locator":
        locator = b""
    return bytes(data[:dir_at] + directory + end64 + locator + end)
