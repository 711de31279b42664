# Every target sets up what it needs: a fresh clone needs only python3 (and, for
# the browser and dump tests, root for apt-get, as in CI).

VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup test serve validate clean

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/.installed

test: setup
	$(BIN)/pytest

serve: setup
	$(BIN)/hva-graph serve

validate: setup
	$(BIN)/hva-graph validate

clean:
	rm -rf $(VENV) .pytest_cache
