"""B-cubed scoring of an exported run against ECB+'s gold events, per
document, for the events scripts (cv-events.sh, learn-events.sh)."""
import collections
import json
import sys


def load_gold(docs):
    """The gold event, topic and URL of each document of docs.jsonl."""
    gold, topic, url = {}, {}, {}
    for l in open(docs):
        d = json.loads(l)
        gold[d["id"]], topic[d["id"]], url[d["id"]] = d["event_cluster"], d["topic"], d.get("url", "")
    return gold, topic, url


def perdoc(path, gold, url, who="events"):
    """Each document's B-cubed precision and recall in one exported run.

    A document's precision and recall are taken against its whole predicted
    event. Two documents at one address are one article in two revisions:
    the earlier is scored where the stored (later) one is."""
    pred, byurl = {}, {}
    for l in open(path):
        a = json.loads(l)
        pred[a["source_id"]] = a["event"]
        byurl[a["url"]] = a
    for i in gold:
        if i not in pred and url[i] in byurl:
            pred[i] = byurl[url[i]]["event"]
    missing = [i for i in gold if i not in pred]
    if missing:
        sys.exit("%s: %s: %d documents not stored" % (who, path, len(missing)))
    byp, byg = collections.defaultdict(set), collections.defaultdict(set)
    for i in gold:
        byp[pred[i]].add(i)
        byg[gold[i]].add(i)
    return {i: (len(byp[pred[i]] & byg[gold[i]]) / len(byp[pred[i]]),
                len(byp[pred[i]] & byg[gold[i]]) / len(byg[gold[i]])) for i in gold}


def f1(pr, ids):
    """Mean precision, recall and their F1 over the documents ids."""
    p = sum(pr[i][0] for i in ids) / len(ids)
    r = sum(pr[i][1] for i in ids) / len(ids)
    return p, r, 2 * p * r / (p + r)
