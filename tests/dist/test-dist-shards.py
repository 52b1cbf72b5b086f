# SPDX-License-Identifier: GPL-3.0-or-later
"""The training shards equal torch.utils.data.DistributedSampler's, epoch by epoch.

For N = 10, 11, 97 samples and W = 2, 3 ranks, with and without shuffling, for seeds 0 and
7 and epochs 0 to 2, every rank's list of sample indices from finetune's sharding must be the
very list DistributedSampler(range(N), num_replicas=W, rank=r, shuffle, seed) yields after
set_epoch(epoch).  Prints TAP; exits 77 when torch is missing.
"""
import os
import subprocess
import sys

try:
    import torch.utils.data
except ImportError as e:
    print(f"1..0 # SKIP {e}")
    sys.exit(77)

PROBE = os.environ["DIST_SHARD_PROBE"]
results = []


def check(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}{' # ' + detail if detail else ''}")
    sys.stdout.flush()


def main():
    for n in (10, 11, 97):
        for w in (2, 3):
            for shuffle in (True, False):
                for seed in (0, 7):
                    bad = []
                    out = subprocess.run([PROBE, str(n), str(w), str(seed),
                                          "1" if shuffle else "0", "3"],
                                         capture_output=True, text=True, check=True).stdout
                    got = {}
                    for line in out.splitlines():
                        epoch, r, *indices = (int(x) for x in line.split())
                        got[epoch, r] = indices
                    for epoch in range(3):
                        for r in range(w):
                            sampler = torch.utils.data.DistributedSampler(
                                range(n), num_replicas=w, rank=r, shuffle=shuffle, seed=seed)
                            sampler.set_epoch(epoch)
                            want = list(sampler)
                            mine = got.get((epoch, r))
                            if mine != want:
                                bad.append(f"epoch {epoch} rank {r}: {(mine or [])[:6]}… vs "
                                           f"{want[:6]}…")
                    check(not bad, f"N={n} W={w} shuffle={shuffle} seed={seed}: "
                          "every rank, epochs 0-2", "; ".join(bad[:2]))
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
