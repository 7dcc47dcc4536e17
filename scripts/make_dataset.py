#!/usr/bin/env python3
"""Writes a deterministic synthetic chat fine-tuning file (JSONL) of about SIZE_MB.

Each example has a system, a user and an assistant message; one user message in
ten carries a `name`. The text mixes English prose, code, numbers, CJK, emoji and
whitespace runs, so that tokenizing is representative. The same arguments always
give the same bytes.

Usage: make_dataset.py OUT.jsonl [SIZE_MB]
"""

import itertools
import json
import random
import sys

WORDS = (
    "the of and to in is you that it he was for on are as with his they at be this "
    "from have or by one had not but what all were when we there can an your which "
    "their said if do will each about how up out them then she many some so these "
    "would other into has more her two like him see time could no make than first "
    "been its who now people my made over did down only way find use may water long "
    "little very after words called just where most know get through back much before "
    "customer refund invoice shipping account password billing subscription upgrade "
    "latency throughput deployment kubernetes database migration transaction rollback "
    "order delivery address payment card bank transfer support ticket issue problem "
    "question answer help please thank thanks sorry hello hi dear regards best team "
    "product service plan price cost month year week day hour minute today tomorrow "
    "yesterday morning evening night email phone number message chat call meeting "
    "report data file document page link website app mobile desktop browser server "
    "error warning failure success status update version release feature request bug "
    "fix change improve increase decrease reduce check verify confirm cancel return "
    "send receive open close start stop run test build install configure enable disable "
    "user admin manager developer engineer designer analyst company business market "
    "sales revenue profit growth strategy goal target result performance quality "
    "security privacy policy terms agreement contract license compliance audit review "
    "should must might also however because therefore although while since until "
    "new old good bad great small large high low fast slow easy hard simple important "
    "available possible necessary different same several every another following"
).split()
# Word frequencies in text fall off roughly as 1/rank (Zipf's law).
CUM_WEIGHTS = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(WORDS))))
CODE = [
    "def handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event)}\n",
    "for (let i = 0; i < items.length; i++) {\n  total += items[i].price * items[i].qty;\n}\n",
    "SELECT id, email, created_at FROM users WHERE plan = 'pro' ORDER BY created_at DESC;\n",
    "fn main() {\n    let v: Vec<u64> = (1..=10).map(|x| x * x).collect();\n    println!(\"{v:?}\");\n}\n",
]
OTHER = [
    "東京の天気は晴れです。明日は雨が降るでしょう。",
    "我们的客户服务团队将在二十四小时内回复您。",
    "고객님의 주문이 발송되었습니다.",
    "Спасибо за ваше обращение, мы скоро ответим.",
    "Great job! 🎉🚀 Thanks a lot 🙏",
    "Order #48213 — total: $1,249.99 (incl. 8.25% tax)",
    "    indented   text\twith\t\ttabs   and    runs      of spaces",
]


SYLLABLES = (
    "ka ri to me na su lo ve dra min pel cor tin sha bru qua zen fel mor "
    "ist ent ion ous able ment ware graph log tron plex ster vian ology"
).split()


def rare_word(rng):
    # Real text has a long tail of rare words, names, numbers and identifiers;
    # without it a tokenizer's piece cache answers almost everything and the
    # benchmark would time an unrealistically easy text.
    r = rng.random()
    if r < 0.5:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    if r < 0.875:
        return str(rng.randint(0, 10 ** rng.randint(1, 7)))
    return "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize() + rng.choice(["Id", "Service", "_v2", "Error"])


def sentence(rng):
    n = rng.randint(6, 24)
    words = rng.choices(WORDS, cum_weights=CUM_WEIGHTS, k=n)
    for i in range(n):
        if rng.random() < 0.08:
            words[i] = rare_word(rng)
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def paragraph(rng, sentences):
    parts = []
    for _ in range(sentences):
        r = rng.random()
        if r < 0.08:
            parts.append(rng.choice(CODE))
        elif r < 0.16:
            parts.append(rng.choice(OTHER))
        else:
            parts.append(sentence(rng))
    return " ".join(parts)


def example(rng, i):
    user = {"role": "user", "content": paragraph(rng, rng.randint(8, 30))}
    if i % 10 == 0:
        user["name"] = rng.choice(["alice", "bob", "carol_smith", "dave42"])
    return {
        "messages": [
            {"role": "system", "content": paragraph(rng, rng.randint(3, 8))},
            user,
            {"role": "assistant", "content": paragraph(rng, rng.randint(8, 30))},
        ]
    }


def main():
    out = sys.argv[1]
    size = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 100 * 1024 * 1024
    rng = random.Random(20261123)
    written = 0
    i = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        while written < size:
            line = json.dumps(example(rng, i), ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1


if __name__ == "__main__":
    main()
