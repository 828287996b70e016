// Polls a background job's state and moves on to its result (or its error) when it ends.
(function () {
  var box = document.getElementById("job");
  if (!box) return;
  var id = box.getAttribute("data-job");
  function poll() {
    fetch("/jobs/" + id + ".json", {cache: "no-store", credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (j) {
        document.getElementById("job-stage").textContent = j.stage;
        document.getElementById("job-seconds").textContent = j.seconds;
        var bar = document.getElementById("job-progress");
        if (j.percent === null) { bar.removeAttribute("value"); } else { bar.value = j.percent; }
        document.getElementById("job-percent").textContent = j.percent === null ? "" : j.percent + " %";
        if (j.state === "running") { setTimeout(poll, 700); return; }
        window.location.href = j.state === "done" ? j.next : "/jobs/" + id;
      })
      .catch(function () { setTimeout(poll, 1500); });
  }
  setTimeout(poll, 300);
})();
