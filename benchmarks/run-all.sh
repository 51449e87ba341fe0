#!/usr/bin/env bash
# Builds and runs the .NET benchmarks (AdGen, hand-written, TorchSharp) and the ADOL-C harness on the same problems,
# then prints the .NET ratio table and the combined AdGen / ADOL-C table.
# Usage: benchmarks/run-all.sh [--quick]     (default: the full job; --quick takes about three minutes)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:---full}"
suffix="${mode#--}"
cd "$repo"

if [ ! -f /usr/include/adolc/adolc.h ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq libadolc-dev
  else
    echo "ADOL-C is missing: sudo apt-get install libadolc-dev" >&2
    exit 1
  fi
fi

echo "== building"
benchmarks/adolc/build.sh
dotnet build benchmarks/AdGen.Benchmarks -c Release -v quiet -nologo

echo "== .NET: AdGen, hand-written, TorchSharp ($mode)"
dotnet run -c Release --no-build --project benchmarks/AdGen.Benchmarks -- "$mode" > "/tmp/adgen-benchmarks-$suffix.log" 2>&1 \
  || { tail -40 "/tmp/adgen-benchmarks-$suffix.log"; echo ".NET benchmarks failed (log: /tmp/adgen-benchmarks-$suffix.log)" >&2; exit 1; }
grep -E '^(Verified|Process priority|Written to)' "/tmp/adgen-benchmarks-$suffix.log"
dotnet_tsv="$repo/BenchmarkDotNet.Artifacts/results/adgen-ratios-$suffix.tsv"
cat "$repo/BenchmarkDotNet.Artifacts/results/adgen-ratios-$suffix.md"

echo
echo "== ADOL-C ($mode)"
adolc_tsv="$repo/BenchmarkDotNet.Artifacts/results/adolc-$suffix.tsv"
(cd benchmarks/adolc/build && ./adolc_bench "$mode") | awk 'NR == 1 || $1 != "key"' > "$adolc_tsv"
column -t -s $'\t' "$adolc_tsv"

echo
echo "== AdGen against ADOL-C (each gradient in units of its own language's f; last column: absolute times)"
awk -F'\t' '
  NR == FNR { if (FNR > 1) { name[$1] = $2; f[$1] = $3; g[$1] = $4; t[$1] = $5; order[++n] = $1 } next }
  FNR > 1 { af[$1] = $2; ag[$1] = $3; at[$1] = $4; ar[$1] = $5 }
  END {
    print "| problem | AdGen gradient/f | ADOL-C gradient/f | ADOL-C retape+gradient/f | AdGen tangent/f | ADOL-C tangent/f | ADOL-C gradient / AdGen gradient |"
    print "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for (i = 1; i <= n; i++) {
      k = order[i]
      if (!(k in ag)) { printf "| %s | %.2f | – | – | %.2f | – | – |\n", name[k], g[k] / f[k], t[k] / f[k]; continue }
      printf "| %s | %.2f | %.1f | %.1f | %.2f | %.1f | %.1f |\n", name[k], g[k] / f[k], ag[k] / af[k], ar[k] / af[k], t[k] / f[k], at[k] / af[k], ag[k] / g[k]
    }
  }' "$dotnet_tsv" "$adolc_tsv"
