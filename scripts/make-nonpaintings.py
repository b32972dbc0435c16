#!/usr/bin/env python3
"""Writes the non-painting objects of aic-met-public-domain used to measure the open-set answer
(docs/STATUS.md): rows whose classification names ceramics, coins, textiles, sculpture or vessels
(any term containing ceramic, coin, textile, sculpture or vessel) and no painting (no term containing
"painting"). Image paths absolute; no style column, so `heritage evaluate` reports the share of these
objects answered "outside".

    python3 scripts/make-nonpaintings.py ../shared/data/aic-met-public-domain target/nonpaintings.csv
"""
import csv, os, sys
root, out = os.path.abspath(sys.argv[1]), sys.argv[2]
keys = ('ceramic', 'coin', 'textile', 'sculpture', 'vessel')
n = 0
with open(out, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['id', 'image', 'classification'])
    for r in csv.DictReader(open(os.path.join(root, 'metadata.csv'), newline='', encoding='utf-8')):
        terms = [t.strip().lower() for t in r['classification'].split(';')]
        if any(k in t for t in terms for k in keys) and not any('painting' in t for t in terms):
            w.writerow([r['id'], os.path.join(root, r['image']), r['classification']])
            n += 1
print(out, n, 'objects')
