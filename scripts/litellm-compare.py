#!/usr/bin/env python3
"""Reruns the comparison of ftvp's request costs with LiteLLM's own cost
calculator (issue 25), offline. Not part of `cargo test`.

For every shipped model that LiteLLM's price map also knows, three requests
are priced by both: plain (3,000-token prompt, 200 input, 300 output), cached
(a 10,000-token prompt read from the cache on 80% of requests, misses written
to it where the model bills writes) and, where either side has a long-context
tier, long (a 300,000-token prompt). ftvp prices each with `ftvp breakeven`
(the base path's `cost_per_request`); LiteLLM with `litellm.cost_per_token`
on its bundled map. Prices are those of the map's date, 2026-11-20.

Setup (once):
    python3 -m venv .venv-litellm
    .venv-litellm/bin/pip install 'litellm==1.110.2'
    cargo build
Run:
    .venv-litellm/bin/python scripts/litellm-compare.py [--ftvp target/debug/ftvp]
        [--map ../shared/data/litellm-model-prices-1.110.2.json]

LITELLM_LOCAL_MODEL_COST_MAP=True makes litellm read the map bundled with the
package instead of fetching one; with --map, the script checks that the file
given is that same map. Every difference it prints is listed, with its
reason, under "Compared with LiteLLM" in pricing/README.md.
"""

import argparse
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-20"

# LiteLLM provider -> ftvp provider, as `ftvp prices import litellm` maps them
# (src/pricing/import.rs), for the providers ftvp ships models of.
PROVIDERS = {
    "openai": "openai",
    "anthropic": "anthropic",
    "gemini": "google",
    "azure": "azure",
    "deepseek": "deepseek",
    "fireworks_ai": "fireworks",
    "together_ai": "together",
}

REQUESTS = {
    # name: (prompt, input, output, cache hit rate)
    "plain": (3_000, 200, 300, Decimal(0)),
    "cached": (10_000, 200, 300, Decimal("0.8")),
    "long": (300_000, 200, 300, Decimal(0)),
}


def litellm_keys(price_map):
    """(ftvp provider, name) -> LiteLLM key, as the importer names models."""
    keys = {}
    for key, v in price_map.items():
        if not isinstance(v, dict) or v.get("mode") not in ("chat", "responses"):
            continue
        provider = PROVIDERS.get(v.get("litellm_provider"))
        if provider is None or key.startswith("ft:"):
            continue
        rest = key.split(v["litellm_provider"] + "/", 1)[-1]
        if provider == "azure" and "/" in rest:
            continue  # regional
        name = rest.rsplit("/", 1)[-1].lower()
        canonical = key.startswith(v["litellm_provider"] + "/")
        if (provider, name) not in keys or canonical:
            keys[(provider, name)] = key
    return keys


def ftvp_models(ftvp):
    out = subprocess.run(
        [ftvp, "prices", "--all", "--start", DAY, "--format", "json"],
        capture_output=True, text=True, check=True, env=ftvp_env(),
    )
    return json.loads(out.stdout)["models"]


def ftvp_env():
    env = dict(os.environ)
    env.update({"FTVP_TODAY": DAY, "XDG_CONFIG_HOME": "/nonexistent"})
    env.pop("FTVP_PRICING", None)
    return env


def ftvp_cost(ftvp, model_id, request, off_peak_share="0"):
    prompt, inp, out, hit = REQUESTS[request]
    args = [
        ftvp, "breakeven", "--start", DAY, "--base", model_id,
        "--base-prompt", str(prompt), "--input", str(inp), "--output", str(out),
        "--cache-hit-rate", str(hit), "--off-peak-share", off_peak_share,
        "--pricing", str(ROOT / "tests/fixtures/rules"), "--tuned", "rules/tuned",
        "--tuned-prompt", "0", "--training-cost", "1", "--volume", "1",
        "--format", "json",
    ]
    run = subprocess.run(args, capture_output=True, text=True, env=ftvp_env())
    if run.returncode != 0:
        return None, run.stderr.strip().splitlines()[0]
    return Decimal(str(json.loads(run.stdout)["base"]["cost_per_request"])), None


def litellm_cost(key, entry, request):
    import litellm

    prompt, inp, out, hit = REQUESTS[request]
    read = int(prompt * hit)
    writes = prompt - read if hit and entry.get("cache_creation_input_token_cost") else 0
    p, c = litellm.cost_per_token(
        model=key,
        prompt_tokens=prompt + inp,
        completion_tokens=out,
        cache_read_input_tokens=read,
        cache_creation_input_tokens=writes,
    )
    # Floats from litellm: rounded to 10 significant digits for comparison.
    return Decimal(repr(p + c)).quantize(Decimal("1e-12"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ftvp", default=str(ROOT / "target/debug/ftvp"))
    parser.add_argument("--map", default=None)
    args = parser.parse_args()

    import litellm

    bundled = Path(litellm.__file__).parent / "model_prices_and_context_window_backup.json"
    price_map = json.loads(bundled.read_text())
    if args.map:
        given = json.loads(Path(args.map).read_text())
        if given != price_map:
            sys.exit(f"{args.map} is not the map bundled with this litellm package")
    keys = litellm_keys(price_map)

    compared = agree = 0
    differences, shut_down, off_peak = [], [], []
    for m in ftvp_models(args.ftvp):
        key = keys.get((m["provider"], m["model"]))
        if key is None:
            continue
        if m["shutdown"] is not None and m["shutdown"] <= DAY:
            shut_down.append(f"{m['id']} (shut down {m['shutdown']}; LiteLLM: {key})")
            continue
        entry = price_map[key]
        long_tier = m["long_context"] is not None or any(
            "above_" in f and f.startswith("input_cost") for f in entry
        )
        for request in REQUESTS:
            if request == "long" and not long_tier:
                continue
            if request == "cached" and m["cached_input"] is None and not entry.get(
                "cache_read_input_token_cost"
            ):
                continue
            ours, error = ftvp_cost(args.ftvp, m["id"], request)
            theirs = litellm_cost(key, entry, request)
            compared += 1
            if error is None and abs(ours - theirs) <= Decimal("1e-9"):
                agree += 1
                continue
            # LiteLLM bills DeepSeek's off-peak price when it runs in off-peak
            # hours (by the clock); ftvp does with --off-peak-share 1.
            if m["off_peak"] is not None:
                all_off, _ = ftvp_cost(args.ftvp, m["id"], request, "1")
                if all_off is not None and abs(all_off - theirs) <= Decimal("1e-9"):
                    agree += 1
                    off_peak.append(f"{m['id']} {request}")
                    continue
            differences.append((m["id"], request, ours if error is None else error, theirs, key))

    print(f"{agree} of {compared} comparisons agree; "
          f"{len({d[0] for d in differences})} models differ")
    if off_peak:
        print(f"agree at ftvp's --off-peak-share 1 (LiteLLM ran in off-peak hours): "
              f"{', '.join(off_peak)}")
    if shut_down:
        print(f"not compared, shut down on {DAY} in ftvp: {'; '.join(shut_down)}")
    print()
    print("| model | request | ftvp | LiteLLM 1.110.2 | LiteLLM key |")
    print("|---|---|---|---|---|")
    for model, request, ours, theirs, key in differences:
        print(f"| {model} | {request} | {ours} | {theirs.normalize()} | `{key}` |")


if __name__ == "__main__":
    main()
