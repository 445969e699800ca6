# Two commands for people: `make run` and `make test`. Everything else is plumbing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make
INSTANCE ?= instance
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=

.PHONY: install benchmark-peers run test test-cluster check lint clean-instance neural-model messages

install: $(STAMP)/system $(STAMP)/python $(STAMP)/npm $(STAMP)/translations

$(STAMP):
	mkdir -p $(STAMP)

# Debian packages missing from the list in file $(1) are installed (apt-get, with sudo unless root).
define apt_install
	@missing=$$(grep -v '^\s*#' $(1) | grep -v '^\s*$$' | while read p; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

# Debian packages (chromium, fonts, libvips, ffmpeg ...): only the missing ones are installed.
$(STAMP)/system: system-packages.txt | $(STAMP)
	$(call apt_install,system-packages.txt)
	touch $@

# The peers the benchmarks measure us against (IIPImage behind lighttpd for benchmarks/iiif_tiles.py):
# not needed by `make test`, so kept out of `make install`.
benchmark-peers: $(STAMP)/benchmark-peers

$(STAMP)/benchmark-peers: benchmarks/system-packages.txt | $(STAMP)
	$(call apt_install,benchmarks/system-packages.txt)
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP)/python: setup.cfg pyproject.toml $(BIN)/python | $(STAMP)
	$(BIN)/pip install -q -e '.[test,train]'
	touch $@

$(STAMP)/npm: package.json | $(STAMP)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; \
	else npm install --no-audit --no-fund --loglevel=error; fi
	touch $@

$(STAMP)/translations: $(wildcard museum/translations/*/LC_MESSAGES/messages.po) $(STAMP)/python | $(STAMP)
	$(BIN)/pybabel -q compile -d museum/translations
	touch $@

run: install
	@if [ ! -f $(INSTANCE)/museum.sqlite3 ]; then \
	  $(BIN)/museum --instance $(INSTANCE) init && $(BIN)/museum --instance $(INSTANCE) load-sample; \
	else $(BIN)/museum --instance $(INSTANCE) db upgrade; fi
	@# the poem station's model: trained from the npm chinese-poetry corpus (about 5 minutes) when missing or
	@# of an older format
	@if ! $(BIN)/python -c "import json, sys; from exhibits.poems.model import FORMAT_VERSION; \
	  sys.exit(json.load(open('$(INSTANCE)/poems/model/meta.json')).get('format') != FORMAT_VERSION)" 2>/dev/null; \
	then $(BIN)/museum --instance $(INSTANCE) poem train; fi
	$(BIN)/museum --instance $(INSTANCE) serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The multi-node cluster on loopback (PostgreSQL, Redis, SeaweedFS, the Elasticsearch API, two app servers, two
# workers, nginx with deploy/nginx.conf): tests/integration/cluster, kept out of `make test` (`-m "not cluster"`).
test-cluster: install
	$(BIN)/python -m pytest -m cluster tests/integration/cluster $(PYTEST_ARGS)

# The quick loop (under 3 minutes): lint and the unit tests, no servers or browsers.
check: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q tests/unit $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

# The message template from the code (what tests/unit/test_architecture.py compares it with); then translate the
# new messages in museum/translations/*/LC_MESSAGES/messages.po.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o museum/translations/messages.pot museum

# The poem station's neural model (committed in exhibits/poems/weights): rebuilt on the CPU, at the lowest
# priority (training extra: JAX, optax, onnx). These are the arguments the committed weights were trained
# with; --minutes stops it (the schedule is fitted to the steps the machine manages in that time, recorded in
# neural.json), so a busy machine trains fewer steps. Give more time, and --max-poems, for a better model.
NEURAL_ARGS ?= --vocab 6000 --embed 192 --cond 96 --hidden 384 --batch 128 --lr 3e-3 --epochs 10 \
	--max-poems 120000 --minutes 100
neural-model: install
	$(BIN)/pip install -q -e '.[train]'
	nice -n 19 $(BIN)/python -m exhibits.poems.neural_train --out exhibits/poems/weights $(NEURAL_ARGS)

clean-instance:
	rm -rf $(INSTANCE)
