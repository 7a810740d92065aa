"""Site folds for the cross-validation scripts (cv-dates.py,
cv-extraction.py): a page's site from its URL, and a stable fold per site,
so that every page of one site falls in one fold."""
import hashlib
import re
import urllib.parse

SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "ne", "or", "go", "edu"}


def site(url):
    u = urllib.parse.urlsplit(url)
    host = (u.hostname or "").lower()
    if host == "web.archive.org":
        m = re.match(r"/web/[^/]*/(.*)", u.path)
        if m:
            return site(m.group(1) if "://" in m.group(1) else "http://" + m.group(1))
    labels = [l for l in host.split(".") if l]
    if labels and labels[0] == "www":
        labels = labels[1:]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def fold_of(s, k):
    return int(hashlib.sha1(s.encode()).hexdigest(), 16) % k
