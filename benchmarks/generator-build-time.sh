#!/usr/bin/env bash
# The generator's cost at build time: `dotnet build` of a project with 200 [Differentiable] methods, with the AdGen
# generator as an analyzer and without it (same sources, same runtime reference), a few repetitions each. A third
# variant compiles the generator's output as ordinary sources without running the generator, which splits the
# difference into the generator's own time and the compiler's time for the code it adds.
# Usage: benchmarks/generator-build-time.sh [methods=200] [repetitions=5]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
methods="${1:-200}"
repetitions="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/Runtime/AdGen.csproj" -c Release -v quiet -nologo >/dev/null
dotnet build "$repo/src/Generator/AdGen.Generator.csproj" -c Release -v quiet -nologo >/dev/null
runtime="$repo/src/Runtime/bin/Release/net8.0/AdGen.dll"
generator="$repo/src/Generator/bin/Release/netstandard2.0/AdGen.Generator.dll"
dotnet build "$repo/benchmarks/AdGen.Benchmarks" -c Release -v quiet -nologo >/dev/null

for variant in with without; do
  mkdir -p "$work/$variant"
  dotnet run -c Release --no-build --project "$repo/benchmarks/AdGen.Benchmarks" -- --write-synthetic-project "$work/$variant" "$methods" >/dev/null
  analyzer=""
  if [ "$variant" = with ]; then analyzer="<Analyzer Include=\"$generator\" />"; fi
  cat > "$work/$variant/Synthetic.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="AdGen"><HintPath>$runtime</HintPath></Reference>
    $analyzer
  </ItemGroup>
</Project>
PROJECT
  dotnet restore "$work/$variant" -v quiet >/dev/null
  dotnet build "$work/$variant" --no-restore -c Release -v quiet -nologo >/dev/null  # warm-up (and the compiler server)
done

generated=$(find "$work/with/obj" -name '*.AdGen.g.cs' 2>/dev/null | wc -l)
mkdir -p "$work/output"
cp "$work/without/"*.cs "$work/without/Synthetic.csproj" "$work/output/"
find "$work/with/obj" -name '*.AdGen.g.cs' -exec cp {} "$work/output/" \;
dotnet restore "$work/output" -v quiet >/dev/null
dotnet build "$work/output" --no-restore -c Release -v quiet -nologo >/dev/null
echo "Build time of a project with $methods [Differentiable] methods (dotnet build --no-incremental, compiler server warm), $repetitions runs each:"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A medians
for variant in with without output; do
  times=()
  for ((r = 0; r < repetitions; r++)); do
    start=$(date +%s.%N)
    dotnet build "$work/$variant" --no-restore --no-incremental -c Release -v quiet -nologo >/dev/null
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  medians[$variant]=$(echo "$sorted" | sed -n "$(( (repetitions + 1) / 2 ))p")
  label="$variant generator"
  if [ "$variant" = output ]; then label="no generator, its output as sources"; fi
  printf '  %-36s runs: %s s; median %.2f s\n' "$label" "$(echo "$sorted" | xargs printf '%.2f ')" "${medians[$variant]}"
done
awk -v w="${medians[with]}" -v o="${medians[without]}" -v m="$methods" -v g="$generated" \
  'BEGIN { printf "  difference: %.2f s for %d methods (%.1f ms per method); %d generated files\n", w - o, m, 1000 * (w - o) / m, g }'
awk -v w="${medians[with]}" -v o="${medians[without]}" -v c="${medians[output]}" \
  'BEGIN { printf "  of which compiling the generated code: %.2f s; running the generator: %.2f s\n", c - o, w - c }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
