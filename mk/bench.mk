# make bench: build times side by side, scaling on synthetic pages, page weight.
# See docs/performance.md. Timings are medians of REPEAT runs on this machine.
REPEAT      ?= 5
BENCH_SIZES ?= 100 300 1000
BENCH_ARGS  ?=

.PHONY: bench

bench: $(STAMP) ## time cold/incremental/scaled builds + first-visit weight (REPEAT=5 BENCH_SIZES='100 300 1000')
	$(PY) bench/run.py --repeat $(REPEAT) --sizes '$(BENCH_SIZES)' --out $(BUILDDIR)/bench $(BENCH_ARGS)
