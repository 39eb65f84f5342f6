# Multi-stage build: compile every workspace package, keep production dependencies only,
# run the compiled JavaScript as the unprivileged "node" user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is cached until a package.json or the lock changes.
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/adapters/package.json packages/adapters/
COPY packages/process/package.json packages/process/
COPY packages/app-worker/package.json packages/app-worker/
COPY packages/app-http/package.json packages/app-http/
RUN npm ci --no-audit --no-fund
COPY packages packages
COPY migrations migrations
RUN npx turbo run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8085 \
    MIGRATIONS_DIR=/app/migrations \
    DATA_DIR=/app/.data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/migrations migrations
COPY --from=build /app/packages/domain/package.json packages/domain/
COPY --from=build /app/packages/domain/dist packages/domain/dist
COPY --from=build /app/packages/adapters/package.json packages/adapters/
COPY --from=build /app/packages/adapters/dist packages/adapters/dist
COPY --from=build /app/packages/process/package.json packages/process/
COPY --from=build /app/packages/process/dist packages/process/dist
COPY --from=build /app/packages/app-worker/package.json packages/app-worker/
COPY --from=build /app/packages/app-worker/dist packages/app-worker/dist
COPY --from=build /app/packages/app-http/package.json packages/app-http/
COPY --from=build /app/packages/app-http/dist packages/app-http/dist
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 8085
# The image has no curl: node's fetch checks the HTTP process's /healthz on PORT. docker-compose.yml
# overrides it for the worker (GET /healthz on 8086) and disables it for the one-shot migrate.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8085)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The same image runs http (default), the worker and the one-shot migration (see docker-compose.yml).
CMD ["node", "packages/app-http/dist/main.js"]
