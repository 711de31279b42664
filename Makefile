# Every target sets up what it needs: a fresh clone needs only python3 (and, for
# the browser and dump tests, root for apt-get, as in CI).

VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup lock system-packages search-packages test quick serve validate clean

# The package from this clone (editable: its folders are read as they are), with its test tools,
# at the versions the tests pass with (constraints.txt; pyproject.toml states the ranges).
$(BIN)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

# constraints.txt anew: the newest versions pyproject.toml's ranges admit, installed into a
# fresh environment and written down (then run make test before committing it).
LOCK_VENV := .venv-lock
lock:
	rm -rf $(LOCK_VENV) && python3 -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/pip install --quiet -e ".[test]"
	{ sed -n '/^#/p' constraints.txt; $(LOCK_VENV)/bin/pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt && rm -rf $(LOCK_VENV)

# Browser libraries (YASGUI) from the npm registry at the versions pinned in
# web/package-lock.json; the app serves them from web/node_modules, never from a CDN.
# npm runs again only when node_modules is missing or the lock file is newer. Without
# npm the editor shows its plain form (and the editor's asset test skips; in CI it fails).
WEB_STAMP := web/node_modules/.package-lock.json

$(WEB_STAMP): web/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix web --ignore-scripts --no-audit --no-fund && touch $@; \
	else echo "note: npm not found, so the SPARQL editor will offer only its plain form; install Node.js and npm, then run make setup"; fi

setup: $(BIN)/.installed $(WEB_STAMP)

# Debian packages the tests use: raptor2-utils gives `rapper`, the independent RDF parser
# the dump tests check every file with; chromium is the real browser of the page tests
# (driven by Playwright, which is told where it is: no browser download). libvoikko1 and
# voikko-fi are the Finnish analyser and its dictionary (the libvoikko binding from PyPI
# loads them; nothing is downloaded at run time); the server's search needs them too.
# virtuoso-opensource is the second remote engine the store tests run against (its own
# database in a temporary folder, on loopback; the package's system service is not used).
# nginx is the reverse proxy with TLS in front of replicas in tests/test_nginx.py (run with its own
# configuration in a temporary folder, on loopback; the package's system service is not used).
# Installed once when root (as in CI); otherwise this says what to install, and those tests
# skip (in CI they fail instead).
SYSTEM_PACKAGES := raptor2-utils chromium libvoikko1 voikko-fi virtuoso-opensource nginx

system-packages:
	@if command -v rapper >/dev/null && command -v chromium >/dev/null && command -v nginx >/dev/null \
	  && command -v virtuoso-t >/dev/null && dpkg -s libvoikko1 voikko-fi >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "note: the dump, browser, Finnish analyser, Virtuoso and nginx tests need: apt-get install $(SYSTEM_PACKAGES)"; fi

# The whole suite, in parallel (pytest-xdist): the tests that share a server, an engine or the
# browser run on the one worker that starts it (--dist loadgroup). docs/testing.md has the parts
# of the suite, their timings and the measurements behind the number of workers.
TEST_WORKERS ?= 4

test: setup system-packages
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

# The in-process part: no server, engine, browser or whole-graph reference (docs/testing.md).
quick: setup
	$(BIN)/pytest -n 2 --dist loadgroup -m "not served and not engines and not browser and not rules"

# The server's search needs the Finnish analyser (libvoikko1, voikko-fi); without it the service
# still serves everything else and the search says what to install.
search-packages:
	@if dpkg -s libvoikko1 voikko-fi >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvoikko1 voikko-fi >/dev/null; \
	else echo "note: the search needs the Finnish analyser: apt-get install libvoikko1 voikko-fi"; fi

serve: setup search-packages
	$(BIN)/hva-graph serve

validate: setup
	$(BIN)/hva-graph validate

clean:
	rm -rf $(VENV) .pytest_cache web/node_modules build dist
