#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packs run folders into inputs of the run harness: config.json, metrics.csv, state.json,
classes.txt and predictions/epoch-1.csv, separated by a line "--8<--"; a missing file ends the
input early.

    pack-run.py RUN_DIR OUT_FILE     packs a run folder that finetune-cli train wrote
    pack-run.py --reproducers DIR    writes the issue's findings, one input each, into DIR"""
import json
import os
import sys

SEP = b"\n--8<--\n"
FILES = ["config.json", "metrics.csv", "state.json", "classes.txt", "predictions/epoch-1.csv"]
CONFIG = {"data_dir": "/data/set", "weights": None, "lr": 0.0005, "epochs": 2, "batch_size": 8,
          "image_size": 32}
METRICS = b"x,train_loss,train_acc,test_acc\n0.5,0.75,0.5,\n1,,,0.5\n"
STATE = b'{"state": "finished", "epochs_done": 1, "message": null}'
CLASSES = b"hotdog\nnot-hotdog\n"
PREDICTIONS = (b"label,logit_0,logit_1,path\n0,2.31045794,-1.98772168,hotdog/1000.png\n"
               b"1,0.5,0.25,not-hotdog/a,b.png\n1,-3.5,3.5,not-hotdog/\\t.png\n"
               b"0,1e-30,-1e30,hotdog/x.png\n")


def pack(parts):
    return SEP.join(parts)


def pack_dir(run_dir):
    parts = []
    for name in FILES:
        path = os.path.join(run_dir, name)
        if not os.path.exists(path):
            break
        with open(path, "rb") as f:
            parts.append(f.read())
    return pack(parts)


def config(**changes):
    return json.dumps(dict(CONFIG, **changes)).encode()


def reproducers():
    good = [config(), METRICS, STATE, CLASSES]
    def with_part(i, data):
        parts = list(good)
        parts[i] = data
        return pack(parts)
    yield "repro-empty-metrics", with_part(1, b"")
    yield "repro-state-number", with_part(2, b'{"state": 0}')
    yield "repro-state-object", with_part(2, b'{"state": {"a": 1}}')
    yield "repro-empty-config", with_part(0, b"")
    # What json-glib wrote for lr 1e-10 and 5e-15: its own parser refuses it.
    yield "repro-lr-1e-10", with_part(0, config().replace(b'"lr": 0.0005', b'"lr": 1e-10.0'))
    yield "repro-lr-5e-15", with_part(0, config().replace(b'"lr": 0.0005', b'"lr": 5e-15.0'))
    yield "repro-lr-1e-10-written", with_part(0, config(lr=1e-10))
    for size in (0, 60000, 4294967295):
        yield f"repro-image-size-{size}", with_part(0, config(image_size=size))
    yield "repro-deep-config", with_part(0, b"[" * 60000)
    yield "repro-empty-classes", with_part(3, b"")
    yield "only-config", pack([config()])
    def with_predictions(data):
        return pack(good + [data])
    yield "predictions", with_predictions(PREDICTIONS)
    yield "predictions-empty", with_predictions(b"")
    yield "predictions-header-only", with_predictions(b"label,logit_0,logit_1,path\n")
    yield "predictions-three-classes", with_predictions(
        b"label,logit_0,logit_1,logit_2,path\n2,1,2,3,a.png\n")
    yield "predictions-label-2", with_predictions(b"label,logit_0,logit_1,path\n2,1,2,a.png\n")
    yield "predictions-nan", with_predictions(b"label,logit_0,logit_1,path\n0,nan,2,a.png\n")
    yield "predictions-inf", with_predictions(b"label,logit_0,logit_1,path\n0,inf,2,a.png\n")
    yield "predictions-dotdot", with_predictions(b"label,logit_0,logit_1,path\n0,1,2,../a.png\n")
    yield "predictions-absolute", with_predictions(
        b"label,logit_0,logit_1,path\n0,1,2,/etc/passwd\n")
    yield "predictions-no-newline", with_predictions(b"label,logit_0,logit_1,path\n0,1,2,a.png")
    yield "predictions-short-row", with_predictions(b"label,logit_0,logit_1,path\n0,1\n")
    yield "predictions-negative-label", with_predictions(
        b"label,logit_0,logit_1,path\n-1,1,2,a.png\n")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--reproducers":
        os.makedirs(sys.argv[2], exist_ok=True)
        for name, data in reproducers():
            with open(os.path.join(sys.argv[2], name), "wb") as f:
                f.write(data)
    elif len(sys.argv) == 3:
        with open(sys.argv[2], "wb") as f:
            f.write(pack_dir(sys.argv[1]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
