/* The curator's timeline editor of a show (templates/curator/show.html, museum/curator/shows.py).

   Outputs are rows, cues blocks on a time axis. A cue is selected by a click or by focus; dragged to move,
   dragged by its right edge to change its length; with the keyboard, the arrows move the selected cue by
   STEP_S, Shift with the arrows changes its length, Delete removes it; Ctrl+Z (or the Undo button) takes
   back the last change. The form below edits the selected cue's output, times, fades, media and its text in
   the six languages, and the media from a searchable list of thumbnails (each made once by the service
   with ffmpeg: a still, a video's poster frame, a sound's waveform). The form above the timeline edits the
   show's title in the six languages and its length: the axis spans the length or the last cue's end,
   whichever is later, and the time after the end is shaded (a cue there is a problem the service lists,
   never cut here).

   On a phone (PHONE) the timeline is read only: it scrolls sideways, a cue is only selected (its problems
   and the versions stay usable), nothing is dragged, moved by keys or edited.

   The service is the authority: after every change the document is sent to the check route and the
   problems it answers (the same check as `museum show check`, in the curator's language) are listed, each
   linked to its cue, and the cues they are about are marked. "Save as a new version" sends it to the
   versions route. Nothing here decides what is valid. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("show-editor-data").textContent);
  var text = JSON.parse(document.getElementById("show-editor-text").textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var STEP_S = 0.5, CHECK_MS = 250;
  var doc = JSON.parse(JSON.stringify(data.document));
  var history = [], selected = null, checkTimer = null, asked = 0, problemCues = {};
  var timeline = document.getElementById("timeline");
  var form = document.getElementById("cue-form");
  var undoButton = document.getElementById("edit-undo");
  var status = document.getElementById("show-status");
  var list = document.getElementById("show-problems"), none = document.getElementById("show-no-problems");
  var showForm = document.getElementById("show-form");
  var PHONE = window.matchMedia("(max-width: 40rem)");
  var media = {};
  data.media.forEach(function (item) { media[item.key] = item; });
  function readOnly() { return PHONE.matches; }
  // the seconds the axis spans: the show's length, or the last cue's end when one ends later
  // the show's length as a number (0 while the length field holds no number: the service says so)
  function length() { var value = Number(doc.duration); return isFinite(value) && value > 0 ? value : 0; }
  function span() {
    var end = length();
    doc.cues.forEach(function (cue) { end = Math.max(end, cue.start + cue.duration); });
    return end || 1;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }
  function round(value) { return Math.round(value * 10) / 10; }

  /* ------------------------------------------------------------------------------------ changes */
  // unsaved changes: leaving the page (or restoring a version) asks first
  var unsaved = false;
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });

  function remember() {
    unsaved = true;
    history.push(JSON.stringify(doc));
    if (history.length > 100) history.shift();
    undoButton.disabled = false;
  }

  function changed() { render(); scheduleCheck(); }

  function undo() {
    if (!history.length) return;
    doc = JSON.parse(history.pop());
    undoButton.disabled = !history.length;
    if (selected !== null && selected >= doc.cues.length) selected = null;
    changed();
    fillForm();
    fillShowForm();
  }

  function fillShowForm() {
    data.languages.forEach(function (code) {
      showForm.elements["title-" + code].value = doc.title[code] || "";
    });
    showForm.elements.duration.value = doc.duration;
    if (length()) document.getElementById("show-length").textContent = format(text.seconds, { seconds: round(length()) });
  }

  /* ------------------------------------------------------------------------------------ drawing */
  function label(cue, index) {
    return format(text.block, { number: index + 1, output: cue.output, start: round(cue.start),
                                end: round(cue.start + cue.duration) });
  }

  function thumb(cue) {
    var item = media[cue.media];
    if (!item) return null;
    var image = document.createElement("img");
    image.className = "cue-thumb cue-thumb-" + item.kind;
    image.src = item.thumb;
    image.alt = "";
    image.draggable = false;
    image.addEventListener("error", function () { image.remove(); });
    return image;
  }

  function drawAxis() {
    var seconds = span(), axis = timeline.querySelector(".timeline-axis");
    var every = seconds > 240 ? 60 : seconds > 90 ? 30 : seconds > 45 ? 12 : 6;
    axis.textContent = "";
    timeline.style.setProperty("--seconds", seconds);
    timeline.style.setProperty("--every", every);
    var past = seconds > length() + 1e-6;
    for (var t = 0; t <= seconds + 1e-6; t += every) {
      if (past && Math.abs(t - length()) < every / 2) continue;  // the end's own mark says it
      var mark = document.createElement("span");
      mark.style.left = (100 * t / seconds) + "%";
      mark.textContent = format(text.seconds, { seconds: t });
      axis.appendChild(mark);
    }
    if (past) {
      var end = document.createElement("b");  // not a span: the first and last marks are aligned by type
      end.className = "axis-end";
      end.style.left = (100 * length() / seconds) + "%";
      end.textContent = text.end + " " + format(text.seconds, { seconds: round(length()) });
      axis.appendChild(end);
    }
    timeline.querySelectorAll(".timeline-after").forEach(function (after) {
      after.style.left = (100 * length() / seconds) + "%";
      after.hidden = seconds <= length() + 1e-6;
    });
  }

  function render() {
    drawAxis();
    var seconds = span();
    var focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.index : undefined;
    timeline.querySelectorAll(".timeline-row").forEach(function (row) {
      var track = row.querySelector(".timeline-track");
      track.querySelectorAll("[role=listitem]").forEach(function (old) { old.remove(); });
      doc.cues.forEach(function (cue, index) {
        if (cue.output !== row.dataset.output) return;
        var item = document.createElement("div");
        item.setAttribute("role", "listitem");
        var block = document.createElement("button");
        block.type = "button";
        block.className = "cue-block" + (problemCues[index] ? " has-problem" : "");
        block.id = "cue-" + index;
        block.dataset.index = index;
        block.style.left = (100 * cue.start / seconds) + "%";
        block.style.width = (100 * cue.duration / seconds) + "%";
        block.setAttribute("aria-pressed", selected === index ? "true" : "false");
        block.setAttribute("aria-label", label(cue, index));
        var name = document.createElement("span");
        name.className = "cue-name";
        name.textContent = format(text.cue, { number: index + 1 }) + " · " + cue.media.split("/").pop();
        var handle = document.createElement("span");
        handle.className = "cue-resize";
        handle.setAttribute("aria-hidden", "true");
        var picture = thumb(cue);
        if (picture) { block.appendChild(picture); block.classList.add("has-thumb-" + media[cue.media].kind); }
        block.appendChild(name);
        block.appendChild(handle);
        item.appendChild(block);
        track.appendChild(item);
      });
    });
    if (focused !== undefined) {
      var again = document.getElementById("cue-" + focused);
      if (again) again.focus();
    }
  }

  /* ------------------------------------------------------------------------------------ selection and form */
  function select(index) {
    selected = index;
    render();
    fillForm();
  }

  function fillForm() {
    if (selected === null || readOnly()) { form.hidden = true; return; }
    var cue = doc.cues[selected];
    form.hidden = false;
    document.getElementById("cue-legend").textContent = format(text.cue, { number: selected + 1 });
    form.elements.output.value = cue.output;
    ["start", "duration", "fade_in", "fade_out"].forEach(function (name) {
      form.elements[name].value = round(cue[name] || 0);
    });
    [].forEach.call(form.querySelectorAll("input[name=media]"), function (radio) {
      radio.checked = radio.value === cue.media;
    });
    document.getElementById("media-chosen").textContent = cue.media;
    data.languages.forEach(function (code) {
      form.elements["text-" + code].value = (cue.text && cue.text[code]) || "";
    });
  }

  form.addEventListener("change", function (event) {
    if (selected === null) return;
    var cue = doc.cues[selected], field = event.target.name;
    if (!field) return;  // the media search
    remember();
    if (field.indexOf("text-") === 0) {
      var code = field.slice(5);
      cue.text = cue.text || {};
      if (event.target.value.trim()) cue.text[code] = event.target.value.trim(); else delete cue.text[code];
    } else if (field === "output" || field === "media") {
      cue[field] = event.target.value;
      if (field === "media") document.getElementById("media-chosen").textContent = cue.media;
    } else {
      var value = parseFloat(event.target.value);
      cue[field] = isFinite(value) ? value : 0;
    }
    changed();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  // the media list: filtered by the words typed (each must be in the key)
  var search = document.getElementById("media-search");
  search.addEventListener("input", function () {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    form.querySelectorAll(".media-option").forEach(function (option) {
      var match = words.every(function (word) { return option.dataset.search.indexOf(word) >= 0; });
      option.hidden = !match;
      if (match) shown += 1;
    });
    document.getElementById("media-none").hidden = shown > 0;
  });
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });

  /* ------------------------------------------------------------------------------------ title and length */
  showForm.addEventListener("change", function (event) {
    var field = event.target.name;
    if (!field || readOnly()) return;
    remember();
    if (field.indexOf("title-") === 0) {
      var code = field.slice(6);
      if (event.target.value.trim()) doc.title[code] = event.target.value.trim(); else delete doc.title[code];
    } else if (field === "duration") {
      var value = parseFloat(event.target.value);
      doc.duration = isFinite(value) ? value : event.target.value;  // the service names what is wrong
    }
    fillShowForm();
    changed();
  });
  showForm.addEventListener("submit", function (event) { event.preventDefault(); });

  /* ------------------------------------------------------------------------------------ pointer */
  var drag = null;
  timeline.addEventListener("pointerdown", function (event) {
    var block = event.target.closest(".cue-block");
    if (!block || event.button !== 0 || readOnly()) return;
    var index = Number(block.dataset.index), cue = doc.cues[index];
    drag = { index: index, x: event.clientX, start: cue.start, duration: cue.duration, moved: false,
             resize: event.target.classList.contains("cue-resize"), before: JSON.stringify(doc), span: span(),
             width: block.parentNode.parentNode.getBoundingClientRect().width, block: block };
    block.setPointerCapture(event.pointerId);
    event.preventDefault();
    block.focus();
  });
  timeline.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var seconds = (event.clientX - drag.x) / drag.width * drag.span;
    if (!drag.moved && Math.abs(event.clientX - drag.x) < 3) return;
    drag.moved = true;
    var cue = doc.cues[drag.index], step = round(Math.round(seconds / 0.1) * 0.1);
    if (drag.resize) cue.duration = Math.max(0.1, round(drag.duration + step));
    else cue.start = Math.max(0, round(drag.start + step));
    drag.block.style.left = (100 * cue.start / drag.span) + "%";
    drag.block.style.width = (100 * cue.duration / drag.span) + "%";
  });
  function endDrag() {
    if (!drag) return;
    var was = drag;
    drag = null;
    if (was.moved) {
      history.push(was.before);
      unsaved = true;
      undoButton.disabled = false;
      selected = was.index;
      changed();
      fillForm();
    } else {
      select(was.index);
    }
  }
  timeline.addEventListener("pointerup", endDrag);
  timeline.addEventListener("pointercancel", endDrag);

  /* ------------------------------------------------------------------------------------ keyboard */
  timeline.addEventListener("focusin", function (event) {
    var block = event.target.closest(".cue-block");
    if (block && Number(block.dataset.index) !== selected) {
      selected = Number(block.dataset.index);
      timeline.querySelectorAll(".cue-block").forEach(function (b) {
        b.setAttribute("aria-pressed", b === block ? "true" : "false");
      });
      fillForm();
    }
  });
  timeline.addEventListener("keydown", function (event) {
    var block = event.target.closest(".cue-block");
    if (!block || readOnly()) return;
    var index = Number(block.dataset.index), cue = doc.cues[index];
    var key = event.key, sign = key === "ArrowRight" ? 1 : key === "ArrowLeft" ? -1 : 0;
    if (sign) {
      remember();
      if (event.shiftKey) cue.duration = Math.max(0.1, round(cue.duration + sign * STEP_S));
      else cue.start = Math.max(0, round(cue.start + sign * STEP_S));
      selected = index;
      changed();
      fillForm();
      event.preventDefault();
    } else if (key === "Delete" || key === "Backspace") {
      remember();
      doc.cues.splice(index, 1);
      selected = null;
      changed();
      fillForm();
      event.preventDefault();
    }
  });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "z" && !event.target.closest("input, select") &&
        !readOnly()) {
      undo();
      event.preventDefault();
    }
  });
  undoButton.addEventListener("click", undo);

  document.getElementById("cue-add").addEventListener("click", function () {
    remember();
    var output = data.outputs[0].name, end = 0;
    doc.cues.forEach(function (cue) { if (cue.output === output) end = Math.max(end, cue.start + cue.duration); });
    doc.cues.push({ output: output, start: round(Math.min(end, Math.max(0, length() - 1))),
                    duration: round(Math.max(0.1, Math.min(6, length() - end))),
                    media: data.media[0] || "", text: {}, fade_in: 0, fade_out: 0 });
    selected = doc.cues.length - 1;
    changed();
    fillForm();
    document.getElementById("cue-" + selected).focus();
  });

  /* ------------------------------------------------------------------------------------ the service */
  function post(url) {
    return fetch(url, { method: "POST", credentials: "same-origin",
                        headers: { "Content-Type": "application/json", "Accept": "application/json",
                                   "X-CSRFToken": csrf },
                        body: JSON.stringify({ document: doc }) })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      });
  }

  function showProblems(problems) {
    problemCues = {};
    list.textContent = "";
    problems.forEach(function (problem) {
      problem.cues.forEach(function (index) { problemCues[index] = true; });
      var item = document.createElement("li");
      if (problem.cues.length) {
        var link = document.createElement("a");
        link.href = "#cue-" + problem.cues[0];
        link.dataset.cue = problem.cues[0];
        link.textContent = problem.message;
        item.appendChild(link);
      } else {
        item.textContent = problem.message;
      }
      list.appendChild(item);
    });
    list.hidden = !problems.length;
    none.hidden = !!problems.length;
    render();
  }

  list.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-cue]");
    if (!link) return;
    event.preventDefault();
    select(Number(link.dataset.cue));
    var block = document.getElementById("cue-" + link.dataset.cue);
    if (block) block.focus();
  });

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, CHECK_MS);
  }

  function check() {
    var mine = ++asked;
    timeline.setAttribute("aria-busy", "true");
    return post(data.check).then(function (answer) {
      if (mine !== asked) return;  // a later change has been sent since
      timeline.removeAttribute("aria-busy");
      if (answer.status === 200) showProblems(answer.body.problems);
      else showProblems([{ cues: [], message: answer.body.error.message }]);
    }, function () {
      if (mine === asked) { timeline.removeAttribute("aria-busy"); status.textContent = text.failed; }
    });
  }

  document.getElementById("show-save").addEventListener("click", function () {
    status.textContent = text.saving;
    post(data.save).then(function (answer) {
      if (answer.status !== 201) {
        status.textContent = answer.body.error ? answer.body.error.message : text.failed;
        return;
      }
      var version = answer.body.version;
      unsaved = false;
      status.textContent = format(text.saved, { number: version.number });
      var item = document.createElement("li");
      item.textContent = format(text.version, { number: version.number }) + " · " + (version.author || text.you) +
        " · " + text.now + (version.problem_count ? " · " + format(text.problems, { count: version.problem_count }) : "");
      var versions = document.getElementById("show-versions");
      versions.insertBefore(item, versions.firstChild);
      showProblems(answer.body.problems);
      var title = doc.title[data.lang] || doc.title.zh;
      document.getElementById("show-title").textContent = title;
      // the list as the service has it now (each version's changes against this one, restore buttons)
      fetch(data.versions, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html) document.getElementById("show-versions-box").innerHTML = html;
      }, function () {});
    }, function () { status.textContent = text.failed; });
  });

  // read only on a phone: the cue form closes when the page becomes narrow
  PHONE.addEventListener("change", function () { fillForm(); });
  render();
})();
