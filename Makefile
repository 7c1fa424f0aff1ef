# Two commands for a newcomer: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
APPS := organizations circulars schedules notifications monitoring attendance api standing

.PHONY: run test install install-dev migrate seed lint format messages check-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Development server with demo data; prints the demo logins of every role.
# Another address or port: make run HOST=0.0.0.0:8080
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	-DEBUG=1 $(BIN)/python manage.py check_pdf
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

# The whole suite. With DATABASE_URL/REDIS_URL set it runs against those services; unset,
# a local PostgreSQL/Redis that answers is used (tools/local_services.py), else SQLite.
test: install-dev
	eval "$$($(BIN)/python tools/local_services.py)"; $(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	WFA_TESTING=1 $(BIN)/mypy

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract translatable strings (Indonesian source, English translations) and compile.
messages: install-dev
	WFA_TESTING=1 $(BIN)/python manage.py makemessages -l en --no-location --ignore=.venv $(foreach app,$(APPS),--ignore=$(app))
	set -e; for app in $(APPS); do (cd $$app && mkdir -p locale && DJANGO_SETTINGS_MODULE=wfa_portal.settings PYTHONPATH=.. WFA_TESTING=1 ../$(BIN)/python ../tools/app_messages.py makemessages -l en --no-location); done
	WFA_TESTING=1 $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
