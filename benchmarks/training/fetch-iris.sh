#!/usr/bin/env bash
# Fetches Fisher's iris data (1936; public domain measurements) as Debian ships it in python3-sklearn
# (sklearn/datasets/data/iris.csv), without installing the package. Prints the CSV's path.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p target/debian && cd target/debian
if [ ! -f usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv ]; then
  apt-get download python3-sklearn >/dev/null 2>&1
  dpkg-deb -x python3-sklearn_*.deb .
fi
echo "$PWD/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv"
