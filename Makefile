# netc's two front doors. Both do all set-up themselves on a fresh Debian 12:
#   make demo   build netc, then compile and train a bundled example
#   make test   build netc, then run GoogleTest (ctest) and lit
#   make bench  netc beside PyTorch on the example models
#   make sanitize  the front end and data readers under ASan+UBSan
BUILD ?= build
JOBS  ?= $(shell nproc)
NETC   = $(BUILD)/bin/netc

.PHONY: all deps configure build test demo bench sanitize clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	@cmake -G Ninja -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

configure: deps $(BUILD)/build.ninja

build: configure
	@ninja -C $(BUILD) -j $(JOBS)

test: build
	@scripts/run-tests.sh $(BUILD)

demo: build
	@scripts/demo.sh $(BUILD)

# Speed against PyTorch, same machine, same run; writes docs/benchmarks.md.
bench: build
	@benchmarks/run.sh $(BUILD) docs/benchmarks.md

# Malformed .net files and data under AddressSanitizer and UBSan
# (build-sanitize; see cmake/NetcSanitize.cmake).
sanitize: deps
	@scripts/sanitize.sh

clean:
	rm -rf $(BUILD)
