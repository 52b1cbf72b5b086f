#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the image harness's seed corpus into corpus/: a PNG for every colour type and bit
depth, plain and Adam7-interlaced, with each row filter and a mix of them (written by hand
here, since Pillow chooses filters itself); other formats through Pillow; and the bombs the
decoder must keep refusing.  Run it from anywhere: python3 make-corpus.py"""
import io
import os
import struct
import zlib

from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
# (colour type, bit depths, samples per pixel)
TYPES = [(0, (1, 2, 4, 8, 16), 1), (2, (8, 16), 3), (3, (1, 2, 4, 8), 1), (4, (8, 16), 2),
         (6, (8, 16), 4)]
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]
W, H = 7, 5


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def filter_row(kind, row, prev, bpp):
    out = bytearray()
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i] if prev else 0
        c = prev[i - bpp] if prev and i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - pred) & 0xFF)
    return bytes([kind]) + bytes(out)


def pack_row(samples, depth):
    if depth >= 8:
        return b"".join(s.to_bytes(depth // 8, "big") for s in samples)
    bits = "".join(format(s, f"0{depth}b") for s in samples)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def encode(pixels, w, h, ctype, depth, channels, filt):
    """pixels[y][x] is a tuple of samples; filt is 0-4, or None for a different one each row."""
    bpp = max(1, channels * depth // 8)
    raw = bytearray()
    prev = None
    for y in range(h):
        row = pack_row([s for x in range(w) for s in pixels[y][x]], depth)
        raw += filter_row(y % 5 if filt is None else filt, row, prev, bpp)
        prev = row
    return raw


def png(ctype, depth, channels, interlace, filt):
    top = (1 << depth) - 1
    def sample(x, y, c):
        if ctype == 3:
            return (x + 3 * y) % (1 << depth)
        return (x * 37 + y * 91 + c * 53) * top // (W * 37 + H * 91 + 4 * 53)
    pixels = [[tuple(sample(x, y, c) for c in range(channels)) for x in range(W)] for y in range(H)]
    if interlace:
        raw = bytearray()
        for x0, y0, dx, dy in ADAM7:
            sub = [row[x0::dx] for row in pixels[y0::dy]]
            if sub and sub[0]:
                raw += encode(sub, len(sub[0]), len(sub), ctype, depth, channels, filt)
    else:
        raw = encode(pixels, W, H, ctype, depth, channels, filt)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, depth, ctype, 0, 0,
                                                            interlace))
    if ctype == 3:
        n = 1 << depth
        out += chunk(b"PLTE", bytes((i * 255 // max(n - 1, 1), 255 - i * 255 // max(n - 1, 1), i * 7 % 256)
                                    [k] for i in range(n) for k in range(3)))
        out += chunk(b"tRNS", bytes([128]))
    return out + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def bombs():
    header = b"\x89PNG\r\n\x1a\n"
    yield "bomb-100000x100000.png", header + chunk(
        b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)) + chunk(
        b"IDAT", zlib.compress(b"\0" * 1000, 9)) + chunk(b"IEND", b"")
    small = png(2, 8, 3, 0, 1)
    body = small[8:]
    ihdr = body[:25]
    rest = body[25:]
    big = zlib.compress(b"\0" * (8 << 20), 9)
    yield "bomb-iccp.png", header + ihdr + chunk(b"iCCP", b"icc\0\0" + big) + rest
    yield "bomb-ztxt.png", header + ihdr + chunk(b"zTXt", b"Comment\0\0" + big) + rest
    yield "bomb-idat.png", header + chunk(
        b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)) + chunk(b"IDAT", big) + chunk(
        b"IEND", b"")


def pillow_formats():
    im = Image.new("RGB", (9, 6))
    im.putdata([(x * 28, y * 40, (x + y) * 15) for y in range(6) for x in range(9)])
    for fmt, ext, extra in [("JPEG", "jpg", {}), ("JPEG", "progressive.jpg", {"progressive": True}),
                            ("GIF", "gif", {}), ("BMP", "bmp", {}), ("WEBP", "webp", {}),
                            ("TIFF", "tif", {}), ("PPM", "ppm", {})]:
        buf = io.BytesIO()
        try:
            im.save(buf, fmt, **extra)
        except (KeyError, OSError):
            continue
        yield "pillow." + ext, buf.getvalue()
    yield "svg.svg", (b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6">'
                      b'<rect width="8" height="6" fill="red"/></svg>')


def main():
    os.makedirs(OUT, exist_ok=True)
    for ctype, depths, channels in TYPES:
        for depth in depths:
            for interlace in (0, 1):
                for filt in (0, 1, 2, 3, 4, None):
                    name = f"png-c{ctype}-d{depth}-i{interlace}-f{'mix' if filt is None else filt}.png"
                    with open(os.path.join(OUT, name), "wb") as f:
                        f.write(png(ctype, depth, channels, interlace, filt))
    for name, data in list(bombs()) + list(pillow_formats()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
