# SPDX-License-Identifier: GPL-3.0-or-later
"""A batch of only unreadable images on one rank does not part the ranks.

The training set's unreadable files are placed, with finetune's own sharding, exactly on rank
1's first batch of epoch 0, while rank 0's batch there is readable.  Rank 1 must still take part
in every exchange of that step (a zero gradient, no image counted): the 2-rank run finishes,
and its figures are the global ones: every epoch's train accuracy is a count over the 12
readable images of the 16, and the test accuracy is what one process's evaluation of the saved
model finds on the whole test set.  Prints TAP; exits 77 when torch is missing.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

from dist_common import check, clean_env, draw_set, finish, free_port

try:
    import torch  # noqa: F401 (the data-parallel tests run where torch does)
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

CLI = os.environ["FINETUNE_CLI"]
PROBE = os.environ["DIST_SHARD_PROBE"]
TIMEOUT = 30
PER_CLASS = 8  # 16 training images: class-major, files 0.png to 7.png in each
BATCH = 4
SEED = 3
EPOCHS = 2


def shards(n, world, epochs):
    out = subprocess.run([PROBE, str(n), str(world), str(SEED), "1", str(epochs)],
                         capture_output=True, text=True, check=True).stdout
    got = {}
    for line in out.splitlines():
        epoch, rank, *indices = (int(x) for x in line.split())
        got[epoch, rank] = indices
    return got


def train_path(data, index):
    cls = ("hotdog", "not-hotdog")[index // PER_CLASS]
    return os.path.join(data, "train", cls, f"{index % PER_CLASS}.png")


def main():
    env = clean_env()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "set")
        draw_set(data, PER_CLASS)
        n = 2 * PER_CLASS
        shard = shards(n, 2, EPOCHS)
        bad = shard[0, 1][:BATCH]
        for index in bad:
            with open(train_path(data, index), "wb") as f:
                f.write(b"this is not a picture")
        check(len(set(bad) & set(shard[0, 0][:BATCH])) == 0,
              "rank 1's first batch is all unreadable, rank 0's is readable",
              f"rank 1: {bad}, rank 0: {shard[0, 0][:BATCH]}")
        readable = n - len(bad)

        port = free_port()
        run = os.path.join(tmp, "run")
        procs = []
        t0 = time.monotonic()
        for rank in (0, 1):
            e = dict(env, RANK=str(rank), WORLD_SIZE="2", MASTER_ADDR="127.0.0.1",
                     MASTER_PORT=str(port))
            cmd = [CLI, "train", "--data", data, "--scratch", "--size", "32", "--batch",
                   str(BATCH), "--threads", "1", "--loader-threads", "1", "--no-augment",
                   "--seed", str(SEED), "--epochs", str(EPOCHS), "--dist-timeout", str(TIMEOUT),
                   "--json"] + (["--out", run] if rank == 0 else [])
            procs.append(subprocess.Popen(cmd, env=e, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))
        outs = []
        for p in procs:
            try:
                outs.append(p.communicate(timeout=TIMEOUT + 240))
            except subprocess.TimeoutExpired:
                p.kill()
                outs.append(p.communicate())
        took = time.monotonic() - t0
        for rank, (p, (_, err)) in enumerate(zip(procs, outs)):
            check(p.returncode == 0, f"rank {rank} finishes", f"exit {p.returncode}: "
                  f"{err.strip()[-300:]}")
        check(took < TIMEOUT, f"the run ends before the exchange timeout ({TIMEOUT} s)",
              f"{took:.1f} s")
        try:
            result = json.loads(outs[0][0].strip().splitlines()[-1])
        except (ValueError, IndexError):
            result = {"epochs": []}
        epochs = result.get("epochs", [])
        check(len(epochs) == EPOCHS, f"rank 0 reports {EPOCHS} epochs", json.dumps(epochs))
        for e in epochs:
            count = e["train_acc"] * readable
            check(abs(count - round(count)) < 1e-6,
                  f"epoch {e['epoch']}: train acc is a count over the {readable} readable images",
                  f"{e['train_acc']!r} x {readable} = {count:.6f}")
        proc = subprocess.run([CLI, "evaluate", "--model", run, "--json"], env=env,
                              capture_output=True, text=True, timeout=120)
        try:
            accuracy = json.loads(proc.stdout)["accuracy"]
        except (ValueError, KeyError):
            accuracy = None
        last = epochs[-1]["test_acc"] if epochs else None
        check(accuracy is not None and last is not None and abs(accuracy - last) < 1e-9,
              "the test accuracy is one process's evaluation of the saved model",
              f"run {last}, evaluate {accuracy}: {proc.stderr.strip()}")
        with open(os.path.join(run, "state.json")) as f:
            state = json.load(f)
        check(state.get("state") == "finished", "the run folder says finished", json.dumps(state))
    return finish()


if __name__ == "__main__":
    sys.exit(main())
