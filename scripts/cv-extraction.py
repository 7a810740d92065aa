#!/usr/bin/env python3
"""Cross-validation by site of Storyline's main-text extraction against the
library alone (issue 16, item 2).

Reads the gold of extraction-trafilatura and the per-page TSVs that
`score_extraction.py --per-page` writes (one per variant, tp/fp/fn/tn of
every page), and prints:

  1. in-sample F of every variant (must equal score_extraction.py's);
  2. per fold: F of every variant, and each step's gain over the step
     before it (the steps are the variants in the order given);
  3. cross-validated choice: on each fold, the variant with the best F on
     the other folds (ties to the earlier, simpler variant), scored on the
     fold itself; pooled over the folds this is the cross-validated figure;
  4. whether the last variant (the product) beats the first (the library
     alone) on every fold.

F is micro-averaged over snippets, as score_extraction.py: F = 2TP/(2TP+FP+FN).

Folds: the pages' sites (registrable domain, "www." dropped; a
web.archive.org capture counts as the site it captured), dealt into K folds
by the SHA-1 of the site (the same function as scripts/cv-dates.py), so
every page of a site is in one fold. A page whose gold has no URL (37 pages:
"hard::"/"recall::" keys) is its own site, named "id:<id>".

    cv-extraction.py GOLD NAME=PERPAGE.tsv [NAME=PERPAGE.tsv ...] [-k K]
"""
import argparse
import csv
import json
import sys

from sitefolds import fold_of, site

def f1(c):
    tp, fp, fn = c[0], c[1], c[2]
    d = 2 * tp + fp + fn
    return 2 * tp / d if d else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("variants", nargs="+", help="NAME=per-page.tsv, the library alone first, the product last")
    ap.add_argument("-k", type=int, default=5)
    a = ap.parse_args()

    ids, sites = [], {}
    for l in open(a.gold, encoding="utf-8"):
        r = json.loads(l)
        u = r.get("url") or ""
        s = site(u) if u.startswith("http") else ""
        sites[r["id"]] = s or "id:" + r["id"]
        ids.append(r["id"])
    fold = {i: fold_of(sites[i], a.k) for i in ids}

    names, counts = [], {}
    for v in a.variants:
        name, path = v.split("=", 1)
        names.append(name)
        c = {}
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                c[row["id"]] = [int(row[x]) for x in ("tp", "fp", "fn", "tn")]
        missing = [i for i in ids if i not in c]
        if missing:
            sys.exit(f"{path}: {len(missing)} gold pages missing")
        counts[name] = c

    def tot(name, sub):
        t = [0, 0, 0, 0]
        for i in sub:
            for j, x in enumerate(counts[name][i]):
                t[j] += x
        return t

    K = a.k
    fids = [[i for i in ids if fold[i] == f] for f in range(K)]
    nsites = [len({sites[i] for i in s}) for s in fids]

    print(f"== 1. in-sample, {len(ids)} pages, {len(set(sites.values()))} sites")
    print("| variant | TP/FP/FN/TN | F |")
    print("|---|---|---:|")
    for n in names:
        t = tot(n, ids)
        print(f"| {n} | {'/'.join(map(str, t))} | {f1(t):.4f} |")

    print(f"\n== 2. per fold (K={K}, folds by SHA-1 of the site)")
    hdr = "| fold | sites | pages | snippets | " + " | ".join(f"F {n}" for n in names)
    hdr += " | " + " | ".join(f"{names[j]} - {names[j-1]}" for j in range(1, len(names)))
    if len(names) > 2:
        hdr += f" | {names[-1]} - {names[0]}"
    print(hdr + " |")
    print("|" + "---|" * (hdr.count("|")))
    wins = 0
    for f in range(K):
        fs = [f1(tot(n, fids[f])) for n in names]
        snip = sum(sum(counts[names[0]][i]) for i in fids[f])
        row = f"| {f} | {nsites[f]} | {len(fids[f])} | {snip} | " + " | ".join(f"{x:.4f}" for x in fs)
        row += " | " + " | ".join(f"{fs[j]-fs[j-1]:+.4f}" for j in range(1, len(names)))
        if len(names) > 2:
            row += f" | {fs[-1]-fs[0]:+.4f}"
        print(row + " |")
        wins += fs[-1] > fs[0]
    fs = [f1(tot(n, ids)) for n in names]
    row = f"| all | {len(set(sites.values()))} | {len(ids)} | {sum(sum(counts[names[0]][i]) for i in ids)} | "
    row += " | ".join(f"{x:.4f}" for x in fs)
    row += " | " + " | ".join(f"{fs[j]-fs[j-1]:+.4f}" for j in range(1, len(names)))
    if len(names) > 2:
        row += f" | {fs[-1]-fs[0]:+.4f}"
    print(row + " |")
    for j in range(1, len(names)):
        w = sum(f1(tot(names[j], fids[f])) > f1(tot(names[j - 1], fids[f])) for f in range(K))
        l = sum(f1(tot(names[j], fids[f])) < f1(tot(names[j - 1], fids[f])) for f in range(K))
        print(f"{names[j]} vs {names[j-1]}: better on {w} of {K} folds, worse on {l}")
    print(f"{names[-1]} beats {names[0]} on {wins} of {K} folds"
          + (" (every fold)" if wins == K else " (NOT every fold)"))

    print("\n== 3. cross-validated choice of variant (chosen on the other K-1 folds, scored on the fold)")
    print("| fold | chosen | F held-out | F library alone | F product |")
    print("|---|---|---:|---:|---:|")
    pooled = [0, 0, 0, 0]
    for f in range(K):
        rest = [i for i in ids if fold[i] != f]
        best = max(names, key=lambda n: (round(f1(tot(n, rest)), 12), -names.index(n)))
        t = tot(best, fids[f])
        pooled = [x + y for x, y in zip(pooled, t)]
        print(f"| {f} | {best} | {f1(t):.4f} | {f1(tot(names[0], fids[f])):.4f} | {f1(tot(names[-1], fids[f])):.4f} |")
    print(f"cross-validated F (pooled TP/FP/FN over held-out folds): {f1(pooled):.4f}"
          f"  (in-sample product {f1(tot(names[-1], ids)):.4f}, library alone {f1(tot(names[0], ids)):.4f})")


if __name__ == "__main__":
    main()
