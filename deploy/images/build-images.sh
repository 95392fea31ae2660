#!/usr/bin/env bash
# Builds the JVM container image of every service (or of the modules named) with jib, without a
# Docker daemon, as docker-archives deploy/target/images/<module>.tar (quintet/<module>:<version>).
# Load them with `docker load -i`, `podman load -i` or `skopeo copy docker-archive:… docker://…`.
#
# Usage: deploy/images/build-images.sh [module ...]
# Base image: QUINTET_IMAGE_BASE (e.g. eclipse-temurin:17-jre, or tar:///abs/path/base.tar);
# by default the local base built by deploy/images/build-jre-base.sh when it exists, else
# eclipse-temurin:17-jre from Docker Hub.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export QUINTET_IMAGE_OUT="${QUINTET_IMAGE_OUT:-$root/deploy/target/images}"
base="${QUINTET_IMAGE_BASE:-}"
if [ -z "$base" ]; then
  if [ -f "$QUINTET_IMAGE_OUT/jre17-base.tar" ]; then base="tar://$QUINTET_IMAGE_OUT/jre17-base.tar"; else base="eclipse-temurin:17-jre"; fi
fi
if [ "$#" -gt 0 ]; then
  modules=("$@")
else
  modules=()
  for pom in gateway/pom.xml *-service/pom.xml; do
    [ -f "$pom" ] || continue
    modules+=("$(dirname "$pom")")
  done
fi
echo "build-images: ${modules[*]} on $base"
./mvnw -B -ntp -q -DskipTests package -am -pl "$(IFS=,; echo "${modules[*]}")" \
  -Dquarkus.container-image.build=true \
  -Dquarkus.jib.base-jvm-image="$base" \
  -Dquarkus.jib.docker-executable-name="$root/deploy/images/docker-save"
for image in "${modules[@]}"; do
  ls -l "$QUINTET_IMAGE_OUT/$image.tar" | awk -v m="$image" '{printf "build-images: %-20s %4d MB  %s\n", m, $5/1048576, $9}'
done
