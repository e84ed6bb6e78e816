# Sourced by .ci/run: a private CUPS server for the printing tests (tests/test_cups.py). cupsd runs
# from a config in a temporary folder, on 127.0.0.1 and a free port, with one queue, docgen-test,
# whose device is a file in that folder; CUPS keeps every job's file (PreserveJobFiles) and its
# attributes, which the tests read back (the spooled d00001-001 and `ipptool get-job-attributes`).
# Debian's ippeveprinter (cups-ipp-utils) would be the closer virtual printer but will not start
# without a DNS-SD daemon (avahi), which a container does not run. Exports DOCGEN_TEST_CUPS_SERVER,
# DOCGEN_TEST_CUPS_QUEUE and DOCGEN_TEST_CUPS_SPOOL and chains a trap that stops cupsd and deletes
# the folder after any trap already set (PostgreSQL's).
# shellcheck shell=bash

if [ "$(id -u)" = 0 ]; then
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends cups cups-client \
    cups-ipp-utils >/dev/null
fi
CUPS_DIR=$(mktemp -d /tmp/docgen-ci-cups.XXXXXX)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
CUPS_PORT=$(free_port)
mkdir -p "$CUPS_DIR/spool" "$CUPS_DIR/cache" "$CUPS_DIR/state" "$CUPS_DIR/log" "$CUPS_DIR/printer" \
  "$CUPS_DIR/ppd"
CUPS_USER=$(id -un)
CUPS_GROUP=$(id -gn)
if [ "$(id -u)" = 0 ]; then CUPS_USER=lp; CUPS_GROUP=lp; chown -R lp:lp "$CUPS_DIR"; fi
cat >"$CUPS_DIR/cupsd.conf" <<CONF
Listen 127.0.0.1:$CUPS_PORT
Listen $CUPS_DIR/cups.sock
LogLevel warn
Browsing Off
DefaultAuthType None
WebInterface No
PreserveJobFiles Yes
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
cat >"$CUPS_DIR/cups-files.conf" <<CONF
User $CUPS_USER
Group $CUPS_GROUP
SystemGroup root
ServerRoot $CUPS_DIR
RequestRoot $CUPS_DIR/spool
CacheDir $CUPS_DIR/cache
StateDir $CUPS_DIR/state
ErrorLog $CUPS_DIR/log/error_log
AccessLog $CUPS_DIR/log/access_log
PageLog $CUPS_DIR/log/page_log
FileDevice Yes
CONF
cupsd -f -c "$CUPS_DIR/cupsd.conf" -s "$CUPS_DIR/cups-files.conf" >"$CUPS_DIR/log/cupsd.out" 2>&1 &
CUPSD_PID=$!
stop_cups() {
  kill "$CUPSD_PID" 2>/dev/null || true
  wait "$CUPSD_PID" 2>/dev/null || true
  rm -rf "$CUPS_DIR"
}
_docgen_previous_trap=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
# shellcheck disable=SC2064
trap "stop_cups; ${_docgen_previous_trap:-:}" EXIT
export DOCGEN_TEST_CUPS_SERVER="127.0.0.1:$CUPS_PORT"
# A loaded machine can take many seconds to start cupsd: wait up to a minute for each step. Every
# command that may fail while it starts is a condition (|| true, &&), since set -e would otherwise
# end the run at the first refusal, silently.
for _ in $(seq 300); do
  lpstat -h "$DOCGEN_TEST_CUPS_SERVER" -r >/dev/null 2>&1 && break
  sleep 0.2
done
for _ in $(seq 300); do  # lpadmin can be refused while cupsd is still starting: retry
  lpadmin -h "$DOCGEN_TEST_CUPS_SERVER" -p docgen-test -E -v "file://$CUPS_DIR/printer/printed.pdf" \
    -m raw 2>/dev/null || true  # raw: the PDF as given
  lpstat -h "$DOCGEN_TEST_CUPS_SERVER" -p docgen-test >/dev/null 2>&1 && break
  sleep 0.2
done
if ! lpstat -h "$DOCGEN_TEST_CUPS_SERVER" -p docgen-test >/dev/null; then
  echo "CUPS for the tests did not start; its log:" >&2
  cat "$CUPS_DIR/log/cupsd.out" "$CUPS_DIR/log/error_log" >&2 2>/dev/null || true
  exit 1
fi
export DOCGEN_TEST_CUPS_QUEUE=docgen-test
export DOCGEN_TEST_CUPS_SPOOL="$CUPS_DIR/spool"
echo "CUPS for the tests at $DOCGEN_TEST_CUPS_SERVER, queue docgen-test"
