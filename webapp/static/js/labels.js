/* Label separation for the network views: once the layout has settled, nodes whose boxes (shape
 * and label, as vis-network measured them with the canvas's text metrics) overlap are pushed
 * apart along the axis that needs the smaller move, then pinned so physics does not pull them
 * back. Physics alone leaves long Chinese labels on top of each other (issue 14). */
(function () {
  "use strict";

  function boxes(network, ids) {
    var pos = network.getPositions(ids);
    return ids.filter(function (id) { return pos[id]; }).map(function (id) {
      var b = network.getBoundingBox(id), p = pos[id];
      return { id: id, x: p.x, y: p.y, l: b.left - p.x, r: b.right - p.x, t: b.top - p.y, b: b.bottom - p.y, x0: p.x, y0: p.y };
    });
  }

  /* One sweep over every pair: the overlap of a and b (gap included), split between them. */
  function sweep(items, gap) {
    var moved = false;
    for (var i = 0; i < items.length; i++) {
      for (var j = i + 1; j < items.length; j++) {
        var a = items[i], c = items[j];
        var ox = Math.min(a.x + a.r, c.x + c.r) - Math.max(a.x + a.l, c.x + c.l) + gap;
        var oy = Math.min(a.y + a.b, c.y + c.b) - Math.max(a.y + a.t, c.y + c.t) + gap;
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        if (oy <= ox) {
          var dy = (a.y <= c.y ? -1 : 1) * oy / 2;
          a.y += dy; c.y -= dy;
        } else {
          var dx = (a.x <= c.x ? -1 : 1) * ox / 2;
          a.x += dx; c.x -= dx;
        }
      }
    }
    return moved;
  }

  /* Separate the boxes of ``ids`` (at most ``rounds`` sweeps); returns how many nodes moved. */
  function separate(network, nodes, ids, gap, rounds) {
    var items = boxes(network, ids);
    for (var k = 0; k < (rounds || 100) && sweep(items, gap === undefined ? 6 : gap); k++) { /* again */ }
    // the colour goes along: an update without it lets vis paint the node in its group's colour
    var updates = items.map(function (it) {
      return { id: it.id, x: it.x, y: it.y, fixed: { x: true, y: true }, color: nodes.get(it.id).color };
    });
    nodes.update(updates);
    return items.filter(function (it) { return it.x !== it.x0 || it.y !== it.y0; }).length;
  }

  window.ikgLabels = { separate: separate };
})();
