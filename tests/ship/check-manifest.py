#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-manifest.py MANIFEST: the Flatpak manifest is valid JSON and builds this repository on a
current GNOME runtime, with pinned upstream libtorch, libzip and libarchive and no wider permissions than the
app needs. Prints TAP."""
import json
import re
import sys

results = []


def check(name, condition, detail=""):
    results.append((bool(condition), name, detail))


def source_of(module):
    sources = module.get("sources", [])
    return sources[0] if len(sources) == 1 else {}


def main():
    path = sys.argv[1]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"not ok 1 - the manifest is valid JSON: {e}\n1..1")
        return 1
    check("the manifest is valid JSON", True)
    check("the app id is io.github.finetune.Finetune",
          manifest.get("id", manifest.get("app-id")) == "io.github.finetune.Finetune")
    check("the runtime is org.gnome.Platform 47 or 48",
          manifest.get("runtime") == "org.gnome.Platform"
          and manifest.get("runtime-version") in ("47", "48"))
    check("the SDK is org.gnome.Sdk", manifest.get("sdk") == "org.gnome.Sdk")
    check("the command is finetune", manifest.get("command") == "finetune")

    wanted = {"--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
              "--device=dri"}
    args = set(manifest.get("finish-args", []))
    check("finish-args are exactly network, ipc, wayland, fallback-x11 and dri",
          args == wanted, f"extra {sorted(args - wanted)}, missing {sorted(wanted - args)}")
    check("no file system access (files come through the portal)",
          not any(a.startswith("--filesystem") for a in args))

    modules = {m.get("name"): m for m in manifest.get("modules", []) if isinstance(m, dict)}
    names = [m.get("name") for m in manifest.get("modules", []) if isinstance(m, dict)]

    torch = modules.get("libtorch", {})
    torch_src = source_of(torch)
    check("libtorch comes from upstream's CPU build",
          re.fullmatch(r"https://download\.pytorch\.org/libtorch/cpu/"
                       r"libtorch-cxx11-abi-shared-with-deps-[0-9.]+%2Bcpu\.zip",
                       torch_src.get("url", "")) is not None, torch_src.get("url", ""))
    check("libtorch is pinned by sha256",
          re.fullmatch(r"[0-9a-f]{64}", torch_src.get("sha256", "")) is not None)
    installs = " ".join(torch.get("build-commands", []))
    prefix = re.search(r"(/app/[^\s]*libtorch)\b", installs)
    check("libtorch is installed under /app", prefix is not None, installs)

    zip_src = source_of(modules.get("libzip", {}))
    check("libzip is built from a release tarball pinned by sha256",
          zip_src.get("type") == "archive"
          and re.fullmatch(r"[0-9a-f]{64}", zip_src.get("sha256", "")) is not None)

    archive_src = source_of(modules.get("libarchive", {}))
    check("libarchive (tar import) is built from a release tarball pinned by sha256",
          archive_src.get("type") == "archive"
          and re.fullmatch(r"[0-9a-f]{64}", archive_src.get("sha256", "")) is not None)

    def is_pinned(source):
        return (re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", ""))
                or re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")))

    bundled = [m for m in manifest.get("modules", [])
               if isinstance(m, dict) and m.get("name") != "finetune"]
    pinned = all(is_pinned(s) for m in bundled for s in m.get("sources", [])
                 if s.get("type") in ("archive", "file", "git"))
    check("every bundled library is pinned by sha256 or commit", pinned)

    app = modules.get("finetune", {})
    app_src = source_of(app)
    check("the app is built with this repository's meson files",
          app.get("buildsystem") == "meson"
          and app_src.get("type") == "dir" and app_src.get("path") == "..")
    check("the app is configured with the bundled libtorch",
          prefix is not None and f"-Dlibtorch={prefix.group(1)}" in app.get("config-opts", []),
          str(app.get("config-opts")))
    check("the app is the last module, after what it links to",
          names[-1:] == ["finetune"] and {"libtorch", "libzip", "libarchive", "isa-l"} <= set(names[:-1]),
          str(names))

    for number, (passed, name, detail) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - {name}"
              + ("" if passed or not detail else f" # {detail}"))
    print(f"1..{len(results)}")
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
