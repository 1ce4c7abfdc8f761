# syntax=docker/dockerfile:1
# One image for both roles: ROLE=api, ROLE=worker (or all, the default).

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Compiling needs the dev dependencies but none of their install scripts.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY worker ./worker
COPY web ./web
RUN npm run build

# libvips on Debian's libheif + libde265: sharp then decodes iPhone HEIC (HEVC) natively, which sharp's prebuilt
# libvips cannot (HEVC is left out of it for patent reasons). The same script builds it on a Debian machine
# (bench/build-native-heif.sh), where the bench measures it.
FROM node:22-bookworm-slim AS libvips
COPY infra/image/build-libvips.sh /tmp/
RUN apt-get update \
 && apt-get install -y --no-install-recommends $(/tmp/build-libvips.sh --packages) \
 && /tmp/build-libvips.sh /usr/local \
 && rm -rf /var/lib/apt/lists/*

FROM libvips AS production-dependencies
WORKDIR /app
# better-sqlite3 compiles from source when its prebuilt binary cannot be fetched; sharp is compiled here, always.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY infra/image/build-sharp.sh /tmp/
RUN /tmp/build-sharp.sh /app && npm cache clean --force

FROM node:22-bookworm-slim
# The shared libraries the libvips stage linked against, and that libvips.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libheif1 libde265-0 libglib2.0-0 libexpat1 libjpeg62-turbo libpng16-16 \
    libwebp7 libwebpmux3 libwebpdemux2 libtiff6 liblcms2-2 libexif12 libimagequant0 libcgif0 libhwy1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=libvips /usr/local/lib/libvips* /usr/local/lib/
RUN ldconfig
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    ROLE=all \
    DATA_DIR=/data
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY package.json ./
# Refuse to build an image whose sharp cannot decode HEVC: the worker would fall back to WebAssembly unnoticed.
RUN node --input-type=module -e "import { libvipsDecodesHevc } from '/app/dist/src/adapters/media/heif/libvips-hevc-check.js'; \
    if (!(await libvipsDecodesHevc())) { console.error('sharp here cannot decode HEVC'); process.exit(1); }"
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
# As `npm start`: a 2 MB young generation frees streamed upload chunks sooner (bench/RESULTS.md, upload ingest).
CMD ["node", "--max-semi-space-size=2", "dist/src/main.js"]
