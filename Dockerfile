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

FROM node:22-bookworm-slim AS production-dependencies
WORKDIR /app
# better-sqlite3 compiles from source when its prebuilt binary cannot be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# sharp's libvips comes in its platform package (@img/sharp-linux-*), picked for this image's platform.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:22-bookworm-slim
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
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
# As `npm start`: a 2 MB young generation frees streamed upload chunks sooner (bench/RESULTS.md, upload ingest).
CMD ["node", "--max-semi-space-size=2", "dist/src/main.js"]
