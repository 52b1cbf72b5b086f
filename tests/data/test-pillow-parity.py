# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares the C image pipeline with Pillow and torchvision on images drawn here.

Usage: test-pillow-parity.py PROBE.  Prints TAP; exits 77 when torch is missing.
"""
import math
import os
import struct
import subprocess
import sys
import tempfile
import zlib

try:
    import numpy as np
    import torch
    import torchvision.transforms as T
    import torchvision.transforms.functional as F
    from PIL import Image, features
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

PROBE = sys.argv[1]
MEAN_TOL = 0.5 / 255
MAX_TOL = 2.0 / 255
results = []


def check(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}{' # ' + detail if detail else ''}")
    sys.stdout.flush()


def photo(width, height, seed):
    """Smooth shading, soft blobs, hard edges and sensor-like noise, like a photograph."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    img = np.zeros((height, width, 3))
    for c in range(3):
        a, b, p = rng.uniform(-1, 1, 3)
        img[..., c] = 128 + 60 * np.sin(a * x / 17 + b * y / 23 + p)
    for _ in range(6):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(8, 60)
        colour = rng.uniform(0, 255, 3)
        mask = np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))
        img = img * (1 - mask[..., None]) + colour * mask[..., None]
    edge = (x * 0.7 + y * 0.3) > width * 0.6
    img[edge] = img[edge] * 0.5 + 40
    img += rng.normal(0, 6, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def save_png16_rgb(path, rgb16):
    """Pillow cannot write 16-bit colour PNG, so this writes one by hand."""
    h, w, _ = rgb16.shape
    raw = b"".join(b"\0" + rgb16[y].astype(">u2").tobytes() for y in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)))
        f.write(png_chunk(b"IDAT", zlib.compress(raw)))
        f.write(png_chunk(b"IEND", b""))


def filter_row(kind, row, prev, bpp):
    """PNG's filter @kind applied to @row (bytes of one row) with @prev the row above."""
    out = bytearray(len(row))
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if kind == 0:
            guess = 0
        elif kind == 1:
            guess = a
        elif kind == 2:
            guess = b
        elif kind == 3:
            guess = (a + b) >> 1
        else:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            guess = a if pa <= pb and pa <= pc else b if pb <= pc else c
        out[i] = (x - guess) & 0xFF
    return bytes([kind]) + bytes(out)


def save_png_filtered(path, pixels, kinds):
    """An 8-bit RGB or RGBA PNG whose row y is filtered with kinds[y % len(kinds)]."""
    h, w, ch = pixels.shape
    bpp, prev, raw = ch, bytes(w * ch), []
    for y in range(h):
        row = pixels[y].tobytes()
        raw.append(filter_row(kinds[y % len(kinds)], row, prev, bpp))
        prev = row
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2 if ch == 3 else 6, 0, 0, 0)))
        f.write(png_chunk(b"IDAT", zlib.compress(b"".join(raw))))
        f.write(png_chunk(b"IEND", b""))


def make_filtered(folder, files, base, alpha):
    """Every row filter, on the first row too, for both pixel sizes of the fast path."""
    rgba = np.dstack([base, alpha])[:29, :41]
    for ch, pixels in ((3, rgba[..., :3].copy()), (4, rgba)):
        for kind, kinds in (("sub", [1]), ("up", [2]), ("average", [3]), ("paeth", [4]),
                            ("mixed", [4, 3, 1, 0, 2, 4, 4])):
            name = f"filter-{kind}-{ch}.png"
            files[name] = os.path.join(folder, name)
            save_png_filtered(files[name], pixels, kinds)


