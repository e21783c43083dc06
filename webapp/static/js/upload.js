// The upload job page: poll the job's status JSON and show its stage, then its entities or its error.
(function () {
  "use strict";
  var root = document.getElementById("upload-job");
  if (!root) return;
  var stages = Array.prototype.slice.call(root.querySelectorAll("[data-stage]"));
  var lang = document.body.getAttribute("data-lang") || "zh";

  function mark(stage, state) {
    var reached = true;
    stages.forEach(function (li) {
      li.classList.toggle("reached", reached);
      li.classList.toggle("current", li.getAttribute("data-stage") === stage && state === "running");
      li.classList.toggle("failed", li.getAttribute("data-stage") === stage && state === "failed");
      if (li.getAttribute("data-stage") === stage) reached = false;
    });
  }

  function showEntities(entities) {
    var list = document.getElementById("upload-entities");
    entities.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.href;
      a.textContent = e.label;  // labels are untrusted text: never markup
      li.appendChild(a);
      if (e["new"]) {
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = " " + root.getAttribute("data-new");
        li.appendChild(badge);
      }
      list.appendChild(li);
    });
    document.getElementById("upload-entities-title").hidden = false;
  }

  function poll() {
    fetch(root.getAttribute("data-status") + "?lang=" + lang, {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        mark(job.stage, job.state);
        var message = document.getElementById("upload-message");
        if (job.state === "failed") {
          message.textContent = job.message || "";
          message.classList.add("upload-error");
        } else if (job.state === "done") {
          var done = document.getElementById("upload-done");
          document.getElementById("upload-doc").href = job.doc_href;
          done.hidden = false;
          showEntities(job.entities || []);
        } else {
          setTimeout(poll, 500);
        }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
