# SPDX-License-Identifier: GPL-3.0-or-later
"""The recipe under PyTorch's own DistributedDataParallel (gloo), started by torchrun.

Usage: ddp-reference.py DATA START.pth OUT_DIR SIZE BATCH EPOCHS LR SEED
Each rank trains on its DistributedSampler(shuffle=True, seed=SEED) shard with the test
transform (no augmentation), the loss summed over the batch; the figures are summed over the
ranks; rank 0 tests its own model on the whole test set after each epoch and writes
OUT_DIR/epochs.json and OUT_DIR/model.pth.
"""
import json
import os
import sys

import torch
import torch.distributed as dist
import torchvision
import torchvision.transforms as T


def main():
    data, start, out = sys.argv[1:4]
    size, batch, epochs = (int(x) for x in sys.argv[4:7])
    lr, seed = float(sys.argv[7]), int(sys.argv[8])
    torch.set_num_threads(1)
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    tf = T.Compose([T.Resize([size * 256 // 224] * 2), T.CenterCrop(size), T.ToTensor(),
                    T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    train_set = torchvision.datasets.ImageFolder(os.path.join(data, "train"), transform=tf)
    test_set = torchvision.datasets.ImageFolder(os.path.join(data, "test"), transform=tf)
    sampler = torch.utils.data.DistributedSampler(train_set, shuffle=True, seed=seed)
    train = torch.utils.data.DataLoader(train_set, batch_size=batch, sampler=sampler)
    test = torch.utils.data.DataLoader(test_set, batch_size=batch)
    net = torchvision.models.resnet18(num_classes=2)
    net.load_state_dict(torch.load(start))
    model = torch.nn.parallel.DistributedDataParallel(net)
    head = [p for n, p in net.named_parameters() if n in ("fc.weight", "fc.bias")]
    rest = [p for n, p in net.named_parameters() if n not in ("fc.weight", "fc.bias")]
    opt = torch.optim.SGD([{"params": rest}, {"params": head, "lr": lr * 10}], lr=lr,
                          weight_decay=0.001)
    loss_fn = torch.nn.CrossEntropyLoss(reduction="none")
    figures = []
    for epoch in range(epochs):
        sampler.set_epoch(epoch)
        model.train()
        sums = torch.zeros(3, dtype=torch.float64)
        for x, y in train:
            opt.zero_grad()
            logits = model(x)
            l = loss_fn(logits, y)
            l.sum().backward()
            opt.step()
            sums += torch.tensor([float(l.sum()), int((logits.argmax(1) == y).sum()), len(y)],
                                 dtype=torch.float64)
        dist.all_reduce(sums)
        if rank == 0:
            net.eval()
            right, n = 0, 0
            with torch.no_grad():
                for x, y in test:
                    right += int((net(x).argmax(1) == y).sum())
                    n += len(y)
            figures.append({"train_loss": float(sums[0] / sums[2]),
                            "train_acc": float(sums[1] / sums[2]), "test_acc": right / n,
                            "n_test": n})
        dist.barrier()
    if rank == 0:
        torch.save(net.state_dict(), os.path.join(out, "model.pth"))
        with open(os.path.join(out, "epochs.json"), "w") as f:
            json.dump(figures, f)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
