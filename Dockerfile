# The API image used by docker-compose.yml: prepares the database and indices, then serves on :3000.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV APP_ENV=production
CMD ["sh", "-c", "npx tsx scripts/prepare.ts --samples && npx tsx src/main.ts"]
