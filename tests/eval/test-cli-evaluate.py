# SPDX-License-Identifier: GPL-3.0-or-later
"""finetune-cli evaluate and predict --cam against PyTorch, on a small practice set.

The run's own model.pth is loaded into torchvision's resnet18(num_classes=N) and run on the test
set with torchvision's test transform: the confusion matrix and per-class figures must be equal,
the top losses name the same images in the same order with losses within 1e-4.  Grad-CAM is
checked against a forward hook on layer4 and torch.autograd.grad: cam_grid within 1e-4 and the
overlay PNG within 1 level (mean) of show_cam_on_image's steps with OpenCV's JET.  Bad input
gives one sentence on stderr, a non-zero status and nothing written.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    import torchvision
    from PIL import Image
    from torchvision import transforms
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

try:
    import cv2
except ImportError:
    cv2 = None

CLI = os.environ["FINETUNE_CLI"]
SIZE = 128
SRC = os.path.dirname(os.path.abspath(__file__))
results = []


def check(ok, name, detail=""):
    results.append(bool(ok))
    # A detail of several lines (a table the CLI printed) stays on the TAP line.
    detail = " | ".join(str(detail).splitlines())
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}{' # ' + detail if detail else ''}")
    sys.stdout.flush()


def skip(name, why):
    results.append(True)
    print(f"ok {len(results)} - {name} # SKIP {why}")


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=600)


def one_sentence_error(proc, name):
    err = proc.stderr.strip()
    check(proc.returncode != 0 and err.count("\n") == 0 and err.endswith(".") and not proc.stdout,
          name, err)


def train(data, out, *extra, epochs=3):
    proc = run("train", "--data", data, "--out", out, "--epochs", str(epochs), "--batch", "16",
               "--size", str(SIZE), "--threads", "2", "--no-winograd", *extra)
    check(proc.returncode == 0, f"train {' '.join(extra)}", proc.stderr.strip())
    return out


def load_model(run_dir, n):
    net = torchvision.models.resnet18(num_classes=n)
    net.load_state_dict(torch.load(os.path.join(run_dir, "model.pth")), strict=True)
    return net.eval()


def test_transform():
    return transforms.Compose([
        transforms.Resize([SIZE * 256 // 224, SIZE * 256 // 224]),
        transforms.CenterCrop(SIZE),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])


def reference_eval(run_dir, test_dir):
    folder = torchvision.datasets.ImageFolder(test_dir, transform=test_transform())
    net = load_model(run_dir, len(folder.classes))
    with torch.no_grad():
        xs = torch.stack([folder[i][0] for i in range(len(folder))])
        logits = net(xs)
    labels = torch.tensor(folder.targets)
    return folder, logits, labels


def reference_report(folder, logits, labels):
    n = len(folder.classes)
    pred = logits.argmax(1)
    confusion = [[int(((labels == a) & (pred == p)).sum()) for p in range(n)] for a in range(n)]
    per_class = []
    for c in range(n):
        tp = confusion[c][c]
        col = sum(confusion[a][c] for a in range(n))
        row = sum(confusion[c])
        per_class.append({"class": folder.classes[c], "precision": tp / col if col else 0.0,
                          "recall": tp / row if row else 0.0, "support": row})
    loss = F.cross_entropy(logits.double(), labels, reduction="none")
    order = sorted(range(len(labels)), key=lambda i: (-float(loss[i]), i))
    return confusion, per_class, loss, order


def check_evaluate(run_dir, test_dir):
    kept = sorted(os.listdir(os.path.join(run_dir, "predictions")))
    check(kept == ["epoch-1.csv", "epoch-2.csv", "epoch-3.csv"],
          "a run of 3 epochs keeps 3 epochs of predictions", kept)
    proc = run("evaluate", "--model", run_dir, "--json", "--top-losses", "0")
    check(proc.returncode == 0, "evaluate --json succeeds", proc.stderr.strip())
    got = json.loads(proc.stdout)
    check({"classes", "accuracy", "confusion", "per_class", "top_losses"} <= set(got),
          "evaluate --json holds the promised keys", sorted(got))
    check(got["epoch"] == 3, "without --epoch, the last epoch", got["epoch"])
    folder, logits, labels = reference_eval(run_dir, test_dir)
    confusion, per_class, loss, order = reference_report(folder, logits, labels)
    check(got["classes"] == folder.classes, "classes as ImageFolder sorts them", got["classes"])
    check(got["confusion"] == confusion, "confusion matrix equals PyTorch's",
          f"{got['confusion']} vs {confusion}")
    same = all(g["class"] == r["class"] and g["support"] == r["support"]
               and abs(g["precision"] - r["precision"]) < 1e-12
               and abs(g["recall"] - r["recall"]) < 1e-12 for g, r in zip(got["per_class"], per_class))
    check(same and len(got["per_class"]) == len(per_class), "per-class figures equal PyTorch's",
          f"{got['per_class']} vs {per_class}")
    accuracy = float((logits.argmax(1) == labels).double().mean())
    check(abs(got["accuracy"] - accuracy) < 1e-12, "accuracy equals PyTorch's",
          f"{got['accuracy']} vs {accuracy}")
    names = [os.path.realpath(t["image"]) for t in got["top_losses"]]
    want = [os.path.realpath(folder.samples[i][0]) for i in order]
    check(names == want, "top losses name the same images in the same order")
    worst = max(abs(t["loss"] - float(loss[i])) for t, i in zip(got["top_losses"], order))
    check(worst < 1e-4, "top losses within 1e-4 of PyTorch's cross-entropy", f"{worst:.2e}")
    probs = logits.double().softmax(1)
    worst_p = max(max(abs(t["prob_actual"] - float(probs[i, labels[i]])),
                      abs(t["prob_predicted"] - float(probs[i].max())))
                  for t, i in zip(got["top_losses"], order))
    check(worst_p < 1e-5, "probabilities of the actual and predicted class", f"{worst_p:.2e}")
    check(all(t["actual"] == folder.classes[labels[i]] and
              t["predicted"] == folder.classes[int(logits[i].argmax())]
              for t, i in zip(got["top_losses"], order)), "actual and predicted class names")
    with open(os.path.join(run_dir, "predictions", "epoch-3.csv")) as f:
        rows = list(csv.reader(f))[1:]
    kept_logits = torch.tensor([[float(v) for v in r[1:1 + len(folder.classes)]] for r in rows])
    paths = [os.path.realpath(os.path.join(test_dir, r[-1])) for r in rows]
    ref = {os.path.realpath(p): logits[i] for i, (p, _) in enumerate(folder.samples)}
    diff = max(float((kept_logits[k] - ref[p]).abs().max()) for k, p in enumerate(paths))
    check(len(paths) == len(folder) and diff < 1e-4,
          "the kept logits of the last epoch are PyTorch's for model.pth", f"{diff:.2e}")
    return got


def check_epochs_and_text(run_dir):
    firsts = []
    for epoch in (1, 2, 3):
        proc = run("evaluate", "--model", run_dir, "--epoch", str(epoch), "--json")
        ok = proc.returncode == 0
        firsts.append(json.loads(proc.stdout) if ok else None)
        check(ok and firsts[-1]["epoch"] == epoch, f"evaluate --epoch {epoch}", proc.stderr.strip())
    check(len(firsts[0]["top_losses"]) == min(10, firsts[0]["images"]),
          "ten top losses by default")
    one_sentence_error(run("evaluate", "--model", run_dir, "--epoch", "4"), "--epoch past the run")
    one_sentence_error(run("evaluate", "--model", run_dir, "--epoch", "0"), "--epoch 0")
    one_sentence_error(run("evaluate", "--model", run_dir, "--top-losses", "-1"),
                       "a negative --top-losses")
    one_sentence_error(run("evaluate"), "evaluate without --model")
    one_sentence_error(run("evaluate", "--model", run_dir + "-missing"), "a missing run")
    proc = run("evaluate", "--model", run_dir, "--top-losses", "3")
    lines = proc.stdout.splitlines()
    check(proc.returncode == 0 and re.match(r"Epoch 3: accuracy \d\.\d{3} on \d+ test images", lines[0])
          and any(l.startswith("Confusion matrix") for l in lines)
          and any(l.startswith("class") and "precision" in l for l in lines),
          "evaluate prints the matrix and the per-class table", proc.stdout[:200])


def check_without_predictions(run_dir, tmp, got):
    old = os.path.join(tmp, "old-run")
    shutil.copytree(run_dir, old)
    shutil.rmtree(os.path.join(old, "predictions"))
    proc = run("evaluate", "--model", old)
    one_sentence_error(proc, "a run without predictions says so")
    check("model.pth" in proc.stderr, "and offers to test its model once", proc.stderr.strip())
    proc = run("evaluate", "--model", os.path.join(old, "model.pth"), "--json", "--top-losses", "0")
    check(proc.returncode == 0, "evaluate model.pth runs a test pass", proc.stderr.strip())
    if proc.returncode == 0:
        passed = json.loads(proc.stdout)
        check(passed["confusion"] == got["confusion"] and passed["epoch"] == 3,
              "the test pass agrees with the kept predictions")
        worst = max(abs(a["loss"] - b["loss"]) for a, b in zip(passed["top_losses"], got["top_losses"]))
        check(worst < 1e-4, "and its losses", f"{worst:.2e}")
    one_sentence_error(run("evaluate", "--model", os.path.join(old, "model.pth"), "--epoch", "2"),
                       "--epoch of a model.pth without predictions")
    bad = os.path.join(tmp, "bad-run")
    shutil.copytree(run_dir, bad)
    with open(os.path.join(bad, "predictions", "epoch-2.csv"), "a") as f:
        f.write("7,1,2,../../etc/passwd\n")
    one_sentence_error(run("evaluate", "--model", bad, "--epoch", "2"), "a tampered predictions file")


def check_other_classes(run_dir, data, tmp):
    other = os.path.join(tmp, "other")
    shutil.copytree(data, other)
    for split in ("train", "test"):
        os.rename(os.path.join(other, split, "not-hotdog"), os.path.join(other, split, "salad"))
    one_sentence_error(run("evaluate", "--model", run_dir, "--data", other),
                       "a data set of other classes")
    # The same classes in another folder: a test pass over that folder.
    same = os.path.join(tmp, "same")
    shutil.copytree(data, same)
    proc = run("evaluate", "--model", run_dir, "--data", same, "--json")
    check(proc.returncode == 0 and json.loads(proc.stdout)["top_losses"][0]["image"].startswith(same),
          "--data of another folder tests on it", proc.stderr.strip())


def min_max(t):
    t = t - t.min()
    return t / (1e-7 + t.max())


def reference_cam(net, path, target=None, bf16=False):
    image = Image.open(path).convert("RGB")
    x = test_transform()(image)[None]
    acts = {}
    hook = net.layer4.register_forward_hook(lambda m, i, o: acts.__setitem__("a", o))
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        out = net(x)
    hook.remove()
    k = int(out.argmax(1)) if target is None else target
    g = torch.autograd.grad(out[0, k], acts["a"])[0]
    a, g = acts["a"].detach().float(), g.float()
    w = g.mean((2, 3))
    grid = min_max((w[:, :, None, None] * a).sum(1).clamp(min=0)[0])
    up = F.interpolate(grid[None, None], size=(SIZE, SIZE), mode="bilinear", align_corners=False)
    cam = min_max(up[0, 0].clamp(min=0)).numpy()
    r = SIZE * 256 // 224
    crop = np.asarray(transforms.CenterCrop(SIZE)(transforms.Resize([r, r])(image)))
    return grid.numpy(), cam, crop


def reference_overlay(cam, crop):
    """pytorch-grad-cam's show_cam_on_image(crop / 255, cam, use_rgb=True)."""
    heat = cv2.applyColorMap(np.uint8(255 * cam), cv2.COLORMAP_JET)
    heat = np.float32(cv2.cvtColor(heat, cv2.COLOR_BGR2RGB)) / 255
    out = (1 - 0.5) * heat + 0.5 * (np.float32(crop) / 255)
    return np.uint8(255 * (out / np.max(out)))


