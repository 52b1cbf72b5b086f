# SPDX-License-Identifier: GPL-3.0-or-later
"""Two hosts: one rank in each of two network namespaces joined by a veth pair.

Rank 0 runs in one namespace at 10.77.0.1, rank 1 in the other at 10.77.0.2, MASTER_ADDR
being rank 0's address across the pair; the figures must be those of the same 2-rank run on
loopback, epoch by epoch.  The test makes and removes the namespaces; it needs root (and
iproute2) and skips with the reason otherwise.  Prints TAP.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid

from dist_common import check, clean_env, draw_set, finish, free_port

CLI = os.environ["FINETUNE_CLI"]
ARGS = ["train", "--scratch", "--epochs", "2", "--batch", "4", "--size", "32", "--threads", "1",
        "--loader-threads", "1", "--no-augment", "--dist-timeout", "30", "--json"]


def skip(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(77)


def ip(*args):
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


def run_pair(data, prefix0, prefix1, addr, out, env):
    port = str(free_port())
    procs = []
    for rank, prefix in ((0, prefix0), (1, prefix1)):
        e = dict(env, RANK=str(rank), WORLD_SIZE="2", MASTER_ADDR=addr, MASTER_PORT=port)
        if prefix:
            e["GLOO_SOCKET_IFNAME"] = prefix[-1]
            prefix = prefix[:-1]
        extra = ["--out", out] if rank == 0 else []
        procs.append(subprocess.Popen(prefix + [CLI] + ARGS + ["--data", data] + extra, env=e,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outs = [p.communicate(timeout=600) for p in procs]
    ok = all(p.returncode == 0 for p in procs)
    detail = " | ".join(o[1].strip() for o in outs if o[1].strip())
    epochs = json.loads(outs[0][0].strip().splitlines()[-1])["epochs"] if ok else None
    return ok, epochs, detail


def main():
    if os.geteuid() != 0:
        skip("making network namespaces needs root")
    if shutil.which("ip") is None:
        skip("iproute2's ip is not installed")
    tag = uuid.uuid4().hex[:6]
    ns = [f"ft{tag}a", f"ft{tag}b"]
    veth = [f"ft{tag}0", f"ft{tag}1"]
    env = clean_env()
    try:
        try:
            for n in ns:
                ip("netns", "add", n)
            ip("link", "add", veth[0], "type", "veth", "peer", "name", veth[1])
            for i in (0, 1):
                ip("link", "set", veth[i], "netns", ns[i])
                ip("-n", ns[i], "addr", "add", f"10.77.0.{i + 1}/24", "dev", veth[i])
                ip("-n", ns[i], "link", "set", veth[i], "up")
                ip("-n", ns[i], "link", "set", "lo", "up")
        except subprocess.CalledProcessError as e:
            skip(f"cannot make network namespaces: {e.stderr.strip()}")
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "set")
            draw_set(data, 8)
            ok, loop, detail = run_pair(data, [], [], "127.0.0.1", os.path.join(tmp, "lo"), env)
            check(ok, "2 ranks on loopback", detail)
            ok, pair, detail = run_pair(
                data, ["ip", "netns", "exec", ns[0], veth[0]],
                ["ip", "netns", "exec", ns[1], veth[1]], "10.77.0.1", os.path.join(tmp, "ns"),
                env)
            check(ok, "one rank in each namespace, across the veth pair", detail)
            if loop and pair:
                same = all(abs(a[k] - b[k]) <= 1e-9 for a, b in zip(loop, pair)
                           for k in ("train_loss", "train_acc", "test_acc"))
                check(same and len(loop) == len(pair), "the same figures as on loopback",
                      f"loopback {[round(e['train_loss'], 6) for e in loop]}, "
                      f"namespaces {[round(e['train_loss'], 6) for e in pair]}")
    finally:
        for n in ns:
            subprocess.run(["ip", "netns", "del", n], capture_output=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
