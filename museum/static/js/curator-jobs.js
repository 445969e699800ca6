// The curator media page: uploads being processed (li.job[data-job]) follow their job's JSON every two
// seconds: the progress bar, the state in the curator's language, and, once a job is done, the media page
// again (by GET: the page may be the answer to the upload's POST), where the new image is in the table.
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
      var done = jobs.filter(function (job) { return job && job.status === "done"; })[0];
      if (done) {
        window.location.assign(document.querySelector("ul.jobs").dataset.page + "?added=" +
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
