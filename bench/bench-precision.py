# SPDX-License-Identifier: GPL-3.0-or-later
"""bf16 against fp32: test accuracy of the same fine-tuning, from a backbone that has learnt.

Random ImageNet-shaped weights leave every form at chance after an epoch, so the script first
trains a backbone of its own: from scratch, in fp32, on a `finetune-cli synth` set drawn with
another seed.  It then fine-tunes that network on the measured set (the recipe's settings:
lr 5e-5, the head at 10x) once in fp32 and once in bf16, with the same seed and data order,
and prints each epoch's test accuracy side by side, with the examples/s of both.

  /usr/bin/python3 bench/bench-precision.py --cli _build/src/cli/finetune-cli [--data DIR]
      [--per-class N] [--pretrain-per-class N] [--pretrain-epochs N] [--pretrain-size PX]
      [--epochs N] [--size PX]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def train(cli, *args):
    t0 = time.monotonic()
    proc = subprocess.run([cli, "train", "--json", *[str(a) for a in args]], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        sys.exit(f"finetune-cli train failed: {proc.stderr.strip()}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["seconds"] = time.monotonic() - t0
    return result


def synth(cli, out, per_class, seed):
    subprocess.run([cli, "synth", out, "--per-class", str(per_class), "--seed", str(seed)],
                   check=True, capture_output=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cli", default="_build/src/cli/finetune-cli")
    p.add_argument("--data", help="the measured set (default: synth, seed 1)")
    p.add_argument("--per-class", type=int, default=1000)
    p.add_argument("--pretrain-per-class", type=int, default=500)
    p.add_argument("--pretrain-epochs", type=int, default=4)
    p.add_argument("--pretrain-size", type=int, default=128)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.data is None:
            args.data = os.path.join(tmp, "set")
            synth(args.cli, args.data, args.per_class, 1)
        pre_data = os.path.join(tmp, "pretrain-set")
        synth(args.cli, pre_data, args.pretrain_per_class, 2)
        pre = train(args.cli, "--data", pre_data, "--scratch", "--epochs", args.pretrain_epochs,
                    "--size", args.pretrain_size, "--seed", args.seed, "--out",
                    os.path.join(tmp, "pretrain"))
        print(f"backbone: {args.pretrain_epochs} epochs from scratch at {args.pretrain_size} px,"
              f" test acc {pre['test_acc']:.3f} on its own set ({pre['seconds']:.0f} s)",
              flush=True)
        init = os.path.join(pre["run_dir"], "model.pth")
        results = {}
        for precision in ("fp32", "bf16"):
            results[precision] = train(args.cli, "--data", args.data, "--init-model", init,
                                       "--epochs", args.epochs, "--size", args.size,
                                       "--seed", args.seed, "--precision", precision,
                                       "--out", os.path.join(tmp, precision))
            print(f"{precision}: {results[precision]['seconds']:.0f} s", file=sys.stderr,
                  flush=True)
    a, b = results["fp32"], results["bf16"]
    print(f"\n{'epoch':>5} {'fp32 test acc':>14} {'bf16 test acc':>14} {'points':>7}")
    for i, (ea, eb) in enumerate(zip(a["epochs"], b["epochs"]), 1):
        print(f"{i:5d} {ea['test_acc']:14.4f} {eb['test_acc']:14.4f}"
              f" {100 * (eb['test_acc'] - ea['test_acc']):+7.2f}")
    print(f"end to end examples/s: fp32 {a['end_to_end_examples_per_sec']:.1f}, "
          f"bf16 {b['end_to_end_examples_per_sec']:.1f}")
    print(json.dumps({"backbone_test_acc": pre["test_acc"], "fp32": a["epochs"],
                      "bf16": b["epochs"]}))


if __name__ == "__main__":
    main()