def check_jet_table():
    if cv2 is None:
        skip("the JET table is OpenCV's", "python3-opencv is not installed")
        return
    with open(os.path.join(SRC, "..", "..", "src", "core", "eval", "ft-jet.c")) as f:
        table = [int(v) for v in re.findall(r"\{\s*(\d+),\s*(\d+),\s*(\d+)\s*\}", f.read()) for v in v]
    lut = cv2.applyColorMap(np.arange(256, dtype=np.uint8)[:, None], cv2.COLORMAP_JET)[:, 0, ::-1]
    check(table == lut.flatten().tolist(), "the JET table is cv2.applyColorMap's")


def check_cam(run_dir, images, tmp, name, tolerance, bf16=False, target=None):
    out = os.path.join(tmp, "cam-" + name)
    args = ["predict", "--model", run_dir, "--cam", out, "--json", *images]
    if target is not None:
        args += ["--class", target]
    proc = run(*args)
    check(proc.returncode == 0, f"predict --cam ({name})", proc.stderr.strip())
    if proc.returncode != 0:
        return
    got = json.loads(proc.stdout)
    classes = open(os.path.join(run_dir, "classes.txt")).read().split()
    net = load_model(run_dir, len(classes))
    worst_grid, worst_png = 0.0, 0.0
    for entry, path in zip(got, images):
        stem = os.path.splitext(os.path.basename(path))[0]
        ok = entry["cam"] == os.path.join(out, stem + ".png") and os.path.isfile(entry["cam"])
        check(ok, f"{name}: {stem}.png written and named in the JSON")
        grid, cam, crop = reference_cam(net, path, classes.index(target) if target else None, bf16)
        mine = np.array(entry["cam_grid"], dtype=np.float64)
        check(mine.shape == grid.shape, f"{name}: cam_grid is layer4's {grid.shape}", mine.shape)
        worst_grid = max(worst_grid, float(np.abs(mine - grid).max()))
        png = np.asarray(Image.open(entry["cam"]).convert("RGB"), dtype=np.int16)
        check(png.shape == (SIZE, SIZE, 3), f"{name}: the overlay is at the input size", png.shape)
        if cv2 is not None:
            worst_png = max(worst_png, float(np.abs(png - reference_overlay(cam, crop)).mean()))
    check(worst_grid < tolerance, f"{name}: cam_grid within {tolerance:g} of PyTorch's",
          f"{worst_grid:.2e}")
    if cv2 is None:
        skip(f"{name}: overlay within 1 level", "python3-opencv is not installed")
    else:
        check(worst_png <= 1.0, f"{name}: overlay within 1 level (mean) of show_cam_on_image",
              f"{worst_png:.3f}")


