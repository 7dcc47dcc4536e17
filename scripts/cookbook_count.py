#!/usr/bin/env python3
"""Counts a chat fine-tuning file the way OpenAI's data-preparation cookbook
does, for comparison with `ftvp dataset`.

The cookbook loads the whole file, checks every example's format, then counts
each example as 3 tokens per message + the tokens of every value + 1 per `name`
+ 3 for the reply priming, picks the default epochs and bills
epochs × Σ min(limit, tokens per example). Like ftvp, text that looks like a
special token counts as ordinary text, numbers (`weight`) are not counted,
content given as text parts counts its text, and other values (tool calls) count
as their compact JSON text.

Usage: cookbook_count.py FILE.jsonl [ENCODING] [MAX_EXAMPLE_TOKENS]
Prints one JSON object with the totals.
"""

import json
import sys
from collections import defaultdict

import tiktoken

ROLES = ("system", "developer", "user", "assistant", "tool", "function")
KEYS = ("role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call")


def main():
    path = sys.argv[1]
    encoding = tiktoken.get_encoding(sys.argv[2] if len(sys.argv) > 2 else "o200k_base")
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 65536

    def tokens(text):
        return len(encoding.encode(text, disallowed_special=()))

    def value_tokens(key, value):
        if isinstance(value, str):
            return tokens(value)
        if key == "content" and isinstance(value, list):
            return sum(
                tokens(p["text"]) if p.get("type") == "text" and isinstance(p.get("text"), str)
                else tokens(compact(p))
                for p in value
            )
        if key in ("tool_calls", "function_call") and value is not None:
            return tokens(compact(value))
        return 0

    with open(path, encoding="utf-8") as f:
        dataset = [json.loads(line) for line in f if line.strip()]

    format_errors = defaultdict(int)
    for ex in dataset:
        if not isinstance(ex, dict):
            format_errors["data_type"] += 1
            continue
        messages = ex.get("messages", None)
        if not messages:
            format_errors["missing_messages_list"] += 1
            continue
        for message in messages:
            if "role" not in message or "content" not in message:
                format_errors["message_missing_key"] += 1
            if any(k not in KEYS for k in message):
                format_errors["message_unrecognized_key"] += 1
            if message.get("role", None) not in ROLES:
                format_errors["unrecognized_role"] += 1
            content = message.get("content", None)
            if not content and not message.get("tool_calls") and not message.get("function_call"):
                format_errors["missing_content"] += 1
        if not any(message.get("role", None) == "assistant" for message in messages):
            format_errors["example_missing_assistant_message"] += 1

    lengths = []
    assistant = 0
    for ex in dataset:
        n = 0
        for message in ex["messages"]:
            n += 3
            for key, value in message.items():
                k = value_tokens(key, value)
                n += k
                if key == "name":
                    n += 1
                if message.get("role") == "assistant" and key in ("content", "tool_calls", "function_call"):
                    assistant += k
        n += 3
        for key in ("tools", "functions"):
            if ex.get(key) is not None:
                n += tokens(compact(ex[key]))
        lengths.append(n)

    n_examples = len(dataset)
    epochs = 3
    if n_examples * 3 < 100:
        epochs = min(25, 100 // n_examples)
    elif n_examples * 3 > 25000:
        epochs = max(1, 25000 // n_examples)
    per_epoch = sum(min(limit, length) for length in lengths)
    print(json.dumps({
        "examples": n_examples,
        "format_errors": sum(format_errors.values()),
        "total_tokens": sum(lengths),
        "assistant_tokens": assistant,
        "epochs": epochs,
        "billed_tokens_per_epoch": per_epoch,
        "billed_tokens": epochs * per_epoch,
    }))


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


if __name__ == "__main__":
    main()
