#!/usr/bin/env python3
"""Measures the shape of the code under src/: function lengths (median and
90th percentile, test modules excluded: inline `#[cfg(test)] mod … { }` and
files declared `#[cfg(test)] mod name;`) and imports between modules (which
module uses which, and any pair that uses each other, directly or through
others), including parent/child re-entry.

    python3 scripts/structure.py            # summary
    python3 scripts/structure.py --long 30  # also list functions over 30 lines

A function's length is the number of lines from its `fn` line to its closing
brace, both included. A module is a file under src/ (mod.rs names its
folder); `use crate::a::b` and `crate::a::b::f()` in a file count as uses of
the longest module path that exists. A child may use its ancestors' types
and constants freely, but a call of an ancestor's free function (`super::f(`,
`crate::a::f(`, or a name imported from it and called) is a use like any
other: when that ancestor also reaches the child, the pair is reported as
re-entry (the analysis calling itself back through a note, say). Every other
pair that uses each other is reported too. The library and the binary are
separate crates: `ftvp::…` in the binary refers to the library.
"""

import os
import re
import statistics
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
BINARY = {"main"}  # the binary crate: main.rs calls ftvp::run()


def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if rel[-1] == "mod":
        rel = rel[:-1]
    if rel == ["lib"]:
        return ""
    return "::".join(rel)


def strip_tests(text):
    """Removes `#[cfg(test)] mod … { … }` blocks and comments."""
    text = re.sub(r"//[^\n]*", "", text)
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i : m.start()])
        depth, j = 1, m.end()
        while depth and j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        out.append("\n" * text[m.start() : j].count("\n"))
        i = j
    out.append(text[i:])
    return "".join(out)


def function_lengths(text):
    lines = text.split("\n")
    lengths = []
    for n, line in enumerate(lines):
        m = re.match(r"\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)", line)
        if not m:
            continue
        depth, started = 0, False
        for k in range(n, len(lines)):
            for ch in lines[k]:
                if ch == "{":
                    depth += 1
                    started = True
                elif ch == "}":
                    depth -= 1
            if started and depth == 0:
                lengths.append((k - n + 1, m.group(6)))
                break
            if not started and lines[k].rstrip().endswith(";"):
                break  # a declaration without a body (trait method)
    return lengths


def uses(text, crate_modules, module, crate):
    """Modules of the same crate that `module`'s text refers to."""
    found = set()

    def add(base, path):
        path = base + path
        while path:
            name = "::".join(path)
            if name in crate_modules:
                if name != module:
                    found.add(name)
                return
            path = path[:-1]

    # The library is `crate` in itself and `ftvp` in the binary; `super` is
    # the parent of the file's module.
    roots = {"crate", "super"} | ({"ftvp"} if crate == "bin" else set())
    parent = module.split("::")[:-1] if module else []
    for m in re.finditer(r"\b(crate|super|ftvp)((?:::\w+)+)", text):
        if m.group(1) in roots and not (crate == "bin" and m.group(1) == "ftvp"):
            add(parent if m.group(1) == "super" else [], m.group(2).strip(":").split("::"))
    for m in re.finditer(r"\buse\s+(crate|super)::\{([^}]*)\}", text):
        base = parent if m.group(1) == "super" else []
        for item in m.group(2).split(","):
            add(base, item.strip().split("::")[:1])
    # `use child::item` and `pub use child::item` of a module's own children.
    own = module.split("::") if module else []
    for m in re.finditer(r"\buse\s+(\w+)::", text):
        if m.group(1) not in ("crate", "super", "self", "std", "ftvp"):
            add(own, [m.group(1)])
    # A child uses its ancestors' types freely; it calls back into them only
    # through their free functions, which count.
    return {d for d in found if not is_ancestor(d, module)} | calls_up(text, module, crate_modules, crate)


def free_functions(module, crate_modules):
    """Names of the free functions (not methods) a module's file defines."""
    f = crate_modules.get(module)
    if f is None:
        return set()
    text = strip_tests(open(f, encoding="utf-8").read())
    names, depth = set(), 0
    for line in text.split("\n"):
        m = re.match(r"\s*(pub(\([^)]*\))?\s+)?(const\s+)?fn\s+(\w+)", line)
        if m and depth == 0:
            names.add(m.group(4))
        depth += line.count("{") - line.count("}")
    return names


