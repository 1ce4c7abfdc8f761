#!/bin/sh
# libvips built on Debian's libheif + libde265, so that sharp decodes HEVC (iPhone HEIC) natively: Immich's way.
# sharp 0.35 needs libvips >= 8.18.7; Debian 12 has 8.14 and Debian 13 8.16, hence a build from the release.
# Used by the Dockerfile (libvips stage) and by bench/build-native-heif.sh on a Debian machine.
#
#   build-libvips.sh PREFIX [SOURCE_DIR]
#
# Without SOURCE_DIR it downloads the pinned release from GitHub. Needs the Debian packages in DEB_BUILD_PACKAGES
# below (print them with `build-libvips.sh --packages`).
set -eu

LIBVIPS_VERSION=8.18.7
DEB_BUILD_PACKAGES="build-essential meson ninja-build pkg-config curl xz-utils ca-certificates libglib2.0-dev libexpat1-dev \
libheif-dev libde265-dev libjpeg62-turbo-dev libpng-dev libwebp-dev libtiff-dev liblcms2-dev libexif-dev \
libimagequant-dev libcgif-dev libhwy-dev"

if [ "${1:-}" = "--packages" ]; then echo "$DEB_BUILD_PACKAGES"; exit 0; fi
PREFIX=${1:?usage: build-libvips.sh PREFIX [SOURCE_DIR]}
SOURCE=${2:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ -z "$SOURCE" ]; then
  curl -fsSL "https://github.com/libvips/libvips/releases/download/v$LIBVIPS_VERSION/vips-$LIBVIPS_VERSION.tar.xz" \
    | tar -xJ -C "$WORK"
  SOURCE="$WORK/vips-$LIBVIPS_VERSION"
fi

# Only the loaders a photo service reads; nothing that pulls in ImageMagick, poppler or OpenEXR.
meson setup "$WORK/build" "$SOURCE" --prefix="$PREFIX" --libdir=lib --buildtype=release \
  -Dmodules=disabled -Dintrospection=disabled -Ddocs=false -Dexamples=false -Dcplusplus=true \
  -Dheif=enabled -Dmagick=disabled -Dpoppler=disabled -Dopenslide=disabled -Dmatio=disabled -Dcfitsio=disabled \
  -Dopenexr=disabled -Dpdfium=disabled -Dnifti=disabled -Drsvg=disabled -Dfftw=disabled -Djpeg-xl=disabled \
  -Dopenjpeg=disabled -Dorc=disabled -Dspng=disabled -Darchive=disabled -Dquantizr=disabled -Dpangocairo=disabled \
  -Dzlib=enabled
ninja -C "$WORK/build"
ninja -C "$WORK/build" install
