#!/usr/bin/env python3
"""Differential check of two `patterngate` builds' privacy gate on generated hostile text.

A speed change to the gate must not change what it writes. This script generates seeded
texts the gate was not written against: tokens of the in-repo corpora and PII-shaped pieces
(cards split by runs of spaces, defanged addresses, hex pairs, national ids, phone formats,
company names with legal forms, street addresses, secrets in configuration syntax), glued
with separators a log or a hostile client may use (quotes, brackets, `=`, `:`, tabs, no
space at all), with case flips, cuts inside a token and non-ASCII (a Kelvin sign, a
decomposed accent, zero-width space, emoji). It runs `anonymize` and `scan` of both builds
over them and compares the outputs byte for byte. Needs only the standard library.

    python3 Benchmarks/gate-diff/gate-diff.py --base OLD_BINARY --new NEW_BINARY

Prints the seeds, the number of texts and, for the first differences, the text and both
lines; exits 1 when any output differs.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPORA = ["Tests/PrivacyRegressionTests/Corpus/handwritten.jsonl", "Tests/PrivacyRegressionTests/Corpus/outside.jsonl"]
SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", "=", ":", ",", ";", '"', "'", "<", ">", "(", ")", "[", "]", "{", "}", "/",
              "\\", "-", ".", "@", "_", "+", "#", "|", "`", "", "        ", " - ", ". ", ", ", '="', '":"', "</", "/>"]
NON_ASCII = ["é", "É", "ß", "\u212a", "\u200b", "\u00a0", "日本", "😀", "ö", "e\u0301", "\u0130", "Ω"]


def corpus_tokens():
    tokens = []
    for path in CORPORA:
        with open(os.path.join(ROOT, path), encoding="utf-8") as source:
            for line in source:
                case = json.loads(line)
                tokens += case["text"].split()
                tokens += [secret for secret in case.get("secrets") or [] if secret]
    return [token for token in tokens if token]


def pii(rng):
    def digits(count):
        return "".join(rng.choice("0123456789") for _ in range(count))

    def capitals(count):
        return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(count))

    shapes = [
        lambda: f"{digits(3)}-{digits(2)}-{digits(4)}", lambda: f"{digits(3)}.{digits(3)}.{digits(4)}",
        lambda: f"+{digits(1)} ({digits(3)}) {digits(3)}-{digits(4)}", lambda: f"{digits(4)} {digits(4)} {digits(4)} {digits(4)}",
        lambda: f"{digits(4)}  {digits(4)}   {digits(4)} {digits(4)}", lambda: f"{capitals(2)} {digits(2)} {digits(2)} {digits(2)} {capitals(1)}",
        lambda: f"{capitals(2)}{digits(2)}{capitals(4)}{digits(10)}", lambda: f"{digits(1)}{capitals(1)}{digits(7)}",
        lambda: f"{capitals(1)}{digits(8)}", lambda: digits(9), lambda: f"{digits(3)}[.]{digits(1)}[.]{digits(3)}[.]{digits(1)}",
        lambda: "john(at)example(dot)com", lambda: " ".join(f"{rng.randrange(256):02x}" for _ in range(rng.randrange(4, 12))),
        lambda: f"{rng.choice(['Acme', 'Globex', 'Initech', 'Van Dijk'])} {rng.choice(['NV', 'AG', 'GmbH', 'Ltd', 'Inc.', 'S.A.', 'BV', 'plc'])}",
        lambda: f"{digits(3)} {rng.choice(['Main', 'Oak', 'High', 'Elm'])} {rng.choice(['Street', 'St.', 'Ave', 'Road', 'Lane'])}",
        lambda: f"Suite {digits(3)}", lambda: f"PO Box {digits(3)}", lambda: f"AKIA{capitals(16)}", lambda: f"ghp_{capitals(36)}",
        lambda: f"password={capitals(3)}{digits(3)}!{capitals(2)}", lambda: f"Server=db;User Id=sa;Password={capitals(4)}{digits(2)};",
        lambda: f"{digits(4)}-{digits(4)}-{digits(4)}", lambda: f"at com.acme.{capitals(3)}.Svc.run(Svc.java:{digits(3)})",
        lambda: f"0x{digits(8)}", lambda: f"{digits(2)}/{digits(2)}/{digits(4)}", lambda: f"{digits(6)}{capitals(1)}{digits(3)}{capitals(1)}",
        lambda: f"[{rng.choice(['EMAIL', 'IP_ADDRESS', 'NAME', 'REDACTED', 'PHONE'])}]",
    ]
    return rng.choice(shapes)()


def mutate(rng, token):
    roll = rng.random()
    if roll < 0.08:
        return token.upper()
    if roll < 0.14:
        return token.lower()
    if roll < 0.18:
        return token.capitalize()
    if roll < 0.22 and len(token) > 2:
        cut = rng.randrange(1, len(token))
        return token[:cut] + rng.choice(SEPARATORS + NON_ASCII) + token[cut:]
    if roll < 0.25:
        return token + rng.choice(NON_ASCII)
    if roll < 0.27 and len(token) > 1:
        return token[: rng.randrange(1, len(token))]
    return token


def generate(seed, count, tokens, sink):
    rng = random.Random(seed)
    for number in range(count):
        parts = []
        for _ in range(rng.randrange(1, 30)):
            parts.append(mutate(rng, pii(rng) if rng.random() < 0.3 else rng.choice(tokens)))
            parts.append(rng.choice(SEPARATORS))
        text = "".join(parts)
        if rng.random() < 0.1:
            text *= rng.randrange(2, 4)
        sink.write(json.dumps({"id": f"{seed}-{number}", "text": text}, ensure_ascii=False) + "\n")


def run(binary, command, policy, path):
    with open(path, "rb") as source:
        result = subprocess.run([binary, command, "--policy", policy], stdin=source, capture_output=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{binary} {command} failed ({result.returncode}): {result.stderr.decode(errors='replace')[:500]}")
    return result.stdout.split(b"\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the patterngate binary before the change")
    parser.add_argument("--new", required=True, help="the patterngate binary after it")
    parser.add_argument("--seeds", default="1,2,3,4,5", help="comma-separated generator seeds (default 1,2,3,4,5)")
    parser.add_argument("--texts", type=int, default=40000, help="texts per seed (default 40000)")
    parser.add_argument("--policy", default=os.path.join(ROOT, "policies/default.yaml"))
    parser.add_argument("--show", type=int, default=5, help="differences to print (default 5)")
    args = parser.parse_args()
    tokens = corpus_tokens()
    differences = 0
    total = 0
    for seed in [int(seed) for seed in args.seeds.split(",")]:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as sink:
            generate(seed, args.texts, tokens, sink)
            path = sink.name
        try:
            texts = open(path, encoding="utf-8").read().split("\n")
            for command in ("anonymize", "scan"):
                before, after = run(args.base, command, args.policy, path), run(args.new, command, args.policy, path)
                if len(before) != len(after):
                    print(f"seed {seed} {command}: {len(before)} lines before, {len(after)} after")
                    differences += 1
                for index, (old, new) in enumerate(zip(before, after)):
                    if old != new:
                        differences += 1
                        if differences <= args.show:
                            print(f"seed {seed} {command} line {index + 1}:\n  text: {texts[index][:400]}\n"
                                  f"  base: {old[:400].decode(errors='replace')}\n  new:  {new[:400].decode(errors='replace')}")
        finally:
            os.unlink(path)
        total += args.texts
        print(f"seed {seed}: {args.texts} texts, anonymize and scan compared", flush=True)
    print(f"{total} texts, {differences} differing lines")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
