#!/bin/sh
# The container's native HEIC path, built on this machine: libvips on Debian's libheif + libde265
# (infra/image/build-libvips.sh), and a copy of the app's sharp rebuilt against it (infra/image/build-sharp.sh),
# the same scripts the Dockerfile runs. The bench's HEIC rows then measure it beside the WebAssembly path.
#
#   bench/build-native-heif.sh [LIBVIPS_SOURCE_DIR]    (sudo apt-get install $(infra/image/build-libvips.sh --packages))
#
# Writes bench/.cache/native-heif/{vips,app}. Without a source dir the pinned release is downloaded.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/.cache/native-heif"
rm -rf "$OUT" && mkdir -p "$OUT/app" "$OUT/bin"
"$ROOT/infra/image/build-libvips.sh" "$OUT/vips" ${1:+"$1"}

# A Debian machine may also have its own, older libvips-dev, whose pkg-config directory sharp would search first.
cat > "$OUT/bin/pkg-config" <<WRAP
#!/bin/sh
if [ "\$*" = "--variable pc_path pkg-config" ]; then echo "$OUT/vips/lib/pkgconfig"; exit 0; fi
PKG_CONFIG_PATH="$OUT/vips/lib/pkgconfig" exec /usr/bin/pkg-config "\$@"
WRAP
chmod +x "$OUT/bin/pkg-config"

cp -r "$ROOT/node_modules/sharp" "$ROOT/node_modules/@img" "$OUT/app/" 2>/dev/null || true
mkdir -p "$OUT/app/node_modules" && mv "$OUT/app/sharp" "$OUT/app/@img" "$OUT/app/node_modules/"
for dep in detect-libc semver; do cp -r "$ROOT/node_modules/$dep" "$OUT/app/node_modules/"; done
PATH="$OUT/bin:$PATH" "$ROOT/infra/image/build-sharp.sh" "$OUT/app"
LD_LIBRARY_PATH="$OUT/vips/lib" node -e "
  const sharp = require('$OUT/app/node_modules/sharp');
  console.log('sharp', sharp.versions.sharp, 'on libvips', sharp.versions.vips, 'heif input:', sharp.format.heif.input.buffer);
"
