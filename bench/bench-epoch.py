# SPDX-License-Identifier: GPL-3.0-or-later
"""One epoch of the recipe end to end: finetune-cli beside the book's own PyTorch code.

Draws a hotdog-shaped practice set with `finetune-cli synth` (default 1000 training and 400 test
images per class at the real set's 100..640 px), writes ImageNet-shaped weights with PyTorch,
then runs, each in a fresh process and on the same files:

  ours-fp32   finetune-cli train (fp32, every CPU, channels-last, loader threads = CPUs)
  ours-bf16   the same in bf16 autocast
  book        the chapter's code as written: library defaults, DataLoader num_workers=0
  tuned       the same code tuned: every CPU, channels-last, one loader worker

and prints examples/s inside training steps and end to end (training plus test evaluation),
test accuracy, peak resident memory, and ours/theirs ratios.

  /usr/bin/python3 bench/bench-epoch.py --cli _build/src/cli/finetune-cli [--per-class N]
      [--size PX] [--batch N] [--epochs N] [--forms ours-fp32,ours-bf16,book,tuned] [--data DIR]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def book_run(args):
    """The chapter's fine-tuning code (d2l train_ch13 with param_group=True), on the CPU."""
    import torch
    import torchvision
    from torch import nn
    from torchvision import transforms as T

    tuned = args.worker == "tuned"
    if tuned:
        torch.set_num_threads(len(os.sched_getaffinity(0)))
    torch.manual_seed(args.seed)
    normalize = T.Normalize(MEAN, STD)
    train_augs = T.Compose([T.RandomResizedCrop(args.size), T.RandomHorizontalFlip(),
                            T.ToTensor(), normalize])
    test_augs = T.Compose([T.Resize([args.size * 256 // 224] * 2), T.CenterCrop(args.size),
                           T.ToTensor(), normalize])
    net = torchvision.models.resnet18()
    net.load_state_dict(torch.load(args.weights))
    net.fc = nn.Linear(net.fc.in_features, 2)
    nn.init.xavier_uniform_(net.fc.weight)
    if tuned:
        net = net.to(memory_format=torch.channels_last)
    workers = 1 if tuned else 0
    train_iter = torch.utils.data.DataLoader(torchvision.datasets.ImageFolder(
        os.path.join(args.data, "train"), transform=train_augs), batch_size=args.batch,
        shuffle=True, num_workers=workers)
    test_iter = torch.utils.data.DataLoader(torchvision.datasets.ImageFolder(
        os.path.join(args.data, "test"), transform=test_augs), batch_size=args.batch,
        num_workers=workers)
    loss = nn.CrossEntropyLoss(reduction="none")
    lr = 5e-5
    params_1x = [p for n, p in net.named_parameters() if n not in ["fc.weight", "fc.bias"]]
    trainer = torch.optim.SGD([{"params": params_1x},
                               {"params": net.fc.parameters(), "lr": lr * 10}],
                              lr=lr, weight_decay=0.001)
    step_time, examples = 0.0, 0
    start = time.monotonic()
    for _ in range(args.epochs):
        for X, y in train_iter:
            t0 = time.monotonic()
            if tuned:
                X = X.to(memory_format=torch.channels_last)
            net.train()
            trainer.zero_grad()
            pred = net(X)
            l = loss(pred, y)
            l.sum().backward()
            trainer.step()
            step_time += time.monotonic() - t0
            examples += len(y)
        net.eval()
        right, n = 0, 0
        with torch.no_grad():
            for X, y in test_iter:
                if tuned:
                    X = X.to(memory_format=torch.channels_last)
                right += int((net(X).argmax(1) == y).sum())
                n += len(y)
    total = time.monotonic() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"examples_per_sec": examples / step_time,
                      "end_to_end_examples_per_sec": examples / total, "test_acc": right / n,
                      "peak_rss_mib": own, "worker_peak_rss_mib": workers_rss,
                      "threads": torch.get_num_threads()}))


def ours_run(args, precision):
    cmd = [args.cli, "train", "--data", args.data, "--weights", args.weights,
           "--epochs", str(args.epochs), "--batch", str(args.batch), "--size", str(args.size),
           "--seed", str(args.seed), "--precision", precision, "--json"]
    with tempfile.TemporaryDirectory() as runs:
        proc = subprocess.run(cmd + ["--out", os.path.join(runs, "run")], capture_output=True,
                              text=True)
    if proc.returncode != 0:
        sys.exit(f"finetune-cli failed: {proc.stderr.strip()}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["worker_peak_rss_mib"] = 0.0
    return result


def python_run(args, form):
    cmd = [sys.executable, __file__, "--worker", form, "--data", args.data, "--weights",
           args.weights, "--epochs", str(args.epochs), "--batch", str(args.batch),
           "--size", str(args.size), "--seed", str(args.seed)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{form} failed: {proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def prepare(args, tmp):
    import torch
    import torchvision

    if args.data is None:
        args.data = os.path.join(tmp, "set")
        cmd = [args.cli, "synth", args.data, "--per-class", str(args.per_class), "--seed", "1"]
        if args.synth_size:
            cmd += ["--size", str(args.synth_size)]
        subprocess.run(cmd, check=True, capture_output=True)
    args.weights = os.path.join(tmp, "imagenet.pth")
    torch.manual_seed(0)
    torch.save(torchvision.models.resnet18().state_dict(), args.weights)


def report(results):
    print(f"\n{'form':10} {'step ex/s':>10} {'e2e ex/s':>10} {'test acc':>9} {'peak MiB':>9} "
          f"{'+workers':>9} {'threads':>8}")
    for form, r in results.items():
        print(f"{form:10} {r['examples_per_sec']:10.2f} {r['end_to_end_examples_per_sec']:10.2f} "
              f"{r['test_acc']:9.3f} {r['peak_rss_mib']:9.0f} {r['worker_peak_rss_mib']:9.0f} "
              f"{r.get('threads', 0):8}")
    print()
    for ours in ("ours-fp32", "ours-bf16"):
        for theirs in ("book", "tuned"):
            if ours in results and theirs in results:
                a, b = results[ours], results[theirs]
                print(f"{ours} / {theirs}: end to end {a['end_to_end_examples_per_sec'] / b['end_to_end_examples_per_sec']:.2f}x, "
                      f"in steps {a['examples_per_sec'] / b['examples_per_sec']:.2f}x, "
                      f"peak memory {a['peak_rss_mib'] / (b['peak_rss_mib'] + b['worker_peak_rss_mib']):.2f}x")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cli", default="_build/src/cli/finetune-cli")
    p.add_argument("--data")
    p.add_argument("--weights")
    p.add_argument("--per-class", type=int, default=1000)
    p.add_argument("--synth-size", type=int, default=0, help="largest side of drawn images (0: 100..640)")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--forms", default="ours-fp32,ours-bf16,book,tuned")
    p.add_argument("--worker", choices=["book", "tuned"], help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        book_run(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        prepare(args, tmp)
        results = {}
        for form in args.forms.split(","):
            t0 = time.monotonic()
            if form.startswith("ours-"):
                results[form] = ours_run(args, form[5:])
            else:
                results[form] = python_run(args, form)
            print(f"{form}: {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
        report(results)
        print(json.dumps(results))


if __name__ == "__main__":
    main()
