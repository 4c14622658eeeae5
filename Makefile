# Two entry points: `make demo` crawls the bundled snapshot, `make test` runs the suite.
# Each creates the virtual environment it needs on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint fixtures bench clean

$(BIN)/scrapy: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

demo: $(BIN)/scrapy
	$(BIN)/python -m mpscrawler.ops.demo

test: $(BIN)/scrapy
	$(BIN)/ruff check mpscrawler tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

fixtures: $(BIN)/scrapy
	$(BIN)/python -m tests.regenerate

bench: $(BIN)/scrapy
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python -m bench.parser --repeat 5
	$(BIN)/python -m bench.e2e --sizes 50 5000 20000

clean:
	rm -rf $(VENV) .venv-3.* output/mps_news
