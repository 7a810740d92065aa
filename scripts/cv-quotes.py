#!/usr/bin/env python3
"""Cross-validates a choice between quote extractor variants by document folds.

    scripts/cv-quotes.py [--folds 5] [--speech-only] GOLD[,GOLD...] NAME=PRED.jsonl NAME=PRED.jsonl ...

GOLD: PolNeAR-style gold files (train and dev together); each NAME=PRED is one
variant's predictions (in score_quotes.py's format) over the same articles. The
articles are dealt into folds by crc32(id) mod FOLDS (as scripts/eval-quotes.sh
does). For each fold, the variant with the best content F1 on the other folds
is chosen and scored on the held-out fold: the cross-validated figure is the
pooled score of the chosen variants on their held-out folds. The in-sample
figure of each variant (all folds) is printed beside it.

Scoring is score_quotes.py's own (imported from ../shared/tools or
$SCORE_QUOTES_DIR), so the figures are the scorer's.
"""
import argparse, os, sys, zlib

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get("SCORE_QUOTES_DIR", os.path.join(here, "..", "..", "shared", "tools")))
import score_quotes as S  # noqa: E402


def f1(c):
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def add(a, b):
    return {k: a.get(k, 0) + b.get(k, 0) for k in set(a) | set(b)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--speech-only", action="store_true")
    ap.add_argument("gold")
    ap.add_argument("variants", nargs="+")
    a = ap.parse_args()
    gold = [g for path in a.gold.split(",") for g in S.load_jsonl(path)]
    fold = lambda i: zlib.crc32(i.encode()) % a.folds
    variants = []
    for v in a.variants:
        name, path = v.split("=", 1)
        preds = S.load_jsonl(path)
        counts = []
        for f in range(a.folds):
            g = [x for x in gold if fold(x["id"]) == f]
            p = [x for x in preds if fold(x["id"]) == f]
            counts.append(S.score(g, p, speech_only=a.speech_only))
        variants.append((name, counts))
    print("%-24s %6s %6s %6s %8s" % ("in-sample (all folds)", "P", "R", "F1", "speaker"))
    for name, counts in variants:
        c = {}
        for x in counts:
            c = add(c, x)
        print("%-24s %6.3f %6.3f %6.3f %8.3f" % ((name,) + f1(c) + (c["spk_ok"] / max(1, c["spk_n"]),)))
    pooled = {}
    for f in range(a.folds):
        best = max(variants, key=lambda v: f1(sum_other(v[1], f))[2])
        held = best[1][f]
        pooled = add(pooled, held)
        print("fold %d: chose %-12s on the other folds; held-out P %.3f R %.3f F1 %.3f" % ((f, best[0]) + f1(held)))
    print("%-24s %6.3f %6.3f %6.3f %8.3f" % (("cross-validated",) + f1(pooled) + (pooled["spk_ok"] / max(1, pooled["spk_n"]),)))


def sum_other(counts, f):
    c = {}
    for i, x in enumerate(counts):
        if i != f:
            c = add(c, x)
    return c


if __name__ == "__main__":
    main()
