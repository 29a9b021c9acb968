# PitchLab: `make demo` and `make test` work on a fresh machine (Debian 12, Swift 6.3).
# Both install what is missing, so CI's fresh clone needs nothing installed by hand.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# Debian's Python on purpose: python3-aiosmtpd installs for /usr/bin/python3, not for pyenv's python3.
PY := /usr/bin/python3
# The benchmark baselines that need numpy/scipy/Jinja2 use the python3 on PATH.
BENCH_PY := python3
APT_PACKAGES := libcurl4-openssl-dev libsqlite3-dev pkg-config python3-aiosmtpd postfix dovecot-imapd openssl
# Only `make test` needs these: a real headless browser checks the HTML report (pitchlab report --html).
TEST_APT_PACKAGES := chromium
# Only `make bench` needs these: wrk drives the pixel benchmark, GNU time measures peak memory.
BENCH_APT_PACKAGES := wrk time
SERVERS_DIR := $(CURDIR)/.test-servers
SWIFT_BUILD_FLAGS ?=

.PHONY: all deps test-deps bench-deps build release test demo bench servers-start servers-stop clean

all: build

# Installs the Debian packages named in $(1) that are missing (postfix preseeded to "No
# configuration"; services kept from starting by a temporary policy-rc.d when the image has none).
define apt_install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections; \
	  added_policy=""; \
	  if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; added_policy=1; \
	  fi; \
	  apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  if [ -n "$$added_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
	fi
endef

## deps: install the Debian packages the build, the tests and the demo need (only those missing).
deps:
	$(call apt_install_missing,$(APT_PACKAGES))

## test-deps: install what only the tests need (chromium for the HTML report check), only if missing.
test-deps:
	$(call apt_install_missing,$(TEST_APT_PACKAGES))

## bench-deps: install the Debian packages only the benchmarks need (only those missing).
bench-deps:
	$(call apt_install_missing,$(BENCH_APT_PACKAGES))

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

release: deps
	swift build -c release $(SWIFT_BUILD_FLAGS)

## servers-start: real SMTP servers (aiosmtpd) and an IMAP server (dovecot) on free loopback ports;
## state in .test-servers/servers.json and .test-servers/dovecot/dovecot.json.
servers-start: deps
	@mkdir -p $(SERVERS_DIR)
	@$(PY) Tests/Servers/dovecot_server.py --dir $(SERVERS_DIR)/dovecot > $(SERVERS_DIR)/dovecot-start.log 2>&1 \
	  || { echo "The test IMAP server (dovecot) did not start:"; cat $(SERVERS_DIR)/dovecot-start.log; exit 1; }
	@echo "Test IMAP server: $(SERVERS_DIR)/dovecot/dovecot.json"
	@if [ -f $(SERVERS_DIR)/pid ] && kill -0 $$(cat $(SERVERS_DIR)/pid) 2>/dev/null; then exit 0; fi
	@rm -rf $(SERVERS_DIR)/spool $(SERVERS_DIR)/servers.json
	@[ -f $(SERVERS_DIR)/cert.pem ] || openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
	  -keyout $(SERVERS_DIR)/key.pem -out $(SERVERS_DIR)/cert.pem -subj "/CN=localhost" \
	  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
	@$(PY) Tests/Servers/smtp_servers.py --dir $(SERVERS_DIR) > $(SERVERS_DIR)/smtp.log 2>&1 & echo $$! > $(SERVERS_DIR)/pid
	@for i in $$(seq 1 100); do [ -f $(SERVERS_DIR)/servers.json ] && break; sleep 0.1; done
	@[ -f $(SERVERS_DIR)/servers.json ] || { echo "The test SMTP servers did not start; see $(SERVERS_DIR)/smtp.log"; cat $(SERVERS_DIR)/smtp.log; exit 1; }
	@echo "Test SMTP servers: $$(cat $(SERVERS_DIR)/servers.json)"

servers-stop:
	@if [ -f $(SERVERS_DIR)/pid ]; then kill $$(cat $(SERVERS_DIR)/pid) 2>/dev/null || true; rm -f $(SERVERS_DIR)/pid; fi
	@if [ -f $(SERVERS_DIR)/dovecot/dovecot.json ]; then $(PY) Tests/Servers/dovecot_server.py --dir $(SERVERS_DIR)/dovecot --stop >/dev/null 2>&1 || true; fi

## test: install, start the servers, run every test, stop the servers; fails if anything failed.
test: deps test-deps servers-start
	@status=0; \
	PITCHLAB_TEST_SERVERS=$(SERVERS_DIR)/servers.json PITCHLAB_TEST_DOVECOT=$(SERVERS_DIR)/dovecot/dovecot.json \
	  swift test $(SWIFT_BUILD_FLAGS) || status=$$?; \
	$(MAKE) --no-print-directory servers-stop; \
	exit $$status

## demo: install, build, and send a staged batch of rendered pitches to a local SMTP server.
demo: deps build servers-start
	@status=0; bash Scripts/demo.sh $(SERVERS_DIR)/servers.json || status=$$?; \
	$(MAKE) --no-print-directory servers-stop; exit $$status

## bench: benchmarks against baselines measured in the same run (release build).
bench: deps bench-deps release
	@bash Scripts/bench.sh

clean: servers-stop
	rm -rf .build $(SERVERS_DIR) .demo
