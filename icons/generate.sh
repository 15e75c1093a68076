#!/usr/bin/env bash
# Renders the one icon source, firebreak.svg, to the PNG sizes an app window and a Linux
# desktop entry need (png/firebreak-<size>.png). The PNGs are committed, so the build does not
# need this; run it after changing the SVG.
# Needs rsvg-convert: apt-get install librsvg2-bin
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p png
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --output "png/firebreak-$size.png" firebreak.svg
done
echo "wrote $(ls png | wc -l) PNGs to $(pwd)/png"