def calls_up(text, module, crate_modules, crate):
    """Ancestors of `module` whose free functions it calls."""
    parts = module.split("::") if module else []
    found = set()
    for n in range(len(parts) - 1, -1, -1):
        ancestor = "::".join(parts[:n])
        fns = free_functions(ancestor, crate_modules)
        if not fns:
            continue
        supers = "::".join(["super"] * (len(parts) - n))
        prefixes = [re.escape(supers)]
        if crate == "lib":
            prefixes.append("crate" + "".join("::" + p for p in parts[:n]))
        for prefix in prefixes:
            pre = prefix if prefix.startswith("super") else re.escape(prefix)
            for m in re.finditer(pre + r"::(\w+)\s*\(", text):
                if m.group(1) in fns:
                    found.add(ancestor)
            for m in re.finditer(r"\buse\s+" + pre + r"::\{([^}]*)\}", text):
                for item in m.group(1).split(","):
                    name = item.strip().split(" as ")[-1].strip()
                    if name in fns and re.search(r"\b" + re.escape(name) + r"\s*\(", text):
                        found.add(ancestor)
            for m in re.finditer(r"\buse\s+" + pre + r"::(\w+)\s*;", text):
                name = m.group(1)
                if name in fns and re.search(r"\b" + re.escape(name) + r"\s*\(", text):
                    found.add(ancestor)
    return found


def is_ancestor(a, b):
    a, b = a.split("::") if a else [], b.split("::") if b else []
    return len(a) < len(b) and b[: len(a)] == a


def related(a, b):
    a, b = a.split("::"), b.split("::")
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def reenters(graph, a, b):
    """Whether one of two related modules reaches its ancestor through a call
    edge (an edge from a module to its ancestor exists only for calls)."""
    lo, hi = (a, b) if is_ancestor(b, a) else (b, a)
    return is_ancestor(hi, lo) and any(is_ancestor(d, lo) or d == hi for d in graph.get(lo, ()))


def top(name):
    return name.split("::")[0]


def cycles(graph):
    """Pairs (a, b) with a path a → … → b and b → … → a."""
    reach = {}
    for a in graph:
        seen, stack = set(), list(graph[a])
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.add(x)
            stack.extend(graph.get(x, ()))
        reach[a] = seen
    return sorted(
        {
            tuple(sorted((a, b)))
            for a in graph
            for b in reach[a]
            if a != b and a in reach.get(b, ()) and not (related(a, b) and not reenters(graph, a, b))
        }
    )


def test_files(files):
    """Files whose module is declared `#[cfg(test)] mod name;` by its parent."""
    out = set()
    for f in files:
        text = open(f, encoding="utf-8").read()
        folder = os.path.dirname(f) if os.path.basename(f) in ("mod.rs", "lib.rs", "main.rs") else f[:-3]
        for m in re.finditer(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", text):
            for candidate in (os.path.join(folder, m.group(1) + ".rs"), os.path.join(folder, m.group(1), "mod.rs")):
                out.add(os.path.normpath(candidate))
    return out


def main():
    files = []
    for root, _, names in os.walk(SRC):
        files += [os.path.join(root, n) for n in names if n.endswith(".rs")]
    tests = test_files(files)
    files = [f for f in files if os.path.normpath(f) not in tests]
    texts = {f: strip_tests(open(f, encoding="utf-8").read()) for f in files}
    crates = {"lib": {}, "bin": {}}
    for f in files:
        m = module_of(f)
        crate = "bin" if top(m) in BINARY else "lib"
        crates[crate][m] = f
    lengths = []
    for f in files:
        lengths += [(n, name, os.path.relpath(f, SRC)) for n, name in function_lengths(texts[f])]
    values = sorted(n for n, _, _ in lengths)
    p90 = values[int(round(0.9 * (len(values) - 1)))]
    print(f"functions: {len(values)}, median {statistics.median(values)} lines, 90th percentile {p90}, longest {values[-1]}")
    if "--long" in sys.argv:
        limit = int(sys.argv[sys.argv.index("--long") + 1])
        for n, name, f in sorted(lengths, reverse=True):
            if n > limit:
                print(f"  {n:4} {f} {name}")
    status = 0
    for crate, modules in crates.items():
        graph = {m: uses(texts[f], modules, m, crate) for m, f in modules.items()}
        tops = {}
        for m, deps in graph.items():
            tops.setdefault(top(m), set()).update(top(d) for d in deps if top(d) != top(m))
        for label, g in (("modules", graph), ("top-level modules", tops)):
            found = cycles(g)
            print(f"{crate}: {len(g)} {label}, {len(found)} pairs that use each other")
            for a, b in found:
                print(f"  {a} <-> {b}")
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
