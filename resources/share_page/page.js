// The shared page's own code: unlock the age file the page carries, check
// every file against the manifest, then show the report. Decryption is
// typage's (the reference TypeScript age), unzipping fflate's and Markdown
// markdown-it's, all from the vendored bundle (TJVendor); nothing is loaded
// from anywhere and nothing leaves the page.
(function () {
  "use strict";

  var V = window.TJVendor;
  var MAX_FILES = 10000;
  var MAX_TOTAL = 256 * 1024 * 1024;
  var PAGES = [
    ["profile.md", "Profile"],
    ["goals.md", "Goals"],
    ["assessments.md", "Self-assessments"],
  ];

  function $(id) {
    return document.getElementById(id);
  }

  function say(text, kind) {
    var status = $("status");
    status.textContent = text;
    status.className = kind || "";
  }

  function Damaged(message) {
    this.message = message;
  }

  // -- the age file the page carries ---------------------------------------------------

  var armored = "";
  var sealed = null;
  var locked = "passphrase";
  try {
    armored = $("age-file").textContent;
    sealed = V.armor.decode(armored);
    var head = new TextDecoder().decode(sealed.subarray(0, 4096));
    var lines = head.split("\n");
    if (lines[0] !== "age-encryption.org/v1") throw new Error("not age");
    locked = /^-> scrypt /m.test(head) ? "passphrase" : "key";
  } catch (error) {
    sealed = null;
  }

  function baseName() {
    var parts = decodeURIComponent(location.pathname || "").split(/[\\/]/);
    var name = parts[parts.length - 1] || "shared-journal.html";
    return name.replace(/\.html?$/i, "") || "shared-journal";
  }

  function download(data, name, type) {
    var url = URL.createObjectURL(new Blob([data], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  function downloadAge() {
    download(armored, baseName() + ".age", "application/octet-stream");
  }

  // -- unlocking -----------------------------------------------------------------------

  // The age secret keys in what was pasted: one key, or a whole identity file
  // as age-keygen writes it (a one-line field joins its lines, so the keys are
  // found by their shape, not by line).
  function secretKeys(text) {
    return text
      .toUpperCase()
      .split(/(?=AGE-SECRET-KEY-)/)
      .filter(function (part) {
        return part.indexOf("AGE-SECRET-KEY-") === 0;
      })
      .map(function (part) {
        return /^AGE-SECRET-KEY-[0-9A-Z]*/.exec(part)[0];
      });
  }

  async function decrypt(secret) {
    var decrypter = new V.Decrypter();
    var keys = secretKeys(secret);
    if (locked === "key" || keys.length) {
      if (!keys.length) {
        throw new Error("That is not an age secret key; one starts with AGE-SECRET-KEY-1.");
      }
      for (var i = 0; i < keys.length; i++) {
        if (!/^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(keys[i])) {
          throw new Error("That is not an age secret key; one starts with AGE-SECRET-KEY-1.");
        }
        try {
          decrypter.addIdentity(keys[i]);
        } catch (error) {
          throw new Error("That is not an age secret key; one starts with AGE-SECRET-KEY-1.");
        }
      }
    } else {
      decrypter.addPassphrase(secret);
    }
    try {
      return await decrypter.decrypt(sealed);
    } catch (error) {
      var message = String((error && error.message) || error);
      if (/no identity matched/.test(message)) {
        throw new Error(
          locked === "passphrase"
            ? "That passphrase does not open this page. Check each word and the dashes between them, and try again."
            : "That key does not open this page; it was made for a different key."
        );
      }
      if (/work factor is too high/.test(message)) {
        throw new Damaged("This page asks for far more passphrase work than a shared page uses, so it was not opened.");
      }
      throw new Damaged("This page is damaged: its encrypted part fails the integrity check, so nothing is shown.");
    }
  }

  // -- checking what it holds -----------------------------------------------------------

  function hex(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  function text(bytes, name) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      throw new Damaged("This page is damaged: " + name + " is not text.");
    }
  }

  function unzip(zip) {
    var count = 0;
    var total = 0;
    var files;
    try {
      files = V.unzipSync(zip, {
        filter: function (file) {
          count += 1;
          total += file.originalSize;
          if (count > MAX_FILES || total > MAX_TOTAL) throw new Damaged("too large");
          return !/\/$/.test(file.name);
        },
      });
    } catch (error) {
      if (error instanceof Damaged) {
        throw new Damaged("This page holds more than a shared journal can, so it was not opened.");
      }
      throw new Damaged("This page is damaged: the archive inside it cannot be read.");
    }
    return files;
  }

  function checked(files) {
    if (!files["manifest.json"]) {
      throw new Damaged("This page is damaged: what it holds has no manifest.");
    }
    var manifest;
    try {
      manifest = JSON.parse(text(files["manifest.json"], "the manifest"));
    } catch (error) {
      if (error instanceof Damaged) throw error;
      throw new Damaged("This page is damaged: its manifest cannot be read.");
    }
    var listed = manifest && manifest.files;
    if (!listed || typeof listed !== "object" || !manifest.included) {
      throw new Damaged("This page is damaged: its manifest does not list its files.");
    }
    Object.keys(files).forEach(function (name) {
      if (name !== "manifest.json" && !Object.prototype.hasOwnProperty.call(listed, name)) {
        throw new Damaged("This page is damaged: it holds a file its manifest does not list.");
      }
    });
    Object.keys(listed).forEach(function (name) {
      var facts = listed[name];
      var data = files[name];
      if (!data || name === "manifest.json" || !facts) {
        throw new Damaged("This page is damaged: a file its manifest lists is missing.");
      }
      if (facts.size !== data.length || facts.sha256 !== hex(V.sha256(data))) {
        throw new Damaged("This page is damaged: a file inside it was changed after it was made.");
      }
    });
    return manifest;
  }

  // -- showing it ------------------------------------------------------------------------

  var md = new V.MarkdownIt({ html: false, linkify: false, typographer: false });
  // Pictures are never fetched: an image shows as its description.
  md.renderer.rules.image = function (tokens, index) {
    var alt = tokens[index].content;
    return '<span class="image">' + md.utils.escapeHtml("[picture" + (alt ? ": " + alt : "") + "]") + "</span>";
  };
  md.core.ruler.push("page_rules", function (state) {
    var shift = state.env.shift || 0;
    state.tokens.forEach(function (token, index) {
      // A checklist item ("- [x] done", as the goals page writes them) as a box.
      var opening = state.tokens[index - 2];
      if (token.type === "inline" && opening && opening.type === "list_item_open") {
        var first = token.children && token.children[0];
        var box = first && first.type === "text" && /^\[( |x|X)\] /.exec(first.content);
        if (box) first.content = (box[1] === " " ? "\u2610 " : "\u2611 ") + first.content.slice(4);
      }
      if (token.type === "heading_open" || token.type === "heading_close") {
        var level = Math.min(6, Number(token.tag.slice(1)) + shift);
        token.tag = "h" + level;
      }
      var style = token.attrGet && token.attrGet("style");
      if (style) {
        // Table alignment: a class, since the page allows no inline style.
        token.attrs = token.attrs.filter(function (pair) {
          return pair[0] !== "style";
        });
        var found = /text-align:(left|right|center)/.exec(style);
        if (found) token.attrJoin("class", "align-" + found[1]);
      }
      if (token.type === "link_open") {
        token.attrSet("rel", "noopener noreferrer");
        token.attrSet("target", "_blank");
      }
      if (token.children) {
        token.children.forEach(function (child) {
          if (child.type === "link_open") {
            child.attrSet("rel", "noopener noreferrer");
            child.attrSet("target", "_blank");
          }
        });
      }
    });
  });

  function markdown(source, shift) {
    var holder = document.createElement("div");
    holder.className = "markdown";
    // markdown-it escapes every character of the text (html: false), so this
    // holds only the tags it writes itself; the page's policy would stop any
    // script or handler regardless.
    holder.innerHTML = md.render(source, { shift: shift });
    return holder;
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // An entry's date as it was written: in its own time zone, not the reader's.
  function when(iso) {
    var found = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || "");
    if (!found) return String(iso || "");
    var day = new Date(Date.UTC(+found[1], +found[2] - 1, +found[3]));
    var date = day.toLocaleDateString(undefined, {
      timeZone: "UTC",
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
    });
    return date + ", " + found[4] + ":" + found[5];
  }

  function entryOf(name, source) {
    var found = /^---\n([\s\S]*?)\n---\n\n?/.exec(source);
    if (!found) throw new Damaged("This page is damaged: an entry cannot be read.");
    var values = {};
    found[1].split("\n").forEach(function (line) {
      var colon = line.indexOf(":");
      if (colon < 1) throw new Damaged("This page is damaged: an entry cannot be read.");
      try {
        values[line.slice(0, colon)] = JSON.parse(line.slice(colon + 1));
      } catch (error) {
        throw new Damaged("This page is damaged: an entry cannot be read.");
      }
    });
    return {
      name: name,
      date: String(values.date || ""),
      title: typeof values.title === "string" ? values.title : "",
      mood: typeof values.mood === "number" ? values.mood : null,
      tags: Array.isArray(values.tags) ? values.tags.map(String) : [],
      prompt: typeof values.prompt === "string" ? values.prompt : null,
      journal: typeof values.journal === "string" ? values.journal : null,
      body: source.slice(found[0].length),
    };
  }

  function holds(included, pages) {
    var count = Number(included.entries) || 0;
    var parts = [];
    if (count) parts.push(count + (count === 1 ? " journal entry" : " journal entries"));
    pages.forEach(function (page) {
      parts.push(page.toLowerCase() === "profile" ? "the profile" : page.toLowerCase());
    });
    if (!parts.length) return "nothing";
    return parts.length > 1 ? parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1] : parts[0];
  }

  // -- the overview: what a clinician takes in at a glance ----------------------------

  var SVG = "http://www.w3.org/2000/svg";

  function svgNode(tag, attributes, content) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, String(attributes[name]));
    });
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // The moods of the entries ([time, mood], oldest first) as a small line
  // chart, drawn with DOM calls (no markup from the bundle, no style).
  function moodChart(moods, words) {
    var width = 600, height = 170, left = 34, right = 12, top = 10, bottom = 26;
    var plotW = width - left - right, plotH = height - top - bottom;
    var start = moods[0][0], span = moods[moods.length - 1][0] - start;
    function x(t) { return span > 0 ? left + ((t - start) / span) * plotW : left + plotW / 2; }
    function y(m) { return top + ((10 - Math.min(Math.max(m, 1), 10)) / 9) * plotH; }
    var svg = svgNode("svg", {
      width: width, height: height, viewBox: "0 0 " + width + " " + height,
      role: "img", "aria-label": words, class: "mood-chart",
    });
    svg.appendChild(svgNode("title", {}, words));
    [1, 5, 10].forEach(function (m) {
      svg.appendChild(svgNode("line", { x1: left, y1: y(m), x2: width - right, y2: y(m), stroke: "#c8c8c8" }));
      svg.appendChild(svgNode("text", { x: left - 6, y: y(m) + 4, "text-anchor": "end", "font-size": 11, fill: "#444444" }, String(m)));
    });
    var points = moods.map(function (p) { return x(p[0]).toFixed(1) + "," + y(p[1]).toFixed(1); }).join(" ");
    if (moods.length > 1) {
      svg.appendChild(svgNode("polyline", { points: points, fill: "none", stroke: "#1f3b73", "stroke-width": 2 }));
    }
    if (moods.length <= 120) {
      moods.forEach(function (p) {
        svg.appendChild(svgNode("circle", { cx: x(p[0]).toFixed(1), cy: y(p[1]).toFixed(1), r: 3, fill: "#1f3b73" }));
      });
    }
    var label = { y: height - 8, "font-size": 11, fill: "#444444" };
    svg.appendChild(svgNode("text", Object.assign({ x: left }, label), moods[0][2]));
    if (span > 0) {
      svg.appendChild(svgNode("text", Object.assign({ x: width - right, "text-anchor": "end" }, label), moods[moods.length - 1][2]));
    }
    return svg;
  }

  // The newest result of each questionnaire on the self-assessments page
  // (newest first there), with the sentence about item 9 when it is there.
  function checkIns(source) {
    var seen = {};
    var found = [];
    source.split("\n").forEach(function (line) {
      var match = /^- \*\*(\d{4}-\d{2}-\d{2}) (.+?):\*\* (\d+ of \d+, [^*]*?)\.?(?: \*\*(.*)\*\*)?$/.exec(line);
      if (!match || seen[match[2]]) return;
      seen[match[2]] = true;
      found.push({ day: match[1], name: match[2], score: match[3], note: (match[4] || "").replace(/\\(.)/g, "$1") });
    });
    return found;
  }

  function overview(entries, files) {
    var section = element("section", "overview");
    section.appendChild(element("h2", "", "Overview"));
    if (entries.length) {
      var days = entries.map(function (e) { return e.date.slice(0, 10); }).sort();
      var first = days[0], last = days[days.length - 1];
      var count = entries.length + (entries.length === 1 ? " entry" : " entries");
      var line = element("p", "");
      line.appendChild(element("strong", "", "Entries: "));
      line.appendChild(document.createTextNode(count + ", written " + (first === last ? "on " + first : "from " + first + " to " + last) + "."));
      section.appendChild(line);
      var moods = entries
        .filter(function (e) { return e.mood !== null && !isNaN(Date.parse(e.date)); })
        .map(function (e) { return [Date.parse(e.date), e.mood, e.date.slice(0, 10)]; })
        .sort(function (a, b) { return a[0] - b[0]; });
      if (moods.length) {
        var values = moods.map(function (p) { return p[1]; });
        var sum = values.reduce(function (a, b) { return a + b; }, 0);
        var words = "Mood from " + moods[0][2] + " to " + moods[moods.length - 1][2] + ", out of 10 (" +
          values.length + (values.length === 1 ? " entry" : " entries") + " with a mood): average " +
          (sum / values.length).toFixed(1) + ", lowest " + Math.min.apply(null, values) + ", highest " +
          Math.max.apply(null, values) + ".";
        var chart = element("p", "chart");
        chart.appendChild(moodChart(moods, words));
        section.appendChild(chart);
        section.appendChild(element("p", "meta", words));
      }
      var tags = {};
      entries.forEach(function (e) { e.tags.forEach(function (t) { tags[t] = (tags[t] || 0) + 1; }); });
      var ranked = Object.keys(tags).sort(function (a, b) { return tags[b] - tags[a] || (a < b ? -1 : 1); }).slice(0, 8);
      if (ranked.length) {
        var tagLine = element("p", "");
        tagLine.appendChild(element("strong", "", "Most used tags: "));
        tagLine.appendChild(document.createTextNode(ranked.map(function (t) { return "#" + t + " (" + tags[t] + ")"; }).join(", ")));
        section.appendChild(tagLine);
      }
    }
    var results = files["assessments.md"] ? checkIns(text(files["assessments.md"], "assessments.md")) : [];
    if (results.length) {
      section.appendChild(element("p", "", "")).appendChild(element("strong", "", "Latest check-ins:"));
      var list = element("ul", "");
      results.forEach(function (r) {
        var item = element("li", "", r.name + ", " + r.day + ": " + r.score + ".");
        if (r.note) item.appendChild(element("strong", "problem", " " + r.note));
        list.appendChild(item);
      });
      section.appendChild(list);
    }
    return section.childNodes.length > 1 ? section : null;
  }

  // Attachments: each entry's files (checked against the manifest above), offered
  // for download by buttons; nothing is shown inline or fetched.
  function attachmentsByEntry(manifest, files) {
    var found = {};
    (Array.isArray(manifest.attachments) ? manifest.attachments : []).forEach(function (item) {
      if (!item || typeof item.entry !== "string" || typeof item.file !== "string") return;
      if (typeof item.name !== "string" || !files[item.file] || !/^attachments\//.test(item.file)) return;
      (found[item.entry] = found[item.entry] || []).push(item);
    });
    return found;
  }

  function sizeText(size) {
    if (size < 1024) return size + " bytes";
    if (size < 1024 * 1024) return (size / 1024).toFixed(1) + " KB";
    return (size / (1024 * 1024)).toFixed(1) + " MB";
  }

  function attachmentButtons(items, files) {
    var box = element("p", "meta attachments", "Attached: ");
    items.forEach(function (item) {
      var data = files[item.file];
      var button = element("button", "attachment", "Download " + item.name + " (" + sizeText(data.length) + ")");
      button.type = "button";
      button.addEventListener("click", function () {
        download(data, item.name, "application/octet-stream");
      });
      box.appendChild(button);
      box.appendChild(document.createTextNode(" "));
    });
    return box;
  }

  function render(manifest, files) {
    var report = $("report");
    report.textContent = "";
    var names = Object.keys(files).sort();
    var entries = names
      .filter(function (name) {
        return /^entries\/.+\.md$/.test(name);
      })
      .map(function (name) {
        return entryOf(name, text(files[name], "an entry"));
      });
    if (entries.length !== Number(manifest.included.entries)) {
      throw new Damaged("This page is damaged: it holds a different number of entries than it says.");
    }
    var pages = PAGES.filter(function (page) {
      return files[page[0]];
    });

    var header = element("header", "report-head");
    header.appendChild(element("h1", "", "From a Therapy Journal"));
    var created = String(manifest.created || "");
    header.appendChild(
      element("p", "meta", "Shared " + when(created) + (manifest.app ? " with " + manifest.app + " " + (manifest.app_version || "") : ""))
    );
    var summary = "It holds " + holds(manifest.included, pages.map(function (p) { return p[1]; })) + ".";
    if (entries.length) {
      var dates = entries.map(function (e) { return e.date.slice(0, 10); }).sort();
      summary += entries.length > 1 ? " They were written from " + dates[0] + " to " + dates[dates.length - 1] + "." : "";
    }
    header.appendChild(element("p", "summary", summary));
    report.appendChild(header);
    var glance = overview(entries, files);
    if (glance) report.appendChild(glance);

    pages.forEach(function (page) {
      var section = element("section", "page");
      section.appendChild(markdown(text(files[page[0]], page[0]), 1));
      report.appendChild(section);
    });

    var attached = attachmentsByEntry(manifest, files);
    if (entries.length) {
      var list = element("section", "entries");
      list.appendChild(element("h2", "", "Journal entries"));
      entries.forEach(function (entry) {
        var article = element("article", "entry");
        article.appendChild(element("h3", "", entry.title || "Untitled"));
        var meta = [when(entry.date)];
        if (entry.mood !== null) meta.push("mood " + entry.mood + "/10");
        if (entry.tags.length) meta.push(entry.tags.map(function (t) { return "#" + t; }).join(" "));
        if (entry.journal) meta.push("in " + entry.journal);
        article.appendChild(element("p", "meta", meta.join(" · ")));
        if (entry.prompt) article.appendChild(element("p", "meta prompt", "Written from the prompt: " + entry.prompt));
        article.appendChild(markdown(entry.body, 3));
        if (attached[entry.name]) article.appendChild(attachmentButtons(attached[entry.name], files));
        list.appendChild(article);
      });
      report.appendChild(list);
    }
    document.title = "From a Therapy Journal, shared " + created.slice(0, 10);
  }

  // -- the page --------------------------------------------------------------------------

  var opened = null;
  var pdf = null;

  function nextFrame() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        setTimeout(resolve, 0);
      });
    });
  }

  async function unlock(event) {
    event.preventDefault();
    var field = $("secret");
    var secret = field.value.trim();
    if (!secret) {
      say(locked === "passphrase" ? "Type the passphrase first." : "Paste your age secret key first.", "problem");
      return;
    }
    field.disabled = true;
    $("open").disabled = true;
    say("Opening… this takes a few seconds.", "busy");
    await nextFrame();
    try {
      var zip = await decrypt(secret);
      var files = unzip(zip);
      var manifest = checked(files);
      render(manifest, files);
      opened = zip;
      pdf = files["report.pdf"] || null;
      $("save-pdf").hidden = !pdf;
      field.value = "";
      say("");
      $("lock").hidden = true;
      $("opened").hidden = false;
      document.documentElement.classList.add("is-open");
    } catch (error) {
      $("report").textContent = "";
      field.disabled = false;
      $("open").disabled = false;
      if (error instanceof Damaged) {
        say(error.message, "problem damaged");
        field.disabled = true;
        $("open").disabled = true;
      } else {
        say(String((error && error.message) || error), "problem");
        field.select();
        field.focus();
      }
    }
  }

  function start() {
    var field = $("secret");
    $("secret-label").textContent =
      locked === "passphrase" ? "Passphrase" : "Your age secret key (AGE-SECRET-KEY-1…)";
    $("lock-hint").textContent =
      locked === "passphrase"
        ? "Type the passphrase you were given and press Enter."
        : "This page was made for your age key. Paste your secret key, the line that starts with AGE-SECRET-KEY-1, and press Enter.";
    $("unlock").addEventListener("submit", unlock);
    $("show-secret").addEventListener("change", function () {
      field.type = this.checked ? "text" : "password";
    });
    $("print").addEventListener("click", function () {
      window.print();
    });
    $("save-zip").addEventListener("click", function () {
      if (opened) download(opened, baseName() + ".zip", "application/zip");
    });
    $("save-pdf").addEventListener("click", function () {
      if (pdf) download(pdf, baseName() + "-report.pdf", "application/pdf");
    });
    $("download-age").addEventListener("click", downloadAge);
    $("download-age-2").addEventListener("click", downloadAge);
    if (!sealed) {
      say("This page is damaged: the encrypted journal it carries cannot be read, so it cannot be opened.", "problem damaged");
      field.disabled = true;
      $("open").disabled = true;
      $("download-age").disabled = true;
      return;
    }
    field.disabled = false;
    $("open").disabled = false;
    field.focus();
  }

  start();
})();
