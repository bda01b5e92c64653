# Shell helpers shared by .ci/run and tools/debcheck.sh (sourced, not run). Set CHECK_NAME first:
# it starts every line ("ci: ok: ...", "debcheck: FAILED: ...").
#   ok WHAT            count a passed check and say so
#   fail WHAT          say what failed, print the closing count line, exit 1
#   run_clean NAME COMMAND...   run; show its output; fail on a non-zero exit or an error on stderr
#                               (its standard output stays in $LAST_OUT until the next run_clean)
PASSED=0
ok() { PASSED=$((PASSED + 1)); printf '%s: ok: %s\n' "$CHECK_NAME" "$*"; }
fail() {
  printf '%s: FAILED: %s\n' "$CHECK_NAME" "$*" >&2
  printf 'packaging: %s passed, 1 failed\n' "$PASSED"
  exit 1
}

# Lines on stderr that mean something went wrong. Log lines at INFO level are not errors.
ERROR_PATTERN='error|critical|fatal|traceback|exception|cannot|can.t |could ?n.t|failed|not found|no such|undefined symbol|segmentation|abort'
LAST_OUT=$(mktemp)
run_clean() {
  local name=$1 out err rc=0
  shift
  out=$(mktemp) err=$(mktemp)
  "$@" >"$out" 2>"$err" || rc=$?
  cat "$out"
  cp "$out" "$LAST_OUT"
  if [ -s "$err" ]; then sed 's/^/  stderr: /' "$err"; fi
  local bad
  bad=$(grep -Eiv '^([0-9-]+ [0-9:,]+ )?INFO ' "$err" | grep -Ei "$ERROR_PATTERN" || true)
  rm -f "$out" "$err"
  [ "$rc" -eq 0 ] || fail "$name exited with $rc"
  [ -z "$bad" ] || fail "$name wrote errors to stderr: $bad"
  ok "$name"
}
