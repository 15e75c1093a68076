#!/usr/bin/env bash
# Renders the one icon source, firebreak.svg, to every format the console and its installers
# need. The outputs are committed, so the build does not need this; run it after changing the SVG.
#   png/firebreak-<size>.png  16-512 px: the console's window icons and the Linux .deb/.rpm
#   firebreak.ico             16-256 px: the Windows .msi and the installed .exe
#   firebreak.icns            16-512 px: the macOS .dmg and the .app bundle
# Needs: apt-get install librsvg2-bin icoutils icnsutils
set -euo pipefail
cd "$(dirname "$0")"
for tool in rsvg-convert icotool png2icns; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install librsvg2-bin icoutils icnsutils" >&2; exit 1; }
done
mkdir -p png
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --output "png/firebreak-$size.png" firebreak.svg
done
# Windows shows 16-48 in lists and 256 in large views; the .ico holds them all (PNG-compressed).
icotool --create --output firebreak.ico png/firebreak-{16,24,32,48}.png --raw=png/firebreak-64.png --raw=png/firebreak-128.png --raw=png/firebreak-256.png
# macOS picks from these; png2icns knows the 16, 32, 48, 128, 256 and 512 slots.
png2icns firebreak.icns png/firebreak-{16,32,48,128,256,512}.png >/dev/null
echo "wrote $(ls png | wc -l) PNGs, firebreak.ico and firebreak.icns in $(pwd)"
