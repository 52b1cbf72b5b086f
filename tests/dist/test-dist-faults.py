# SPDX-License-Identifier: GPL-3.0-or-later
"""What a data-parallel run does when the ranks cannot work together.

Ranks are started by hand with RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT, as a scheduler
would: a rank killed with SIGKILL mid-epoch makes rank 0 stop within --dist-timeout with one
sentence naming it, a non-zero exit and a run folder that reopens at its last finished
epoch; an unreachable master, another WORLD_SIZE and another data set on one rank each end
with one sentence, and the data set's case leaves no run folder.  SIGTERM, to either rank or
to torchrun's agent, stops every process within a few seconds, well inside --dist-timeout,
and the run folder reopens.  Prints TAP; exits 77 when torch is missing.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from dist_common import check, clean_env, draw_set, finish, free_port, rank_log, torchrun_cmd

try:
    import torch
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

CLI = os.environ["FINETUNE_CLI"]
TIMEOUT = 10
STOP_WITHIN = 5  # seconds from SIGTERM to every process gone; far inside TIMEOUT + the others'


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


def wait_for_epoch(run, alive):
    """Waits until the run folder @run holds a finished epoch, while @alive() holds."""
    state_path = os.path.join(run, "state.json")
    deadline = time.monotonic() + 300
    epochs_done = 0
    while time.monotonic() < deadline and epochs_done < 1 and alive():
        time.sleep(0.2)
        try:
            with open(state_path) as f:
                epochs_done = json.load(f).get("epochs_done", 0)
        except (OSError, ValueError):
            pass
    return epochs_done >= 1


def reopens(run, data, env, what):
    image = os.path.join(data, "test", "hotdog", "0.png")
    proc = subprocess.run([CLI, "predict", "--model", run, image], env=env, capture_output=True,
                          text=True, timeout=120)
    check(proc.returncode == 0, f"{what}: the run folder reopens: predict uses its model",
          proc.stderr.strip())


def run_state(run):
    try:
        with open(os.path.join(run, "state.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def ended_within(procs, seconds):
    """Waits for every process in @procs; returns the seconds the last took, killing the rest
    after @seconds + 60."""
    t0 = time.monotonic()
    errs = []
    for p in procs:
        try:
            errs.append(p.communicate(timeout=max(seconds + 60 - (time.monotonic() - t0), 1))[1])
        except subprocess.TimeoutExpired:
            p.kill()
            errs.append(p.communicate()[1] + "(killed)")
    return time.monotonic() - t0, errs


def sigterm_rank(tmp, data, env, rank):
    """SIGTERM to rank @rank mid-epoch: it stops as on Ctrl+C and the other follows at once."""
    what = f"SIGTERM to rank {rank}"
    port = free_port()
    run = os.path.join(tmp, f"sigterm-{rank}")
    r0 = start(0, 2, port, data, ["--epochs", "50", "--out", run], env)
    r1 = start(1, 2, port, data, ["--epochs", "50"], env)
    check(wait_for_epoch(run, lambda: r0.poll() is None), f"{what}: an epoch finishes first")
    time.sleep(0.5)  # into the next epoch
    (r0, r1)[rank].send_signal(signal.SIGTERM)
    took, errs = ended_within((r0, r1), STOP_WITHIN)
    check(took <= STOP_WITHIN, f"{what}: both ranks are gone within {STOP_WITHIN} s",
          f"{took:.1f} s")
    err = errs[rank]
    check((r0, r1)[rank].returncode == 1 and one_sentence(err) and "interrupted" in err,
          f"{what}: it exits 1 with one sentence",
          f"exit {(r0, r1)[rank].returncode}: {err.strip()}")
    other = 1 - rank
    check((r0, r1)[other].returncode == 1 and one_sentence(errs[other])
          and f"Rank {rank}" in errs[other], f"{what}: rank {other} names it in one sentence",
          errs[other].strip())
    state = run_state(run)
    want = "cancelled" if rank == 0 else "failed"
    check(state.get("state") == want and state.get("epochs_done", 0) >= 1,
          f"{what}: the run folder says {want} after its last finished epoch", json.dumps(state))
    reopens(run, data, env, what)


def sigterm_while_waiting(tmp, data, env):
    """SIGTERM to rank 0 while it waits for a stalled rank 1: the exchange is abandoned at once,
    not sat in until --dist-timeout."""
    what = "SIGTERM to rank 0 waiting for a stopped rank 1"
    port = free_port()
    run = os.path.join(tmp, "sigterm-waiting")
    r0 = start(0, 2, port, data, ["--epochs", "50", "--out", run], env)
    r1 = start(1, 2, port, data, ["--epochs", "50"], env)
    check(wait_for_epoch(run, lambda: r0.poll() is None), f"{what}: an epoch finishes first")
    r1.send_signal(signal.SIGSTOP)
    time.sleep(1)  # rank 0 now waits in an exchange
    r0.send_signal(signal.SIGTERM)
    took, errs = ended_within((r0,), STOP_WITHIN)
    r1.kill()
    r1.communicate()
    check(took <= STOP_WITHIN and r0.returncode == 1 and one_sentence(errs[0])
          and "interrupted" in errs[0],
          f"{what}: it stops within {STOP_WITHIN} s (timeout {TIMEOUT} s) with one sentence",
          f"{took:.1f} s, exit {r0.returncode}: {errs[0].strip()}")
    check(run_state(run).get("state") == "cancelled", f"{what}: the run folder says cancelled",
          json.dumps(run_state(run)))
    reopens(run, data, env, what)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def sigterm_agent(tmp, data, env):
    """SIGTERM to torchrun's agent, which passes it to its workers: all stop within seconds."""
    what = "SIGTERM to torchrun's agent"
    run = os.path.join(tmp, "sigterm-agent")
    cmd = torchrun_cmd(["--no_python", CLI, "train", "--data", data, "--scratch", "--size", "32",
                        "--batch", "4", "--threads", "1", "--loader-threads", "1",
                        "--no-augment", "--dist-timeout", str(TIMEOUT), "--epochs", "50",
                        "--out", run], os.path.join(tmp, "agent-logs"))
    agent = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    check(wait_for_epoch(run, lambda: agent.poll() is None), f"{what}: an epoch finishes first")
    workers = children(agent.pid)
    time.sleep(0.5)
    agent.send_signal(signal.SIGTERM)
    took, _ = ended_within((agent,), STOP_WITHIN)
    left = [w for w in workers if os.path.exists(f"/proc/{w}")
            and open(f"/proc/{w}/stat").read().split(")")[-1].split()[0] != "Z"]
    check(len(workers) == 2 and took <= STOP_WITHIN and not left,
          f"{what}: the agent and its {len(workers)} workers are gone within {STOP_WITHIN} s",
          f"{took:.1f} s, left: {left}")
    for w in left:
        os.kill(w, signal.SIGKILL)
    for rank in (0, 1):
        err = rank_log(os.path.join(tmp, "agent-logs"), rank, "stderr")
        check(one_sentence(err) and "interrupted" in err,
              f"{what}: rank {rank} says it was interrupted, in one sentence", err.strip())
    state = run_state(run)
    check(state.get("state") == "cancelled" and state.get("epochs_done", 0) >= 1,
          f"{what}: the run folder says cancelled after its last finished epoch",
          json.dumps(state))
    reopens(run, data, env, what)


def killed_rank(tmp, data, env):
    port = free_port()
    run = os.path.join(tmp, "killed")
    r0 = start(0, 2, port, data, ["--epochs", "50", "--out", run], env)
    r1 = start(1, 2, port, data, ["--epochs", "50"], env)
    state_path = os.path.join(run, "state.json")
    check(wait_for_epoch(run, lambda: r0.poll() is None), "rank 0 finishes an epoch with rank 1")
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
    reopens(run, data, env, "kill -9 of rank 1")


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
    run = os.path.join(tmp, what)
    r0 = start(0, world0, port, data0, ["--epochs", "1", "--out", run], env)
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
    check(not os.path.exists(run), f"{what}: no run folder is left",
          ", ".join(os.listdir(run)) if os.path.isdir(run) else "")


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
        sigterm_rank(tmp, data, env, 0)
        sigterm_rank(tmp, data, env, 1)
        sigterm_while_waiting(tmp, data, env)
        sigterm_agent(tmp, data, env)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
