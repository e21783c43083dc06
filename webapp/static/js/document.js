/* The document view: highlight the span named in the address (#s<start>-<end>) and scroll to it.
 * Offsets index the document's text, which the page shows whole, so counting characters of the
 * text nodes finds the span. */
(function () {
  "use strict";
  var root = document.getElementById("doc-text");
  var match = /^#s(\d+)-(\d+)$/.exec(window.location.hash);
  if (!root || !match) return;
  var start = parseInt(match[1], 10), end = parseInt(match[2], 10);
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  var pos = 0, node, pieces = [];
  while ((node = walker.nextNode())) {
    var len = node.nodeValue.length;
    var a = Math.max(start, pos), b = Math.min(end, pos + len);
    if (a < b) pieces.push([node, a - pos, b - pos]);
    pos += len;
    if (pos >= end) break;
  }
  var first = null;
  pieces.forEach(function (p) {
    var range = document.createRange();
    range.setStart(p[0], p[1]);
    range.setEnd(p[0], p[2]);
    var mark = document.createElement("mark");
    mark.className = "target";
    range.surroundContents(mark);
    if (!first) first = mark;
  });
  if (first) { first.id = "target"; first.scrollIntoView({ block: "center" }); }
})();
