# Switchboard in a container: compiled JavaScript run by `node` directly under tini (which forwards
# SIGTERM and reaps children), as a non-root user, with ffmpeg for voice and the data in a volume.
#   docker build -t switchboard .
#   docker run --env-file .env -v switchboard-data:/data -p 9464:9464 switchboard
# The Node version matches package.json `engines` (>=20.19); 20.20 is the one the tests run on.
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# install scripts allowed by package.json `allowScripts` (sqlite3's prebuilt binary) run here
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY commands ./commands
RUN npm run build && npm prune --omit=dev

FROM node:${NODE_VERSION}-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
# MALLOC_ARENA_MAX=2: glibc keeps fewer per-thread arenas after sharp's image work (docs/performance.md)
ENV MALLOC_ARENA_MAX=2
ENV DATA_DIR=/data OPS_PORT=9464 OPS_HOST=0.0.0.0 SHUTDOWN_TIMEOUT_MS=20000
VOLUME ["/data"]
USER node
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.OPS_PORT + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=64", "dist/adapters/main.js"]
