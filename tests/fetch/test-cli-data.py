#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""finetune-cli fetch, import, split and synth: exit statuses, stderr sentences, files left."""
import functools
import http.server
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

CLI = os.environ["FINETUNE_CLI"]
results = []


def check(name, condition, detail=""):
    results.append((bool(condition), name, detail))


def run(*args, env=None):
    full = dict(os.environ, **(env or {}))
    p = subprocess.run([CLI, *args], capture_output=True, text=True, env=full, timeout=60)
    return p.returncode, p.stdout, p.stderr


def quiet_handler(directory):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if not self.path.startswith("/slow/"):
                return super().do_GET()
            # A few bytes, then silence until the client leaves.
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"x" * 1000)
            self.wfile.flush()
            time.sleep(15)
    return functools.partial(Handler, directory=directory)


def test_interrupt(url, cache):
    """Ctrl+C cancels the download, says so, and keeps the partial file."""
    env = dict(os.environ, FINETUNE_FETCH_STALL_SECONDS="30")
    p = subprocess.Popen([CLI, "fetch", "--dataset", "hotdog", "--cache", cache,
                          "--base-url", url + "slow/"], stderr=subprocess.PIPE, text=True, env=env)
    first = p.stderr.readline()
    p.send_signal(signal.SIGINT)
    try:
        rest = p.stderr.read()
        code = p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        code, rest = None, ""
    check("fetch reports progress before the interrupt", first.startswith("hotdog.zip: 0% of"), first)
    check("fetch interrupted", code == 1, code)
    check("fetch interrupted sentence",
          rest == "finetune-cli: The download of hotdog.zip was cancelled.\n", rest)
    check("fetch interrupted keeps the part",
          os.listdir(cache) == ["hotdog.zip.part"], os.listdir(cache))


def closed_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_fetch(root):
    served = os.path.join(root, "served")
    os.mkdir(served)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), quiet_handler(served))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/" % server.server_address[1]
    cache = os.path.join(root, "cache")

    code, out, err = run("fetch", "--dataset", "hotdog", "--cache", cache, "--base-url", url)
    check("fetch 404 fails", code == 1, err)
    check("fetch 404 sentence",
          err == "finetune-cli: The server answered 404 for %shotdog.zip.\n" % url, err)

    with open(os.path.join(served, "hotdog.zip"), "wb") as f:
        f.write(os.urandom(200000))
    code, out, err = run("fetch", "--dataset", "hotdog", "--cache", cache, "--base-url", url)
    check("fetch damaged fails", code == 1, err)
    check("fetch damaged sentence",
          err.endswith("finetune-cli: hotdog.zip is damaged: its checksum does not match.\n"), err)
    check("fetch plain progress lines", "hotdog.zip: 100% of" in err, err)
    check("fetch damaged keeps nothing", os.listdir(cache) == [], os.listdir(cache))
    check("fetch prints no path on failure", out == "", out)

    with open(os.path.join(served, "resnet18-f37072fd.pth"), "wb") as f:
        f.write(b"not weights")
    code, out, err = run("fetch", "--weights", "resnet18", "--cache", cache,
                         env={"FINETUNE_BASE_URL": url})
    check("fetch honours FINETUNE_BASE_URL",
          code == 1 and "resnet18-f37072fd.pth is damaged" in err, err)

    code, out, err = run("fetch", "--cache", cache,
                         "--base-url", "http://127.0.0.1:%d/" % closed_port())
    check("fetch unreachable", code == 1 and err.startswith("finetune-cli: Could not reach 127.0.0.1: "), err)

    code, out, err = run("fetch", "--cache", cache, "--base-url", "http://no-such-host.invalid/")
    check("fetch unresolvable host",
          code == 1 and err.startswith("finetune-cli: Could not reach no-such-host.invalid: "), err)

    for name in os.listdir(cache):
        os.unlink(os.path.join(cache, name))
    test_interrupt(url, cache)

    code, out, err = run("fetch", "--dataset", "cats")
    check("fetch unknown data set", code == 1 and "Unknown data set “cats”" in err, err)
    server.shutdown()


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            z.writestr(name, data)


