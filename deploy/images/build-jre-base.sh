#!/usr/bin/env bash
# Builds a Debian bookworm + OpenJDK 17 JRE (headless) base image without a container engine and
# writes it as a docker-archive, the form jib reads as a local base (quarkus.jib.base-jvm-image=tar://…).
# For machines that cannot pull a public JRE image; everyone else sets QUINTET_IMAGE_BASE to one
# (e.g. eclipse-temurin:17-jre).
#
# Usage: deploy/images/build-jre-base.sh [OUTPUT.tar]   (default deploy/target/images/jre17-base.tar)
# Needs root and the Debian packages debootstrap, umoci and skopeo; about a minute.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/deploy/target/images/jre17-base.tar}"
mirror="${QUINTET_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="${QUINTET_DEBIAN_SUITE:-bookworm}"
tag="${QUINTET_BASE_IMAGE_TAG:-quintet/jre17-base:latest}"

for tool in debootstrap umoci skopeo; do
  command -v "$tool" >/dev/null || { echo "build-jre-base: $tool is missing (apt-get install debootstrap umoci skopeo)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "build-jre-base: debootstrap needs root" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

echo "build-jre-base: debootstrap $suite (minbase + openjdk-17-jre-headless) ..."
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates-java \
  "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

# The user Quarkus images run as (uid 185, as in the UBI OpenJDK images), and its home as the
# working directory jib puts the application in.
chroot "$rootfs" /usr/sbin/groupadd -g 185 jboss
chroot "$rootfs" /usr/sbin/useradd -u 185 -g 185 -d /home/jboss -m -s /usr/sbin/nologin jboss
# Nothing the JVM needs at run time: package caches, docs, man pages, locales beyond C.UTF-8.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
       "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*
find "$rootfs"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'C.UTF-8' -exec rm -rf {} + 2>/dev/null || true
java_home="$(dirname "$(dirname "$(readlink -f "$rootfs/usr/bin/java" | sed "s|^$rootfs||")")")"
java_home="${java_home#$rootfs}"

echo "build-jre-base: packing the image ..."
layout="$work/oci"
umoci init --layout "$layout"
umoci new --image "$layout:base"
umoci unpack --image "$layout:base" "$work/bundle" >/dev/null
rm -rf "$work/bundle/rootfs"
mv "$rootfs" "$work/bundle/rootfs"
umoci repack --image "$layout:base" "$work/bundle"
umoci config --image "$layout:base" \
  --config.user 185 --config.workingdir /home/jboss \
  --config.env "JAVA_HOME=$java_home" \
  --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --config.env "LANG=C.UTF-8" \
  --author "Quintet deploy/images/build-jre-base.sh" \
  --architecture amd64 --os linux
umoci gc --layout "$layout"

mkdir -p "$(dirname "$out")"
rm -f "$out"
skopeo copy --quiet "oci:$layout:base" "docker-archive:$out:$tag"
echo "build-jre-base: $out ($(du -h "$out" | cut -f1), $tag)"
