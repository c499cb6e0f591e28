# netc's two front doors. Both do all set-up themselves on a fresh Debian 12:
#   make demo   build netc, then compile and train a bundled example
#   make test   build netc, then run GoogleTest (ctest) and lit
#   make bench  netc beside PyTorch on the example models
BUILD ?= build
JOBS  ?= $(shell nproc)
NETC   = $(BUILD)/bin/netc

.PHONY: all deps configure build test demo bench clean

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

clean:
	rm -rf $(BUILD)
