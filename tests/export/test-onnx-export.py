#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""finetune-cli export, checked by real ONNX clients: ONNX's checker and shape inference,
OpenCV's dnn and onnxruntime (onnxruntime-node, run from node).

Trains small runs on a practice set (scratch, fine-tuned from another run, frozen backbone, bf16,
five classes), exports each and compares every runtime's logits with the shim's eval logits on
test images preprocessed by torchvision's test transform, at batch 1 and 5.  Then bad input and
an export killed half-way.
Usage: test-onnx-export.py FT_TORCH_PROBE [FOLDER holding node_modules/onnxruntime-node]
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

try:
    import cv2
    import numpy as np
    import onnx
    import onnx.shape_inference
    import torch
    from PIL import Image
    from torchvision import transforms
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

CLI = os.environ["FINETUNE_CLI"]
PROBE = sys.argv[1]
ORT_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ort-run.js")
ORT_DIR = sys.argv[2] if len(sys.argv) > 2 else ""
TOLERANCE = 1e-4
OPS = {"Conv", "Relu", "MaxPool", "Add", "GlobalAveragePool", "Flatten", "Gemm"}
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
results = []


def check(ok, name, detail=""):
    results.append(bool(ok))
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}{' # ' + detail if detail else ''}",
          flush=True)


def skip(name, why):
    results.append(True)
    print(f"ok {len(results)} - {name} # SKIP {why}", flush=True)


def run(*args, timeout=300):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def one_sentence_error(proc, name):
    err = proc.stderr.strip()
    check(proc.returncode != 0 and err.count("\n") == 0 and err.endswith(".")
          and "finetune-cli: " in err, name, err)


def have_ort():
    module = os.path.join(ORT_DIR, "node_modules", "onnxruntime-node")
    return ORT_DIR and os.path.isdir(module) and shutil.which("node")


def rel_error(a, b):
    """max |a - b| / max |b|: the error relative to the largest logit."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-30))


# ---- data and runs ------------------------------------------------------------------------

def five_class_set(two, out):
    """The practice set's pictures dealt into five classes: enough to tell five outputs apart."""
    for split in ("train", "test"):
        files = sorted(os.path.join(two, split, c, f)
                       for c in sorted(os.listdir(os.path.join(two, split)))
                       for f in sorted(os.listdir(os.path.join(two, split, c))))
        for i, path in enumerate(files):
            folder = os.path.join(out, split, f"class-{i % 5}")
            os.makedirs(folder, exist_ok=True)
            shutil.copy(path, os.path.join(folder, f"{i}.png"))
    return out


def train(tmp, name, data, *extra):
    out = os.path.join(tmp, name)
    proc = run("train", "--data", data, "--out", out, "--epochs", "1", "--batch", "8",
               "--threads", "2", "--no-augment", *extra)
    check(proc.returncode == 0 and os.path.isfile(os.path.join(out, "model.pth")),
          f"the {name} run trains", proc.stderr.strip()[-300:])
    return out


