#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The live line of finetune-cli train, experiment, bench and fetch: under a pseudo-terminal it
appears and rewrites itself with \\r, and each epoch's time and the total follow the notes'
script; piped, or with --json, or with TERM=dumb, the output is exactly the stable lines.
Training runs from scratch on a tiny drawn set, so that this needs no torch; the experiment,
which needs ImageNet-shaped weights written by PyTorch, is skipped without it."""
import fcntl
import functools
import http.server
import json
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
import threading

CLI = os.environ["FINETUNE_CLI"]
SMALL = ["--epochs", "2", "--batch", "4", "--size", "32", "--threads", "1", "--seed", "5"]
EPOCH = r"epoch (\d+): loss \d+\.\d{3}, train acc \d\.\d{3}, test acc \d\.\d{3}"
results = []


def check(name, condition, detail="", skip=None):
    results.append((bool(condition) or skip is not None, name, detail, skip))


def run_pipe(*args, env=None):
    p = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, **(env or {})))
    return p.returncode, p.stdout, p.stderr


def run_pty(*args, env=None, columns=None):
    """Runs with stdin, stdout and stderr on a pseudo-terminal; returns what it showed."""
    master, slave = pty.openpty()
    if columns:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    p = subprocess.Popen([CLI, *args], stdin=slave, stdout=slave, stderr=slave,
                         env=dict(os.environ, **dict({"TERM": "xterm"}, **(env or {}))))
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    code = p.wait(timeout=300)
    # The terminal turns each \n into \r\n; the program's own \r never precede a \n.
    return code, b"".join(chunks).decode().replace("\r\n", "\n")


def screen(text):
    """The lines a terminal would keep: each line as its last rewrite left it."""
    lines = [part.rsplit("\r", 1)[-1].replace("\x1b[K", "") for part in text.split("\n")]
    return [line for line in lines if line]


def live_texts(text):
    """Every text the live line showed."""
    return [part.replace("\x1b[K", "") for part in re.split(r"[\r\n]", text)
            if part.replace("\x1b[K", "")]


def book_lines(result, prefix=""):
    return [f"{prefix}epoch {e['epoch']}: loss {e['train_loss']:.3f}, train acc "
            f"{e['train_acc']:.3f}, test acc {e['test_acc']:.3f}" for e in result["epochs"]]


def train_lines(result):
    return book_lines(result) + [f"{result['examples_per_sec']:.1f} examples/sec on "
                                 f"[{result['device']}]", f"run saved in {result['run_dir']}"]


def test_train_plain(data, tmp):
    out = os.path.join(tmp, "piped-json")
    code, stdout, stderr = run_pipe("train", "--data", data, "--scratch", "--out", out, "--json",
                                    *SMALL)
    lines = stdout.split("\n")
    result = json.loads(lines[-2]) if code == 0 and len(lines) > 1 else {}
    expected = "\n".join(train_lines(result) + [lines[-2]]) + "\n" if result else None
    check("piped --json: exactly the book's lines and the JSON line", stdout == expected,
          repr(stdout))

    out = os.path.join(tmp, "pty-json")
    code, shown = run_pty("train", "--data", data, "--scratch", "--out", out, "--json", *SMALL)
    lines = shown.split("\n")
    result = json.loads(lines[-2]) if code == 0 and len(lines) > 1 else {}
    expected = "\n".join(train_lines(result) + [lines[-2]]) + "\n" if result else None
    check("terminal --json: no live line, the same lines", shown == expected, repr(shown))
    check("terminal --json: the JSON keeps its keys",
          {"examples_per_sec", "end_to_end_examples_per_sec", "train_loss", "train_acc",
           "test_acc", "epochs", "peak_rss_mib", "run_dir"} <= set(result), str(sorted(result)))

    out = os.path.join(tmp, "piped")
    code, stdout, stderr = run_pipe("train", "--data", data, "--scratch", "--out", out, *SMALL)
    lines = stdout.split("\n")
    patterns = [EPOCH.replace(r"(\d+)", "1"), EPOCH.replace(r"(\d+)", "2"),
                r"\d+\.\d examples/sec on \[cpu\]", "run saved in " + re.escape(out), ""]
    check("piped: the book's lines alone, nothing rewritten",
          code == 0 and len(lines) == len(patterns)
          and all(re.fullmatch(p, l) for p, l in zip(patterns, lines))
          and "\r" not in stdout and "\x1b" not in stdout and stderr == "", repr(stdout + stderr))
    log = os.path.join(out, "train.log")
    with open(log if os.path.exists(log) else os.devnull) as f:
        logged = [re.search(EPOCH, l).group(0) for l in f if re.search(EPOCH, l)]
    check("piped: the epoch lines are the run's own", lines[:2] == logged, f"{lines} {logged}")

    code, shown = run_pty("train", "--data", data, "--scratch", "--out",
                          os.path.join(tmp, "dumb"), *SMALL, env={"TERM": "dumb"})
    check("TERM=dumb: no live line", code == 0 and "\r" not in shown and "\x1b" not in shown
          and len(shown.split("\n")) == 5, repr(shown))


def test_train_terminal(data, tmp):
    out = os.path.join(tmp, "pty")
    code, shown = run_pty("train", "--data", data, "--scratch", "--out", out, *SMALL, columns=120)
    texts = live_texts(shown)
    live = [t for t in texts if t.startswith("Epoch 1/2 [")]
    check("terminal: the live line appears and is rewritten with \\r",
          code == 0 and shown.count("\r") >= 4 and len(live) >= 1, repr(shown[:400]))
    check("terminal: it holds the epoch, batches, time left, loss, accuracy and speed",
          any(re.fullmatch(r"Epoch 1/2 \[[#.]{10}\] \d+/5, \d+:\d\d left, loss \d+\.\d{3}, "
                           r"train acc \d\.\d{3}, \d+\.\d examples/s", t) for t in live),
          str(live[:3]))
    lines = screen(shown)
    patterns = [r"Epoch 1 training time: (\d+\.\d\d) seconds", EPOCH.replace(r"(\d+)", "1"),
                r"Epoch 2 training time: (\d+\.\d\d) seconds", EPOCH.replace(r"(\d+)", "2"),
                r"Total training time for 2 epochs: (\d+\.\d\d) seconds",
                r"\d+\.\d examples/sec on \[cpu\]", "run saved in " + re.escape(out)]
    matches = [re.fullmatch(p, l) for p, l in zip(patterns, lines)]
    check("terminal: the book's lines stay, with each epoch's time and the total",
          len(lines) == len(patterns) and all(matches), str(lines))
    if len(lines) == len(patterns) and all(matches):
        first, second, total = (float(matches[i].group(1)) for i in (0, 2, 4))
        check("terminal: the total is the sum of the epochs' times",
              abs(first + second - total) < 0.011 and first > 0 and second > 0,
              f"{first} + {second} vs {total}")

    code, shown = run_pty("train", "--data", data, "--scratch", "--out",
                          os.path.join(tmp, "narrow"), *SMALL, columns=40)
    widest = max((len(t) for t in live_texts(shown) if t.startswith("Epoch 1/2 [")), default=99)
    check("a narrow terminal cuts the live line short of its edge", code == 0 and widest <= 39,
          str(widest))


def test_experiment(data, tmp):
    try:
        import torch
        import torchvision
    except ImportError as e:
        check("experiment: the live line names the run", False, skip=f"no torch: {e}")
        return
    weights = os.path.join(tmp, "imagenet.pth")
    torch.manual_seed(0)
    torch.save(torchvision.models.resnet18().state_dict(), weights)
    env = {"FINETUNE_RUNS_DIR": os.path.join(tmp, "runs")}
    small = [a if a != "2" else "1" for a in SMALL]
    code, shown = run_pty("experiment", "--data", data, "--weights", weights, *small, env=env)
    texts = live_texts(shown)
    lines = screen(shown)
    check("experiment: the live line names the run",
          code == 0 and any(t.startswith("fine-tune Epoch 1/1 [") for t in texts)
          and any(t.startswith("scratch Epoch 1/1 [") for t in texts), str(texts[:4]))
    check("experiment: each run's epoch time and total stay above its book line",
          re.fullmatch(r"fine-tune Epoch 1 training time: \d+\.\d\d seconds", lines[0])
          and lines[1].startswith("fine-tune epoch 1: loss")
          and re.fullmatch(r"fine-tune Total training time for 1 epoch: \d+\.\d\d seconds",
                           lines[2]) is not None, str(lines[:3]))
    code, shown = run_pty("experiment", "--data", data, "--weights", weights, "--json", *small,
                          env=env)
    check("experiment --json on a terminal: no live line, no times",
          code == 0 and "\r" not in shown and "training time" not in shown, repr(shown[:300]))


def normal(line):
    """A bench line without its measurements, which differ from run to run."""
    line = re.sub(r" +", " ", re.sub(r"\d+(\.\d+)?", "N", line))
    return re.sub(r"with [\w-]+\.$", "with X.", line)


def test_bench(tmp):
    env = {"TMPDIR": tmp}
    code, shown = run_pty("bench", "--batch", "2", "--threads", "1", env=env)
    texts = live_texts(shown)
    check("bench: a clock runs while each setting is timed",
          code == 0 and any(re.fullmatch(r"  fp32, NCHW +timing \(1 of \d\)… \d+:\d\d", t)
                            for t in texts), str(texts[:6]))
    code, stdout, stderr = run_pipe("bench", "--batch", "2", "--threads", "1", env=env)
    check("bench piped: no clock, and the terminal kept the same lines",
          code == 0 and "\r" not in stdout and "timing" not in stdout
          and [normal(l) for l in screen(shown)] == [normal(l) for l in stdout.splitlines()],
          repr(stdout))


def test_fetch(tmp):
    served = os.path.join(tmp, "served")
    os.mkdir(served)
    with open(os.path.join(served, "hotdog.zip"), "wb") as f:
        f.write(os.urandom(300000))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=served))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/" % server.server_address[1]
    code, shown = run_pty("fetch", "--dataset", "hotdog", "--cache", os.path.join(tmp, "cache"),
                          "--base-url", url, env={"FINETUNE_FETCH_RETRY_DELAY_MS": "10"},
                          columns=120)
    server.shutdown()
    lines = screen(shown)
    check("fetch: the bar shows bytes, rate and time left, and stays",
          code == 1 and "\rhotdog.zip [" in shown and len(lines) == 2
          and re.fullmatch(r"hotdog\.zip \[#{20}\] 100%  .+ / .+  \d+:\d\d left  .+/s", lines[0])
          and lines[1] == "finetune-cli: hotdog.zip is damaged: its checksum does not match.",
          str(lines))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FINETUNE_RUNS_DIR"] = os.path.join(tmp, "default-runs")
        data = os.path.join(tmp, "set")
        code, _, err = run_pipe("synth", data, "--per-class", "10", "--size", "64", "--seed", "3")
        check("synth draws a set", code == 0, err)
        for test in (test_train_plain, test_train_terminal, test_experiment):
            sub = os.path.join(tmp, test.__name__)
            os.mkdir(sub)
            test(data, sub)
        for test in (test_bench, test_fetch):
            sub = os.path.join(tmp, test.__name__)
            os.mkdir(sub)
            test(sub)
    for number, (passed, name, detail, skip) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - {name}"
              + (f" # SKIP {skip}" if skip else "" if passed or not detail else f" # {detail}"))
    print(f"1..{len(results)}")
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
