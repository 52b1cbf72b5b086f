# SPDX-License-Identifier: GPL-3.0-or-later
"""What a data-parallel run does when the ranks cannot work together.

Ranks are started by hand with RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT, as a scheduler
would: a rank killed with SIGKILL mid-epoch makes rank 0 stop within --dist-timeout with one
sentence naming it, a non-zero exit and a run folder that reopens at its last finished
epoch; an unreachable master, another WORLD_SIZE and another data set on one rank each end
with one sentence.  Prints TAP; exits 77 when torch is missing.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from dist_common import check, clean_env, draw_set, finish, free_port

try:
    import torch
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

CLI = os.environ["FINETUNE_CLI"]
TIMEOUT = 10


def start(rank, world, port, data, extra, env):
    e = dict(env, RANK=str(rank), WORLD_SIZE=str(world), MASTER_ADDR="127.0.0.1",
             MASTER_PORT=str(port))
    cmd = [CLI, "train", "--data", data, "--scratch", "--size", "32", "--batch", "4",
           "--threads", "1", "--loader-threads", "1", "--no-augment",
           "--dist-timeout", str(TIMEOUT)] + extra
    return subprocess.Popen(cmd, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def one_sentence(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return len(lines) == 1 and lines[0].rstrip().endswith(".")


def killed_rank(tmp, data, env):
    port = free_port()
    run = os.path.join(tmp, "killed")
    r0 = start(0, 2, port, data, ["--epochs", "50", "--out", run], env)
    r1 = start(1, 2, port, data, ["--epochs", "50"], env)
    state_path = os.path.join(run, "state.json")
    deadline = time.monotonic() + 300
    epochs_done = 0
    while time.monotonic() < deadline and epochs_done < 1 and r0.poll() is None:
        time.sleep(0.2)
        try:
            with open(state_path) as f:
                epochs_done = json.load(f).get("epochs_done", 0)
        except (OSError, ValueError):
            pass
    check(epochs_done >= 1, "rank 0 finishes an epoch with rank 1")
    time.sleep(0.5)  # into the next epoch
    r1.kill()
    killed_at = time.monotonic()
    try:
        _, err = r0.communicate(timeout=TIMEOUT + 30)
    except subprocess.TimeoutExpired:
        r0.kill()
        _, err = r0.communicate()
    took = time.monotonic() - killed_at
    r1.communicate()
    check(r0.returncode not in (0, None), "rank 0 exits non-zero", f"exit {r0.returncode}")
    check(took <= TIMEOUT + 15, f"rank 0 stops within the timeout ({TIMEOUT} s)",
          f"{took:.1f} s")
    check(one_sentence(err) and "Rank 1" in err, "one sentence naming rank 1", err.strip())
    with open(state_path) as f:
        state = json.load(f)
    check(state["state"] == "failed" and state["epochs_done"] >= 1,
          "the run folder says it failed after its last finished epoch", json.dumps(state))
    image = os.path.join(data, "test", "hotdog", "0.png")
    proc = subprocess.run([CLI, "predict", "--model", run, image], env=env, capture_output=True,
                          text=True, timeout=120)
    check(proc.returncode == 0, "the run folder reopens: predict uses its model",
          proc.stderr.strip())


def unreachable(tmp, data, env):
    port = free_port()  # nothing listens there
    t0 = time.monotonic()
    r1 = start(1, 2, port, data, ["--epochs", "1"], env)
    try:
        _, err = r1.communicate(timeout=TIMEOUT + 60)
    except subprocess.TimeoutExpired:
        r1.kill()
        _, err = r1.communicate()
    took = time.monotonic() - t0
    check(r1.returncode not in (0, None), "an unreachable master: non-zero exit",
          f"exit {r1.returncode}")
    check(took <= TIMEOUT + 30, "an unreachable master: within the timeout", f"{took:.1f} s")
    check(one_sentence(err) and "MASTER_ADDR" in err, "an unreachable master: one sentence",
          err.strip())


def pair(tmp, env, data0, data1, world0, world1, what, needle):
    port = free_port()
    r0 = start(0, world0, port, data0, ["--epochs", "1", "--out", os.path.join(tmp, what)], env)
    r1 = start(1, world1, port, data1, ["--epochs", "1"], env)
    errs = []
    for r in (r0, r1):
        try:
            errs.append(r.communicate(timeout=TIMEOUT + 120)[1])
        except subprocess.TimeoutExpired:
            r.kill()
            errs.append(r.communicate()[1] + "(killed)")
    for rank, (r, err) in enumerate(zip((r0, r1), errs)):
        check(r.returncode not in (0, None) and one_sentence(err) and needle in err,
              f"{what}: rank {rank} ends with one sentence", err.strip())


def main():
    env = clean_env()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "set")
        draw_set(data, 8)
        other = os.path.join(tmp, "other")
        shutil.copytree(data, other)
        os.remove(os.path.join(other, "train", "hotdog", "3.png"))
        unreachable(tmp, data, env)
        pair(tmp, env, data, data, 2, 3, "another WORLD_SIZE", "WORLD_SIZE")
        pair(tmp, env, data, other, 2, 2, "another data set", "data set")
        killed_rank(tmp, data, env)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
