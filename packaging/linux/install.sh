#!/bin/sh
# Adds Maitre D to your applications menu, for you only (no root needed): run it from the
# unpacked folder, which the menu entry then starts. `./install.sh --uninstall` removes the entry
# and the icons. Neither touches the reservation book in ~/.local/share/MaitreD.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$data/applications/maitred.desktop"

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$data/applications" || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$entry"
  for icon in "$here"/share/icons/hicolor/*/apps/maitred.png; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    rm -f "$data/icons/hicolor/$size/apps/maitred.png"
  done
  refresh
  echo "Maitre D was removed from the applications menu; the reservation book was kept."
  exit 0
fi

for icon in "$here"/share/icons/hicolor/*/apps/maitred.png; do
  size=$(basename "$(dirname "$(dirname "$icon")")")
  mkdir -p "$data/icons/hicolor/$size/apps"
  cp "$icon" "$data/icons/hicolor/$size/apps/maitred.png"
done
mkdir -p "$data/applications"
# Exec= takes a quoted path: escape \ " ` $ for the quoting rule, then \ again for the string rule.
quoted=$(printf '%s' "$here/maitred" | sed 's/\\/\\\\\\\\/g; s/["`$]/\\\\&/g')
while IFS= read -r line; do
  case $line in
    Exec=*) printf 'Exec="%s"\n' "$quoted" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$here/maitred.desktop" > "$entry"
chmod 644 "$entry"
refresh
echo "Maitre D is in your applications menu (it starts $here/maitred)."