def make_images(folder):
    files = {}
    base = photo(173, 131, 1)
    tall = photo(97, 250, 2)
    wide = photo(301, 89, 3)
    big = photo(389, 277, 4)
    alpha = (np.arange(173 * 131) % 251).reshape(131, 173).astype(np.uint8)

    def save(name, image, **kw):
        path = os.path.join(folder, name)
        image.save(path, **kw)
        files[name] = path

    save("rgb.png", Image.fromarray(base))
    save("tall.png", Image.fromarray(tall))
    save("wide.png", Image.fromarray(wide))
    save("big.png", Image.fromarray(big))
    save("rgba.png", Image.fromarray(np.dstack([base, alpha]), "RGBA"))
    save("grey.png", Image.fromarray(base).convert("L"))
    save("grey-alpha.png", Image.fromarray(base).convert("LA"))
    save("palette.png", Image.fromarray(base).quantize(colors=64))
    save("rgb.jpg", Image.fromarray(big), quality=90)
    save("progressive.jpg", Image.fromarray(wide), quality=80, progressive=True)
    save("grey.jpg", Image.fromarray(tall).convert("L"), quality=85)
    save("grey16.png", Image.fromarray((base[..., 1].astype(np.uint16) * 257 + 3)))
    rgb16 = base.astype(np.uint16) * 257 + (np.arange(base.size).reshape(base.shape) % 200)
    save_png16_rgb(os.path.join(folder, "rgb16.png"), rgb16)
    files["rgb16.png"] = os.path.join(folder, "rgb16.png")
    # Kinds the PNG fast path declines (low bit depths), or handles with a colour key.
    save("palette4.png", Image.fromarray(base).quantize(colors=16), bits=4)
    save("bilevel.png", Image.fromarray(base).convert("1"))
    save("rgb-key.png", Image.fromarray(wide), transparency=tuple(int(v) for v in wide[0, 0]))
    if features.check("webp"):
        save("rgb.webp", Image.fromarray(wide), lossless=True)
    make_filtered(folder, files, base, alpha)
    return files


def probe(*args):
    subprocess.run([PROBE, *map(str, args)], check=True)


def probe_decode(folder, path):
    out = os.path.join(folder, "out.bin")
    probe("decode", path, out)
    data = open(out, "rb").read()
    w, h = struct.unpack("<ii", data[:8])
    return np.frombuffer(data[8:], np.uint8).reshape(h, w, 3)


def probe_floats(folder, size, *args):
    out = os.path.join(folder, "out.bin")
    probe(*args, out)
    return np.fromfile(out, np.float32).reshape(3, size, size)


def test_decode(folder, files):
    for name, path in sorted(files.items()):
        ours = probe_decode(folder, path)
        pil = np.asarray(Image.open(path).convert("RGB"))
        if name == "grey16.png":
            # Pillow opens 16-bit grey as mode I and its convert("RGB") saturates at 255;
            # GdkPixbuf keeps each sample's high byte, which is what this checks exactly.
            raw = np.asarray(Image.open(path)).astype(np.uint32)
            ok = np.array_equal(ours, np.repeat((raw >> 8)[..., None], 3, axis=2).astype(np.uint8))
            check(ok, f"decode {name} keeps the high byte of each 16-bit sample")
            continue
        diff = np.abs(ours.astype(int) - pil.astype(int))
        check(ours.shape == pil.shape and diff.max() == 0, f"decode {name} equals Pillow's "
              f"convert('RGB')", f"max diff {diff.max()}")


