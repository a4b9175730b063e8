// Progressive enhancement of the report form: hide the no-JS step button (htmx refreshes choices in place),
// offer the phone's location for the optional point, and a small map to tap it on. The form works fully without
// this file; the latitude/longitude fields stay the point's only source of truth and the map follows them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var details = document.getElementById("point"), lat = document.getElementById("id_lat"),
      lng = document.getElementById("id_lng"), wrap = document.getElementById("point-map-wrap"),
      box = document.getElementById("point-map");
  if (!details || !lat || !lng) { return; }
  var map = null, marker = null, loading = false;

  function typed() {
    var a = lat.value.trim(), b = lng.value.trim();
    if (a === "" || b === "" || isNaN(a) || isNaN(b)) { return null; }
    a = Number(a); b = Number(b);
    return Math.abs(a) <= 90 && Math.abs(b) <= 180 ? [a, b] : null;
  }
  function place(a, b) {
    if (marker) { marker.move(a, b); } else { marker = map.marker(a, b); }
  }
  function follow() {  // the fields changed: the marker goes where they say, or away
    if (!map) { return; }
    var point = typed();
    if (!point) {
      if (marker) { marker.remove(); marker = null; }
      return;
    }
    place(point[0], point[1]);
    map.setView(point[0], point[1], Math.max(map.zoom(), 16));
  }
  function fill(a, b) {
    lat.value = a.toFixed(6);
    lng.value = b.toFixed(6);
  }
  function start() {  // the chosen kelurahan's centre if known, else the city's (rendered in #place)
    var s = document.getElementById("map-start");
    return s ? [Number(s.getAttribute("data-lat")), Number(s.getAttribute("data-lng")),
                Number(s.getAttribute("data-zoom"))] : null;
  }
  function build() {
    var point = typed(), at = point ? [point[0], point[1], 16] : start();
    if (map || !at || !window.SigapMap || !box.getAttribute("data-tile-url")) { return; }
    wrap.hidden = false;
    map = window.SigapMap.create(box, {
      tileUrl: box.getAttribute("data-tile-url"), lat: at[0], lng: at[1], zoom: at[2],
      onPick: function (a, b) { fill(a, b); place(a, b); },
      onFail: function () { wrap.hidden = true; }
    });
    follow();
  }
  function open() {  // the map's script and tiles load only once someone opens this section
    if (map || loading || !wrap || !box) { return; }
    if (window.SigapMap) { build(); return; }
    loading = true;
    var script = document.createElement("script");
    script.src = details.getAttribute("data-script");
    script.onload = build;
    document.head.appendChild(script);
  }

  details.addEventListener("toggle", function () { if (details.open) { open(); } });
  if (details.open) { open(); }
  lat.addEventListener("input", follow);
  lng.addEventListener("input", follow);
  // A newly chosen kelurahan moves the map there, unless a point is already set.
  document.addEventListener("htmx:afterSettle", function () {
    var at = start();
    if (map && at && !typed()) { map.setView(at[0], at[1], at[2]); }
  });

  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) { return; }
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      fill(pos.coords.latitude, pos.coords.longitude);
      follow();
    });
  });
}());