def test_images(data, size, n):
    """@n test pictures through torchvision's test transform: float32 NCHW."""
    resize = size * 256 // 224
    transform = transforms.Compose([
        transforms.Resize([resize, resize]),
        transforms.CenterCrop(size),
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])
    root = os.path.join(data, "test")
    paths = sorted(os.path.join(root, c, f) for c in sorted(os.listdir(root))
                   for f in sorted(os.listdir(os.path.join(root, c))))
    # Pictures of every class, not the first class's alone.
    paths = paths[::max(1, len(paths) // n)][:n]
    batch = torch.stack([transform(Image.open(p).convert("RGB")) for p in paths])
    return np.ascontiguousarray(batch.numpy(), dtype=np.float32)


# ---- the clients --------------------------------------------------------------------------

def shim_logits(tmp, run_dir, classes, x):
    n, _, h, w = x.shape
    src, dst = os.path.join(tmp, "x.f32"), os.path.join(tmp, "shim.f32")
    x.tofile(src)
    proc = subprocess.run([PROBE, "eval", os.path.join(run_dir, "model.pth"), str(classes), str(n),
                           str(h), str(w), src, dst], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        return None
    return np.fromfile(dst, dtype=np.float32).reshape(n, classes)


def opencv_logits(path, x):
    net = cv2.dnn.readNetFromONNX(path)
    net.setInput(x)
    return net.forward()


def ort_logits(tmp, path, x):
    n, _, h, w = x.shape
    src, dst = os.path.join(tmp, "ort-in.f32"), os.path.join(tmp, "ort-out.f32")
    x.tofile(src)
    env = dict(os.environ, NODE_PATH=os.path.join(ORT_DIR, "node_modules"))
    proc = subprocess.run(["node", ORT_JS, path, src, str(n), str(h), str(w), dst],
                          capture_output=True, text=True, timeout=120, env=env)
    if proc.returncode != 0:
        return None, proc.stderr.strip()
    info = json.loads(proc.stdout)
    return np.fromfile(dst, dtype=np.float32).reshape(info["dims"]), proc.stdout.strip()


# ---- checks of one exported model ---------------------------------------------------------

def dims(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def check_structure(name, path, classes, size, opset):
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
        check(True, f"{name}: ONNX's checker accepts the file (full_check)")
    except Exception as e:  # the checker's own errors have several classes
        check(False, f"{name}: ONNX's checker accepts the file (full_check)", str(e)[:300])
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    check(dims(inferred.graph.output[0]) == ["batch", len(classes)],
          f"{name}: shape inference gives [batch, {len(classes)}] for the output",
          str(dims(inferred.graph.output[0])))
    graph = model.graph
    check([i.name for i in graph.input] == ["input"] and dims(graph.input[0]) == ["batch", 3, size,
                                                                                 size]
          and [o.name for o in graph.output] == ["logits"],
          f"{name}: input [batch, 3, {size}, {size}] and output logits",
          str([(i.name, dims(i)) for i in graph.input]))
    ops = [n.op_type for n in graph.node]
    check(set(ops) == OPS and ops.count("Conv") == 20,
          f"{name}: BatchNorm folded: Conv, Relu, MaxPool, Add, GlobalAveragePool, Flatten, Gemm "
          "and no Identity", str(sorted(set(ops))))
    check([(o.domain, o.version) for o in model.opset_import] == [("", opset)],
          f"{name}: opset {opset}", str(model.opset_import))
    meta = {p.key: p.value for p in model.metadata_props}
    resize = size * 256 // 224
    try:
        parsed = {k: json.loads(meta[k]) for k in ("classes", "mean", "std", "resize", "crop")}
    except (KeyError, ValueError) as e:
        parsed = {"error": str(e)}
    check(parsed.get("classes") == classes, f"{name}: the metadata's classes are the run's",
          meta.get("classes", ""))
    check(meta.get("image_size") == str(size) and parsed.get("resize") == [resize, resize]
          and parsed.get("crop") == [size, size]
          and np.allclose(parsed.get("mean", []), MEAN) and np.allclose(parsed.get("std", []), STD)
          and "preprocess" in meta,
          f"{name}: the metadata holds the test preprocessing", str(meta)[:300])
    version = run("--version").stdout.split()[1]
    check(model.producer_name == "Finetune" and model.producer_version == version,
          f"{name}: producer name and version", f"{model.producer_name} {model.producer_version}")


def check_parity(tmp, name, run_dir, path, data, classes, size, batches=(1, 5)):
    for n in batches:
        x = test_images(data, size, n)
        check(x.shape == (n, 3, size, size), f"{name}: {n} test images preprocessed", str(x.shape))
        ref = shim_logits(tmp, run_dir, len(classes), x)
        check(ref is not None and np.isfinite(ref).all() and np.abs(ref).max() > 0,
              f"{name}: the shim's eval logits at batch {n}")
        if ref is None:
            continue
        got = opencv_logits(path, x)
        err = rel_error(got, ref) if got.shape == ref.shape else float("inf")
        check(err <= TOLERANCE, f"{name}: OpenCV dnn matches the shim at batch {n}",
              f"relative error {err:.2e}")
        if not have_ort():
            skip(f"{name}: onnxruntime matches the shim at batch {n}",
                 "onnxruntime-node is not installed (tools/dev test installs it)")
            continue
        got, detail = ort_logits(tmp, path, x)
        err = rel_error(got, ref) if got is not None and got.shape == ref.shape else float("inf")
        check(err <= TOLERANCE, f"{name}: onnxruntime matches the shim at batch {n}",
              f"relative error {err:.2e}" if got is not None else detail)


def export_and_check(tmp, name, run_dir, data, size, opset=None):
    with open(os.path.join(run_dir, "classes.txt")) as f:
        classes = f.read().split("\n")
    classes = [c for c in classes if c]
    path = os.path.join(tmp, f"{name}.onnx")
    args = ["export", "--model", run_dir, "--onnx", path]
    if opset:
        args += ["--opset", opset]
    started = time.monotonic()
    proc = run(*args)
    took = time.monotonic() - started
    check(proc.returncode == 0 and proc.stdout.strip() == path and os.path.isfile(path),
          f"{name}: export succeeds", f"{took:.1f} s; {proc.stderr.strip()}")
    if proc.returncode != 0:
        return
    check_structure(name, path, classes, size, int(opset or 13))
    check_parity(tmp, name, run_dir, path, data, classes, size)


# ---- bad input ----------------------------------------------------------------------------

def copy_run(src, dst, drop=()):
    shutil.copytree(src, dst)
    for name in drop:
        os.remove(os.path.join(dst, name))
    return dst


def check_bad(tmp, good_run):
    out_dir = os.path.join(tmp, "bad-out")
    os.makedirs(out_dir)
    out = os.path.join(out_dir, "OUT.onnx")

    def refused(name, *args):
        proc = run("export", *args)
        one_sentence_error(proc, name)
        check(os.listdir(out_dir) == [], f"{name}: no file is left behind", str(os.listdir(out_dir)))

    no_model = copy_run(good_run, os.path.join(tmp, "no-model"), drop=["model.pth"])
    refused("a run folder without a model", "--model", no_model, "--onnx", out)
    garbage = copy_run(good_run, os.path.join(tmp, "garbage"))
    with open(os.path.join(garbage, "model.pth"), "wb") as f:
        f.write(b"PK\x03\x04 this is no state dict" * 10)
    refused("a model.pth that is not a state dict", "--model", garbage, "--onnx", out)
    other = copy_run(good_run, os.path.join(tmp, "other"))
    torch.save({"weight": torch.zeros(3, 3), "bias": torch.zeros(3)},
               os.path.join(other, "model.pth"))
    refused("a state dict that is not a ResNet-18", "--model", os.path.join(other, "model.pth"),
            "--onnx", out)
    wrong = copy_run(good_run, os.path.join(tmp, "wrong-classes"))
    with open(os.path.join(wrong, "classes.txt"), "w") as f:
        f.write("a\nb\nc\nd\ne\n")
    refused("a model of other classes than its run's", "--model", wrong, "--onnx", out)
    not_run = os.path.join(tmp, "not-a-run")
    os.makedirs(not_run)
    refused("a folder that is not a run", "--model", not_run, "--onnx", out)
    refused("a model that does not exist", "--model", os.path.join(tmp, "missing"), "--onnx", out)
    refused("a destination whose folder is missing", "--model", good_run, "--onnx",
            os.path.join(out_dir, "no-such-folder", "OUT.onnx"))
    os.makedirs(os.path.join(out_dir, "a-folder.onnx"))
    proc = run("export", "--model", good_run, "--onnx", os.path.join(out_dir, "a-folder.onnx"))
    one_sentence_error(proc, "a destination that is a folder")
    os.rmdir(os.path.join(out_dir, "a-folder.onnx"))
    for opset in ("12", "18", "x"):
        refused(f"opset {opset}", "--model", good_run, "--onnx", out, "--opset", opset)
    refused("no --onnx", "--model", good_run)
    refused("no --model", "--onnx", out)
    check_unwritable(tmp, good_run)
    check_full_disk(tmp, good_run)


def in_private_tmpfs(options, folder, *args):
    """Runs the CLI with a fresh tmpfs mounted on @folder in a mount namespace of its own; prints
    what the folder holds afterwards on the last line of stdout.  None when that cannot be done."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return None
    script = ('mount -t tmpfs -o "$1" tmpfs "$2" || exit 99; d=$2; shift 2; "$@"; rc=$?; '
              'echo; ls -A "$d" | tr "\\n" " "; exit $rc')
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", options, folder, CLI, *args],
                          capture_output=True, text=True, timeout=300)
    return None if proc.returncode == 99 else proc


def check_unwritable(tmp, good_run):
    folder = os.path.join(tmp, "read-only")
    os.makedirs(folder)
    out = os.path.join(folder, "OUT.onnx")
    proc = in_private_tmpfs("ro", folder, "export", "--model", good_run, "--onnx", out)
    if proc is None:
        # Without root, permissions alone make the folder read-only.
        os.chmod(folder, 0o555)
        proc = run("export", "--model", good_run, "--onnx", out)
        left = " ".join(os.listdir(folder))
        os.chmod(folder, 0o755)
    else:
        left = proc.stdout.splitlines()[-1].strip() if proc.stdout.strip() else ""
    one_sentence_error(proc, "a read-only destination")
    check(left == "", "a read-only destination: no file is left behind", left)


def check_full_disk(tmp, good_run):
    folder = os.path.join(tmp, "full")
    os.makedirs(folder)
    out = os.path.join(folder, "OUT.onnx")
    proc = in_private_tmpfs("size=4m", folder, "export", "--model", good_run, "--onnx", out)
    how = "a 4 MiB tmpfs"
    if proc is None:
        # A file size limit fails the same write() calls that a full disk would.
        how = "RLIMIT_FSIZE of 4 MiB"

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4 << 20, 4 << 20))
        proc = subprocess.run([CLI, "export", "--model", good_run, "--onnx", out],
                              capture_output=True, text=True, timeout=300, preexec_fn=limit)
        left = " ".join(os.listdir(folder))
    else:
        left = proc.stdout.splitlines()[-1].strip() if proc.stdout.strip() else ""
    one_sentence_error(proc, f"a full disk ({how})")
    check(left == "", "a full disk: no file is left behind", left)


# ---- interrupted exports ------------------------------------------------------------------

def writing_fd(pid, folder):
    """The size written so far to a file in @folder that process @pid holds open, or None."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
            if link.startswith(folder + "/"):
                return os.stat(f"/proc/{pid}/fd/{fd}").st_size
    except OSError:
        pass
    return None


def check_interrupted(tmp, good_run, sig, full_size):
    name = "killed" if sig == signal.SIGKILL else "stopped by SIGTERM"
    folder = os.path.join(tmp, f"interrupt-{int(sig)}")
    os.makedirs(folder)
    out = os.path.join(folder, "OUT.onnx")
    hit = None
    for _ in range(5):
        proc = subprocess.Popen([CLI, "export", "--model", good_run, "--onnx", out],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            size = writing_fd(proc.pid, folder)
            if size and 0 < size < full_size:
                proc.send_signal(sig)
                hit = size
                break
        _, err = proc.communicate(timeout=120)
        if hit:
            break
        if os.path.exists(out):
            os.remove(out)
    check(hit is not None, f"an export {name}: the signal came half-way through the write",
          f"{hit} of {full_size} bytes written" if hit else "the export always finished first")
    check(not os.path.exists(out) and os.listdir(folder) == [],
          f"an export {name} leaves no OUT.onnx and no temporary file", str(os.listdir(folder)))
    if sig == signal.SIGTERM:
        err = err.strip()
        check(proc.returncode != 0 and err.count("\n") == 0 and err.endswith("."),
              "an export stopped by SIGTERM says so in one sentence", err)


def main():
    with tempfile.TemporaryDirectory(prefix="ft-onnx-") as tmp:
        data = os.path.join(tmp, "data")
        proc = run("synth", data, "--per-class", "10", "--size", "64", "--seed", "3")
        check(proc.returncode == 0, "the practice set is drawn", proc.stderr.strip())
        data5 = five_class_set(data, os.path.join(tmp, "data5"))

        scratch = train(tmp, "scratch", data, "--scratch", "--size", "32")
        scratch_pth = os.path.join(scratch, "model.pth")
        runs = [
            ("scratch", scratch, data, 32),
            ("fine-tuned", train(tmp, "fine-tuned", data, "--init-model", scratch_pth, "--size",
                                 "32"), data, 32),
            ("frozen backbone", train(tmp, "frozen", data, "--init-model", scratch_pth, "--freeze",
                                      "layer4", "--size", "32"), data, 32),
            ("bf16", train(tmp, "bf16", data, "--scratch", "--precision", "bf16", "--size", "32"),
             data, 32),
            ("five classes", train(tmp, "five", data5, "--scratch", "--size", "48"), data5, 48),
        ]
        for name, run_dir, run_data, size in runs:
            export_and_check(tmp, name, run_dir, run_data, size)
        export_and_check(tmp, "opset 14", scratch, data, 32, opset="14")

        check_bad(tmp, scratch)
        full_size = os.path.getsize(os.path.join(tmp, "scratch.onnx"))
        check_interrupted(tmp, scratch, signal.SIGKILL, full_size)
        check_interrupted(tmp, scratch, signal.SIGTERM, full_size)
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