def test_truncated(folder, files):
    """A file cut short is refused by both, not decoded with a grey remainder."""
    for name in ("rgb.jpg", "progressive.jpg", "rgb.webp", "rgb.png"):
        if name not in files:
            continue
        data = open(files[name], "rb").read()
        cut = os.path.join(folder, "cut-" + name)
        with open(cut, "wb") as f:
            f.write(data[: len(data) * 2 // 3])
        try:
            Image.open(cut).convert("RGB")
            pil_refuses = False
        except (OSError, SyntaxError):
            pil_refuses = True
        ours = subprocess.run([PROBE, "decode", cut, os.path.join(folder, "out.bin")],
                              capture_output=True, text=True)
        check(pil_refuses and ours.returncode == 2,
              f"a truncated {name} is refused, as Pillow refuses it", ours.stderr.strip())


def compare(name, ours, ref):
    diff = np.abs(ours.astype(np.float64) - ref.astype(np.float64))
    ok = diff.mean() <= MEAN_TOL and diff.max() <= MAX_TOL
    check(ok, name, f"mean {diff.mean() * 255:.4f}/255, max {diff.max() * 255:.3f}/255")


def test_transforms(folder, files):
    for size in (224, 64):
        r = size * 256 // 224
        tf = T.Compose([T.Resize([r, r]), T.CenterCrop(size), T.ToTensor()])
        for name in ("rgb.png", "tall.png", "wide.png", "big.png", "rgba.png", "palette.png",
                     "rgb.jpg", "grey.jpg"):
            ref = tf(Image.open(files[name]).convert("RGB")).numpy()
            ours = probe_floats(folder, size, "test", files[name], size)
            compare(f"test transform at {size} on {name}", ours, ref)
    boxes = {"big.png": [(0, 0, 277, 389), (13, 40, 101, 77), (200, 300, 77, 89), (5, 7, 30, 200)],
             "tall.png": [(3, 1, 240, 96), (100, 20, 19, 23)],
             "wide.png": [(0, 0, 89, 301), (1, 150, 80, 40)]}
    for name, crops in boxes.items():
        img = Image.open(files[name]).convert("RGB")
        for (top, left, h, w) in crops:
            for size in (224, 48):
                ref = F.to_tensor(F.resized_crop(img, top, left, h, w, [size, size])).numpy()
                ours = probe_floats(folder, size, "crop", files[name], top, left, h, w, size)
                compare(f"resized crop {name} box {top},{left},{h},{w} to {size}", ours, ref)


def box_stats(boxes, width, height):
    top, left, h, w = (boxes[:, i].astype(np.float64) for i in range(4))
    fw, fh = fallback_box(width, height)
    fb = (h == fh) & (w == fw) & (top == (height - fh) // 2) & (left == (width - fw) // 2)
    return (h * w / (width * height)), np.log(w / h), fb.astype(np.float64)


def fallback_box(width, height):
    ratio = width / height
    if ratio < 3 / 4:
        return width, int(round(width / (3 / 4)))
    if ratio > 4 / 3:
        return int(round(height * 4 / 3)), height
    return width, height


def test_box_statistics(folder):
    n = 10000
    torch.manual_seed(0)
    for width, height in ((500, 375), (173, 131), (100, 640), (640, 100), (224, 224)):
        out = os.path.join(folder, "boxes.bin")
        probe("boxes", width, height, n, 7, out)
        ours = np.fromfile(out, np.int32).reshape(n, 5)
        img = Image.new("RGB", (width, height))
        ref = np.array([T.RandomResizedCrop.get_params(img, (0.08, 1.0), (3 / 4, 4 / 3))
                        for _ in range(n)])
        inside = ((ours[:, 0] >= 0) & (ours[:, 1] >= 0) & (ours[:, 2] > 0) & (ours[:, 3] > 0)
                  & (ours[:, 0] + ours[:, 2] <= height) & (ours[:, 1] + ours[:, 3] <= width))
        check(bool(inside.all()), f"{width}x{height}: every box lies inside the image")
        a_stats, b_stats = box_stats(ours[:, :4], width, height), box_stats(ref, width, height)
        flagged = ours[:, 4].astype(bool)
        check(bool(np.all(a_stats[2].astype(bool)[flagged])),
              f"{width}x{height}: every fallback is the clamped centre crop")
        for label, a, b in zip(("mean area fraction", "mean log aspect", "fallback rate"),
                               a_stats, b_stats):
            se = math.sqrt(a.var() / n + b.var() / n)
            diff = abs(a.mean() - b.mean())
            # Four standard errors: a false alarm about once in 16,000 comparisons.
            ok = diff <= 4 * se if se > 0 else diff == 0
            check(ok, f"{width}x{height}: {label} matches torchvision",
                  f"ours {a.mean():.5f}, torchvision {b.mean():.5f}, se {se:.5f}")


def main():
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as folder:
        files = make_images(folder)
        test_decode(folder, files)
        test_truncated(folder, files)
        test_transforms(folder, files)
        test_box_statistics(folder)
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
