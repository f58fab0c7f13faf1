# The API image. Stage "build" compiles the TypeScript (npm run build -> dist/); stage "deps" installs production
# dependencies only (no tsx, no TypeScript); the runtime stage holds compiled JS plus the files read at runtime
# (mappings, analysis settings, data, migrations, the web page) owned by root and runs as the unprivileged `node` user.
# Node 22 is an LTS line: every stage on the same exact 22.x release (tests/ops/compose.test.ts checks it).
FROM node:22.22.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# fixtures, synthetic data and benchmark helpers the scripts import (the server itself never imports tools/)
COPY tools ./tools
RUN npm run build
# migrations (*.sql) and the page's static files live beside the code in src/ and are read from there at runtime
RUN mkdir -p /out && find src -type f ! -name '*.ts' -exec cp --parents {} /out/ \;

FROM node:22.22.0-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:22.22.0-bookworm-slim AS runtime
ENV NODE_ENV=production APP_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /out/src ./src
COPY mappings ./mappings
COPY analyzers/*.json ./analyzers/
COPY data ./data
COPY kibana ./kibana
USER node
EXPOSE 3000
# migrations and sample data are one-shot services in docker-compose.yml (node dist/scripts/prepare.js), not run here
CMD ["node", "dist/src/main.js"]
