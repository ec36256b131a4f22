#!/usr/bin/env bash
# The README walk-through on the bundled Zuo et al. (2020) silicon data: choose 30 training
# configurations out of the 214 of the official training pool for a linear SNAP (2J=4) energy
# model, assess the choice, and fit on it. Everything lands in out/ (or the folder given).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out}"
mkdir -p "$out"
desc="snap:twojmax=4"

echo "== 1. what is in the pool"
./atomdoe info data/Si_train.xyz

echo
echo "== 2. select 30 configurations (D-optimal, before any DFT)"
./atomdoe select data/Si_train.xyz -n 30 -d "$desc" -o "$out/si30.xyz" --report "$out/si30.json" \
  --plots "$out/si30" --quiet

echo
echo "== 3. assess the selection against the rest of the pool"
./atomdoe assess "$out/si30.xyz" --pool data/Si_train.xyz -d "$desc" --report "$out/si30_assess.json" \
  --annotated "$out/si_pool_doe.xyz" --plots "$out/si30_assess" --quiet

echo
echo "== 4. fit on the 30 (they carry their DFT energies here) and test on the official test set"
./atomdoe fit "$out/si30.xyz" --test data/Si_test.xyz -d "$desc" --report "$out/si30_fit.json" --quiet

echo
echo "files in $out/:"
ls "$out"
