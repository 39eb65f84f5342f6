# Order service: every target runs natively on the machine; `make all` uses docker compose.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: help install build lint typecheck depcheck test

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

node_modules/.installed: package.json package-lock.json packages/*/package.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.installed ## Install dependencies from package-lock.json

build: install ## Compile every package to dist/
	turbo run build

lint: install ## Biome lint and format check
	biome ci .

typecheck: install ## tsc --noEmit, strict, every package
	turbo run typecheck

depcheck: install ## Enforce app-* -> adapters -> domain, domain imports nothing
	depcruise packages --config .dependency-cruiser.cjs

test: install lint depcheck typecheck ## Lint, dependency rule, typecheck, then every test suite
	turbo run test --concurrency=1

.PHONY: run http all down

run: build ## Embedded mode: PGlite in DATA_DIR (./.data), HTTP + expiry worker on :8085, data kept between runs
	env -u DATABASE_URL -u REDIS_URL node packages/app-http/dist/main.js

http: build ## Real mode HTTP process (needs DATABASE_URL and REDIS_URL; run `make migrate` first)
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make http needs DATABASE_URL and REDIS_URL (make run needs neither)"; exit 1; }
	node packages/app-http/dist/main.js

all: ## docker compose: postgres, redis, one-shot migrate, http on :8085, worker
	docker compose up --build -d

down: ## Stop what `make all` started
	docker compose down
