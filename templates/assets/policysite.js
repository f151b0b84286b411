// Suggest the reader's language on the root page: move the best match to the top and mark it.
// No cookies, no network, no redirects: the reader still chooses.
(function () {
  "use strict";
  var list = document.getElementById("ps-languages");
  if (!list) { return; }
  var links = Array.prototype.slice.call(list.querySelectorAll("a[data-lang]"));
  var wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
  function score(tag, lang) {
    tag = tag.toLowerCase(); lang = lang.toLowerCase();
    if (tag === lang) { return 3; }
    if (tag.split("-")[0] === lang.split("-")[0]) { return 2; }
    return 0;
  }
  for (var i = 0; i < wanted.length; i++) {
    var best = null, bestScore = 0;
    links.forEach(function (link) {
      var s = score(wanted[i], link.getAttribute("data-lang"));
      if (s > bestScore) { best = link; bestScore = s; }
    });
    if (best) {
      var item = best.parentNode;
      item.className = "ps-suggested";
      list.insertBefore(item, list.firstChild);
      best.setAttribute("aria-describedby", "ps-suggestion");
      var note = document.getElementById("ps-suggestion");
      note.textContent = "\u2192 " + best.textContent.trim();
      note.hidden = false;
      return;
    }
  }
}());
