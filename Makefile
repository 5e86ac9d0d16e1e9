# The two commands of the README: `make run` and `make test`.
# Each creates .venv on first use; nothing else needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean
.PHONY: package package-smoke

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cattool demo
	$(BIN)/cattool

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

# The packaged Linux app (packaging/README.md): dist/cattool/ and a tarball with install.sh.
package:
	bash packaging/build_linux.sh

# Build, then check the built tarball (version, deadlines, a document, the window).
package-smoke: package
	bash packaging/smoke_test.sh
