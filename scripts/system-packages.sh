#!/usr/bin/env bash
# Debian packages the product needs beyond Python: Pango for WeasyPrint (the PDF), the
# DejaVu fonts the charts and PDF use, and Chromium (charts drawn into the PDF by
# kaleido, and the browser tests), and gettext (msgfmt, which compiles the Welsh
# translations: make messages). Installs what is missing when run as root with apt;
# otherwise prints what to install and carries on (charts are then left out of PDFs).
set -u
wanted=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core chromium gettext)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit $?
fi
echo "Missing Debian packages (install them with apt-get as root): ${missing[*]}" >&2
exit 0
