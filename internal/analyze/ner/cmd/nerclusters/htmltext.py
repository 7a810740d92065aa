#!/usr/bin/env python3
"""Print {"text": ...} JSON lines with the paragraph text of English pages.

Reads JSON lines with an "html" field (gzipped or not) from the files named on
the command line. A page counts as English when at least 8% of its paragraph
words are among a few English function words. Only <p> elements are kept.
"""
import gzip, html, json, re, sys

P = re.compile(r"<p[\s>].*?</p>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
DROP = re.compile(r"<(script|style)[\s>].*?</\1>", re.S | re.I)
FUNC = set("the of and to a in is that for on with was as by it at from his her said".split())

for path in sys.argv[1:]:
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as f:
        for line in f:
            page = json.loads(line).get("html") or ""
            page = DROP.sub(" ", page)
            paras = []
            for p in P.findall(page):
                t = " ".join(html.unescape(TAG.sub(" ", p)).split())
                if len(t.split()) >= 8:
                    paras.append(t)
            words = " ".join(paras).lower().split()
            if len(words) < 50 or sum(w in FUNC for w in words) < 0.08 * len(words):
                continue
            print(json.dumps({"text": "\n".join(paras)}))
