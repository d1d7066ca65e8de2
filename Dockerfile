# syntax=docker/dockerfile:1
# park-kg image, three stages:
#   build      all dependencies; `npm run build` compiles src/ to dist/ and the web app to web/dist/
#   prod-deps  production dependencies only, with the hnswlib-node native addon compiled
#   runtime    node:*-slim + prod node_modules + dist/ + web/dist/ + the files read at run time,
#              running as the unprivileged `node` user. No secrets: configuration comes from the
#              environment at `docker run` / compose time (see .env.example).
# Every stage uses the same pinned base, so the addon's ABI and glibc match at run time.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off: the root `prepare` (tsc) needs sources that are not copied yet. Of the packages
# with install scripts (package.json allowScripts), the build needs only esbuild's.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild esbuild
COPY . .
# Fail here, not at run time, if either output is missing.
RUN npm run build \
 && test -f dist/main.js \
 && test -f web/dist/index.html

FROM ${NODE_IMAGE} AS prod-deps
# node-gyp's toolchain for hnswlib-node; it stays in this stage only.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev leaves out typescript, so the root `prepare` could not run: scripts stay off, and
# the one production package that needs its install script (allowScripts) is built explicitly.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild hnswlib-node \
 && node -e "require('hnswlib-node')" \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data \
    SEEDS_DIR=/app/seeds
WORKDIR /app
# Application files belong to root and are read-only for `node`; only DATA_DIR is writable.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY graph/schema.cypher ./graph/schema.cypher
COPY graph/queries ./graph/queries
COPY prompts ./prompts
COPY seeds ./seeds
RUN mkdir -p /app/data && chown node:node /app/data
# `node` is uid 1000 in the official images; with Kubernetes runAsNonRoot, also set runAsUser: 1000.
# hadolint ignore=DL3066
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node","bin/park-kg.js","serve"]
