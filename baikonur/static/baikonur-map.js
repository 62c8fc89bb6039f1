/* The book's maps (baikonur.maps): the vector base under a folium map, its labels, its wheel.
 *
 * A map's document calls bkMap.setUp(map, config, control) once, with the base layers the
 * kernel picked for the view (config.base), the layer names and hints in the map's language,
 * and a function that returns folium's layer control once the map's script has run. A boundary
 * the base already draws is outlined from the base's copy (bkMap.boundary).
 */
(function () {
  "use strict";

  // folium builds popups with jQuery's $(html)[0]. This stand-in does just that, so the map
  // needs no jQuery; it steps aside if a real jQuery is present.
  window.$ = window.$ || function (markup) {
    var template = document.createElement("template");
    template.innerHTML = String(markup).trim();
    return [template.content.firstElementChild];
  };

  var PALETTE = ["#f3efe4", "#ece6d3", "#e7ead9", "#efe4d8", "#e3e6e4", "#ebe0e0",
                 "#e8e6d8", "#e6e1d2", "#eee9dc"];

  function near(v, w) { return Math.abs(v - w) < 1e-6; }

  // The lines of a country's rings without the stretches along the box where the detailed
  // data was cut (that cut is not a border). Box: [south, west, north, east].
  function outline(feature, box) {
    var lines = [];
    feature.geometry.coordinates.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var line = [];
        for (var i = 0; i + 1 < ring.length; i++) {
          var a = ring[i], b = ring[i + 1];
          var cut = (a[0] === b[0] && (near(a[0], box[1]) || near(a[0], box[3])))
                 || (a[1] === b[1] && (near(a[1], box[0]) || near(a[1], box[2])));
          if (cut) { if (line.length > 1) lines.push(line); line = []; continue; }
          if (!line.length) line.push([a[1], a[0]]);
          line.push([b[1], b[0]]);
        }
        if (line.length > 1) lines.push(line);
      });
    });
    return lines;
  }

  function text(s) { var el = document.createElement("span"); el.textContent = s; return el; }

  function drawBase(map, base, names, control) {
    map._bkBase = base;  // a chapter's boundary outlines its country (bkMap.boundary)
    var pane = map.createPane("bkBase");
    pane.style.zIndex = 250;
    var common = {pane: "bkBase", interactive: false};
    function layer(data, style) {
      return L.geoJSON(data, Object.assign({}, common, {style: style}));
    }
    var countries = layer(base.countries, function (f) {
      // The detailed countries' borders are drawn as lines below, without the data's cut;
      // the coarse ones around have their own outline.
      return {color: "#8f8a80", weight: 1, stroke: !f.properties.d, fillOpacity: 1,
              fillColor: f.properties.focus ? "#fcfbf7" : PALETTE[(f.properties.c || 0) % 9]};
    });
    var borders = [];
    base.countries.features.forEach(function (f) {
      if (f.properties.d) borders = borders.concat(outline(f, base.box));
    });
    countries.addLayer(L.polyline(borders, Object.assign({}, common,
      {color: "#8f8a80", weight: 1})));
    var water = layer(base.water, function (f) {
      return f.geometry.type.indexOf("Line") >= 0
        ? {color: "#5d95c8", weight: f.properties.major ? 2 : 1.2, opacity: 0.9}
        : {color: "#7fa9cf", weight: 0.8, fillColor: "#a9c8e3", fillOpacity: 1};
    });
    var historic = layer(base.historic, function () {
      return {color: "#2f6fa8", weight: 1.4, dashArray: "5 4", fill: false};
    });
    var railways = L.layerGroup([
      layer(base.railways, function () {
        return {color: "#555", weight: base.thin ? 2 : 3, opacity: 0.85};
      }),
      layer(base.railways, function () {
        return {color: "#fff", weight: base.thin ? 0.8 : 1.5,
                dashArray: base.thin ? "3 3" : "4 4", opacity: 0.95};
      })
    ]);
    var towns = L.layerGroup();
    base.labels.forEach(function (l) {
      var dot = l.kind === "town";
      var marker = L.circleMarker([l.lat, l.lon], {pane: dot ? "markerPane" : "bkBase",
        interactive: false, radius: dot ? 3 : 0, weight: dot ? 1 : 0, color: "#fff",
        fillColor: "#333", fillOpacity: dot ? 1 : 0, opacity: dot ? 1 : 0});
      marker.bindTooltip(text(l.text), {permanent: true, interactive: false,
        direction: dot ? "right" : "center",
        className: "bk-label bk-base bk-" + (dot ? "town" : l.kind),
        bkPriority: l.priority, bkBase: true, bkGap: dot ? 5 : 0,
        bkArea: l.area ? base[l.area[0]].features[l.area[1]].geometry.coordinates : null});
      (dot ? towns : l.kind === "country" ? countries : water).addLayer(marker);
    });
    [countries, water, historic, railways, towns].forEach(function (l) { l.addTo(map); });
    // With the tiles switched on, the country fills let them show through.
    map.on("overlayadd overlayremove", function (e) {
      if (!(e.layer instanceof L.TileLayer)) return;
      var tiles = e.type === "overlayadd";
      countries.eachLayer(function (l) {
        if (l.setStyle && l.options.radius === undefined) l.setStyle({fillOpacity: tiles ? 0.2 : 1});
      });
    });
    setTimeout(function () {
      var layers = control();
      if (!layers) return;
      function add(l, key, has) {
        if (has) layers.addOverlay(l, '<span class="bk-key bk-key-' + key + '"></span>' + names[key]);
      }
      add(countries, "countries", true);
      add(water, "water", base.water.features.length > 0);
      add(historic, "historic", base.historic.features.length > 0);
      add(railways, "railways", base.railways.features.length > 0);
      add(towns, "towns", base.labels.some(function (l) { return l.kind === "town"; }));
    }, 0);
  }

  function attribution(map, line) {
    map.attributionControl.setPrefix(false);
    L.control.scale({imperial: false, position: "bottomleft"}).addTo(map);
    map.attributionControl.addAttribution(line);
  }

  // The mouse wheel scrolls the page over a map until the reader clicks the map (or holds
  // Ctrl): a map in the middle of a page must not trap the wheel. After a click the wheel
  // zooms, until the pointer leaves the map. A wheel turn that scrolls past the map shows, for
  // a moment, how to zoom it.
  function wheelAfterClick(map, words) {
    var container = map.getContainer(), active = false, timer = null;
    var hint = document.createElement("div");
    hint.className = "bk-wheel-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = words;
    container.appendChild(hint);
    container.addEventListener("click", function () {
      active = true; hint.classList.remove("bk-shown");
    });
    container.addEventListener("mouseleave", function () { active = false; });
    // Before Leaflet's own listener on the map: a wheel event it must not see goes on to the
    // page (not cancelled, so the page scrolls).
    window.addEventListener("wheel", function (event) {
      if (active || event.ctrlKey || !container.contains(event.target)) return;
      event.stopPropagation();
      hint.classList.add("bk-shown");
      clearTimeout(timer);
      timer = setTimeout(function () { hint.classList.remove("bk-shown"); }, 1500);
    }, {capture: true, passive: true});
  }

  // Every permanent label of the map placed so that none overlaps another label, a marker or a
  // map control, at the map's size and zoom, again after every zoom, resize or layer change.
  function placeLabels(map) {
    var pad = 2;
    function rect(el) {
      var r = el.getBoundingClientRect();
      return {l: r.left - pad, t: r.top - pad, r: r.right + pad, b: r.bottom + pad};
    }
    function hit(a, b) { return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b; }
    // An area's label (a country, a sea) must name the shape it sits on: its middle stays
    // inside the area's polygons ([lon, lat] rings, holes after the outer ring).
    function inRing(x, y, ring) {
      var inside = false;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a[1] > y) !== (b[1] > y)
            && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
      }
      return inside;
    }
    function onArea(r, polygons, box) {
      var at = map.containerPointToLatLng(
        L.point((r.l + r.r) / 2 - box.left, (r.t + r.b) / 2 - box.top));
      return polygons.some(function (rings) {
        return inRing(at.lng, at.lat, rings[0])
          && !rings.slice(1).some(function (hole) { return inRing(at.lng, at.lat, hole); });
      });
    }
    function candidates(tip, layer) {
      var g = tip.options.bkGap || 0, pref = tip._bkPref, tries = [];
      if (pref === "center") {
        // Area labels (countries, seas, lakes) may move off their point: countries further.
        var far = /bk-country/.test(tip.options.className);
        var xs = far ? [0, -40, 40, -80, 80, -130, 130] : [0, -25, 25, -45, 45];
        var ys = far ? [0, -18, 18, -36, 36, -60, 60, -90, 90] : [0, -14, 14, -28, 28];
        var size = map.getSize(), at = map.latLngToContainerPoint(layer.getLatLng());
        if (tip.options.bkArea && (at.x < 0 || at.y < 0 || at.x > size.x || at.y > size.y)) {
          // The area's point is out of view (a close-up inside a country): try the whole map,
          // from its middle out; the label still has to land on its area.
          for (var i = 1; i < 16; i++) {
            for (var j = 1; j < 16; j++) tries.push(["center", size.x * i / 16, size.y * j / 16]);
          }
          tries.sort(function (a, b) {
            return Math.hypot(a[1] - size.x / 2, a[2] - size.y / 2)
              - Math.hypot(b[1] - size.x / 2, b[2] - size.y / 2);
          });
          return tries.map(function (t) { return ["center", t[1] - at.x, t[2] - at.y]; });
        }
        xs.forEach(function (x) { ys.forEach(function (y) { tries.push(["center", x, y]); }); });
        tries.sort(function (a, b) {
          return Math.hypot(a[1], a[2] * 1.5) - Math.hypot(b[1], b[2] * 1.5);
        });
        return tries;
      }
      // Beside the point first (the preferred side, then the others), then further out, for a
      // point in a crowd (pads around a town).
      [1, 2.2, 3.6].forEach(function (k) {
        var ring = [["right", g * k, 0], ["left", -g * k, 0], ["top", 0, -g * k],
                    ["bottom", 0, g * k], ["right", g * k, -9 * k], ["right", g * k, 9 * k],
                    ["left", -g * k, -9 * k], ["left", -g * k, 9 * k]];
        ring.sort(function (a, b) { return (b[0] === pref) - (a[0] === pref); });
        tries = tries.concat(ring);
      });
      return tries;
    }
    function place() {
      var container = map.getContainer();
      var box = container.getBoundingClientRect();
      var inside = {l: box.left + 2, t: box.top + 2, r: box.right - 2, b: box.bottom - 2};
      var taken = [];
      container.querySelectorAll(".leaflet-control").forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.width && r.height) taken.push(rect(el));
      });
      var items = [], dots = [];
      map.eachLayer(function (layer) {
        var tip = layer.getTooltip && layer.getTooltip();
        if (layer instanceof L.CircleMarker && !(layer instanceof L.Circle) && layer._path
            && layer.options.radius > 0 && !(tip && tip.options.bkBase)) {
          dots.push({layer: layer, r: rect(layer._path)});
        }
        if (tip && tip.options.permanent && tip._container) {
          if (tip._bkPref === undefined) tip._bkPref = tip.options.direction || "right";
          var base = !!tip.options.bkBase;
          if (!base && tip.options.bkGap === undefined) {
            tip.options.bkGap = (layer.options.radius || 0) + 3;
          }
          items.push({layer: layer, tip: tip, base: base, order: items.length,
                      priority: base ? tip.options.bkPriority : -1});
        }
      });
      items.sort(function (a, b) { return a.priority - b.priority || a.order - b.order; });
      items.forEach(function (item) {
        var tip = item.tip, el = tip._container, own = item.layer;
        var chosen = null, dotRect = null;
        if (item.base && own.options.radius > 0 && own._path) {
          own.setStyle({opacity: 1, fillOpacity: 1});
          dotRect = rect(own._path);
          if (taken.some(function (t) { return hit(dotRect, t); })) dotRect = "blocked";
        }
        if (dotRect !== "blocked") {
          el.style.visibility = "";
          var tries = candidates(tip, own);
          for (var i = 0; i < tries.length && !chosen; i++) {
            tip.options.direction = tries[i][0];
            tip.options.offset = L.point(tries[i][1], tries[i][2]);
            tip.update();
            var r = rect(el);
            var ok = r.l >= inside.l && r.t >= inside.t && r.r <= inside.r && r.b <= inside.b
              && !taken.some(function (t) { return hit(r, t); })
              && !dots.some(function (d) { return d.layer !== own && hit(r, d.r); })
              && (!tip.options.bkArea || onArea(r, tip.options.bkArea, box));
            if (ok) chosen = r;
          }
        }
        if (chosen) {
          taken.push(chosen);
          if (dotRect && dotRect !== "blocked") taken.push(dotRect);
        } else {
          el.style.visibility = "hidden";
          if (item.base && own.options.radius > 0) own.setStyle({opacity: 0, fillOpacity: 0});
        }
        el.dataset.bkPlaced = chosen ? "yes" : "no";
      });
      container.dataset.bkLabelsPlaced = String(Date.now());
    }
    var pending = null;
    function later() {
      if (pending) cancelAnimationFrame(pending);
      pending = requestAnimationFrame(function () { pending = null; place(); });
    }
    map.on("zoomend moveend resize overlayadd overlayremove", later);
    setTimeout(place, 0);
  }

  window.bkMap = {
    setUp: function (map, config, control) {
      drawBase(map, config.base, config.names, control);
      attribution(map, config.attribution);
      placeLabels(map);
      wheelAfterClick(map, config.names.wheel);
    },
    // A country's boundary drawn from the base map's copy of it: its area lightly filled, and
    // its outline without the stretches where the base's data was cut.
    boundary: function (map, codes, colour, tip) {
      var base = map._bkBase, group = L.featureGroup();
      base.countries.features.forEach(function (f) {
        if (!f.properties.d || codes.indexOf(f.properties.iso) < 0) return;
        group.addLayer(L.geoJSON(f, {style: function () {
          return {stroke: false, fillColor: colour, fillOpacity: 0.08};
        }}));
        group.addLayer(L.polyline(outline(f, base.box), {color: colour, weight: 2}));
      });
      group.bindTooltip(tip, {sticky: true});
      return group;
    }
  };
})();
