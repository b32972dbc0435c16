#!/usr/bin/env python3
"""Writes the 16-style training collection of paintings-multitask 2.0.0 (docs/STATUS.md).

    python3 scripts/make-16styles.py ../shared/data target/degraded-10styles target/data16/metadata.csv

Rows, every image path absolute:
  * every wikiart-10styles row as it is;
  * a degraded copy of every wikiart-10styles row (id + "-d", image from scripts/DegradeImages.java)
    WITHOUT its title and artist: the 4,500 style-only rows of the new set are blurrier and have no
    title, so blur and "no title" must not become evidence for a new style. The artist is blanked
    so that artist counts (minCount 20) still count paintings, not copies;
  * every wikiart-more-styles row as it is.
Column series_title repeats the original title on both copies: the grouped split keys on it
(config split.title), so a painting and its degraded copy always fall on the same side.
"""
import csv, os, sys

data, degraded, out = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
cols = ['id', 'image', 'artist', 'artist_id', 'style', 'title', 'year', 'series_title', 'subset']
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, fieldnames=cols)
    w.writeheader()
    n = {}
    for name in ('wikiart-10styles', 'wikiart-more-styles'):
        root = os.path.abspath(os.path.join(data, name))
        for r in csv.DictReader(open(os.path.join(root, 'metadata.csv'), newline='', encoding='utf-8')):
            row = {c: r.get(c, '') for c in cols}
            row['image'] = os.path.join(root, r['image'])
            row['series_title'] = r['title']
            row['subset'] = 'old' if name == 'wikiart-10styles' else 'new'
            w.writerow(row)
            n[row['subset']] = n.get(row['subset'], 0) + 1
            if name == 'wikiart-10styles':
                copy = dict(row)
                copy['id'] = r['id'] + '-d'
                copy['image'] = os.path.join(degraded, os.path.basename(r['image']))
                copy['title'] = ''
                copy['artist'] = ''
                copy['subset'] = 'old-degraded'
                w.writerow(copy)
                n['old-degraded'] = n.get('old-degraded', 0) + 1
print(out, n)
