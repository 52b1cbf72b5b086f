# SPDX-License-Identifier: GPL-3.0-or-later
"""What the data-parallel tests share: TAP lines, a small drawn data set, free ports, torchrun."""
import glob
import os
import random
import socket
import subprocess
import sys

results = []


def check(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}{' # ' + detail if detail else ''}")
    sys.stdout.flush()


def finish():
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


def draw_set(root, per_class, seed=5, side=None):
    """Two classes of drawn PNGs; @side: every picture that many pixels square, else sizes vary."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    for split, n in (("train", per_class), ("test", per_class // 2)):
        for cls in ("hotdog", "not-hotdog"):
            folder = os.path.join(root, split, cls)
            os.makedirs(folder)
            for i in range(n):
                w, h = (side, side) if side else (rng.randint(48, 120), rng.randint(48, 120))
                img = Image.new("RGB", (w, h), tuple(rng.randint(0, 255) for _ in range(3)))
                d = ImageDraw.Draw(img)
                if cls == "hotdog":
                    d.ellipse((w * 0.1, h * 0.35, w * 0.9, h * 0.65), fill=(180, 90, 40))
                else:
                    d.rectangle((w * 0.3, h * 0.1, w * 0.7, h * 0.9), fill=(40, 160, 60))
                img.save(os.path.join(folder, f"{i}.png"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def torchrun_cmd(args, log_dir, nproc=2):
    """Debian 12's torchrun 1.13: --redirects/--tee avoid its Python 3.11 crash in to_map."""
    return [sys.executable, "-m", "torch.distributed.run", f"--nproc_per_node={nproc}",
            "--nnodes=1", "--master_addr=127.0.0.1", f"--master_port={free_port()}",
            "--redirects", "2", "--tee", "1", "--log_dir", log_dir] + args


def torchrun(args, log_dir, nproc=2, timeout=600, env=None):
    return subprocess.run(torchrun_cmd(args, log_dir, nproc), capture_output=True, text=True,
                          timeout=timeout, env=env)


def rank_log(log_dir, rank, stream="stdout"):
    """What rank @rank wrote, as torchrun kept it under @log_dir."""
    found = glob.glob(os.path.join(log_dir, "**", str(rank), f"{stream}.log"), recursive=True)
    if not found:
        return ""
    with open(found[0], encoding="utf-8", errors="replace") as f:
        return f.read()


def clean_env():
    """This environment without any rank of an outer launcher."""
    env = dict(os.environ)
    for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT",
                 "TORCHELASTIC_USE_AGENT_STORE", "TORCHELASTIC_RESTART_COUNT"):
        env.pop(name, None)
    return env
