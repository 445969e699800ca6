// The curator media page (uploads being processed) and the exhibition page (videos being made): each
// li.job[data-job] follows its job's JSON every two seconds: the progress bar, the state in the curator's
// language, and, once a job ends as ul.jobs[data-reload-on] says (done by default), the page again (by GET:
// the page may be the answer to a POST), where the new image or the video's link (or the reason it failed,
// in the curator's language) is shown.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("li.job[data-job]"));
  var open = items.filter(function (li) {
    return li.dataset.status === "queued" || li.dataset.status === "running";
  });
  if (!open.length) return;

  function update(li, job) {
    var bar = li.querySelector("progress");
    var percent = Math.round(job.progress * 100);
    bar.value = percent;
    bar.textContent = percent + "%";
    li.querySelector(".job-percent").textContent = percent + "%";
    var state = li.querySelector(".job-state");
    state.textContent = job.status_label + (job.status === "running" && job.message ? ": " + job.message : "");
    li.dataset.status = job.status;
  }

  function poll() {
    Promise.all(open.map(function (li) {
      return fetch(li.dataset.job, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (answer) { return answer.ok ? answer.json() : null; })
        .then(function (job) { if (job) update(li, job); return job; })
        .catch(function () { return null; });
    })).then(function (jobs) {
      var list = document.querySelector("ul.jobs");
      var ends = (list.dataset.reloadOn || "done").split(" ");
      var done = jobs.filter(function (job) { return job && ends.indexOf(job.status) >= 0; })[0];
      if (done) {
        window.location.assign(list.dataset.page + "?added=" +
                               encodeURIComponent(done.id));
        return;
      }
      open = open.filter(function (li) {
        return li.dataset.status === "queued" || li.dataset.status === "running";
      });
      if (open.length) window.setTimeout(poll, 2000);
    });
  }
  window.setTimeout(poll, 2000);
})();
