# vigil: a high-availability daemon (VRRP, health checks, IPVS).
# Plain GNU make; dependencies through pkg-config.

CC      ?= gcc
CLANG   ?= clang
PREFIX  ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/vigil
# /etc whatever the prefix: vigild reads /etc/vigil/vigil.conf by default.
SYSCONFDIR ?= /etc
# systemd reads units from /usr/local/lib/systemd/system too; packages
# pass the distribution's directory (Debian 12: /lib/systemd/system).
UNITDIR ?= $(PREFIX)/lib/systemd/system
WERROR  ?= -Werror

PKGS    := libevent libevent_openssl libnl-3.0 libnl-route-3.0 libnl-genl-3.0 libcap-ng openssl jansson libnftnl libmnl libpcre2-8
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# JSON (jansson): vigilctl's files (core/vigilctl*.c); vigild's JSON dump
# (vrrp/vrrp_json.c) and event lines (common/event.c).
CTL_PKGS   := jansson
CTL_CFLAGS := $(shell pkg-config --cflags $(CTL_PKGS) 2>/dev/null)
CTL_LIBS   := $(shell pkg-config --libs $(CTL_PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
# net-snmp's agent library: vigilctl's snmp-agent (core/snmp_agent.c) only,
# never vigild.
SNMP_LIBS  := -lnetsnmpagent -lnetsnmp

HARDEN  := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra $(WERROR) -Wno-unused-parameter \
	   -Wshadow -Wpointer-arith -Wmissing-prototypes -Wstrict-prototypes \
	   $(HARDEN) -I. $(PKG_CFLAGS) $(CTL_CFLAGS)
LDFLAGS += -pie -Wl,-z,relro,-z,now
LIBS    := $(PKG_LIBS) -lm

B       := build
# Every .c file under these directories belongs to libvigil, except the two
# programs' main files.
MAINS   := core/main.c core/vigilctl.c core/snmp_agent.c
SRCS    := $(filter-out $(MAINS), $(wildcard common/*.c conf/*.c vrrp/*.c check/*.c core/*.c))
OBJS    := $(SRCS:%.c=$(B)/%.o)
UNIT_SRCS := $(wildcard test/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:test/unit/%.c=$(B)/test/%)
TOOL_SRCS := $(wildcard test/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:test/tools/%.c=$(B)/tools/%)
FUZZ_SRCS := $(wildcard test/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:test/fuzz/%.c=build-fuzz/%)


.PHONY: tools qemu
.PHONY: all clean check check-build deb deps install fuzz bench bench-conf bench-vrrp bench-scripts bench-lvs bench-advert demo unit
all: vigild $(if $(wildcard core/vigilctl.c),vigilctl)

$(B)/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libvigil.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

vigild: $(B)/core/main.o $(B)/libvigil.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

vigilctl: $(B)/core/vigilctl.o $(B)/core/snmp_agent.o $(B)/libvigil.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(CTL_LIBS) $(SNMP_LIBS)

$(B)/test/%: test/unit/%.c $(B)/libvigil.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libvigil.a $(LIBS) $(CTL_LIBS) $(CMOCKA_LIBS)

unit: $(UNIT_BINS)

# Test drivers the integration tests run (one probe, one IPVS call ...).
$(B)/tools/%: test/tools/%.c $(B)/libvigil.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libvigil.a $(LIBS)
tools: $(TOOL_BINS)

# The qemu guest of the IPVS tests (kernel download, initramfs), cached in
# build/qemu; test/qemu/run.sh also makes it when missing.
qemu: all tools
	test/qemu/run.sh --build

# The same unit tests under AddressSanitizer and UndefinedBehaviorSanitizer.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
build-san/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -D_FORTIFY_SOURCE=2 -O2,$(CFLAGS)) $(SAN_FLAGS) -c -o $@ $<
build-san/libvigil.a: $(SRCS:%.c=build-san/%.o)
	@rm -f $@
	ar rcs $@ $^
build-san/test/%: test/unit/%.c build-san/libvigil.a
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -D_FORTIFY_SOURCE=2 -O2,$(CFLAGS)) $(SAN_FLAGS) -o $@ $< build-san/libvigil.a $(LIBS) $(CTL_LIBS) $(CMOCKA_LIBS)
build-san/vigild: build-san/core/main.o build-san/libvigil.a
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS)
unit-san: $(UNIT_SRCS:test/unit/%.c=build-san/test/%) build-san/vigild

# libFuzzer targets (clang): build-fuzz/fuzz_NAME from test/fuzz/fuzz_NAME.c.
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
build-fuzz/obj/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CLANG) -std=gnu11 -D_GNU_SOURCE -I. $(PKG_CFLAGS) $(CTL_CFLAGS) $(FUZZ_FLAGS) -DVIGIL_FUZZ -c -o $@ $<
build-fuzz/libvigil.a: $(SRCS:%.c=build-fuzz/obj/%.o)
	@rm -f $@
	ar rcs $@ $^
build-fuzz/%: test/fuzz/%.c build-fuzz/libvigil.a
	$(CLANG) -std=gnu11 -D_GNU_SOURCE -I. $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -DVIGIL_FUZZ -o $@ $< build-fuzz/libvigil.a $(LIBS)
fuzz-build: $(FUZZ_BINS)
# make fuzz FUZZ_SECONDS=600 runs each target for that long.
FUZZ_SECONDS ?= 600
fuzz: fuzz-build
	test/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# Build everything the test suite runs.
check-build: all unit tools unit-san fuzz-build

# make check: install missing dependencies (as root), build, run every test.
check:
	@test/deps.sh --check-or-install
	$(MAKE) -j$$(nproc) check-build
	test/runtests.sh

deps:
	test/deps.sh --install

# make demo (as root): install what is missing, build, and run the nginx
# pair in network namespaces with a narration (test/demo/demo.sh; it
# removes all it made at exit). DEMO_FLAGS=--quick: no reading pauses.
demo:
	@[ "$$(id -u)" = 0 ] || { echo "make demo: needs root (network namespaces): sudo make demo" >&2; exit 1; }
	@test/deps.sh --check-or-install
	@echo "make demo: building vigild"
	@$(MAKE) -s --no-print-directory all
	@sh test/demo/demo.sh $(DEMO_FLAGS)

bench-conf: all
	test/bench/bench-conf.sh

bench-vrrp: all
	test/bench/bench-vrrp.sh

bench-scripts: all
	test/bench/bench-scripts.sh

bench-lvs: all
	test/bench/bench-lvs.sh

bench-advert: all
	test/bench/bench-advert.sh

bench: bench-conf bench-vrrp bench-scripts bench-lvs bench-advert

# make install [PREFIX=/usr/local] [DESTDIR=...]: the programs built, the
# man pages there are, the systemd unit (its paths follow SBINDIR), the
# examples, and an empty /etc/vigil. It never writes vigil.conf: a host's
# configuration is its own, and the unit does not start without one.
MAN5    := $(wildcard man/*.5)
MAN8    := $(wildcard man/*.8)
install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(SYSCONFDIR)/vigil
	install -m 0755 vigild $(DESTDIR)$(SBINDIR)/
	if [ -f vigilctl ]; then install -m 0755 vigilctl $(DESTDIR)$(SBINDIR)/; fi
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	sed -e 's|/usr/sbin/vigild|$(SBINDIR)/vigild|g' \
	    -e 's|/etc/vigil/|$(SYSCONFDIR)/vigil/|g' packaging/vigild.service \
	    >$(DESTDIR)$(UNITDIR)/vigild.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/vigild.service
	install -m 0644 conf/examples/*.conf $(DESTDIR)$(DOCDIR)/examples/
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/

# make deb: a Debian package of this tree's build (packaging/debian,
# debhelper), in $(B)/deb/. The sources and the objects already built are
# copied with their times, so the package's build finds them up to date
# and compiles nothing (a clean tree is built first, by "all").
DEB_TOP := $(B)/deb/vigil
deb: all
	rm -rf $(B)/deb
	mkdir -p $(DEB_TOP)/$(B)
	cp -pR Makefile README.md common conf core vrrp check man packaging $(DEB_TOP)/
	cp -pR packaging/debian $(DEB_TOP)/debian
	cp -pR $(addprefix $(B)/,libvigil.a common conf core vrrp check) $(DEB_TOP)/$(B)/
	for f in vigild vigilctl; do [ ! -f $$f ] || cp -p $$f $(DEB_TOP)/; done
	cd $(DEB_TOP) && dpkg-buildpackage -b -us -uc -nc
	@ls $(B)/deb/*.deb

clean:
	rm -rf $(B) build-san build-fuzz vigild vigilctl
