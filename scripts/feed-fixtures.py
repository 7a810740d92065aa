#!/usr/bin/env python3
"""Picks the article pages the feed poller's tests serve.

Reads ../shared/data/extraction-trafilatura (trafilatura's evaluation pages)
and writes internal/feeds/testdata/pages.jsonl.gz: the first 8 pages, in id
order, that declare English, carry a gold date and title, and are under
60 KB, each as {"id", "url", "title", "date", "html"}. The tests serve them
as the pages that feed items link to. Run from the repository root:

    python3 scripts/feed-fixtures.py [SHARED_DIR]
"""
import gzip
import json
import re
import sys

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
base = shared + "/data/extraction-trafilatura/"
gold = {}
for line in open(base + "gold.jsonl", encoding="utf-8"):
    g = json.loads(line)
    gold[g["id"]] = g
out = []
with gzip.open(base + "pages.jsonl.gz", "rt", encoding="utf-8") as f:
    for line in f:
        p = json.loads(line)
        g = gold.get(p["id"], {})
        if not (g.get("date") and g.get("title") and p.get("url")):
            continue
        if len(p["html"]) > 60000 or not re.search(r'<html[^>]*lang="?en', p["html"][:3000], re.I):
            continue
        out.append({"id": p["id"], "url": p["url"], "title": g["title"], "date": g["date"], "html": p["html"]})
        if len(out) == 8:
            break
with gzip.open("internal/feeds/testdata/pages.jsonl.gz", "wt", encoding="utf-8") as f:
    for p in out:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
print(len(out), "pages:", ", ".join(p["url"] for p in out))
