// Progressive enhancement: the recent reports that have a public point, drawn on the shared map (sigap/map.js).
// Without JS or tiles the list stays the page. Anonim reports carry no point in the page, so none is drawn.
(function () {
  "use strict";
  var wrap = document.getElementById("map-wrap"), box = document.getElementById("map");
  if (!wrap || !box || !window.SigapMap || !box.getAttribute("data-tile-url")) { return; }
  var points = [];
  document.querySelectorAll(".recent li[data-lat]").forEach(function (li) {
    var lat = parseFloat(li.getAttribute("data-lat")), lng = parseFloat(li.getAttribute("data-lng"));
    if (!isNaN(lat) && !isNaN(lng)) { points.push([lat, lng, li.textContent.trim()]); }
  });
  if (points.length === 0) { return; }
  wrap.hidden = false;
  var map = window.SigapMap.create(box, {
    tileUrl: box.getAttribute("data-tile-url"), lat: points[0][0], lng: points[0][1], fit: points,
    onFail: function () { wrap.hidden = true; }
  });
  points.forEach(function (p) { map.marker(p[0], p[1], p[2]); });
}());
