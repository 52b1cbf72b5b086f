#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""finetune-cli import of tar archives, made by Python's tarfile: the safety cases of the zip
tests, each refused or imported as its zip twin is (same exit status, same sentence), with
nothing left behind on refusal."""
import gzip
import io
import os
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile

CLI = os.environ["FINETUNE_CLI"]
results = []

GOOD = [("hotdog/train/hotdog/0.png", b"train hotdog"), ("hotdog/train/not-hotdog/0.png", b"train not"),
        ("hotdog/test/hotdog/0.png", b"test hotdog"), ("hotdog/test/not-hotdog/0.png", b"test not"),
        ("hotdog/.DS_Store", b"finder"), ("__MACOSX/hotdog/._x", b"resource fork")]
FLAT = [("train/a/0.png", b"x"), ("test/a/0.png", b"y")]


def check(name, condition, detail=""):
    results.append((bool(condition), name, detail))


def run(*args, env=None):
    full = dict(os.environ, **(env or {}))
    p = subprocess.run([CLI, *args], capture_output=True, text=True, env=full, timeout=60)
    return p.returncode, p.stdout, p.stderr


# An entry: (name, bytes) for a file, or (name, kind, extra) for the others.
def tar_info(entry):
    info = tarfile.TarInfo(entry[0])
    info.mode = 0o644
    if len(entry) == 2:
        info.size = len(entry[1])
        return info, io.BytesIO(entry[1])
    kind, extra = entry[1], entry[2]
    if kind == "dir":
        info.type, info.mode = tarfile.DIRTYPE, 0o755
    elif kind == "symlink":
        info.type, info.linkname = tarfile.SYMTYPE, extra
    elif kind == "hardlink":
        info.type, info.linkname = tarfile.LNKTYPE, extra
    elif kind == "chardev":
        info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
    elif kind == "fifo":
        info.type = tarfile.FIFOTYPE
    elif kind == "zeros":
        info.size = extra
        return info, io.BytesIO(bytes(extra))
    return info, None


def write_tar(path, entries, mode="w"):
    with tarfile.open(path, mode, format=tarfile.PAX_FORMAT) as tar:
        for entry in entries:
            tar.addfile(*tar_info(entry))


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for entry in entries:
            info = zipfile.ZipInfo(entry[0])
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            data = entry[1] if len(entry) == 2 else b""
            if len(entry) == 3 and entry[1] == "symlink":
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                data = entry[2].encode()
            elif len(entry) == 3 and entry[1] == "chardev":
                info.external_attr = (stat.S_IFCHR | 0o644) << 16
            elif len(entry) == 3 and entry[1] == "zeros":
                data = bytes(entry[2])
            else:
                info.external_attr = (stat.S_IFREG | 0o644) << 16
            z.writestr(info, data)


class Case:
    """A scratch folder with one archive in it and an empty folder of data sets."""

    def __init__(self, root, name, file_name):
        self.root = os.path.join(root, name)
        os.makedirs(os.path.join(self.root, "datasets"))
        self.dest = os.path.join(self.root, "datasets")
        self.archive = os.path.join(self.root, file_name)

    def left(self):
        return sorted(os.listdir(self.dest)), sorted(os.listdir(self.root))


def import_case(root, name, file_name, entries, writer, env=None):
    case = Case(root, name, file_name)
    writer(case.archive, entries)
    code, out, err = run("import", case.archive, "--dest", case.dest, env=env)
    return case, code, out, err


def refusal(root, label, entries, expected, tar_mode="w:gz", zip_twin=True, env=None):
    """The tar is refused in one sentence naming @expected, leaving nothing; so is the zip."""
    suffix = {"w": ".tar", "w:gz": ".tar.gz", "w:xz": ".tar.xz", "w:bz2": ".tar.bz2"}[tar_mode]
    case, code, out, err = import_case(root, label + "-tar", "hotdog" + suffix, entries,
                                       lambda p, e: write_tar(p, e, tar_mode), env)
    sentence = err.startswith("finetune-cli: ") and err.endswith(".\n") and err.count("\n") == 1
    check(f"tar {label}: refused in one sentence naming it",
          code == 1 and out == "" and sentence and expected in err, repr(err))
    dests, scratch = case.left()
    check(f"tar {label}: nothing is left behind",
          dests == [] and scratch == ["datasets", "hotdog" + suffix], f"{dests} {scratch}")
    if not zip_twin:
        return
    zcase, zcode, zout, zerr = import_case(root, label + "-zip", "hotdog.zip", entries, write_zip, env)
    check(f"tar {label}: the zip twin gives the same sentence",
          zcode == code and zerr == err.replace(case.archive, zcase.archive), f"zip {zerr!r}")


def test_good(root):
    for mode, suffix in (("w:gz", ".tar.gz"), ("w", ".tar"), ("w:xz", ".tar.xz"),
                         ("w:bz2", ".tar.bz2"), ("w:gz", ".tgz")):
        entries = [("hotdog", "dir", None)] + GOOD
        case, code, out, err = import_case(root, "good" + suffix, "hotdog" + suffix, entries,
                                           lambda p, e: write_tar(p, e, mode))
        target = os.path.join(case.dest, "hotdog")
        check(f"good {suffix}: imported as “hotdog”", code == 0 and out == target + "\n", out + err)
        if code != 0:
            continue
        with open(os.path.join(target, "train", "not-hotdog", "0.png"), "rb") as f:
            check(f"good {suffix}: the data is intact", f.read() == b"train not")
        check(f"good {suffix}: dot-files and __MACOSX are skipped, no temporary folder is left",
              sorted(os.listdir(target)) == ["test", "train"] and case.left()[0] == ["hotdog"],
              f"{os.listdir(target)} {case.left()}")

    case, code, out, err = import_case(root, "flat", "mine.tar", FLAT, write_tar)
    target = os.path.join(case.dest, "mine")
    check("no top folder: imported as is", code == 0 and out == target + "\n"
          and sorted(os.listdir(target)) == ["test", "train"], out + err)

    dotted = [("./", "dir", None)] + [("./" + n, d) for n, d in FLAT]
    case, code, out, err = import_case(root, "dotted", "dotted.tgz", dotted,
                                       lambda p, e: write_tar(p, e, "w:gz"))
    target = os.path.join(case.dest, "dotted")
    check("names that start with ./ (tar -C DIR .) stay inside and import",
          code == 0 and out == target + "\n" and sorted(os.listdir(target)) == ["test", "train"],
          out + err)

    code, out, err = run("import", case.archive, "--dest", case.dest)
    check("a second import of the same name is refused",
          code == 1 and "already exists" in err and case.left()[0] == ["dotted"], err)
    code, out, err = run("import", case.archive, "--dest", case.dest, "--name", "again")
    check("--name imports it again", code == 0 and out.strip().endswith("/again"), out + err)


def test_refused(root):
    refusal(root, "traversal", [("hotdog/train/a.png", b"x"), ("hotdog/../../evil.txt", b"x")],
            "“hotdog/../../evil.txt” is refused: it leads out of its folder")
    evil = os.path.join(root, "evil.txt")
    refusal(root, "absolute", [(evil, b"x")], "it is an absolute path")
    check("the absolute entry was not written", not os.path.exists(evil))
    refusal(root, "symlink", [("hotdog/train/link", "symlink", "/etc/passwd")],
            "“hotdog/train/link” is refused: it is a symbolic link")
    refusal(root, "symlink-plain-tar", [("hotdog/train/link", "symlink", "../../../outside")],
            "it is a symbolic link", tar_mode="w")
    refusal(root, "hardlink", [("hotdog/train/a.png", b"x"),
                               ("hotdog/train/link", "hardlink", "../../../etc/passwd")],
            "“hotdog/train/link” is refused: it is a hard link", zip_twin=False)
    refusal(root, "device", [("hotdog/train/null", "chardev", None)],
            "“hotdog/train/null” is refused: it is not a plain file or folder")
    refusal(root, "fifo", [("hotdog/train/pipe", "fifo", None)],
            "it is not a plain file or folder", zip_twin=False)
    refusal(root, "bomb", [("hotdog/train/a.png", "zeros", 8 << 20)], "would expand more than")
    refusal(root, "bomb-xz", [("hotdog/train/a.png", "zeros", 8 << 20)], "would expand more than",
            tar_mode="w:xz", zip_twin=False)
    refusal(root, "total-size", GOOD, "would unpack to more than",
            env={"FINETUNE_IMPORT_MAX_BYTES": "20"})
    refusal(root, "twice", [("hotdog/train/a.png", b"x"), ("hotdog/train/a.png", b"y")],
            "“hotdog/train/a.png” is refused: it appears twice", zip_twin=False)
    # A name with a newline, a control character and hundreds of characters: one line, escaped,
    # cut short.
    odd = "hotdog/train/l\nin\x07k" + "n" * 400
    # (A zip holds such a name in CP437 unless it says UTF-8: its twin shows ◙ for the newline.)
    refusal(root, "odd-name", [(odd, "symlink", "/etc/passwd")], "“hotdog/train/l\\012in\\007kn",
            zip_twin=False)
    refusal(root, "long-name", [(odd, "symlink", "/etc/passwd")],
            "n…” is refused: it is a symbolic link", zip_twin=False)
    refusal(root, "no-roots", [("photos/a.png", b"x"), ("photos/b.png", b"y")],
            "holds no train/ and test/ folders")


def truncated(root, label, file_name, data, expected):
    case = Case(root, label, file_name)
    with open(case.archive, "wb") as f:
        f.write(data)
    code, out, err = run("import", case.archive, "--dest", case.dest)
    check(f"{label}: refused in one sentence",
          code == 1 and err.count("\n") == 1 and err.endswith(".\n") and expected in err, repr(err))
    check(f"{label}: nothing is left behind", case.left() == ([], sorted(["datasets", file_name])),
          str(case.left()))


def test_broken(root):
    big = [("hotdog", "dir", None)] + [(f"hotdog/train/a/{i}.png", os.urandom(3000)) for i in range(20)]
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w") as tar:
        for entry in big:
            tar.addfile(*tar_info(entry))
    data = plain.getvalue()
    truncated(root, "truncated tar", "cut.tar", data[:len(data) // 2 + 100], "damaged")
    packed = gzip.compress(data)
    truncated(root, "truncated tar.gz", "cut.tar.gz", packed[:len(packed) // 2], "damaged")
    truncated(root, "not an archive", "notes.tar", b"just some text, no archive\n" * 40,
              "is not a readable zip or tar archive")
    truncated(root, "empty file", "empty.tgz", b"", "is not a readable zip or tar archive")


def main():
    with tempfile.TemporaryDirectory() as root:
        os.environ.pop("FINETUNE_IMPORT_MAX_BYTES", None)
        for test in (test_good, test_refused, test_broken):
            sub = os.path.join(root, test.__name__)
            os.mkdir(sub)
            test(sub)
    for number, (passed, name, detail) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - {name}"
              + ("" if passed or not detail else f" # {detail}"))
    print(f"1..{len(results)}")
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
