#!/usr/bin/env python3
"""Writes a refined reconstructor's validation figures into its card, as the zoo's cards carry them.

`heritage evaluate-reconstruction` writes metrics.json, keyed by what `--model` named (a zoo id or a
directory). This copies the baseline's and the model's figures (overall and per mask kind) into the
card's properties.metrics.validation under the model's id, with the evaluation's settings, the command
that produced them and whether the zoo rule is met (PSNR in the mask >= Telea + 1.0 dB with the paired
95 % interval above zero, and SSIM >= Telea's, on mixed masks). InpaintZooTest checks the rule on
every shipped card. The card is rewritten atomically.

  python3 scripts/inpaint-card-metrics.py METRICS.json MODEL_DIR KEY_IN_METRICS "COMMAND" "DATA"
"""
import json
import os
import sys
import tempfile

RULE = "PSNR in the mask >= Telea + 1.0 dB with the paired 95 % interval above zero, and SSIM >= Telea's (mixed masks)"


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    metrics_file, model_dir, key, command, data = sys.argv[1:]
    metrics = json.load(open(metrics_file))
    if key not in metrics:
        sys.exit(f"{metrics_file} has no method '{key}'; it has {[k for k in metrics if k not in ('byKind', 'byCoverage', 'evaluation')]}")
    card_file = os.path.join(model_dir, "model.json")
    card = json.load(open(card_file))
    model_id = card["id"]
    evaluation = metrics["evaluation"]
    baseline = evaluation["baseline"]
    model = metrics[key]
    telea = metrics[baseline]
    gain = model["psnrVsTelea"]
    met = gain["meanDifference"] >= 1.0 and gain["ci95"][0] > 0 and model["ssim"] >= telea["ssim"]
    by_kind = {
        kind: {name if name != key else model_id: figures for name, figures in methods.items() if name in (baseline, key)}
        for kind, methods in metrics["byKind"].items()
    }
    validation = {
        "data": data,
        "command": command,
        "n": evaluation["n"],
        "maskSeed": evaluation["maskSeed"],
        "kinds": evaluation["kinds"],
        "imagesDigest": evaluation["imagesDigest"],
        "interval": evaluation["interval"],
        "perceptual": evaluation["perceptual"],
        baseline: telea,
        model_id: model,
        "byKind": by_kind,
        "zooRule": {"rule": RULE, "met": met},
    }
    card.setdefault("properties", {}).setdefault("metrics", {})["validation"] = validation
    fd, partial = tempfile.mkstemp(dir=model_dir, prefix=".model.json.")
    with os.fdopen(fd, "w") as out:
        json.dump(card, out, indent=2, ensure_ascii=False)
        out.write("\n")
    os.chmod(partial, 0o644)
    os.replace(partial, card_file)
    print(f"{model_id}: {gain['meanDifference']:+.3f} dB {gain['ci95']}, SSIM {model['ssim']} vs {telea['ssim']}; zoo rule met: {met}")


if __name__ == "__main__":
    main()
