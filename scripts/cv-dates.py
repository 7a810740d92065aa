#!/usr/bin/env python3
"""Ablation and cross-validation by site of Storyline's date rules.

Reads the gold file of dates-htmldate and the output of
`evalhtml -dates -extractor date-rules` (the date of every page under every
subset of htmlmain.DateRules, the empty subset being go-htmldate alone as the
product calls it) and prints:

  1. in-sample: the library alone, the product, the product without each
     rule and the library with each rule alone;
  2. per rule and fold: what the rule changes (accuracy and wrong dates), on
     top of the product's other rules and on top of the library alone;
  3. cross-validated rule choice: on each fold, the subset of rules that
     scores best on the other folds (ties to the fewer rules), scored on the
     fold itself;
  4. the product (ProductDateRules, given as letters) against go-htmldate
     alone on each fold.

Folds: the pages' sites (registrable domain; a web.archive.org capture
counts as the site it captured), dealt into K folds by the SHA-1 of the
site, so every page of a site is in one fold.

Scoring is score_dates.py's: a page counts when its predicted day (the
first 10 characters) is the gold day. A product variant has no date on a
page whose ingest fails (no main text, "fails" = "1"), as in the export.
The library alone is scored twice: on every page (as the issue measures
it) and with the same failures as the product ("same pages").

    cv-dates.py GOLD RULES_JSONL [-k K] [-product LETTERS]
"""
import argparse
import itertools
import json
import sys

from sitefolds import fold_of, site

RULES = {"d": "DayFirst (day-first parsing for declared day-first languages)",
         "s": "SlugDay (URL day glued to a slug: search again, URL last)",
         "o": "DayOneEvidence (drop a 1st of the month with no written day 1)",
         "l": "LabelledDate (the date the text labels as published wins)",
         "z": "PageZone (a UTC timestamp moves to the page's own offset)"}
# Taken out after measurement (commit 3e234a6 still has it):
#   "u": "URLFallback (clean.DateFromURL when nothing was found)"
def key(letters):
    return "rules:" + "".join(l for l in RULES if l in letters)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("rules")
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("-product", default="dsolz", help="letters of ProductDateRules")
    a = ap.parse_args()

    gold, url, undated = {}, {}, []
    for l in open(a.gold):
        r = json.loads(l)
        if r.get("date"):
            gold[r["id"]], url[r["id"]] = r["date"], r.get("url") or ""
        else:
            # A page whose gold has no date (the extraction set has some):
            # not scored; a date given on it is counted apart.
            undated.append(r["id"])
    pages = {}
    for l in open(a.rules):
        r = json.loads(l)
        pages[r["id"]] = r["extra"]
    ids = sorted(gold)
    folds = {i: fold_of(site(url[i]), a.k) for i in ids}
    fold_ids = [[i for i in ids if folds[i] == f] for f in range(a.k)]

    def pred(i, letters, same_pages=True):
        e = pages.get(i, {})
        if same_pages and e.get("fails") == "1":
            return ""
        return e.get(key(letters), "") or ""

    def score(sub, letters, same_pages=True):
        ok = wrong = 0
        for i in sub:
            p = pred(i, letters, same_pages)[:10]
            if p == gold[i]:
                ok += 1
            elif p:
                wrong += 1
        return ok, wrong

    n = len(ids)
    prod = a.product
    print(f"{n} pages, {len(set(site(url[i]) for i in ids))} sites, {a.k} folds by site: "
          + ", ".join(str(len(f)) for f in fold_ids) + " pages")
    print(f"{sum(pages.get(i, {}).get('fails') == '1' for i in ids)} pages fail ingest (no main text)")
    if undated:
        print(f"{len(undated)} pages without a gold date, not scored (column 'dated, no gold': "
              "dates given on them)")
    print()

    print("## 1. In-sample (all pages)\n")
    print("| variant | correct | exact-day accuracy | wrong | dated, no gold |")
    print("|---|---:|---:|---:|---:|")
    rows = [("go-htmldate alone, every page", "", False),
            ("go-htmldate alone, same pages as the product", "", True),
            (f"product ({prod})", prod, True)]
    for l in prod:
        rows.append((f"product without {RULES[l].split(' ')[0]}", prod.replace(l, ""), True))
    for l in RULES:
        rows.append((f"go-htmldate + {RULES[l].split(' ')[0]} alone, same pages", l, True))
    for name, letters, same in rows:
        ok, wrong = score(ids, letters, same)
        extra = sum(bool(pred(i, letters, same)) for i in undated)
        print(f"| {name} | {ok} | {ok / n:.4f} | {wrong} | {extra} |")

    print("\n## 2. Each rule, fold by fold (correct / wrong; Δ = with − without)\n")
    print("On top of the product's other rules, and on top of the library alone.\n")
    hdr = " | ".join(f"fold {f}" for f in range(a.k))
    print(f"| rule | on top of | {hdr} | all | wins on every fold |")
    print("|---|---|" + "---:|" * (a.k + 2))
    verdict = {}
    for l in RULES:
        for base_name, base in (("product", prod.replace(l, "")), ("library", "")):
            cells, every = [], True
            tot_ok = tot_wr = 0
            for sub in fold_ids:
                ok1, wr1 = score(sub, base + l)
                ok0, wr0 = score(sub, base)
                d_ok, d_wr = ok1 - ok0, wr1 - wr0
                tot_ok += d_ok
                tot_wr += d_wr
                # A rule wins on a fold when it loses no correct date there.
                every = every and d_ok >= 0
                cells.append(f"{d_ok:+d} / {d_wr:+d}")
            wins = every and (tot_ok > 0 or tot_wr < 0)
            verdict[(l, base_name)] = wins
            print(f"| {RULES[l].split(' ')[0]} | {base_name} | " + " | ".join(cells)
                  + f" | {tot_ok:+d} / {tot_wr:+d} | {'yes' if wins else 'no'} |")

    print("\n## 3. Cross-validated choice of rules\n")
    print("For each fold, the subset of rules with the most correct dates on the other "
          "folds (ties: fewer wrong, then fewer rules), scored on the fold.\n")
    subsets = ["".join(c) for r in range(len(RULES) + 1) for c in itertools.combinations(RULES, r)]
    print(f"| fold | chosen on the other folds | chosen, on the fold | go-htmldate alone (same pages) | go-htmldate alone (every page) | product ({prod}) |")
    print("|---|---|---:|---:|---:|---:|")
    cv_ok = lib_ok = libe_ok = prod_ok = 0
    for f, sub in enumerate(fold_ids):
        train = [i for i in ids if folds[i] != f]
        best = max(subsets, key=lambda s: (score(train, s)[0], -score(train, s)[1], -len(s)))
        ok, _ = score(sub, best)
        lo, _ = score(sub, "")
        le, _ = score(sub, "", False)
        po, _ = score(sub, prod)
        cv_ok, lib_ok, libe_ok, prod_ok = cv_ok + ok, lib_ok + lo, libe_ok + le, prod_ok + po
        m = len(sub)
        print(f"| {f} ({m} pages) | {best or '(none)'} | {ok / m:.4f} | {lo / m:.4f} | {le / m:.4f} | {po / m:.4f} |")
    print(f"| all ({n}) | | **{cv_ok / n:.4f}** ({cv_ok}) | {lib_ok / n:.4f} ({lib_ok}) | {libe_ok / n:.4f} ({libe_ok}) | {prod_ok / n:.4f} ({prod_ok}) |")


if __name__ == "__main__":
    main()
