# SPDX-License-Identifier: GPL-3.0-or-later
"""The shim computes what PyTorch computes: logits, five SGD steps, checkpoints; and with
Winograd convolutions, the same up to rounding no worse than a few times fp32's own.

Usage: test-shim-parity.py PROBE WORKDIR
"""
import copy
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shim_common import Tap, probe, rel_error, seeded_resnet18  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

TOL = 1e-4
N, H, W, STEPS = 4, 64, 64, 5
LR, MULT, WD = 5e-5, 10.0, 0.001

exe, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
tap = Tap(12)
torch.manual_seed(1234)
images = torch.randn(STEPS, N, 3, H, W)
labels = torch.randint(0, 2, (STEPS, N))
images.numpy().tofile(os.path.join(work, "images.f32"))
labels.numpy().tofile(os.path.join(work, "labels.i64"))
first = os.path.join(work, "first.f32")
images[0].numpy().tofile(first)


def shim_logits(weights, classes, *flags):
    out = os.path.join(work, "logits.f32")
    rc, msg = probe(exe, "eval", weights, classes, N, H, W, first, out, *flags)
    if rc != 0:
        print(f"# probe eval failed: {msg}")
        return None
    return torch.from_file(out, size=N * classes, dtype=torch.float32).view(N, classes)


# Logits of a seeded torchvision resnet18 saved as torchvision's weight files are.
net = seeded_resnet18(7).eval()
weights = os.path.join(work, "resnet18-seeded.pth")
torch.save(net.state_dict(), weights)
with torch.no_grad():
    expected = net(images[0])
imagenet_logits = expected
got = shim_logits(weights, 1000)
err = rel_error(got, expected) if got is not None else float("inf")
tap.check(err <= TOL, "eval logits equal PyTorch's (fp32)", f"max rel error {err:.3g}")

got_cl = shim_logits(weights, 1000, "channels-last")
err = rel_error(got_cl, expected) if got_cl is not None else float("inf")
tap.check(err <= TOL, "eval logits equal PyTorch's (fp32, channels-last)",
          f"max rel error {err:.3g}")

with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
    expected_bf16 = net(images[0]).float()
got = shim_logits(weights, 1000, "bf16")
err = rel_error(got, expected_bf16) if got is not None else float("inf")
tap.check(err <= 1e-2, "bf16 eval logits equal PyTorch's under CPU autocast",
          f"max rel error {err:.3g}; against fp32 {rel_error(expected_bf16, expected):.3g}")


# Five SGD steps with the recipe's two parameter groups.
def train_reference(momentum):
    net = seeded_resnet18(11)
    net.fc = nn.Linear(512, 2)
    nn.init.xavier_uniform_(net.fc.weight)
    init = os.path.join(work, "finetune-init.pth")
    torch.save(net.state_dict(), init)
    start = {k: v.clone() for k, v in net.state_dict().items()}
    head = [p for name, p in net.named_parameters() if name.startswith("fc.")]
    body = [p for name, p in net.named_parameters() if not name.startswith("fc.")]
    opt = torch.optim.SGD([{"params": body}, {"params": head, "lr": LR * MULT}], lr=LR,
                          weight_decay=WD, momentum=momentum)
    loss_fn = nn.CrossEntropyLoss(reduction="none")
    net.train()
    losses = []
    for s in range(STEPS):
        opt.zero_grad()
        out = net(images[s])
        loss = loss_fn(out, labels[s])
        loss.sum().backward()
        opt.step()
        losses.append(loss.sum().item())
    return net, init, start, losses


def train_shim(init, momentum, out, *flags, steps=STEPS, lr=LR, mult=MULT, wd=WD):
    rc, msg = probe(exe, "train", init, 2, N, H, W, steps, os.path.join(work, "images.f32"),
                    os.path.join(work, "labels.i64"), lr, mult, wd, momentum, 0, out, *flags)
    if rc != 0:
        print(f"# probe train failed: {msg}")
        return []
    return [float(line.split()[0]) for line in msg.splitlines()]


def update_error(got, ref, start):
    """Relative error of the changes training made, which a tiny learning rate hides in
    the weights themselves."""
    moved = [k for k, v in ref.items() if v.is_floating_point() and not torch.equal(v, start[k])]
    return max((rel_error(got[k] - start[k], ref[k] - start[k]) for k in moved if k in got),
               default=float("inf"))


def loss_error(losses, ref_losses):
    if len(losses) != len(ref_losses):
        return float("inf")
    return max(abs(a - b) / abs(b) for a, b in zip(losses, ref_losses))


net, init, start, ref_losses = train_reference(0.0)
trained = os.path.join(work, "trained.pth")
losses = train_shim(init, 0, trained)
loss_err = loss_error(losses, ref_losses)
tap.check(loss_err <= TOL, "every step's loss equals PyTorch's",
          f"max rel error {loss_err:.3g}; losses {', '.join(f'{v:.4f}' for v in losses)}")

# Final weights: the shim's checkpoint must load strictly in Python.
try:
    state = torch.load(trained)
    loaded = seeded_resnet18(0, num_classes=2)
    loaded.load_state_dict(state, strict=True)
    strict_ok = True
except Exception as e:  # noqa: BLE001
    print(f"# torch.load / load_state_dict failed: {e}")
    state, strict_ok = {}, False
