#!/usr/bin/env python3
"""Analysis-speed baseline: the per-variant table of Benchmarks/pitchlab-bench/AnalyseSpeedBench.swift
computed with numpy and scipy from the same events file.

The file holds 8-byte little-endian records: recipient uint32, variant uint16, kind uint8
(0 send, 1 open, 2 click, 3 reply, 4 bounce), class uint8 (0 positive, 1 negotiate, 2 decline,
3 wrong person, 4 other on replies; 255 otherwise). Per variant: recipients sent, bounced,
delivered, openers (open, click or reply), clickers, repliers by class; 95% Wilson intervals of
bounce/sent, open, click, reply and positive per delivered and reply per opener; scipy's two-sided
Fisher exact p of each variant against variant 0 on the reply and the positive rate.

Timed: np.fromfile plus the table, `--repeat` times (not the interpreter start or the imports).
Writes {"seconds": [...], "fisher_seconds": [...], "rows": [...]} to --out and prints the median seconds as the last line.

Usage: analyse_numpy.py EVENTS --variants 100 [--repeat 5] --out TABLE.json
"""
import argparse
import json
import statistics
import time

import numpy as np
from scipy.stats import fisher_exact

RECORD = np.dtype([("rec", "<u4"), ("var", "<u2"), ("kind", "u1"), ("cls", "u1")])
Z95 = 1.959963984540054
FISHER_SECONDS = []  # the share of each run spent in scipy's fisher_exact (reported, not subtracted)


def wilson(s, n):
    """95% Wilson bounds for arrays of counts, exact at the 0 and 1 edges, [0, 1] for n = 0."""
    s = s.astype(np.float64)
    n = n.astype(np.float64)
    z2 = Z95 * Z95
    with np.errstate(divide="ignore", invalid="ignore"):
        den = 2 * (n + z2)
        centre = (2 * s + z2) / den
        half = Z95 * np.sqrt(4 * s * (n - s) / n + z2) / den
        lower = np.where(s == 0, 0.0, np.clip(centre - half, 0, 1))
        upper = np.where(s == n, 1.0, np.clip(centre + half, 0, 1))
    lower = np.where(n == 0, 0.0, lower)
    upper = np.where(n == 0, 1.0, upper)
    return lower, upper


def table(path, variants):
    ev = np.fromfile(path, dtype=RECORD)
    rec = ev["rec"]
    kind = ev["kind"]
    size = int(rec.max()) + 1 if len(ev) else 0

    def flag(k):
        out = np.zeros(size, dtype=bool)
        out[rec[kind == k]] = True
        return out

    sends = kind == 0
    sent = np.zeros(size, dtype=bool)
    sent[rec[sends]] = True
    var = np.zeros(size, dtype=np.int64)
    var[rec[sends]] = ev["var"][sends]
    replies = kind == 3
    cls = np.full(size, 255, dtype=np.uint8)
    cls[rec[replies]] = ev["cls"][replies]
    bounced = sent & flag(4)
    delivered = sent & ~bounced
    opened, clicked, replied = flag(1), flag(2), flag(3)
    openers = delivered & (opened | clicked | replied)
    clickers = delivered & clicked
    repliers = delivered & replied

    def per_variant(mask):
        return np.bincount(var[mask], minlength=variants)

    n_sent, n_bounced, n_delivered = per_variant(sent), per_variant(bounced), per_variant(delivered)
    n_open, n_click, n_reply = per_variant(openers), per_variant(clickers), per_variant(repliers)
    by_class = [per_variant(repliers & (cls == c)) for c in range(5)]
    bounds = {
        "bounce": wilson(n_bounced, n_sent),
        "open": wilson(n_open, n_delivered),
        "click": wilson(n_click, n_delivered),
        "reply": wilson(n_reply, n_delivered),
        "positive": wilson(by_class[0], n_delivered),
        "reply_given_open": wilson(n_reply, n_open),
    }

    def fisher(s):
        return [
            None if v == 0 else float(fisher_exact(
                [[s[0], n_delivered[0] - s[0]], [s[v], n_delivered[v] - s[v]]]).pvalue)
            for v in range(variants)
        ]

    global FISHER_SECONDS
    start = time.perf_counter()
    p_reply, p_positive = fisher(n_reply), fisher(by_class[0])
    FISHER_SECONDS.append(time.perf_counter() - start)
    return n_sent, n_bounced, n_delivered, n_open, n_click, n_reply, by_class, bounds, p_reply, p_positive


def rows(result, variants):
    n_sent, n_bounced, n_delivered, n_open, n_click, n_reply, by_class, bounds, p_reply, p_positive = result
    out = []
    for v in range(variants):
        wil = {}
        for name, (lo, hi) in bounds.items():
            if name == "reply_given_open" and n_open[v] == 0:
                continue  # PitchKit has no reply-given-open rate without openers
            wil[name] = [float(lo[v]), float(hi[v])]
        out.append({
            "variant": v, "sent": int(n_sent[v]), "bounced": int(n_bounced[v]), "delivered": int(n_delivered[v]),
            "openers": int(n_open[v]), "clickers": int(n_click[v]), "repliers": int(n_reply[v]),
            "positive": int(by_class[0][v]), "negotiate": int(by_class[1][v]), "decline": int(by_class[2][v]),
            "wrong_person": int(by_class[3][v]), "other": int(by_class[4][v]), "wilson": wil,
            "fisher_reply": p_reply[v], "fisher_positive": p_positive[v],
        })
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events")
    parser.add_argument("--variants", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    times = []
    result = None
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        result = table(args.events, args.variants)
        times.append(time.perf_counter() - start)
    with open(args.out, "w") as f:
        json.dump({"seconds": times, "fisher_seconds": FISHER_SECONDS, "rows": rows(result, args.variants)}, f)
    print(f"{statistics.median(times):.4f}")


if __name__ == "__main__":
    main()
