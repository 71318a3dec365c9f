# Code Buddy as a container: `docker build -t code-buddy .`, then see compose.yaml (with PostgreSQL) or
# `docker run -p 3000:3000 -v code-buddy-data:/data -e APP_ID=… -e PRIVATE_KEY=… -e WEBHOOK_SECRET=… code-buddy`.

# Build: production dependencies (better-sqlite3 is compiled here when no prebuilt binary fits), the Prisma clients, dist/.
FROM node:24-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts need the sources (postinstall builds dist/), so they run below, once the sources are in.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY . .
RUN npm run generate && npm run build

# Run: no compiler, no sources, not root.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/code-buddy.db
WORKDIR /app
COPY --from=build /app/package.json /app/app.yml ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/dist ./dist
# The image's files stay root's (read-only to the server); only /data is written: the SQLite file, and the .env
# that the first run's "Register GitHub App" page writes (through the link), so a registration survives restarts.
RUN mkdir /data && chown node:node /data && ln -s /data/.env /app/.env
VOLUME /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1: Code Buddy handles SIGTERM (docker stop) and stops within seconds.
CMD ["node", "dist/main.js"]
