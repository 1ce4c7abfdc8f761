#!/bin/sh
# The benchmark corpus: 18 real camera photographs (2–24 MP, baseline and
# progressive, some with EXIF orientation and GPS) from pinned Debian bookworm
# packages and one npm tarball, into bench/.cache/corpus/jpeg, and one 16 MB
# progressive photograph into .../large for the uploads (never committed).
# Needs apt-get (any user: `apt-get download` writes to the current folder), dpkg-deb, npm, tar.
set -eu
OUT=$(realpath -m "${1:-$(dirname "$0")/.cache/corpus}")
if [ -f "$OUT/SHA256SUMS" ] && grep -q ' ./large/' "$OUT/SHA256SUMS"; then echo "corpus already in $OUT"; exit 0; fi
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT/jpeg" "$OUT/large"
cd "$WORK"
apt-get download -q \
  lomiri-wallpapers-16.04=20.04.0-2 lomiri-wallpapers-20.04=20.04.0-2 \
  plasma-workspace-wallpapers=4:5.27.5-2 mate-backgrounds=1.26.0-1 \
  forensics-samples-files=1.1.4-5
for deb in *.deb; do dpkg-deb -x "$deb" root; done
npm pack -q exif@0.6.0 >/dev/null && mkdir exif && tar xzf exif-0.6.0.tgz -C exif

BG=root/usr/share/backgrounds; WP=root/usr/share/wallpapers; FS=root/usr/share/forensics-samples/original-files
take() { cp "$1" "$OUT/jpeg/$2"; }
take "$BG/Bridge_by_Sander_Klootwijk.jpg" lomiri-bridge.jpg
take "$BG/Dragonfly_by_Bolly.jpg" lomiri-dragonfly.jpg
take "$BG/Wine_by_Jakkub_Mede.jpg" lomiri-wine-portrait.jpg
take "$BG/seeding_by_Clements_Engelhardt.jpg" lomiri-seeding.jpg
take "$BG/picosdeeuropa_by_Aitzol_Berasategi.jpg" lomiri-picosdeeuropa.jpg
take "$BG/sunset_by_Aitzol_Berasategi.jpg" lomiri-sunset.jpg
take "$BG/free_by_Peter_Nerlich.jpg" lomiri-free-dogs.jpg
take "$BG/Kleiber_by_Lukas_Baubkus.jpg" lomiri-kleiber.jpg
take "$WP/ColorfulCups/contents/images/2560x1600.jpg" plasma-colorfulcups-gps.jpg
take "$WP/EveningGlow/contents/images/2560x1600.jpg" plasma-eveningglow.jpg
take "$WP/FallenLeaf/contents/images/2560x1600.jpg" plasma-fallenleaf.jpg
take "$BG/mate/nature/Wood.jpg" mate-wood.jpg
take "$FS/pic2/IMG_20191224_234846.jpg" xiaomi-20191224-gps.jpg
take "$FS/pic2/IMG_20200124_231153.jpg" xiaomi-20200124-gps-orient3.jpg
take "$FS/pic2/IMG_20200608_111614.jpg" xiaomi-20200608-gps.jpg
take "$FS/pic1/IMG_20200827_231612.jpg" xiaomi-20200827-gps.jpg
take exif/package/test/sony-alpha-6000.jpg npm-sony-a6000.jpg
take exif/package/test/short-ascii-II.jpg npm-xiaomi-mi3.jpg
cp "$BG/mate/abstract/Elephants_5640x3172.jpg" "$OUT/large/mate-elephants-16mb.jpg"
cd "$OUT" && find . -type f -name '*.jpg' | sort | xargs sha256sum > SHA256SUMS
echo "$(wc -l < SHA256SUMS) photos in $OUT"
