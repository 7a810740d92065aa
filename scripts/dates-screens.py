#!/usr/bin/env python3
"""Screens of candidate date rules that did not reach the product, and the
kinds of the product's remaining misses, on dates-htmldate.

Reads the pages, the gold and the output of `evalhtml -dates -extractor
date-rules` (scripts/cv-dates.sh leaves it as rules-dates-htmldate.jsonl)
and compares, for each candidate, the date it would give with the date of
the rule subset KEY (default rules:dso, the product before LabelledDate),
counting pages it would fix (its date is gold, KEY's is not), break (the
reverse) or leave wrong. These are Python approximations over the page's
source, for deciding what to build, not product figures.

    dates-screens.py SHARED_DIR RULES_JSONL [KEY]
"""
import collections
import datetime as dt
import gzip
import html as H
import json
import re
import sys

shared, rules_path = sys.argv[1], sys.argv[2]
KEY = sys.argv[3] if len(sys.argv) > 3 else "rules:dso"
D = shared + "/data/dates-htmldate/"
gold = {json.loads(l)["id"]: json.loads(l)["date"] for l in open(D + "gold.jsonl")}
rules = {json.loads(l)["id"]: json.loads(l)["extra"] for l in open(rules_path)}

EXPLICIT = [re.compile(r'<meta[^>]+(?:property|name)=["\'](?:og:)?article:published_time["\'][^>]*>', re.I),
            re.compile(r'<[^>]+itemprop=["\']datePublished["\'][^>]*>', re.I),
            re.compile(r'"datePublished"\s*:\s*"[^"]+"')]
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
TIME = re.compile(r"<time\b([^>]*)>(.*?)</time>", re.I | re.S)
DATETIME = re.compile(r'datetime=["\'](\d{4})-(\d{1,2})-(\d{1,2})')
OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?([+-])(\d\d):?(\d\d)")
DE = "januar februar märz april mai juni juli august september oktober november dezember".split()
EN = "january february march april may june july august september october november december".split()
FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


def iso(y, m, d):
    return "%s-%02d-%02d" % (y, int(m), int(d))


def written(day, page, url):
    """Whether the gold day is written on the page or in its URL in a common form."""
    y, m, d = day.split("-")
    mi, di = int(m), int(d)
    forms = [f"{y}-{m}-{d}", f"{d}.{m}.{y}", f"{di}.{mi}.{y}", f"{d}.{m}.{y[2:]}", f"{y}/{m}/{d}",
             f"{m}/{d}/{y}", f"{mi}/{di}/{y}", f"{d}/{m}/{y}", f"{y}{m}{d}"]
    low = page.lower()
    forms_low = [f"{di}. {DE[mi-1]} {y}", f"{d}. {DE[mi-1]} {y}", f"{EN[mi-1]} {di}, {y}", f"{di} {EN[mi-1]} {y}",
                 f"{EN[mi-1][:3]} {di}, {y}", f"{di} {EN[mi-1][:3]} {y}", f"{di} {FR[mi-1]} {y}"]
    return any(f in page or f in url for f in forms) or any(f in low for f in forms_low)


def tally(name, cands):
    c = collections.Counter()
    for i, new in cands:
        old = "" if rules[i].get("fails") else (rules[i].get(KEY) or "")[:10]
        if not new or new == old:
            continue
        c["fix" if new == gold[i] else "break" if old == gold[i] else "both wrong"] += 1
    print(f"| {name} | {c['fix']} | {c['break']} | {c['both wrong']} |")


explicit, visible, utc, utc_late = [], [], [], []
misses = collections.Counter()
for l in gzip.open(D + "pages.jsonl.gz", "rt"):
    r = json.loads(l)
    i, h, url = r["id"], r["html"], r["url"]
    e = rules[i]
    if e.get("fails"):
        misses["page refused by ingest (no main text)"] += 1
        continue
    p = e.get(KEY) or ""
    # 1. An explicit publication marker (article:published_time, itemprop
    #    datePublished, JSON-LD datePublished) naming one day wins.
    days = {iso(*ISO.search(m.group(0)).groups()) for pt in EXPLICIT for m in pt.finditer(h[:500000]) if ISO.search(m.group(0))}
    if len(days) == 1:
        explicit.append((i, days.pop()))
    # 2. The first <time datetime> whose visible text shows its day wins.
    for m in TIME.finditer(h):
        d = DATETIME.search(m.group(1))
        if not d:
            continue
        txt = H.unescape(re.sub("<[^>]+>", " ", m.group(2)))
        y, mo, da = d.groups()
        if re.search(r"(?<!\d)0?%d(?!\d)" % int(da), txt) and (y in txt or y[2:] in txt):
            visible.append((i, iso(y, mo, da)))
            break
    # 3. A UTC timestamp is moved to the zone the page uses most elsewhere.
    if re.search(r"T\d\d:\d\d(:\d\d)?(Z|\+00:00)$", p):
        offs = collections.Counter(m.groups() for m in OFFSET.finditer(h) if m.group(2, 3) != ("00", "00"))
        if offs:
            (s, hh, mm), _ = offs.most_common(1)[0]
            t = dt.datetime.fromisoformat(p.replace("Z", "+00:00"))
            t += dt.timedelta(hours=int(hh), minutes=int(mm)) * (1 if s == "+" else -1)
            utc.append((i, t.date().isoformat()))
            if not p[11:19] == "00:00:00":
                utc_late.append((i, t.date().isoformat()))
    # The kinds of the remaining misses of KEY.
    if p[:10] == gold[i]:
        continue
    g = dt.date.fromisoformat(gold[i])
    if not p:
        misses["no date given"] += 1
    elif abs((dt.date.fromisoformat(p[:10]) - g).days) == 1:
        misses["one day off"] += 1
    elif not written(gold[i], h, url):
        misses["another date; the gold day is not written on the page in a common form"] += 1
    else:
        misses["another date of the page (modified, related, header, comment)"] += 1

print(f"Against {KEY}.\n")
print("| candidate rule | fixes | breaks | changes a wrong date to another wrong one |")
print("|---|---:|---:|---:|")
tally("an explicit publication marker naming one day wins", explicit)
tally("the first visible <time datetime> wins", visible)
tally("a UTC timestamp moves to the page's most used other offset", utc)
tally("  the same, midnight UTC (a date without time) left alone", utc_late)
print(f"\nThe misses of {KEY} ({sum(misses.values())}):\n")
print("| kind | pages |")
print("|---|---:|")
for k, v in misses.most_common():
    print(f"| {k} | {v} |")
