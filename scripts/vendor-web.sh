#!/usr/bin/env bash
# Fetch the third-party assets of the offline web page (sitrep serve) into src/sitrep/web/vendor/.
# Build-time only (needs npm and the registry); the results are committed so the page works
# with no internet. Versions are pinned; rerun after changing them.
#
#   leaflet 1.9.4                 map library                      (BSD-2-Clause)
#   leaflet.markercluster 1.5.3   marker clustering                 (MIT)
#   topojson-client 3.1.0         TopoJSON -> GeoJSON in the browser (ISC)
#   world-atlas 2.0.2             Natural Earth 1:50m countries as TopoJSON (ISC; data public domain)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/src/sitrep/web/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

pkgs=(leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2)
cd "$tmp"
for p in "${pkgs[@]}"; do
  npm pack --silent "$p" >/dev/null   # npm checks the tarball against the registry's integrity hash
done
for f in *.tgz; do
  d="${f%.tgz}"; mkdir -p "$d"; tar xzf "$f" -C "$d"
done

rm -rf "$dest"
mkdir -p "$dest/leaflet/images" "$dest/markercluster" "$dest/topojson" "$dest/basemap"
cp leaflet-1.9.4/package/dist/leaflet.js leaflet-1.9.4/package/dist/leaflet.css "$dest/leaflet/"
cp leaflet-1.9.4/package/dist/images/*.png "$dest/leaflet/images/"
cp leaflet-1.9.4/package/LICENSE "$dest/leaflet/LICENSE"
cp leaflet.markercluster-1.5.3/package/dist/leaflet.markercluster.js \
   leaflet.markercluster-1.5.3/package/dist/MarkerCluster.css \
   leaflet.markercluster-1.5.3/package/dist/MarkerCluster.Default.css "$dest/markercluster/"
cp leaflet.markercluster-1.5.3/package/MIT-LICENCE.txt "$dest/markercluster/LICENSE"
cp topojson-client-3.1.0/package/dist/topojson-client.min.js "$dest/topojson/"
cp topojson-client-3.1.0/package/LICENSE "$dest/topojson/LICENSE"
# Natural Earth 1:50m admin-0 countries (TopoJSON, ~740 kB; the browser converts it with topojson-client).
cp world-atlas-2.0.2/package/countries-50m.json "$dest/basemap/countries-50m.json"
cp world-atlas-2.0.2/package/LICENSE "$dest/basemap/LICENSE"
# Drop source-map references: the maps are not shipped.
sed -i -e '/^\/\/# sourceMappingURL=/d' "$dest"/leaflet/leaflet.js "$dest"/markercluster/leaflet.markercluster.js
printf '%s\n' "${pkgs[@]}" > "$dest/VERSIONS"
chmod -R u=rwX,go=rX "$dest"
du -sh "$dest"
