#!/usr/bin/env python3
"""Writes the aic-met-public-domain images the open-set answer is trained and measured on
(docs/STATUS.md, "open set").

    python3 scripts/make-nonpaintings.py ../shared/data/aic-met-public-domain target/nonpaintings.csv \
        [target/openset-background.csv]

Non-paintings: rows whose classification names ceramics, coins, textiles, sculpture or vessels (any
term containing ceramic, coin, textile, sculpture or vessel) and no painting (no term containing
"painting"). They are cut in two halves by the SHA-256 of their id (last hex digit even or odd):

  * the first CSV holds the measured half (columns id, image, classification; no style column, so
    `heritage evaluate` reports the share of these objects answered "outside");
  * the optional second CSV is the training configuration's `openSet.background`: the other half
    and every other object that is neither a painting nor a print or drawing (jewellery, glass,
    metalwork: painting = no), and the paintings of the set photographed by the museums
    (painting = yes), so that the probe learns "not a painting", not "a museum photograph".
    Prints and drawings are in neither.

Image paths are absolute.
"""
import csv, hashlib, os, sys

root, out = os.path.abspath(sys.argv[1]), sys.argv[2]
background = sys.argv[3] if len(sys.argv) > 3 else None
keys = ('ceramic', 'coin', 'textile', 'sculpture', 'vessel')


def kind(classification):
    terms = [t.strip().lower() for t in classification.split(';') if t.strip()]
    if any('painting' in t for t in terms):
        return 'painting'
    if any(k in t for t in terms for k in keys):
        return 'object'
    if any('print' in t or 'drawing' in t for t in terms) or not terms:
        return 'unsure'  # prints, drawings, and rows without a classification
    return 'other-object'


measured, trained = [], []
for r in csv.DictReader(open(os.path.join(root, 'metadata.csv'), newline='', encoding='utf-8')):
    k = kind(r['classification'])
    image = os.path.join(root, r['image'])
    held = int(hashlib.sha256(r['id'].encode('utf-8')).hexdigest(), 16) % 2 == 1
    if k == 'object' and held:
        measured.append([r['id'], image, r['classification']])
    elif k in ('object', 'other-object'):
        trained.append([r['id'], image, 'no'])
    elif k == 'painting':
        trained.append([r['id'], image, 'yes'])

os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
with open(out, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['id', 'image', 'classification'])
    w.writerows(measured)
print(out, len(measured), 'objects measured')
if background:
    with open(background, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(['id', 'image', 'painting'])
        w.writerows(trained)
    print(background, sum(1 for t in trained if t[2] == 'no'), 'not paintings,',
          sum(1 for t in trained if t[2] == 'yes'), 'paintings')
