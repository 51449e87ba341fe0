#!/usr/bin/env bash
# Builds the ADOL-C harness (needs Debian's libadolc-dev: apt-get install -y libadolc-dev).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p build
g++ -O2 -march=native -std=c++17 -o build/adolc_bench adolc_bench.cpp -ladolc