def test_import(root):
    dest = os.path.join(root, "datasets")
    good = os.path.join(root, "hotdog.zip")
    write_zip(good, [("hotdog/train/hotdog/0.png", b"a"), ("hotdog/train/not-hotdog/0.png", b"b"),
                     ("hotdog/test/hotdog/0.png", b"c"), ("hotdog/test/not-hotdog/0.png", b"d"),
                     ("__MACOSX/hotdog/._0.png", b"e")])
    code, out, err = run("import", good, "--dest", dest)
    target = os.path.join(dest, "hotdog")
    check("import good zip", code == 0 and out == target + "\n", out + err)
    check("import finds train and test", sorted(os.listdir(target)) == ["test", "train"])

    code, out, err = run("import", good, "--dest", dest)
    check("import existing fails", code == 1 and "already exists" in err, err)
    code, out, err = run("import", good, "--dest", dest, "--name", "second")
    check("import under another name", code == 0 and out.strip().endswith("/second"), out + err)

    evil = os.path.join(root, "evil.zip")
    write_zip(evil, [("hotdog/train/a.png", b"a"), ("../outside.txt", b"x")])
    code, out, err = run("import", evil, "--dest", dest)
    check("import zip-slip fails", code == 1, err)
    check("import zip-slip names the entry",
          err == "finetune-cli: The archive entry “../outside.txt” is refused: "
                 "it leads out of its folder.\n", err)
    check("import zip-slip leaves nothing",
          sorted(os.listdir(dest)) == ["hotdog", "second"]
          and not os.path.exists(os.path.join(root, "outside.txt")), os.listdir(dest))

    code, out, err = run("import", os.path.join(root, "missing.zip"), "--dest", dest)
    check("import missing source", code == 1 and "is neither a zip or tar archive nor a folder" in err, err)
    code, out, err = run("import", target)
    check("import folder in place", code == 0 and out == target + "\n", out + err)


def listing(root):
    found = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as f:
                found[os.path.relpath(os.path.join(dirpath, name), root)] = f.read()
    return found


def test_synth(root):
    a, b = os.path.join(root, "a"), os.path.join(root, "b")
    code, out, err = run("synth", a, "--per-class", "5", "--size", "48", "--seed", "9")
    check("synth writes a set", code == 0 and out == a + "\n", err)
    files = listing(a)
    counts = {d: sum(1 for k in files if k.startswith(d + "/"))
              for d in ("train/hotdog", "train/not-hotdog", "test/hotdog", "test/not-hotdog")}
    check("synth layout", counts == {"train/hotdog": 5, "train/not-hotdog": 5,
                                     "test/hotdog": 2, "test/not-hotdog": 2}, counts)
    check("synth writes PNG", all(v.startswith(b"\x89PNG\r\n\x1a\n") for v in files.values()))
    run("synth", b, "--per-class", "5", "--size", "48", "--seed", "9")
    check("synth is deterministic", listing(b) == files)
    code, out, err = run("synth", a, "--per-class", "5")
    check("synth refuses a non-empty folder", code == 1 and "already exists" in err, err)
    code, out, err = run("synth", os.path.join(root, "c"), "--per-class", "0")
    check("synth checks --per-class", code == 1 and "--per-class must be" in err, err)
    check("synth leaves no temporary folder", sorted(os.listdir(root)) == ["a", "b"])


def test_split(root):
    """split: the same seed gives the same split; the photos stay; refusals leave nothing."""
    code, _, _ = run("synth", os.path.join(root, "drawn"), "--per-class", "5", "--size", "32")
    photos = os.path.join(root, "drawn", "train")  # a folder of class folders
    before = listing(photos)
    a, b = os.path.join(root, "a"), os.path.join(root, "b")
    code, out, err = run("split", photos, a, "--seed", "3")
    check("split succeeds", code == 0 and out.strip() == a, (code, out, err))
    run("split", photos, b, "--seed", "3")
    check("split same seed same split", listing(a) == listing(b), (listing(a), listing(b)))
    check("split holds out a fifth of each class",
          sorted(len(files) for d, _, files in os.walk(os.path.join(a, "test")) if files) == [1, 1],
          listing(a))
    check("split leaves the photos untouched", listing(photos) == before)
    code, out, err = run("split", photos, a)
    check("split into an existing folder fails", code == 1 and "exists already" in err, err)
    code, out, err = run("split", photos, os.path.join(root, "c"), "--test-fraction", "1")
    check("split with a share of 1 fails", code == 1 and "between 0 and 1" in err, err)
    check("split refusal leaves nothing",
          not any(n.startswith("c") for n in os.listdir(root)), os.listdir(root))
    code, out, err = run("split", a, os.path.join(root, "d"))
    check("split of a split folder fails", code == 1 and "split already" in err, err)
    code, out, err = run("split", photos)
    check("split without OUT_DIR fails", code == 1 and err.startswith("finetune-cli: "), err)


def main():
    os.environ.update(FINETUNE_FETCH_RETRY_DELAY_MS="10", FINETUNE_FETCH_STALL_SECONDS="2",
                      FINETUNE_FETCH_CONNECT_SECONDS="2")
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "FINETUNE_BASE_URL"):
        os.environ.pop(name, None)
    with tempfile.TemporaryDirectory() as root:
        os.environ["XDG_CACHE_HOME"] = os.path.join(root, "xdg-cache")
        os.environ["XDG_DATA_HOME"] = os.path.join(root, "xdg-data")
        for test in (test_fetch, test_import, test_split, test_synth):
            sub = os.path.join(root, test.__name__)
            os.mkdir(sub)
            test(sub)
        for command in ("fetch", "import", "split", "synth"):
            code, out, _ = run(command, "--help")
            check("%s --help" % command, code == 0 and "Usage:" in out)
    for i, (ok, name, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            print("# " + repr(detail)[:400])
    print("1..%d" % len(results))
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
