# Sourced by the load scripts: the generated community they serve, made once and kept for later runs.
#   ensure_community DIR MEMBERS   (uses $BIN/qmatch; writes DIR/community.sqlite and its index)
ensure_community() {
  local dir=$1 members=$2
  [ -f "$dir/community.sqlite" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir"
  "$BIN/qmatch" generate --members "$members" --seed 1 --out "$dir/generated" >/dev/null
  "$BIN/qmatch" import "$dir/generated" --db "$dir/community.sqlite"
  "$BIN/qmatch" build --db "$dir/community.sqlite"
}
