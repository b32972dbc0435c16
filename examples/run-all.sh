#!/usr/bin/env bash
# Builds and tests every example under examples/ as a separate Maven project, against the Heritage
# artifacts of this checkout, the way a user's project consumes them (BOM import, published
# coordinates, no reactor):
#   1. installs the reactor's artifacts into the local repository, OFFLINE and without tests: after
#      'mvn verify' (CI) this reuses what verify built;
#   2. runs 'mvn -B -ntp -o -f examples/NAME/pom.xml verify' for each example, offline.
# Extra arguments go to every Maven call (e.g. -Dmaven.repo.local=/path for a private repository).
# Prints the seconds each step took. Exit status: the first failure's.
set -euo pipefail
cd "$(dirname "$0")/.."

# The examples name the Heritage version they build against; it must be this checkout's.
reactor_version=$(sed -n '/<artifactId>heritage-parent<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
examples=()
for pom in examples/*/pom.xml; do
  dir=$(dirname "$pom")
  wanted=$(sed -n 's:.*<heritage.version>\(.*\)</heritage.version>.*:\1:p' "$pom" | head -1)
  if [ "$wanted" != "$reactor_version" ]; then
    echo "run-all: $pom builds against Heritage $wanted but this checkout is $reactor_version;" \
         "set <heritage.version>$reactor_version</heritage.version> in it" >&2
    exit 1
  fi
  examples+=("$dir")
done

seconds() { echo $(( $(date +%s%N) / 1000000 )); }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
report=()
start_all=$(seconds)

# 'verify' never runs the install plugin, so a fresh local repository may lack it: the root pom alone
# fetches it (and installs heritage-parent), so that the reactor's install below can run offline.
t=$(seconds)
mvn -B -ntp -q -N install -DskipTests "$@"
mvn -B -ntp -o install -DskipTests "$@"
report+=("install (reactor, -o, -DskipTests): $(elapsed "$t") s")

for dir in "${examples[@]}"; do
  t=$(seconds)
  mvn -B -ntp -o -f "$dir/pom.xml" verify "$@"
  report+=("$dir (mvn -o verify): $(elapsed "$t") s")
done

echo "run-all: examples built and tested against Heritage $reactor_version"
printf '  %s\n' "${report[@]}"
echo "  total: $(elapsed "$start_all") s"
