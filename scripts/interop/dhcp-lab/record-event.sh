# Sourced by the client scripts: keeps one file per client event, holding the whole environment
# the client gave the script (NUL-separated, as `env -0` writes it, so any value survives),
# named NNN-EVENT.env in $KVLAB_RECORD_DIR. The file is written under a temporary name and
# renamed, so the harness polling the directory never reads half a record.
# shellcheck shell=sh
kvlab_record() {
  kvlab_event="$1"
  [ -n "${KVLAB_RECORD_DIR:-}" ] || return 0
  kvlab_seq=$(find "$KVLAB_RECORD_DIR" -maxdepth 1 -name '*.env' | wc -l)
  kvlab_name=$(printf '%03d-%s.env' "$kvlab_seq" "$kvlab_event")
  env -0 > "$KVLAB_RECORD_DIR/.partial"
  mv "$KVLAB_RECORD_DIR/.partial" "$KVLAB_RECORD_DIR/$kvlab_name"
}
