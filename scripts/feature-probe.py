#!/usr/bin/env python3
"""Linear style probes on a training run's cached image features: which parts of the features carry style.

A research check, not part of the build (needs numpy). Reads a feature cache that `heritage train` wrote
(target/heritage-cache/features/features-*.hfs: per image its feature vector and its mirror image's),
the collection's metadata CSV (columns id, style) and the validation CSV of `heritage split` (column id).
For each named part of the vector it standardises the features on the training rows, fits a softmax
classifier of the style by Adam on the training rows and their mirror images, and prints style top-1 on
the validation rows whose `subset` column is not `old-degraded` (the original paintings).

  python3 scripts/feature-probe.py FEATURES.hfs target/data16/metadata.csv target/valsplit16/validation.csv \
      fast=0:2672,4720:5171 inception=2672:4720 all=0:5171

Each PART is NAME=RANGES, RANGES comma-separated START:END column ranges (end exclusive). For a model
trained with image.inception and styleStatistics: MobileNetV2's pooled features 0:1280, its style
statistics 1280:2672, InceptionV3's pooled features 2672:4720, the descriptors 4720:5171.
Seeded: the same files give the same figures.
"""
import csv
import struct
import sys

import numpy as np


def read_hfs(path):
    """(ids, features, mirror features) of a Heritage feature cache (HFS1, big-endian)."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:4] != b'HFS1':
        raise SystemExit(path + ': not a Heritage feature cache (HFS1)')
    p = 4
    n = struct.unpack('>H', data[p:p + 2])[0]
    p += 2 + n
    dim, count = struct.unpack('>ii', data[p:p + 8])
    p += 8
    ids = []
    x = np.empty((count, dim), np.float32)
    m = np.empty((count, dim), np.float32)
    for i in range(count):
        n = struct.unpack('>H', data[p:p + 2])[0]
        p += 2
        ids.append(data[p:p + n].decode('utf-8'))
        p += n
        x[i] = np.frombuffer(data, '>f4', dim, p)
        p += 4 * dim
        m[i] = np.frombuffer(data, '>f4', dim, p)
        p += 4 * dim
    return ids, x, m


def softmax_fit(x, y, classes, epochs=20, lr=1e-3, weight_decay=1e-3, seed=0):
    """Multinomial logistic regression by mini-batch Adam."""
    rng = np.random.default_rng(seed)
    n, d = x.shape
    w = np.zeros((d, classes), np.float32)
    b = np.zeros(classes, np.float32)
    state = [[np.zeros_like(w), np.zeros_like(w)], [np.zeros_like(b), np.zeros_like(b)]]
    onehot = np.eye(classes, dtype=np.float32)[y]
    t = 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for s in range(0, n, 512):
            j = order[s:s + 512]
            z = x[j] @ w + b
            z -= z.max(1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(1, keepdims=True)
            g = (p - onehot[j]) / len(j)
            grads = (x[j].T @ g + weight_decay * w, g.sum(0))
            t += 1
            for param, grad, (m1, m2) in zip((w, b), grads, state):
                m1 *= 0.9
                m1 += 0.1 * grad
                m2 *= 0.999
                m2 += 0.001 * grad * grad
                param -= lr * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
    return w, b


def columns(spec):
    parts = []
    for r in spec.split(','):
        start, end = r.split(':')
        parts.append(np.arange(int(start), int(end)))
    return np.concatenate(parts)


def main(argv):
    if len(argv) < 5:
        raise SystemExit(__doc__)
    ids, x, m = read_hfs(argv[1])
    meta = {r['id']: r for r in csv.DictReader(open(argv[2], newline='', encoding='utf-8'))}
    validation = {r['id'] for r in csv.DictReader(open(argv[3], newline='', encoding='utf-8'))}
    styles = sorted({meta[i]['style'] for i in ids})
    index = {s: k for k, s in enumerate(styles)}
    y = np.array([index[meta[i]['style']] for i in ids])
    is_val = np.array([i in validation for i in ids])
    train = ~is_val
    measured = is_val & np.array([meta[i].get('subset', '') != 'old-degraded' for i in ids])
    print('%s: %d images x %d features; %d styles; %d training rows, %d measured'
          % (argv[1], x.shape[0], x.shape[1], len(styles), train.sum(), measured.sum()))
    for part in argv[4:]:
        name, spec = part.split('=', 1)
        cols = columns(spec)
        xs, ms = x[:, cols], m[:, cols]
        mean = xs[train].mean(0)
        sd = xs[train].std(0) + 1e-6
        z, zm = (xs - mean) / sd, (ms - mean) / sd
        w, b = softmax_fit(np.concatenate([z[train], zm[train]]), np.concatenate([y[train], y[train]]), len(styles))
        top1 = ((z[measured] @ w + b).argmax(1) == y[measured]).mean()
        print('%-20s %5d columns  style top-1 %.3f' % (name, len(cols), top1), flush=True)


if __name__ == '__main__':
    main(sys.argv)
