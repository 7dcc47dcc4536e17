#!/usr/bin/env python3
"""Counts the library's public API as a user of the crate sees it: every
item reachable from `ftvp::` (modules, types, traits, functions, constants,
statics, type aliases, re-exports followed to their items), their public
fields, the undocumented ones, and public functions that return
`Result<_, String>`. Uses rustdoc's JSON output (stable toolchain with
RUSTC_BOOTSTRAP=1, as the nightly flag needs).

    python3 scripts/public_api.py            # the counts
    python3 scripts/public_api.py --list     # every public item's path
    python3 scripts/public_api.py --max N    # exit 1 above N public items
"""

import json
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
KINDS = {"module", "struct", "enum", "trait", "function", "constant", "static", "type_alias", "macro", "union"}


def rustdoc_json():
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    subprocess.run(
        ["cargo", "rustdoc", "--lib", "-q", "--", "-Z", "unstable-options", "--output-format", "json"],
        cwd=ROOT, env=env, check=True,
    )
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    with open(os.path.join(target, "doc", "ftvp.json"), encoding="utf-8") as f:
        return json.load(f)


def kind_of(item):
    return next(iter(item["inner"])) if isinstance(item["inner"], dict) else item["inner"]


def returns_string_error(item):
    out = item["inner"]["function"]["sig"].get("output") or {}
    text = json.dumps(out)
    return '"path": "Result"' in text and '"path": "String"' in text


def walk(d):
    index = d["index"]
    seen, items, fields = set(), [], []

    def visit(item_id, path):
        item = index.get(str(item_id))
        if item is None or item.get("crate_id") != 0 or item_id in seen:
            return
        seen.add(item_id)
        kind = kind_of(item)
        if kind == "use":
            use = item["inner"]["use"]
            if use.get("id") is not None:
                if use.get("is_glob"):
                    target = index.get(str(use["id"]))
                    if target and kind_of(target) == "module":
                        for child in target["inner"]["module"]["items"]:
                            c = index.get(str(child))
                            if c and c.get("visibility") == "public":
                                visit(child, path + [c.get("name") or "?"])
                else:
                    visit(use["id"], path[:-1] + [use["name"]])
            return
        if item.get("visibility") != "public":
            return
        if kind in KINDS:
            items.append((path, kind, item))
        if kind == "module":
            for child in item["inner"]["module"]["items"]:
                c = index.get(str(child))
                if c is not None:
                    visit(child, path + [c.get("name") or "?"])
        if kind in ("struct", "enum", "union"):
            for impl_id in item["inner"][kind].get("impls", []):
                impl = index.get(str(impl_id))
                if impl is None or impl["inner"]["impl"].get("trait") is not None:
                    continue
                for m in impl["inner"]["impl"]["items"]:
                    method = index.get(str(m))
                    if method and method.get("visibility") == "public":
                        items.append((path + [method.get("name") or "?"], "method", method))
        if kind == "struct":
            plain = item["inner"]["struct"]["kind"]
            ids = plain.get("plain", {}).get("fields", []) if isinstance(plain, dict) else []
            for f in ids:
                field = index.get(str(f))
                if field and field.get("visibility") == "public":
                    fields.append((path + [field["name"]], field))

    root = index[str(d["root"])]
    for child in root["inner"]["module"]["items"]:
        c = index.get(str(child))
        if c is not None:
            visit(child, [c.get("name") or "?"])
    return items, fields


def leaks(d, items, fields):
    """Types of this crate that public signatures and fields name but a
    user cannot name (not reachable): the facade is not closed."""
    reachable = {id(i) for _, _, i in items}
    reachable_ids = {i["id"] for _, _, i in items}
    found = {}

    def refs(node):
        if isinstance(node, dict):
            if "resolved_path" in node:
                yield node["resolved_path"]
            for v in node.values():
                yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    for path, _, item in items + [(p, "field", f) for p, f in fields]:
        for r in refs(item["inner"]):
            target = d["index"].get(str(r["id"]))
            if target and target.get("crate_id") == 0 and r["id"] not in reachable_ids:
                found.setdefault(r.get("path") or r.get("name") or "?", "::".join(path))
    return found


def main():
    d = rustdoc_json()
    items, fields = walk(d)
    leaked = leaks(d, items, fields)
    undocumented = [p for p, k, i in items if not (i.get("docs") or "").strip()]
    string_errors = [p for p, k, i in items if k == "function" and returns_string_error(i)]
    modules = sum(1 for _, k, _ in items if k == "module")
    methods = sum(1 for _, k, _ in items if k == "method")
    print(f"public items: {len(items)} ({modules} modules, {methods} methods), public fields: {len(fields)}")
    print(f"undocumented public items: {len(undocumented)}")
    print(f"public functions returning Result<_, String>: {len(string_errors)}")
    for p in undocumented + string_errors:
        print("  " + "::".join(p))
    print(f"types named in public signatures but not public: {len(leaked)}")
    for name, where in sorted(leaked.items()):
        print(f"  {name} (in {where})")
    if "--list" in sys.argv:
        for p, k, _ in sorted(items, key=lambda x: x[0]):
            print(f"{k:10} ftvp::{'::'.join(p)}")
    if "--max" in sys.argv and len(items) > int(sys.argv[sys.argv.index("--max") + 1]):
        return 1
    if undocumented or string_errors or leaked:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
