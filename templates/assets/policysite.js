// policysite's only script, shared by the root language page and every theme page.
// No cookies, no network of its own.

// Root page: suggest the reader's language, move the best match to the top and mark it.
// No redirects: the reader still chooses.
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

// Theme pages: Material asks for "sitemap.xml" next to every <link rel="alternate"> to keep its
// language switcher on the same page. Our hreflang links point at pages, not language roots,
// so each ask is a 404 (often a whole 404 page) per language on every page view, on phones, and
// a request to the public address from a preview server. Our selector already links to the
// same page in the other language, so those asks are answered here as aborted, without any
// network; every other request is untouched.
(function () {
  "use strict";
  if (!window.XMLHttpRequest || !window.URL) { return; }
  var probes = {};
  var links = document.querySelectorAll("link[rel=alternate][hreflang]");
  for (var i = 0; i < links.length; i++) {
    probes[new URL("sitemap.xml", links[i].href).href] = true;
  }
  var proto = XMLHttpRequest.prototype, open = proto.open, send = proto.send;
  proto.open = function (method, url) {
    try {
      this.psProbe = probes[new URL(String(url), location.href).href] === true;
    } catch (e) {
      this.psProbe = false;
    }
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (!this.psProbe) { return send.apply(this, arguments); }
    var request = this;
    setTimeout(function () { request.dispatchEvent(new ProgressEvent("abort")); }, 0);
  };
}());

// Theme pages: Material wraps each code block's copy button in a <nav>. A button is not
// navigation, and a page of caption texts would list a dozen unnamed "navigation" landmarks
// to screen readers (axe: landmark-unique); those wrappers are made plain containers.
(function () {
  "use strict";
  if (!window.MutationObserver) { return; }
  function plain(root) {
    var navs = root.querySelectorAll ? root.querySelectorAll("nav.md-code__nav") : [];
    for (var i = 0; i < navs.length; i++) { navs[i].setAttribute("role", "none"); }
  }
  plain(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, function (node) {
        if (node.nodeType !== 1) { return; }
        if (node.matches("nav.md-code__nav")) { node.setAttribute("role", "none"); }
        plain(node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
}());
