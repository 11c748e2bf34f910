#!/usr/bin/env python3
"""Runs `patterngate anonymize` over freshly generated outside corpora (seeds the gate was
never tuned on) and reports leaks, rejections and over-redaction per seed.

The committed corpus (seed 20261214) is a regression suite: the gate's rules were fixed
against it. A new seed draws new values from the same templates and Faker locales, so it
measures whether those fixes were rules or string lists. It reports; it does not gate (a
random seed must not fail a build): `OutsideCorpusTests` gates on the committed corpus.

    swift build --product patterngate
    python3 Tests/PrivacyRegressionTests/Outside/holdout.py --seeds 11 12 13

A leak here is a secret found verbatim in the output (the Swift suite's check also looks
for fragments and other spellings). Each leak line names the family and the output with the
secret masked, so the report itself carries no secret.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "patterngate"))
    args = parser.parse_args()
    totals = {"cases": 0, "leaks": 0, "rejected": 0, "terms": 0, "over": 0}
    for seed in args.seeds:
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as corpus:
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--seed", str(seed), "--out", corpus.name],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            cases = [json.loads(line) for line in open(corpus.name)]
        lines = "".join(json.dumps({"id": str(i), "text": c["text"]}) + "\n" for i, c in enumerate(cases))
        out = subprocess.run([args.binary, "anonymize"], input=lines.encode(), capture_output=True, check=True, cwd=ROOT)
        results = {o["id"]: o for o in map(json.loads, out.stdout.decode().splitlines())}
        leaks = rejected = terms = over = 0
        for i, case in enumerate(cases):
            text = results[str(i)].get("text")
            if text is None:
                rejected += 1
                continue
            found = [s for s in case["secrets"] if s in text]
            if found:
                leaks += 1
                masked = text
                for secret in found:
                    masked = masked.replace(secret, "<" + "*" * len(secret) + ">")
                print(f"  leak, seed {seed}, family {case['kind']}: {masked[:240]!r}")
            for term in case["mustSurvive"]:
                terms += 1
                over += term not in text
        print(f"seed {seed}: {len(cases)} cases, {leaks} leaking, {rejected} rejected, "
              f"{over} of {terms} must-survive terms lost ({100.0 * over / max(terms, 1):.2f}%)")
        for key, value in (("cases", len(cases)), ("leaks", leaks), ("rejected", rejected), ("terms", terms), ("over", over)):
            totals[key] += value
    print(f"all: {totals['cases']} cases, {totals['leaks']} leaking, {totals['rejected']} rejected, "
          f"{totals['over']} of {totals['terms']} lost ({100.0 * totals['over'] / max(totals['terms'], 1):.2f}%)")


if __name__ == "__main__":
    main()
