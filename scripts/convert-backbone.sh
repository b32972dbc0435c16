#!/usr/bin/env bash
# Reproducible conversion of Heritage's pretrained image backbone.
#
# Fetches the npm package nsfwjs@4.4.0 (MIT, Copyright (c) 2019 Infinite Red, Inc.) with `npm pack`,
# checks the tarball's sha512 integrity, unpacks it under target/nsfwjs (never committed), and runs
# dev.heritage.classify.convert.NsfwjsConverter, which writes the sealed artifact to
#   heritage-backbone-mobilenetv2/src/main/resources/heritage/backbones/mobilenetv2/
# (network.graph.json, network.weights.hqw, LICENSE-nsfwjs.txt, NOTICE, model.json).
# The conversion is deterministic: on an unchanged tree, `git status` shows no change afterwards.
#
# Options:
#   --inception   convert the package's InceptionV3 instead, into target/backbones/inceptionv3 (not
#                 committed: the accurate zoo annotator carries the weights it needs; training
#                 configurations name this directory in "image": {"inception": ...}); with
#                 --reference, its golden outputs at 224 x 224 go to
#                 heritage-classify/src/test/resources/backbone/tfjs-reference-inceptionv3.json.
#   --reference   also regenerate the TF.js golden outputs used by the tests
#                 (heritage-classify/src/test/resources/backbone/tfjs-reference.json): installs
#                 @tensorflow/tfjs@4 (pure-JS CPU backend) under target/tfjs-ref and runs
#                 scripts/backbone-tfjs-reference.js.
#   --no-build    skip `mvn install` of heritage-classify and the modules it needs.
#
# Environment: MVN (default: mvn), MVN_FLAGS (default: -o -q; drop -o on a machine whose local
# Maven repository lacks the dependencies).
#
# Needs: node and npm (any npm >= 7), a JDK 17 and Maven.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGE="nsfwjs@4.4.0"
TARBALL="nsfwjs-4.4.0.tgz"
INTEGRITY="sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA=="
WORK="$ROOT/target/nsfwjs"
OUT="$ROOT/heritage-backbone-mobilenetv2/src/main/resources/heritage/backbones/mobilenetv2"
REF_DIR="$ROOT/target/tfjs-ref"
REF_JSON="$ROOT/heritage-classify/src/test/resources/backbone/tfjs-reference.json"
MVN="${MVN:-mvn}"
# shellcheck disable=SC2206
MVN_FLAGS=(${MVN_FLAGS:--o -q})

reference=false
build=true
model=MOBILENET_V2
for a in "$@"; do
  case "$a" in
    --inception) model=INCEPTION_V3 ;;
    --reference) reference=true ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown option: $a" >&2; exit 2 ;;
  esac
done

echo "== npm pack $PACKAGE into $WORK"
mkdir -p "$WORK"
rm -f "$WORK/$TARBALL"
(cd "$WORK" && npm pack "$PACKAGE" --silent >/dev/null)
actual="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$WORK/$TARBALL")"
if [[ "$actual" != "$INTEGRITY" ]]; then
  echo "Integrity mismatch for $TARBALL:" >&2
  echo "  expected $INTEGRITY" >&2
  echo "  found    $actual" >&2
  exit 1
fi
echo "   integrity ok: $INTEGRITY"
rm -rf "$WORK/package"
tar -xzf "$WORK/$TARBALL" -C "$WORK"

if [[ "$model" == INCEPTION_V3 ]]; then
  OUT="$ROOT/target/backbones/inceptionv3"
  REF_JSON="$ROOT/heritage-classify/src/test/resources/backbone/tfjs-reference-inceptionv3.json"
fi

cd "$ROOT"
if $build; then
  echo "== building heritage-classify"
  "$MVN" "${MVN_FLAGS[@]}" -pl heritage-classify-train -am install -DskipTests
  if $reference; then
    # The reference needs the test classes (ReferenceInputs).
    "$MVN" "${MVN_FLAGS[@]}" -pl heritage-classify test-compile
  fi
fi

echo "== converting into $OUT"
mkdir -p "$OUT"
"$MVN" "${MVN_FLAGS[@]}" -pl heritage-classify-train org.codehaus.mojo:exec-maven-plugin:java \
  -Dexec.mainClass=dev.heritage.classify.convert.NsfwjsConverter \
  -Dexec.classpathScope=test \
  -Dexec.args="$WORK/package $OUT $model"

if $reference; then
  echo "== TF.js golden reference"
  mkdir -p "$REF_DIR"
  if [[ ! -f "$REF_DIR/package.json" ]]; then
    echo '{"name":"heritage-tfjs-ref","private":true}' > "$REF_DIR/package.json"
  fi
  npm install --prefix "$REF_DIR" --no-audit --no-fund --silent "@tensorflow/tfjs@4"
  "$MVN" "${MVN_FLAGS[@]}" -pl heritage-classify-train org.codehaus.mojo:exec-maven-plugin:java \
    -Dexec.mainClass=dev.heritage.classify.backbone.ReferenceInputs \
    -Dexec.classpathScope=test \
    -Dexec.args="$REF_DIR/scream-224.f32"
  node "$ROOT/scripts/backbone-tfjs-reference.js" --nsfwjs "$WORK/package" --tfjs "$REF_DIR" \
    --model "$(echo "$model" | tr '[:upper:]' '[:lower:]')" \
    --raw "scream=$REF_DIR/scream-224.f32" --out "$REF_JSON"
fi
echo "== done"
