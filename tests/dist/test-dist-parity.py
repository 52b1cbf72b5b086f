# SPDX-License-Identifier: GPL-3.0-or-later
"""finetune-cli under torchrun computes what PyTorch's DistributedDataParallel computes.

Both sides run under the same torchrun (2 ranks, gloo, static rendezvous: the agent hosts
the store), start from one checkpoint written here (--init-model), train without
augmentation with shuffling on (DistributedSampler's shards), 2 epochs at 64 px, in NCHW with
libtorch's own convolutions as the reference computes (--no-channels-last --no-winograd); the
pictures are drawn at the test resize's size (73 px), so both sides see the same pixels.  Per-epoch
train loss must agree within 0.5% relative, test accuracy within one image, and the final
model.pth within 1e-4 of DDP's rank-0 model, every tensor.  Prints TAP; exits 77 when torch
or its distributed package is missing.
"""
import json
import os
import sys
import tempfile

from dist_common import check, clean_env, draw_set, finish, rank_log, torchrun

try:
    import torch
    import torch.distributed
    import torchvision

    if not torch.distributed.is_available():
        raise ImportError("torch.distributed is not available")
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

CLI = os.environ["FINETUNE_CLI"]
HERE = os.path.dirname(os.path.abspath(__file__))
SIZE, BATCH, EPOCHS, LR, SEED, PER_CLASS = 64, 8, 2, 1e-5, 3, 24


def main():
    env = clean_env()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "set")
        start = os.path.join(tmp, "start.pth")
        draw_set(data, PER_CLASS, side=SIZE * 256 // 224)
        torch.manual_seed(11)
        torch.save(torchvision.models.resnet18(num_classes=2).state_dict(), start)

        ref_dir = os.path.join(tmp, "ddp")
        os.makedirs(ref_dir)
        proc = torchrun([os.path.join(HERE, "ddp-reference.py"), data, start, ref_dir,
                         str(SIZE), str(BATCH), str(EPOCHS), str(LR), str(SEED)],
                        os.path.join(tmp, "ddp-logs"), env=env)
        check(proc.returncode == 0, "PyTorch's DDP runs under torchrun",
              (rank_log(os.path.join(tmp, "ddp-logs"), 0, "stderr").strip().splitlines()
               or [""])[-1])
        if proc.returncode != 0:
            return finish()
        with open(os.path.join(ref_dir, "epochs.json")) as f:
            ref = json.load(f)

        run = os.path.join(tmp, "run")
        logs = os.path.join(tmp, "ours-logs")
        proc = torchrun(["--no_python", CLI, "train", "--data", data, "--init-model", start,
                         "--lr", str(LR), "--epochs", str(EPOCHS), "--batch", str(BATCH),
                         "--size", str(SIZE), "--seed", str(SEED), "--no-augment",
                         "--no-winograd", "--no-channels-last", "--threads", "1", "--out", run, "--json"],
                        logs, env=env)
        check(proc.returncode == 0, "finetune-cli train runs under torchrun",
              rank_log(logs, 1, "stderr").strip() + rank_log(logs, 0, "stderr").strip())
        if proc.returncode != 0:
            return finish()
        out0, out1 = rank_log(logs, 0), rank_log(logs, 1)
        check(out1.strip() == "", "rank 1 prints nothing", out1[:200])
        result = json.loads(out0.strip().splitlines()[-1])
        for e, (a, b) in enumerate(zip(result["epochs"], ref), 1):
            rel = abs(a["train_loss"] - b["train_loss"]) / b["train_loss"]
            check(rel <= 0.005, f"epoch {e} train loss within 0.5% of DDP's",
                  f"ours {a['train_loss']:.6f}, DDP {b['train_loss']:.6f}, {rel * 100:.4f}%")
            diff = abs(a["test_acc"] - b["test_acc"]) * b["n_test"]
            check(diff <= 1 + 1e-9, f"epoch {e} test accuracy within one image of DDP's",
                  f"ours {a['test_acc']:.4f}, DDP {b['test_acc']:.4f}")
        check(len(result["epochs"]) == EPOCHS, "every epoch reported")

        with open(os.path.join(run, "config.json")) as f:
            config = json.load(f)
        check(config.get("world_size") == 2 and config.get("backend") == "gloo",
              "config.json records 2 ranks on gloo", f"{config.get('world_size')}, "
              f"{config.get('backend')}")
        ours = torch.load(os.path.join(run, "model.pth"))
        theirs = torch.load(os.path.join(ref_dir, "model.pth"))
        worst, where, params = 0.0, "", 0.0
        for name, t in theirs.items():
            d = float((ours[name].double() - t.double()).abs().max())
            if "running" not in name and "num_batches" not in name:
                params = max(params, d)
            if d > worst:
                worst, where = d, name
        print(f"# largest parameter difference {params:.3g}")
        check(set(ours) == set(theirs) and worst <= 1e-4,
              "model.pth within 1e-4 of DDP's rank-0 model", f"largest difference {worst:.3g} "
              f"in {where}")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
