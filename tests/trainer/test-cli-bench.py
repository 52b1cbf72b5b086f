# SPDX-License-Identifier: GPL-3.0-or-later
"""finetune-cli bench: its figures, its estimate, its clean-up and its refusals.

Runs at batch 2 so that it takes seconds; prints TAP.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

CLI = os.environ["FINETUNE_CLI"]
results = []


def check(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}{' # ' + detail if detail else ''}")
    sys.stdout.flush()


def run(*args, tmpdir):
    env = dict(os.environ, TMPDIR=tmpdir)
    return subprocess.run([CLI, "bench", *args], capture_output=True, text=True, timeout=300,
                          env=env)


def one_sentence_error(proc, name):
    err = proc.stderr.strip()
    check(proc.returncode != 0 and err.count("\n") == 0 and err.endswith("."), name, err)


def check_json(tmp):
    scratch = os.path.join(tmp, "scratch")
    os.mkdir(scratch)
    proc = run("--batch", "2", "--threads", "1", "--json", tmpdir=scratch)
    check(proc.returncode == 0, "bench --json succeeds", proc.stderr.strip())
    if proc.returncode != 0:
        return
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    settings = result["settings"]
    check(result["threads"] == 1 and result["batch"] == 2 and result["size"] == 224,
          "the JSON says what was timed", str({k: result[k] for k in ("threads", "batch", "size")}))
    check(result["decoded_images"] > 0 and result["decode_images_per_sec_per_thread"] > 0,
          "decoding was timed on the practice set")
    names = {(s["precision"], s["channels_last"]) for s in settings}
    check({("fp32", False), ("fp32", True)} <= names and len(names) == len(settings),
          "fp32 in both memory formats, each once", str(sorted(names)))
    check(all(s["train_examples_per_sec"] > 0 and s["eval_examples_per_sec"] > 0
              for s in settings), "every setting trained and evaluated")
    best = [s for s in settings if s["best"]]
    fastest = max(settings, key=lambda s: s["train_examples_per_sec"])
    check(len(best) == 1 and best[0] is not None and best[0] == fastest,
          "the fastest setting to train is the one marked best")
    b = best[0]
    per_epoch = (2000 / b["train_examples_per_sec"] + 800 / b["eval_examples_per_sec"]
                 + 2800 / (result["decode_images_per_sec_per_thread"] * len(os.sched_getaffinity(0))))
    expected = 2 * 5 * per_epoch
    check(abs(result["experiment_seconds"] - expected) <= 1e-6 * expected + 1e-3,
          "the estimate is two runs of five epochs at those rates",
          f"{result['experiment_seconds']:.1f} s against {expected:.1f} s")
    check(os.listdir(scratch) == [], "the practice set is removed afterwards",
          str(os.listdir(scratch)))


def check_text(tmp):
    proc = run("--batch", "2", "--threads", "1", tmpdir=tmp)
    lines = proc.stdout.strip().splitlines()
    check(proc.returncode == 0 and any("examples/s training" in l for l in lines)
          and "would take about" in lines[-1], "bench prints its figures and the estimate",
          lines[-1] if lines else proc.stderr.strip())


def check_refusals(tmp):
    one_sentence_error(run("--data", os.path.join(tmp, "nowhere"), tmpdir=tmp),
                       "a missing data set is one sentence")
    one_sentence_error(run("--batch", "0", tmpdir=tmp), "batch 0 is refused")
    one_sentence_error(run("--batch", "100000", tmpdir=tmp), "an absurd batch is refused")
    one_sentence_error(run("--threads", "-3", tmpdir=tmp), "negative threads are refused")
    one_sentence_error(run("stray", tmpdir=tmp), "a stray argument is refused")
    empty = os.path.join(tmp, "empty")
    for part in ("train/a", "train/b", "test/a", "test/b"):
        os.makedirs(os.path.join(empty, part))
    for part in ("train/a", "train/b", "test/a", "test/b"):
        with open(os.path.join(empty, part, "x.png"), "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\nnot really")
    one_sentence_error(run("--data", empty, tmpdir=tmp), "a set with no readable image is refused")


def check_interrupt(tmp, name, wait_for):
    """Ctrl+C stops bench with one sentence and leaves no practice set behind."""
    scratch = os.path.join(tmp, name)
    os.mkdir(scratch)
    proc = subprocess.Popen([CLI, "bench", "--batch", "2", "--threads", "1"], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, TMPDIR=scratch))
    seen = ""
    deadline = time.monotonic() + 120
    while wait_for not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    err = err.strip()
    check(proc.returncode == 1 and err.count("\n") == 0 and err.endswith("interrupted."),
          f"Ctrl+C while {name} stops with one sentence", f"{proc.returncode}: {err}")
    check(os.listdir(scratch) == [], f"Ctrl+C while {name} leaves nothing behind",
          str(os.listdir(scratch)))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        check_json(tmp)
        check_text(tmp)
        check_refusals(tmp)
        check_interrupt(tmp, "drawing", "Drawing")
        check_interrupt(tmp, "training", "Training and evaluating")
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
