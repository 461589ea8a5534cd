# Thin wrapper over Meson for the contract commands of DESIGN.md.
#   make run    install what is missing, build, create ./campus-data with the
#               demo content if absent, serve on http://127.0.0.1:$(PORT)
#   make check  install, build (normal and ASan+UBSan), run every suite
#   make bench  the benchmarks of bench/, with their nginx reference
PORT ?= 8080
DATA ?= campus-data

.PHONY: all build build-asan run check bench setup clean format

all: build

setup:
	@scripts/setup

build/build.ninja:
	meson setup build

build-asan/build.ninja:
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

build: build/build.ninja
	ninja -C build

build-asan: build-asan/build.ninja
	ninja -C build-asan

run:
	@scripts/setup --no-node
	@$(MAKE) --no-print-directory build
	@test -f $(DATA)/campus.db || build/campus init --data $(DATA) --demo >/dev/null
	@build/campus init --data $(DATA) --demo | sed 's/^campus: .*//' | sed '/^$$/d'
	@echo "Open http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	@exec build/campus serve --data $(DATA) --listen 127.0.0.1:$(PORT)

check:
	@scripts/setup
	@$(MAKE) --no-print-directory build build-asan
	@scripts/check

bench:
	@scripts/setup --no-node
	@$(MAKE) --no-print-directory build
	@bench/run

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')

clean:
	rm -rf build build-asan
