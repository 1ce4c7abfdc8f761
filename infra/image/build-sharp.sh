#!/bin/sh
# Rebuilds APP_DIR/node_modules/sharp from source against the libvips found by pkg-config (build-libvips.sh's),
# then removes sharp's prebuilt libvips, which cannot decode HEVC, so it cannot be picked by mistake.
#
#   build-sharp.sh APP_DIR
set -eu
APP=${1:?usage: build-sharp.sh APP_DIR}
TOOLS=$(mktemp -d)
trap 'rm -rf "$TOOLS"' EXIT

# sharp builds with node-gyp and node-addon-api; they are build tools, kept out of the app's dependencies.
npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --ignore-scripts node-addon-api@8 node-gyp@12 >/dev/null
cd "$APP/node_modules/sharp"
PATH="$TOOLS/node_modules/.bin:$PATH" NODE_PATH="$TOOLS/node_modules" SHARP_FORCE_GLOBAL_LIBVIPS=1 npm run build
rm -rf "$APP"/node_modules/@img/sharp-linux-* "$APP"/node_modules/@img/sharp-libvips-linux-* \
  "$APP"/node_modules/@img/sharp-linuxmusl-* "$APP"/node_modules/@img/sharp-libvips-linuxmusl-*
