# The project's verbs. Every target installs what it needs (scripts/setup.sh) so each works on a
# fresh machine.
.PHONY: setup pkg mock example docs test test-native test-wasm-node test-wasm-browser test-js test-types check-core demo bench clean

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR

setup:
	bash scripts/setup.sh

## pkg: build the publishable npm package into pkg/ (prints raw and gzip sizes)
pkg: setup
	bash scripts/build-pkg.sh

## test: every test suite (native, wasm in Node and headless Chromium, package, types, house rules)
test:
	bash scripts/test.sh

## demo: build the package and the mock, serve the dashboard (www/) from the mock, print its URL
demo: pkg
	bash scripts/demo.sh

## example: every example in examples/ on the packed package against a fresh mock, outputs checked
example: pkg
	bash scripts/setup.sh browser
	bash scripts/test-examples.sh

## mock: run tmr-mock in the foreground on port 4010 (Ctrl-C stops it)
mock:
	cargo run --quiet --profile mock -p tmr-mock -- --port 4010

## docs: the API reference generated from the package's .d.ts files by typedoc, into target/docs/
docs: setup
	bash scripts/docs.sh

## bench: the benchmark harness against the mock; writes bench/report.json and bench/REPORT.md
bench:
	bash scripts/bench.sh

clean:
	rm -rf pkg target tools/node_modules
