#!/usr/bin/env python3
"""Peak memory of ftvp on the hostile inputs of issue 28, one input file at
a time: each case's peak resident memory (the child's own high-water mark,
from wait4) must stay within 256 MiB plus the documented cap of the kind of
file it reads (tokenizer.json 128 MiB, TOML 16 MiB, LiteLLM map 256 MiB,
prompt text 0: it is counted as it streams). Prints one line per case and
exits 1 if any case is over its bound or ends with another exit code.

Usage: scripts/hostile-memory.py [BINARY]   (default: target/release/ftvp,
else target/debug/ftvp; build with `cargo build --release` first)
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

MIB = 1 << 20
BASE = 256  # MiB any single input may take, besides its kind's cap
CAPS = {"tokenizer": 128, "toml": 16, "map": 256, "prompt": 0, "flag": 0}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    if len(sys.argv) > 1:
        return os.path.abspath(sys.argv[1])
    for kind in ("release", "debug"):
        path = os.path.join(ROOT, "target", kind, "ftvp")
        if os.path.exists(path):
            return path
    sys.exit("no ftvp binary: run cargo build --release")


# Forks and runs ftvp from a fresh, small interpreter: a child's peak
# resident memory counts what it held before exec (a fork of this script,
# with its inputs built, would count them), so the helper's few MB are the
# floor of every figure.
HELPER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run(ftvp, args, env, stdin_bytes=None, timeout=300):
    """Runs ftvp ARGS; returns (exit code, peak MiB, seconds, first stderr line)."""
    start = time.perf_counter()
    with tempfile.NamedTemporaryFile() as result, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        p = subprocess.Popen(
            [sys.executable, "-c", HELPER, result.name, ftvp] + args,
            stdin=subprocess.PIPE if stdin_bytes else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
        )
        if stdin_bytes:

            def feed():
                try:
                    for chunk in stdin_bytes():
                        p.stdin.write(chunk)
                except (BrokenPipeError, OSError):
                    pass
                finally:
                    try:
                        p.stdin.close()
                    except OSError:
                        pass

            threading.Thread(target=feed, daemon=True).start()
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            return (-1, 0.0, time.perf_counter() - start, "timed out")
        took = time.perf_counter() - start
        code, kib = open(result.name).read().split()
        err.seek(0)
        first = err.read().decode("utf-8", "replace").splitlines()[:1]
    return int(code), int(kib) / 1024, took, first[0] if first else ""


def tiny_tokenizer(vocab_extra=None, normalizer=None):
    vocab = {chr(c): i for i, c in enumerate(range(ord("a"), ord("z") + 1))}
    vocab.update({"Ġ": 26, " ": 27})
    if vocab_extra:
        vocab.update(vocab_extra)
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": [],
        "normalizer": normalizer, "pre_tokenizer": None, "post_processor": None, "decoder": None,
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": None, "end_of_word_suffix": None,
                  "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": []},
    }


def sheet(models, changes=0):
    head = 'provider = "q"\ncurrency = "USD"\nas_of = 2026-11-01\nsource = "https://example.com"\n'
    body = "".join(f'[models."m{i:07d}"]\ninput = 1\noutput = 2\n' for i in range(models))
    body += '[models."big"]\ninput = 2\noutput = 10\n[models."small"]\ninput = 0.5\noutput = 1\n'
    body += '[models."small".fine_tuning]\ntraining = 3\ninput = 0.3\noutput = 1.2\n'
    import datetime
    day = datetime.date(2026, 11, 2)
    body += "".join(
        f'[[models."big".changes]]\nfrom = {day + datetime.timedelta(days=i)}\ninput = {2 + i % 7}\n'
        for i in range(changes)
    )
    return head + body


def main():
    ftvp = binary()
    d = tempfile.mkdtemp(prefix="ftvp-hostile-")
    P = lambda *parts: os.path.join(d, *parts)
    config = P("config")
    os.makedirs(P("config", "ftvp", "tokenizers"))
    env = {"PATH": os.environ.get("PATH", ""), "XDG_CONFIG_HOME": config,
           "FTVP_TODAY": "2026-11-23", "COLUMNS": "80"}
    hf = os.path.join(ROOT, "tests", "fixtures", "hfpricing")

    def write(name, text, mode="w"):
        with open(P(name), mode) as f:
            f.write(text)
        return P(name)

    a100k = write("a100k.txt", "a" * 100_000)
    expand = write("expand.json", json.dumps(tiny_tokenizer(normalizer={
        "type": "Replace", "pattern": {"String": "a"}, "content": "b" * 1000})))
    unigram = write("unigram.json", json.dumps({
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": [],
        "normalizer": None, "pre_tokenizer": None, "post_processor": None, "decoder": None,
        "model": {"type": "Unigram", "unk_id": None, "byte_fallback": False,
                  "vocab": [["a" * n, -1.0] for n in range(1, 2001)]}}))
    # 6M tokens, about 120 MiB: within the file cap, over the vocabulary cap.
    with open(P("huge-vocab.json"), "w") as f:
        doc = tiny_tokenizer()
        text = json.dumps(doc)
        cut = text.index('"vocab": {') + len('"vocab": {')
        f.write(text[:cut])
        for i in range(6_000_000):
            f.write(f'"t{i:07d}": {1000 + i}, ')
        f.write(text[cut:])
    chat = write("chat.jsonl", '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}\n')
    os.mkfifo(P("config", "ftvp", "tokenizers", "qwen3.json"))
    fifo_config = dict(env)
    expand_config = P("config2")
    os.makedirs(os.path.join(expand_config, "ftvp", "tokenizers"))
    with open(os.path.join(expand_config, "ftvp", "tokenizers", "qwen3.json"), "w") as f:
        f.write(open(expand).read())
    os.makedirs(P("changes"))
    write(os.path.join("changes", "q.toml"), sheet(0, changes=100_000))
    os.makedirs(P("cap"))
    write(os.path.join("cap", "q.toml"), sheet(66_600))
    os.makedirs(P("tiny16"))
    write(os.path.join("tiny16", "q.toml"), sheet(400_000)[: 16 * MIB - 1])
    entries = ",\n".join(
        f'"gpt-hostile-{i:06d}": {{"litellm_provider": "openai", "mode": "chat", '
        f'"input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07}}'
        for i in range(120_000))
    big_map = write("map120k.json", "{" + entries + "}")
    key_map = write("key10m.json", '{"' + "a" * (10 * MIB) + '": {"litellm_provider": "openai", '
                    '"mode": "chat", "input_cost_per_token": 1e-07, "output_cost_per_token": 2e-07}}')
    sparse = P("sparse300m.txt")
    with open(sparse, "wb") as f:
        f.truncate(300_000_000)

    dated = ["breakeven", "--base", "q/big", "--base-prompt", "3000", "--tuned", "q/small",
             "--tuned-prompt", "500", "--input", "200", "--output", "300",
             "--training-tokens", "2M", "--setup-cost", "0", "--volume", "1M", "--months", "12"]
    quick = ["breakeven", "--pricing", os.path.join(ROOT, "tests", "fixtures", "pricing"),
             "--base", "acme/big", "--tuned", "acme/small", "--tuned-prompt", "500",
             "--input", "200", "--output", "300", "--training-tokens", "2M", "--setup-cost", "0",
             "--volume", "1M"]

    def lines():
        block = b"hello world foo\n" * 65536
        for _ in range(257):
            yield block

    cases = [
        ("1 Replace a→1000 b, --tokenizer-file", "tokenizer", 2, env,
         ["tokens", "--tokenizer-file", expand, a100k], None),
        ("1 Replace a→1000 b, user folder (tokens)", "tokenizer", 2, dict(env, XDG_CONFIG_HOME=expand_config),
         ["tokens", "--pricing", hf, "--model", "hf/qwen", a100k], None),
        ("1 Replace a→1000 b, user folder (dataset)", "tokenizer", 2, dict(env, XDG_CONFIG_HOME=expand_config),
         ["dataset", "--pricing", hf, "--model", "hf/qwen", chat], None),
        ("1 Unigram pieces of 1..2000 a", "tokenizer", 2, env,
         ["tokens", "--tokenizer-file", unigram, a100k], None),
        ("1 6M-token vocabulary (120 MiB)", "tokenizer", 2, env,
         ["tokens", "--tokenizer-file", P("huge-vocab.json"), a100k], None),
        ("2 prices check --within 7304485", "flag", 2, env,
         ["prices", "check", "--within", "7304485"], None),
        ("3 import 120k entries (18 MB)", "map", 2, env,
         ["prices", "import", "litellm", big_map, "--as-of", "2026-11-23", "--out", P("out1")], None),
        ("3 import one 10 MiB key", "map", 0, env,
         ["prices", "import", "litellm", key_map, "--as-of", "2026-11-23", "--out", P("out2")], None),
        ("5 100k dated changes", "toml", 2, env, dated + ["--pricing", P("changes")], None),
        ("5 a sheet at the item cap (66,600 models)", "toml", 0, env,
         ["prices", "q/big", "--pricing", P("cap")], None),
        ("5 16 MiB of tiny tables", "toml", 2, env, ["prices", "--pricing", P("tiny16")], None),
        ("6 FIFO in the tokenizer folder", "tokenizer", 2, fifo_config,
         ["dataset", "--pricing", hf, "--model", "hf/qwen", chat], None),
        ("6 300 MB prompt file", "prompt", 2, env, quick + ["--base-prompt-file", sparse], None),
        ("6 257 MiB prompt through a pipe", "prompt", 2, env, quick + ["--base-prompt-file", "-"], lines),
        ("7 130 KB flag value", "flag", 2, env, ["breakeven", "--volume", "x" * 130_000], None),
    ]
    failed = 0
    print(f"{'case':48} {'exit':>4} {'peak MiB':>9} {'bound':>6} {'seconds':>8}")
    for name, kind, want, case_env, args, stdin in cases:
        code, peak, took, first = run(ftvp, args, case_env, stdin)
        bound = BASE + CAPS[kind]
        ok = code == want and peak <= bound
        failed += not ok
        print(f"{name:48} {code:>4} {peak:>9.1f} {bound:>6} {took:>8.2f}" + ("" if ok else "  FAIL"))
        print(f"    {first[:150]}")
    print(f"binary: {ftvp}")
    shutil.rmtree(d, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