ref = net.state_dict()
w_err = max((rel_error(state[k], v) for k, v in ref.items() if k in state), default=float("inf"))
d_err = update_error(state, ref, start)
tap.check(strict_ok and len(state) == 122 and w_err <= TOL and d_err <= 1e-3,
          "final weights equal PyTorch's", f"max rel error {w_err:.3g}; "
          f"of the updates themselves {d_err:.3g}")
tap.check(strict_ok, "the shim's checkpoint loads with strict=True in Python")

# Same logits from the checkpoint in Python and in the shim.
if strict_ok:
    loaded.eval()
    with torch.no_grad():
        expected = loaded(images[0])
    got = shim_logits(trained, 2)
    err = rel_error(got, expected) if got is not None else float("inf")
else:
    err = float("inf")
tap.check(err <= TOL, "the checkpoint gives the same logits in Python and the shim",
          f"max rel error {err:.3g}")

# A new model draws torchvision's initialisation from the generator in torchvision's order.
fresh = os.path.join(work, "fresh.pth")
rc, msg = probe(exe, "new", 10, 42, fresh)
ref = seeded_resnet18(42, num_classes=10).state_dict()
got = torch.load(fresh) if rc == 0 else {}
init_equal = rc == 0 and list(got) == list(ref) and all(torch.equal(got[k], v)
                                                        for k, v in ref.items())
tap.check(init_equal, "a new model equals torchvision's resnet18 drawn from the same seed", msg)

# The same with momentum, which the recipe leaves at 0 but the interface offers.
net_m, init, start_m, ref_losses = train_reference(0.9)
momentum_out = os.path.join(work, "momentum.pth")
losses = train_shim(init, 0.9, momentum_out)
loss_err = loss_error(losses, ref_losses)
got = torch.load(momentum_out) if losses else {}
ref = net_m.state_dict()
w_err = max((rel_error(got[k], v) for k, v in ref.items() if k in got), default=float("inf"))
d_err = update_error(got, ref, start_m)
tap.check(loss_err <= TOL and len(got) == 122 and w_err <= TOL and d_err <= 1e-3,
          "with momentum 0.9, losses and weights equal PyTorch's",
          f"max rel error: losses {loss_err:.3g}, weights {w_err:.3g}, updates {d_err:.3g}")

# Winograd convolutions: the same network up to rounding.
rc, msg = probe(exe, "winograd")
if msg.startswith("0 "):
    # Without AVX-512 oneDNN has no Winograd kernels; with it, a build must have them.
    for name in ("Winograd eval logits", "Winograd training losses", "Winograd gradients"):
        tap.check(msg == "0 cpu", name, "SKIP this CPU has no AVX-512" if msg == "0 cpu"
                  else "this build has no Winograd convolutions (libdnnl-dev is missing)")
    tap.finish()

got = shim_logits(weights, 1000, "winograd")
err = rel_error(got, imagenet_logits) if got is not None else float("inf")
got_cl = shim_logits(weights, 1000, "winograd", "channels-last")
err_cl = rel_error(got_cl, imagenet_logits) if got_cl is not None else float("inf")
tap.check(max(err, err_cl) <= 1e-4, "with Winograd convolutions, eval logits match PyTorch's",
          f"max rel error {err:.3g}, channels-last {err_cl:.3g}")

net, init, start, ref_losses = train_reference(0.0)
losses = train_shim(init, 0, os.path.join(work, "winograd.pth"), "winograd", "channels-last")
loss_err = loss_error(losses, ref_losses)
tap.check(loss_err <= 1e-3, "with Winograd convolutions, five steps' losses match PyTorch's",
          f"max rel error {loss_err:.3g}")


def gradients(net, dtype):
    """Every parameter's gradient of the summed loss on the first batch, in @dtype."""
    net = net.to(dtype).train()
    net.zero_grad()
    loss = nn.CrossEntropyLoss(reduction="sum")(net(images[0].to(dtype)), labels[0])
    loss.backward()
    return {k: p.grad.double() for k, p in net.named_parameters()}


# One step at learning rate 1 without weight decay leaves -gradient in the weights' change.
# Behind BatchNorm some gradients are small differences of large sums, which fp32 itself
# gets wrong by percents, so the measure is over all gradients together: the length of the
# error against float64's, over the length of float64's.
base = seeded_resnet18(11)
base.fc = nn.Linear(512, 2)
nn.init.xavier_uniform_(base.fc.weight)
torch.save(base.state_dict(), init)
g64 = gradients(copy.deepcopy(base), torch.float64)
g32 = gradients(copy.deepcopy(base), torch.float32)
one = os.path.join(work, "winograd-step.pth")
ok = bool(train_shim(init, 0, one, "winograd", "channels-last", steps=1, lr=1.0, mult=1.0, wd=0.0))
after = torch.load(one) if ok else {}
start = base.state_dict()


def global_error(got):
    num = sum(float((got[k] - g).pow(2).sum()) for k, g in g64.items())
    return (num / sum(float(g.pow(2).sum()) for g in g64.values())) ** 0.5


err_w = global_error({k: start[k].double() - after[k].double() for k in g64}) if ok else 1.0
err_32 = global_error(g32)
tap.check(ok and err_w <= max(err_32, 1e-5),
          "with Winograd convolutions, gradients are as close to float64's as PyTorch's fp32 ones",
          f"error against float64: Winograd {err_w:.3g}, PyTorch fp32 {err_32:.3g}")
tap.finish()
