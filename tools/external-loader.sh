#!/bin/sh
# Trunk post_build hook: moves the inline loader that Trunk writes into
# index.html (<script type="module">import init ...</script>) into its own file,
# boot-<checksum>.js, so the Content-Security-Policy in index.html can say
# script-src 'self' with no 'unsafe-inline' and no per-build hash.
# Fails the build if the loader is not found, rather than ship a page the CSP blocks.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
html="$dir/index.html"
tmp_js="$dir/boot.js.tmp"
tmp_html="$dir/index.html.tmp"
awk -v js="$tmp_js" '
  !done && /^[ \t]*<script type="module">[ \t]*$/ { inside = 1; print "<script type=\"module\" src=\"./BOOT_JS\"></script>"; next }
  inside && /^[ \t]*<\/script>[ \t]*$/ { inside = 0; done = 1; next }
  inside { print > js; next }
  { print }
  END { if (!done) exit 3 }
' "$html" > "$tmp_html" || { echo "external-loader.sh: no inline loader script found in $html" >&2; rm -f "$tmp_js" "$tmp_html"; exit 1; }
sum=$(cksum < "$tmp_js" | cut -d ' ' -f 1)
mv "$tmp_js" "$dir/boot-$sum.js"
sed "s/BOOT_JS/boot-$sum.js/" "$tmp_html" > "$html"
rm -f "$tmp_html"
if grep -q '<script type="module">' "$html"; then
  echo "external-loader.sh: an inline module script is left in $html" >&2
  exit 1
fi