def check_cam_errors(run_dir, images, tmp):
    out = os.path.join(tmp, "cam-bad-class")
    one_sentence_error(run("predict", "--model", run_dir, "--cam", out, "--class", "pizza", *images),
                       "--class not among the classes")
    check(not os.path.exists(out), "nothing written for a bad --class")
    junk = os.path.join(tmp, "junk.png")
    with open(junk, "w") as f:
        f.write("not a picture")
    out = os.path.join(tmp, "cam-junk")
    one_sentence_error(run("predict", "--model", run_dir, "--cam", out, images[0], junk),
                       "an image that cannot be read")
    check(not os.path.exists(out) or not os.listdir(out), "nothing written for an unreadable image")
    twin = os.path.join(tmp, "twin")
    os.makedirs(twin)
    shutil.copy(images[0], os.path.join(twin, os.path.basename(images[0])))
    out = os.path.join(tmp, "cam-twins")
    one_sentence_error(run("predict", "--model", run_dir, "--cam", out, images[0],
                           os.path.join(twin, os.path.basename(images[0]))),
                       "two images of one name")
    one_sentence_error(run("predict", "--model", run_dir, "--class", "hotdog", images[0]),
                       "--class without --cam")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "set")
        proc = run("synth", data, "--per-class", "12", "--size", "160", "--seed", "5")
        check(proc.returncode == 0, "synth draws a set", proc.stderr.strip())
        test_dir = os.path.join(data, "test")
        torch.manual_seed(0)
        weights = os.path.join(tmp, "imagenet.pth")
        torch.save(torchvision.models.resnet18().state_dict(), weights)
        run_dir = train(data, os.path.join(tmp, "run"), "--scratch")
        got = check_evaluate(run_dir, test_dir)
        check_epochs_and_text(run_dir)
        check_without_predictions(run_dir, tmp, got)
        check_other_classes(run_dir, data, tmp)
        # Two stems: 0.png of one class and 1.png of the other (one stem twice is refused).
        images = [os.path.join(test_dir, c, sorted(os.listdir(os.path.join(test_dir, c)))[k])
                  for k, c in enumerate(("hotdog", "not-hotdog"))]
        check_jet_table()
        check_cam(run_dir, images, tmp, "fp32", 1e-4)
        check_cam(run_dir, images, tmp, "fp32-not-hotdog", 1e-4, target="not-hotdog")
        check_cam_errors(run_dir, images, tmp)
        frozen = train(data, os.path.join(tmp, "frozen"), "--weights", weights, "--freeze", "layer4",
                       epochs=1)
        check_cam(frozen, images, tmp, "frozen", 1e-4)
        bf16 = train(data, os.path.join(tmp, "bf16"), "--scratch", "--precision", "bf16", epochs=1)
        check_cam(bf16, images, tmp, "bf16", BF16_TOLERANCE, bf16=True)
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


# bf16 keeps 8 significant bits: one rounding step of an activation is 2^-8 (0.4 %) of it, and the
# normalised grid is a ratio of sums of such values.  Debian's Python torch runs the very kernels
# the shim links (libtorch 1.13 autocast on the same CPU), and the two agree exactly there; a
# libtorch whose bf16 kernels round in another order may move a grid value by a few steps, which
# 1e-2 (2.5 steps) allows while a wrong weighting, class or layer would still be far outside it.
BF16_TOLERANCE = 1e-2

if __name__ == "__main__":
    sys.exit(main())
