// Progressive enhancement: draw the recent reports on slippy-map tiles. Without JS the list stays the page.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box) { return; }
  var template = box.getAttribute("data-tile-url");
  var points = [];
  document.querySelectorAll(".recent li[data-lat]").forEach(function (li) {
    var lat = parseFloat(li.getAttribute("data-lat")), lng = parseFloat(li.getAttribute("data-lng"));
    if (!isNaN(lat) && !isNaN(lng)) { points.push([lat, lng, li.textContent.trim()]); }
  });
  if (!template || points.length === 0) { return; }
  var zoom = 13, size = 256;
  function project(lat, lng) {
    var s = Math.sin(lat * Math.PI / 180), n = Math.pow(2, zoom) * size;
    return [(lng + 180) / 360 * n, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n];
  }
  var lat = 0, lng = 0;
  points.forEach(function (p) { lat += p[0]; lng += p[1]; });
  var centre = project(lat / points.length, lng / points.length);
  box.hidden = false;
  var w = box.clientWidth, h = box.clientHeight;
  var left = centre[0] - w / 2, top = centre[1] - h / 2;
  for (var tx = Math.floor(left / size); tx <= Math.floor((left + w) / size); tx++) {
    for (var ty = Math.floor(top / size); ty <= Math.floor((top + h) / size); ty++) {
      var img = document.createElement("img");
      img.className = "tile"; img.alt = "";
      img.src = template.replace("{z}", zoom).replace("{x}", tx).replace("{y}", ty);
      img.onerror = function () { this.remove(); };
      img.style.left = (tx * size - left) + "px"; img.style.top = (ty * size - top) + "px";
      box.appendChild(img);
    }
  }
  points.forEach(function (p) {
    var xy = project(p[0], p[1]), dot = document.createElement("span");
    dot.className = "marker"; dot.title = p[2];
    dot.style.left = (xy[0] - left) + "px"; dot.style.top = (xy[1] - top) + "px";
    box.appendChild(dot);
  });
}());
