# SPDX-License-Identifier: GPL-3.0-or-later
"""finetune-cli train, experiment, predict and classify, end to end on a small practice set.

Checks the book's printed lines, the JSON each command promises (DESIGN.md), the run folder,
and that bad input gives one sentence on stderr and a non-zero status.  The ImageNet-shaped
weights are written by PyTorch, so this exits 77 when torch is missing.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

try:
    import torch
    import torchvision
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

CLI = os.environ["FINETUNE_CLI"]
STATE_FILE = "state.json"
SMALL = ["--epochs", "1", "--batch", "16", "--size", "32", "--threads", "1"]
results = []


def check(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}{' # ' + detail if detail else ''}")
    sys.stdout.flush()


RUNS_ENV = {}


def run(*args, env=None):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=240,
                          env=env or RUNS_ENV)


def one_sentence_error(proc, name):
    err = proc.stderr.strip()
    check(proc.returncode != 0 and err.count("\n") == 0 and err.endswith("."), name, err)


def check_train(data, weights, tmp):
    out = os.path.join(tmp, "run")
    proc = run("train", "--data", data, "--weights", weights, "--reuse-classifier", "--out", out,
               "--json", *SMALL)
    check(proc.returncode == 0, "train succeeds", proc.stderr.strip())
    lines = proc.stdout.strip().splitlines()
    check(any(re.fullmatch(r"epoch 1: loss \d+\.\d{3}, train acc \d\.\d{3}, test acc \d\.\d{3}", l)
              for l in lines), "train prints the book's epoch line")
    check(any(re.fullmatch(r"\d+\.\d examples/sec on \[cpu\]", l) for l in lines),
          "train prints the book's speed line")
    result = json.loads(lines[-1])
    keys = {"examples_per_sec", "end_to_end_examples_per_sec", "train_loss", "train_acc",
            "test_acc", "epochs", "peak_rss_mib", "run_dir"}
    check(keys <= set(result), "the JSON line holds every promised key", str(sorted(result)))
    check(len(result["epochs"]) == 1 and result["peak_rss_mib"] > 0, "per-epoch list and memory")
    check(result["matched_classes"] == ["hotdog=934"], "hotdog reuses ImageNet row 934",
          str(result["matched_classes"]))
    names = sorted(os.listdir(out))
    check({"config.json", "metrics.csv", "model.pth", "state.json", "classes.txt"} <= set(names),
          "the run folder holds its files", str(names))
    with open(os.path.join(out, "state.json")) as f:
        check(json.load(f)["state"] == "finished", "the run is finished")
    with open(os.path.join(out, "config.json")) as f:
        check(json.load(f)["winograd"] is True, "Winograd convolutions are the default")
    exact = os.path.join(tmp, "exact")
    proc = run("train", "--data", data, "--weights", weights, "--no-winograd", "--out", exact,
               *SMALL)
    config = {}
    if proc.returncode == 0:
        with open(os.path.join(exact, "config.json")) as f:
            config = json.load(f)
    check(config.get("winograd") is False, "--no-winograd is kept in the run's configuration",
          proc.stderr.strip())
    return out


def check_predict(run_dir, image):
    proc = run("predict", "--model", run_dir, image, "--json")
    check(proc.returncode == 0, "predict succeeds", proc.stderr.strip())
    if proc.returncode == 0:
        result = json.loads(proc.stdout)
        top = result[0]["top"]
        check(result[0]["image"] == image and len(top) == 2
              and {t["label"] for t in top} == {"hotdog", "not-hotdog"}
              and abs(sum(t["prob"] for t in top) - 1) < 1e-5
              and top[0]["prob"] >= top[1]["prob"], "predict gives both classes, ordered")
    proc = run("predict", "--model", os.path.join(run_dir, "model.pth"), image)
    check(proc.returncode == 0 and image in proc.stdout, "predict takes model.pth too")
    one_sentence_error(run("predict", "--model", run_dir, "/nonexistent.png"),
                       "predict on a missing image fails in one sentence")


def hostile_copy(run_dir, tmp, name, text):
    bad = os.path.join(tmp, "hostile")
    shutil.rmtree(bad, ignore_errors=True)
    shutil.copytree(run_dir, bad)
    with open(os.path.join(bad, name), "w") as f:
        f.write(text)
    return bad


def check_hostile_runs(run_dir, image, tmp):
    with open(os.path.join(run_dir, "config.json")) as f:
        config = json.load(f)
    cases = [("config.json", ""), ("state.json", '{"state": 0}'),
             ("state.json", '{"state": {"a": 1}}'), ("classes.txt", "")]
    for size in (0, 60000, 4294967295):
        cases.append(("config.json", json.dumps(dict(config, image_size=size))))
    for name, text in cases:
        proc = run("predict", "--model", hostile_copy(run_dir, tmp, name, text), image)
        err = proc.stderr.strip()
        check(proc.returncode == 1 and err.count("\n") == 0 and err.endswith(".") and name in err,
              f"predict refuses {name} holding {text[:60]!r} in one sentence naming it",
              f"status {proc.returncode}: {err[:200]}")
    proc = run("predict", "--model", hostile_copy(run_dir, tmp, "metrics.csv", ""), image)
    check(proc.returncode == 0 and image in proc.stdout, "predict with an empty metrics.csv",
          proc.stderr.strip())


def check_tiny_lr(data, weights, tmp, image):
    # json-glib writes 1e-10 as "1e-10.0", which it cannot read back.
    for lr in ("1e-10", "5e-15"):
        out = os.path.join(tmp, "tiny-" + lr)
        proc = run("train", "--data", data, "--weights", weights, "--lr", lr, "--out", out, *SMALL)
        check(proc.returncode == 0, f"train at lr {lr}", proc.stderr.strip())
        proc = run("predict", "--model", out, image)
        check(proc.returncode == 0, f"a run at lr {lr} reopens", proc.stderr.strip())


def check_classify(weights, image):
    proc = run("classify", "--weights", weights, image, image, "--json")
    check(proc.returncode == 0, "classify succeeds", proc.stderr.strip())
    if proc.returncode != 0:
        return
    result = json.loads(proc.stdout)
    top = result[0]["top"]
    check(len(result) == 2 and len(top) == 5 and all(0 <= t["index"] < 1000 for t in top)
          and all(top[i]["prob"] >= top[i + 1]["prob"] for i in range(4)),
          "classify gives the top five of 1000, ordered")
    # The same image through PyTorch's own network and the recipe's test transform.
    net = torchvision.models.resnet18()
    net.load_state_dict(torch.load(weights))
    net.eval()
    import torchvision.transforms as T
    from PIL import Image
    tf = T.Compose([T.Resize([256, 256]), T.CenterCrop(224), T.ToTensor(),
                    T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    with torch.no_grad():
        p = torch.softmax(net(tf(Image.open(image).convert("RGB"))[None]), 1)[0]
    best = int(p.argmax())
    check(top[0]["index"] == best and abs(top[0]["prob"] - float(p[best])) < 1e-3,
          "classify agrees with PyTorch", f"ours {top[0]}, PyTorch {best} {float(p[best]):.4f}")
    one_sentence_error(run("classify", "--weights", image, image), "classify refuses a non-torch file")


def check_errors(data, weights):
    one_sentence_error(run("train", "--data", data, *SMALL), "train without weights or --scratch")
    one_sentence_error(run("train", "--data", data, "--scratch", "--lr", "0", *SMALL), "train at lr 0")
    one_sentence_error(run("train", "--data", data, "--scratch", "--batch", "0"), "train at batch 0")
    one_sentence_error(run("train", "--data", "/nonexistent", "--scratch", *SMALL),
                       "train on a missing folder")
    runs = os.path.join(RUNS_ENV["FINETUNE_RUNS_DIR"])
    check(not os.path.exists(runs) or os.listdir(runs) == [], "failed starts leave no run folder")
    one_sentence_error(run("train", "--data", data, "--scratch", "--freeze", "layer9"),
                       "train with a bad freeze depth")


def check_diverges(data, tmp):
    """At lr 1 the loss explodes: one sentence, a non-zero exit, and a run folder saying so."""
    out = os.path.join(tmp, "diverged")
    proc = run("train", "--data", data, "--scratch", "--lr", "1", "--out", out,
               "--epochs", "3", "--batch", "8", "--size", "32", "--threads", "1")
    one_sentence_error(proc, "train at lr 1 stops with one sentence")
    err = proc.stderr.strip()
    check("lower the learning rate (now 1)" in err, "the sentence says to lower the rate", err)
    with open(os.path.join(out, STATE_FILE)) as f:
        state = json.load(f)
    check(state["state"] == "failed" and state["epochs_done"] < 3
          and "lower the learning rate" in state["message"], "the run folder says it failed", str(state))


def check_experiment(data, weights, tmp):
    env = dict(os.environ, FINETUNE_RUNS_DIR=os.path.join(tmp, "runs"))
    proc = run("experiment", "--data", data, "--weights", weights, "--json", *SMALL, env=env)
    check(proc.returncode == 0, "experiment succeeds", proc.stderr.strip())
    if proc.returncode != 0:
        return
    lines = proc.stdout.strip().splitlines()
    check(any(l.startswith("fine-tune epoch 1: loss") for l in lines)
          and any(l.startswith("scratch epoch 1: loss") for l in lines), "both runs print epochs")
    result = json.loads(lines[-1])
    runs = os.listdir(os.path.join(tmp, "runs"))
    check(set(result) == {"finetune", "scratch"} and len(runs) == 2, "two runs, two folders")
    with open(os.path.join(result["scratch"]["run_dir"], "config.json")) as f:
        scratch = json.load(f)
    with open(os.path.join(result["finetune"]["run_dir"], "config.json")) as f:
        finetune = json.load(f)
    check(scratch["weights"] is None and scratch["lr"] == 5e-4 and not scratch["param_groups"]
          and finetune["lr"] == 5e-5 and finetune["param_groups"]
          and scratch["seed"] == finetune["seed"], "the book's two settings, one seed")


def check_stop_signals(data, tmp, image):
    """SIGTERM (a scheduler's, torchrun's, systemd's stop) and SIGHUP (a closed terminal) stop
    train and experiment as Ctrl+C does: one sentence, exit 1, a cancelled run that reopens."""
    for command, sig in (("train", signal.SIGINT), ("train", signal.SIGTERM),
                         ("train", signal.SIGHUP), ("experiment", signal.SIGTERM)):
        what = f"{sig.name} to {command}"
        runs = os.path.join(tmp, f"stop-{command}-{sig.name}")
        env = dict(os.environ, FINETUNE_RUNS_DIR=runs)
        args = [CLI, command, "--data", data, "--epochs", "200", "--batch", "4", "--size", "32",
                "--threads", "1"]
        if command == "train":
            args += ["--scratch"]
        else:
            args += ["--weights", os.path.join(tmp, "imagenet.pth")]
        proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        state, deadline = {}, time.monotonic() + 180
        while state.get("epochs_done", 0) < 1 and time.monotonic() < deadline \
                and proc.poll() is None:
            time.sleep(0.2)
            for path in sorted(glob_states(runs)):
                try:
                    with open(path) as f:
                        state = json.load(f)
                except (OSError, ValueError):
                    pass
        proc.send_signal(sig)
        t0 = time.monotonic()
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        took = time.monotonic() - t0
        err = err.strip()
        check(proc.returncode == 1 and err.count("\n") == 0 and "interrupted" in err
              and took < 10, f"{what} stops it at once with one sentence",
              f"exit {proc.returncode} after {took:.1f} s: {err}")
        folders = sorted(glob_states(runs))
        with open(folders[0]) as f:
            state = json.load(f)
        check(state["state"] == "cancelled" and state["epochs_done"] >= 1,
              f"{what}: the run folder says cancelled", json.dumps(state))
        reopened = run("predict", "--model", os.path.dirname(folders[0]), image)
        check(reopened.returncode == 0, f"{what}: the run folder reopens",
              reopened.stderr.strip())


def glob_states(runs):
    if not os.path.isdir(runs):
        return []
    return [os.path.join(runs, d, STATE_FILE) for d in os.listdir(runs)
            if os.path.exists(os.path.join(runs, d, STATE_FILE))]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # Runs without --out must land here, never in the user's data folder.
        RUNS_ENV.update(os.environ, FINETUNE_RUNS_DIR=os.path.join(tmp, "default-runs"))
        data = os.path.join(tmp, "set")
        weights = os.path.join(tmp, "imagenet.pth")
        proc = run("synth", data, "--per-class", "10", "--size", "64", "--seed", "3")
        check(proc.returncode == 0, "synth draws a set", proc.stderr.strip())
        torch.manual_seed(0)
        torch.save(torchvision.models.resnet18().state_dict(), weights)
        image = os.path.join(data, "test", "hotdog", sorted(os.listdir(os.path.join(data, "test", "hotdog")))[0])
        run_dir = check_train(data, weights, tmp)
        check_predict(run_dir, image)
        check_hostile_runs(run_dir, image, tmp)
        check_tiny_lr(data, weights, tmp, image)
        check_classify(weights, image)
        check_errors(data, weights)
        check_diverges(data, tmp)
        check_experiment(data, weights, tmp)
        check_stop_signals(data, tmp, image)
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
