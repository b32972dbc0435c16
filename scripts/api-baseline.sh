#!/usr/bin/env bash
# Builds heritage-api as it was at the API baseline (tag api-baseline-0.1) into
# target/api-baseline/heritage-api-baseline.jar, for the japicmp check of the 'api-check' profile
# (heritage-api/pom.xml). Needs no network beyond what the normal build already downloaded: the source
# comes from this clone's history (git archive) and Maven reuses the local repository.
# Extra arguments go to Maven (e.g. -o to build offline).
set -euo pipefail
cd "$(dirname "$0")/.."
# The tag names the baseline; its commit id is the fallback where tags did not travel with the clone.
TAG=api-baseline-0.1
COMMIT=17e9308902c0c4f945a7774f5d907477c7de9f8e
OUT=target/api-baseline
JAR="$OUT/heritage-api-baseline.jar"

if git rev-parse -q --verify "refs/tags/$TAG^{commit}" >/dev/null; then
  REF=$TAG
elif git cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
  REF=$COMMIT
else
  echo "api-baseline: neither tag $TAG nor commit $COMMIT is in this clone (a shallow clone?);" \
       "run 'git fetch --tags --unshallow' and try again" >&2
  exit 1
fi
WANT=$(git rev-parse "$REF^{commit}")
if [ -f "$JAR" ] && [ "$(cat "$OUT/commit" 2>/dev/null)" = "$WANT" ]; then
  echo "api-baseline: $JAR is up to date ($REF)"
  exit 0
fi

rm -rf "$OUT"
mkdir -p "$OUT/src"
git archive "$WANT" | tar -x -C "$OUT/src"
# Only heritage-api's own build; the other modules' poms are read but not built.
mvn -B -ntp -q -f "$OUT/src/pom.xml" -pl heritage-api -DskipTests -Dmaven.javadoc.skip=true "$@" package
cp "$OUT"/src/heritage-api/target/heritage-api-*.jar "$JAR"
rm -rf "$OUT/src"
echo "$WANT" > "$OUT/commit"
echo "api-baseline: built $JAR from $REF ($WANT)"
