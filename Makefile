# Order service: every target runs natively on the machine; `make all` uses docker compose.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: help install build lint typecheck depcheck test

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

node_modules/.installed: package.json package-lock.json packages/*/package.json
	@echo "Installing dependencies from package-lock.json (npm ci; about 20 s the first time)..."
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.installed ## Install dependencies from package-lock.json

build: install ## Compile every package to dist/
	@echo "Compiling the TypeScript packages to dist/ (turbo; cached after the first time)..."
	turbo run build

lint: install ## Biome lint and format check
	biome ci --colors=off .

typecheck: install ## tsc --noEmit, strict: every package, examples/, bench/ and scripts/chaos/
	turbo run typecheck
	tsc -p examples/tsconfig.json
	tsc -p bench/tsconfig.json

depcheck: install ## Enforce app-* -> adapters -> domain, domain imports nothing
	depcruise packages --config .dependency-cruiser.cjs

test: install lint depcheck typecheck ## Lint, dependency rule, typecheck, then every test suite
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-pgbouncer.sh
	rm -rf .test-results
	turbo run test --concurrency=1 --continue; status=$$?; node scripts/test-summary.mjs && exit $$status

.PHONY: run http all down

run: build ## Embedded mode: PGlite in DATA_DIR (./.data), HTTP + expiry worker on :8085, data kept between runs
	env -u DATABASE_URL -u REDIS_URL node packages/app-http/dist/main.js

http: build ## Real mode HTTP process (needs DATABASE_URL and REDIS_URL; run `make migrate` first)
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make http needs DATABASE_URL and REDIS_URL (make run needs neither)"; exit 1; }
	node packages/app-http/dist/main.js

all: ## docker compose: postgres, redis, nats, one-shot migrate, http on :8085, worker
	@mkdir -p .data && test -s .data/compose-jwt-secret || node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))' > .data/compose-jwt-secret
	JWT_SECRET="$${JWT_SECRET:-$$(cat .data/compose-jwt-secret)}" docker compose up --build -d

down: ## Stop what `make all` started
	JWT_SECRET=unused-by-down-but-required-by-the-file-000000 docker compose down

.PHONY: audit
audit: install ## Check a database against every invariant (DATABASE_URL, else the embedded DATA_DIR); exit 1 on any violation
	node --conditions=development --import tsx packages/adapters/src/audit/cli.ts

.PHONY: migrate rollback
migrate: ## Apply schema and seed to DATABASE_URL (idempotent; refuses without DATABASE_URL)
	node --conditions=development --import tsx packages/adapters/src/postgres/cli.ts up

rollback: ## Drop everything `make migrate` created in DATABASE_URL (idempotent)
	node --conditions=development --import tsx packages/adapters/src/postgres/cli.ts down

.PHONY: worker bench-expiry
worker: build ## Real mode expiry worker (needs DATABASE_URL and REDIS_URL); /healthz and /metrics on WORKER_HEALTH_PORT (8086)
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make worker needs DATABASE_URL and REDIS_URL"; exit 1; }
	node packages/app-worker/dist/main.js

bench-expiry: ## Release lag of 1,000 simultaneous expiries, 1 and 2 workers, Redis up and down (DATABASE_URL, REDIS_URL; own database)
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379}" \
	  node --conditions=development --import tsx bench/expiry-lag.ts

.PHONY: bench-events
bench-events: install ## Outbox cost on checkout (pgbench, triggers on/off) and webhook delivery events/s to loopback (own databases; ~2 min)
	node --conditions=development --import tsx bench/events.ts

.PHONY: bench chaos
# PGBOUNCER=1 sends `make bench` and `make chaos` through a private PgBouncer in transaction mode.
PGBOUNCER ?=
WITH_PGBOUNCER = $(if $(PGBOUNCER),bash scripts/ensure-pgbouncer.sh && node --conditions=development --import tsx scripts/scale/withPgbouncer.ts --env BENCH_DATABASE_URL,)

bench: build ## Load test in real mode (wrk) vs the pgbench limit, 1 and 2 HTTP processes (own database and Redis db 13; ~4 min); writes bench/results/; PGBOUNCER=1: through PgBouncer
	bash scripts/ensure-wrk.sh
	$(WITH_PGBOUNCER) node --conditions=development --import tsx bench/run.ts

chaos: build ## Faults under load (kill -9, PostgreSQL/Redis outages, SIGTERM) on a private PostgreSQL and Redis; exit 1 if a check fails; PGBOUNCER=1: through PgBouncer
	$(if $(PGBOUNCER),bash scripts/ensure-pgbouncer.sh && CHAOS_PGBOUNCER=1,) node --conditions=development --import tsx scripts/chaos/run.ts

.PHONY: test-pgbouncer scale
test-pgbouncer: install ## Every test suite with TEST_DATABASE_URL through a private PgBouncer in transaction mode (a database per test file)
	bash scripts/ensure-pgbouncer.sh
	node --conditions=development --import tsx scripts/scale/withPgbouncer.ts turbo run test --concurrency=1

scale: build ## 3+3 Redis Cluster, PgBouncer, primary + replica, 4 HTTP x 2 workers: load, then faults; exit 1 if a check fails
	bash scripts/ensure-pgbouncer.sh
	node --conditions=development --import tsx scripts/scale/run.ts

.PHONY: import bench-import
import: install ## Stream FILE=products.csv to a running service's POST /products/import (DRY_RUN=1: check only; IMPORT_URL, IMPORT_LOGIN, IMPORT_PASSWORD)
	@test -n "$(FILE)" || { echo "usage: make import FILE=products.csv [DRY_RUN=1]  (needs a running service: make run)"; exit 2; }
	DRY_RUN="$(DRY_RUN)" node --import tsx scripts/import/cli.ts "$(FILE)"

bench-import: build ## 100,000 products with stock through POST /products/import: rows/s and HTTP peak RSS, real and embedded mode (own database)
	node --conditions=development --import tsx bench/import.ts
