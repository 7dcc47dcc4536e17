#!/usr/bin/env python3
"""Writes a chat fine-tuning file (JSONL) of about SIZE_MB cut from real text
that any Debian machine with Python and Rust has: the Python standard library,
the Rust sources and Markdown under the cargo registry, changelogs and READMEs
under /usr/share/doc, and man pages in English and every other language
installed under /usr/share/man.

Each example has a system message, a user message (one in ten with a `name`)
and an assistant message; user and assistant each hold a run of whole lines cut
from one file. The sources are interleaved by weight (code 40%, documentation
25%, English man pages 15%, man pages in other languages 20%) so that the mix
does not depend on how much of each the machine has. A source that runs out is
read again from its start. The same machine and arguments give the same bytes.

Usage: make_realistic_dataset.py OUT.jsonl [SIZE_MB]
Prints one line per source kind on stderr: files found and bytes used.
"""

import gzip
import json
import os
import random
import sys
import sysconfig
from collections import deque
from pathlib import Path

SYSTEM = [
    "You are a helpful assistant for software engineers.",
    "Answer as the project's documentation would, briefly and exactly.",
    "You explain code and manuals to new contributors.",
    "Continue the text in the same language and style.",
]
MAX_FILE_BYTES = 4 << 20


def files(root, suffixes, limit=None):
    """Regular files under ROOT whose name ends with one of SUFFIXES, sorted."""
    out = []
    root = Path(root)
    if not root.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(suffixes):
                p = Path(dirpath) / name
                if p.is_file() and not p.is_symlink():
                    out.append(p)
        if limit and len(out) >= limit:
            break
    return out


def cargo_registry():
    home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    return home / "registry" / "src"


def sources():
    """Source kind -> (weight, sorted file list)."""
    man = Path("/usr/share/man")
    english = [p for d in sorted(man.glob("man[0-9]*")) for p in files(d, (".gz",))]
    other = [
        p
        for d in sorted(man.iterdir()) if man.is_dir() and not d.name.startswith("man")
        for p in files(d, (".gz",))
    ] if man.is_dir() else []
    doc = files("/usr/share/doc", (".gz", ".md", ".txt", "README", "NEWS"))
    code = files(sysconfig.get_paths()["stdlib"], (".py",)) + files(
        cargo_registry(), (".rs", ".md", ".toml")
    )
    return {
        "code": (40, code),
        "doc": (25, doc),
        "man-en": (15, english),
        "man-other": (20, other),
    }


def read_text(path):
    try:
        raw = path.read_bytes()[:MAX_FILE_BYTES]
        if path.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        return raw.decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile, ValueError):
        return None


class Source:
    """Hands out runs of whole lines from its files, in a seeded order."""

    def __init__(self, name, paths, rng):
        self.name = name
        self.paths = list(paths)
        rng.shuffle(self.paths)
        self.rng = rng
        self.next_file = 0
        self.lines = deque()
        self.used = 0

    def take(self, size):
        while len(self.lines) < 4:
            if not self.paths:
                return None
            path = self.paths[self.next_file % len(self.paths)]
            self.next_file += 1
            text = read_text(path)
            if text:
                self.lines.extend(text.splitlines(keepends=True))
            if self.next_file > 10 * len(self.paths) and not self.lines:
                return None
        out = []
        n = 0
        while self.lines and n < size:
            line = self.lines.popleft()
            out.append(line)
            n += len(line)
        text = "".join(out).strip("\n")
        self.used += len(text.encode("utf-8"))
        return text or None


def main():
    out = sys.argv[1]
    size = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 100 * 1024 * 1024
    rng = random.Random(20261127)
    kinds = {
        name: (weight, Source(name, paths, random.Random(name)))
        for name, (weight, paths) in sources().items()
        if paths
    }
    if not kinds:
        sys.exit("no source text found")
    names = list(kinds)
    weights = [kinds[n][0] for n in names]
    written = 0
    i = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        while written < size:
            src = kinds[rng.choices(names, weights)[0]][1]
            user = src.take(rng.randint(200, 3000))
            reply = src.take(rng.randint(200, 4000))
            if not user or not reply:
                continue
            u = {"role": "user", "content": user}
            if i % 10 == 0:
                u["name"] = rng.choice(["alice", "bob", "carol_smith", "dave42"])
            example = {
                "messages": [
                    {"role": "system", "content": rng.choice(SYSTEM)},
                    u,
                    {"role": "assistant", "content": reply},
                ]
            }
            line = json.dumps(example, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    for name in names:
        src = kinds[name][1]
        print(f"{name}: {len(src.paths)} files, {src.used / 1e6:.1f} MB used", file=sys.stderr)


if __name__ == "__main__":
    main()
