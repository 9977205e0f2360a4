# The two set-up commands are `make run` and `make test`; both install what is missing first.
.PHONY: run test bench build bootstrap proto clean

SWIFT_RELEASE = swift build -c release --product tickflow 2>&1 | grep -v 'prohibited flag'; test $${PIPESTATUS[0]} -eq 0
SHELL := /bin/bash

bootstrap:
	@scripts/bootstrap

build: bootstrap
	swift build

run: bootstrap
	@$(SWIFT_RELEASE)
	.build/release/tickflow run $(ARGS)

test: bootstrap
	scripts/test

# `make bench` runs every benchmark, `make bench NAME=kafka-produce` one; results go to bench/results.json.
bench: bootstrap
	@$(SWIFT_RELEASE)
	scripts/bench $(NAME)

proto:
	scripts/gen-proto

clean:
	rm -rf .build bench/results.json
