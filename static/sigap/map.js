// Sigap's one small slippy map, shared by the report form and the transparency page. No library: Web Mercator
// tiles from the configured server, drag to pan, +/- to zoom, tap to pick, round markers. A map here only pictures
// points that the page also lists or lets you type, so every page stays complete without this file or its tiles.
(function () {
  "use strict";
  var SIZE = 256, MIN_ZOOM = 3, MAX_ZOOM = 19, TAP_SLOP = 8;

  function clampZoom(z) { return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(z))); }

  // Latitude/longitude <-> pixels of the whole world at zoom z (the slippy-map tile scheme).
  function project(lat, lng, z) {
    var s = Math.sin(Math.max(-85, Math.min(85, lat)) * Math.PI / 180), n = SIZE * Math.pow(2, z);
    return [(lng + 180) / 360 * n, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n];
  }
  function unproject(x, y, z) {
    var n = SIZE * Math.pow(2, z), k = Math.PI - 2 * Math.PI * y / n;
    return [Math.atan((Math.exp(k) - Math.exp(-k)) / 2) * 180 / Math.PI, x / n * 360 - 180];
  }

  // options: tileUrl ("…/{z}/{x}/{y}.png"), lat, lng, zoom or fit ([[lat, lng], …] to show at once),
  // onPick(lat, lng) for a tap, onFail() when no tile loads.
  function create(box, options) {
    var zoom = clampZoom(options.zoom || 13), centre = project(options.lat, options.lng, zoom);
    var tiles = {}, broken = {}, markers = [], pending = 0, loaded = 0, failed = false, drag = null;
    var layer = document.createElement("div");
    layer.className = "layer";
    box.appendChild(layer);

    function tileLoaded() { pending--; loaded++; }
    function tileFailed(key, img) {
      pending--; broken[key] = true; img.remove();
      if (tiles[key] === img) { delete tiles[key]; }
      // Nothing drawn at all: the tile server is down or blocked; a blank box would only mislead.
      if (!loaded && !pending && !failed && options.onFail) { failed = true; options.onFail(); }
    }
    function addTile(key, z, x, y) {
      var img = document.createElement("img");
      img.alt = ""; img.draggable = false; img.referrerPolicy = "strict-origin";
      img.onload = tileLoaded;
      img.onerror = function () { tileFailed(key, img); };
      pending++;
      img.src = options.tileUrl.replace("{z}", z).replace("{x}", x).replace("{y}", y);
      layer.appendChild(img);
      return img;
    }

    function render() {
      var w = box.clientWidth, h = box.clientHeight, n = Math.pow(2, zoom), world = n * SIZE;
      if (world > h) { centre[1] = Math.max(h / 2, Math.min(world - h / 2, centre[1])); }
      var left = centre[0] - w / 2, top = centre[1] - h / 2, wanted = {};
      for (var tx = Math.floor(left / SIZE); tx <= Math.floor((left + w - 1) / SIZE); tx++) {
        for (var ty = Math.max(0, Math.floor(top / SIZE)); ty <= Math.min(n - 1, Math.floor((top + h - 1) / SIZE)); ty++) {
          var key = zoom + "/" + tx + "/" + ty;
          wanted[key] = true;
          if (broken[key]) { continue; }
          var img = tiles[key] || (tiles[key] = addTile(key, zoom, ((tx % n) + n) % n, ty));
          img.style.left = Math.round(tx * SIZE - left) + "px";
          img.style.top = Math.round(ty * SIZE - top) + "px";
        }
      }
      Object.keys(tiles).forEach(function (key) {
        if (!wanted[key]) { tiles[key].remove(); delete tiles[key]; }
      });
      markers.forEach(function (m) {
        var xy = project(m.lat, m.lng, zoom);
        m.el.style.left = Math.round(xy[0] - left) + "px";
        m.el.style.top = Math.round(xy[1] - top) + "px";
      });
    }

    function setView(lat, lng, z) {
      if (z !== undefined) { zoom = clampZoom(z); }
      centre = project(lat, lng, zoom);
      render();
    }
    function zoomBy(step) {
      var at = unproject(centre[0], centre[1], zoom);
      setView(at[0], at[1], zoom + step);
    }

    function zoomButton(text, label, step) {
      var button = document.createElement("button");
      button.type = "button"; button.className = "secondary"; button.textContent = text;
      button.setAttribute("aria-label", label);
      button.addEventListener("click", function () { zoomBy(step); });
      return button;
    }
    var controls = document.createElement("div");
    controls.className = "zoom";
    controls.appendChild(zoomButton("+", box.getAttribute("data-zoom-in") || "+", 1));
    controls.appendChild(zoomButton("\u2212", box.getAttribute("data-zoom-out") || "\u2212", -1));
    box.appendChild(controls);

    // One pointer pans; a press that barely moves is a tap and picks the point under it.
    box.addEventListener("pointerdown", function (event) {
      if (drag || event.button !== 0 || controls.contains(event.target)) { return; }
      event.preventDefault();
      drag = {id: event.pointerId, x: event.clientX, y: event.clientY, centre: centre.slice(), moved: false};
      box.setPointerCapture(event.pointerId);
    });
    box.addEventListener("pointermove", function (event) {
      if (!drag || event.pointerId !== drag.id) { return; }
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && dx * dx + dy * dy <= TAP_SLOP * TAP_SLOP) { return; }
      drag.moved = true;
      centre = [drag.centre[0] - dx, drag.centre[1] - dy];
      render();
    });
    box.addEventListener("pointerup", function (event) {
      if (!drag || event.pointerId !== drag.id) { return; }
      var tapped = !drag.moved, rect = box.getBoundingClientRect();
      drag = null;
      if (tapped && options.onPick) {
        var at = unproject(centre[0] - rect.width / 2 + event.clientX - rect.left,
                           centre[1] - rect.height / 2 + event.clientY - rect.top, zoom);
        options.onPick(at[0], ((at[1] + 540) % 360) - 180);
      }
    });
    box.addEventListener("pointercancel", function () { drag = null; });

    function marker(lat, lng, title) {
      var m = {lat: lat, lng: lng, el: document.createElement("span")};
      m.el.className = "marker";
      if (title) { m.el.title = title; }
      box.insertBefore(m.el, controls);
      markers.push(m);
      render();
      return {
        element: m.el,
        move: function (newLat, newLng) { m.lat = newLat; m.lng = newLng; render(); },
        remove: function () { m.el.remove(); markers.splice(markers.indexOf(m), 1); }
      };
    }

    // The closest zoom (up to street level) that shows every point with a margin; for a page of markers.
    function fit(points) {
      if (!points.length) { return; }
      var w = box.clientWidth - 40, h = box.clientHeight - 40;
      for (var z = 16; z >= MIN_ZOOM; z--) {
        var xs = points.map(function (p) { return project(p[0], p[1], z); });
        var minX = Math.min.apply(null, xs.map(function (xy) { return xy[0]; }));
        var maxX = Math.max.apply(null, xs.map(function (xy) { return xy[0]; }));
        var minY = Math.min.apply(null, xs.map(function (xy) { return xy[1]; }));
        var maxY = Math.max.apply(null, xs.map(function (xy) { return xy[1]; }));
        if ((maxX - minX <= w && maxY - minY <= h) || z === MIN_ZOOM) {
          var at = unproject((minX + maxX) / 2, (minY + maxY) / 2, z);
          setView(at[0], at[1], z);
          return;
        }
      }
    }

    if (options.fit) { fit(options.fit); } else { render(); }  // fit first: no tile fetched at a passing zoom
    return {setView: setView, zoomBy: zoomBy, marker: marker, fit: fit,
            zoom: function () { return zoom; }};
  }

  window.SigapMap = {create: create, project: project, unproject: unproject};
}());
