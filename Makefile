# Thin wrappers: every target calls Python. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
LESSON ?=

.PHONY: help install run test lint check status clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

install: $(INSTALLED)  ## Create .venv and install requirements.txt

run: install  ## Run the app at http://127.0.0.1:5000 with sample data
	$(BIN)/python -m course run

test: install lint  ## Check the code style, then run the course tool's own tests
	$(BIN)/python -m pytest course/tests

lint: install  ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install  ## Check a lesson: make check LESSON=1
	$(BIN)/python -m course check $(LESSON)

status: install  ## Show your progress through the lessons
	$(BIN)/python -m course status

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache

# instructor-only: `course export` leaves this part out of the student copy.
.PHONY: browser verify bench

# The kit's suite includes browser and load tests: find Chromium and wrk (or install them) first.
test: browser

browser: install  ## Find Chromium and wrk for the kit's tests (installs them when it can)
	$(BIN)/python -m course.browser

verify: install  ## For instructors: verify every lesson on both backends
	$(BIN)/python -m course verify

bench: install  ## Measure the figures in docs/PERFORMANCE.md (about 20 minutes on 2 cores)
	$(BIN)/python bench/run_all.py
# /instructor-only
