// Caption and kit pages: let a marketer adjust a text before copying it, with a live character
// count; on the kit page, filter the texts by country, kind, caption angle and length.
// The page already prints the right count without this script; the count here is TikTok's
// (UTF-16 code units), which is exactly what JavaScript's String length measures.
// Without the script the kit page shows every text and no filter.
// No network, no storage, no inline code: loaded as a file from assets/.
(function () {
  "use strict";
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined,
                                     { numberingSystem: "latn" });

  function textLength(code) {
    return code.textContent.replace(/\n$/, "").length;  // the fence's closing line break
  }

  function editableCounts() {
    var counts = document.querySelectorAll("p.ps-count");
    if (!counts.length) { return; }
    var probe = document.createElement("code");
    probe.setAttribute("contenteditable", "plaintext-only");
    if (probe.contentEditable !== "plaintext-only") { return; }  // rich editing would lose line breaks
    Array.prototype.forEach.call(counts, function (count) {
      var block = count.previousElementSibling;
      var code = block && block.querySelector("pre > code");
      var number = count.querySelector(".ps-num");
      if (!code || !number) { return; }
      var limit = parseInt(count.getAttribute("data-ps-limit") || "0", 10);
      code.setAttribute("contenteditable", "plaintext-only");
      code.setAttribute("spellcheck", "false");
      code.addEventListener("input", function () {
        var length = textLength(code);
        number.textContent = format.format(length);
        if (limit) { count.classList.toggle("ps-over", length > limit); }
      });
    });
    var hint = document.getElementById("ps-edit-hint");
    if (hint) { hint.hidden = false; }
  }

  // The kit page: each text is a .ps-kit-item with data-ps-market, data-ps-kind and
  // data-ps-angle (a caption's angle, empty for other texts: choosing an angle shows captions
  // only); its length is measured as it stands (an edited text is filtered by its new length).
  function kitFilter() {
    var form = document.getElementById("ps-kit-filter");
    var shown = document.getElementById("ps-kit-shown");
    if (!form || !shown) { return; }
    var items = document.querySelectorAll(".ps-kit-item");
    var groups = document.querySelectorAll(".ps-kit-market");
    var market = form.elements.namedItem("market");
    var kind = form.elements.namedItem("kind");
    var angle = form.elements.namedItem("angle");
    var length = form.elements.namedItem("length");
    var pattern = shown.getAttribute("data-ps-pattern") || "%(num)s / %(total)s";

    function apply() {
      var count = 0;
      var limit = parseInt(length.value || "0", 10);
      Array.prototype.forEach.call(items, function (item) {
        var code = item.querySelector("pre > code");
        var keep = (!market.value || item.getAttribute("data-ps-market") === market.value) &&
          (!kind.value || item.getAttribute("data-ps-kind") === kind.value) &&
          (!angle || !angle.value || item.getAttribute("data-ps-angle") === angle.value) &&
          (!limit || (code !== null && textLength(code) <= limit));
        item.hidden = !keep;
        if (keep) { count += 1; }
      });
      Array.prototype.forEach.call(groups, function (group) {
        group.hidden = !group.querySelector(".ps-kit-item:not([hidden])");
      });
      var text = pattern.replace("%(num)s", format.format(count))
                        .replace("%(total)s", format.format(items.length));
      if (shown.textContent !== text) { shown.textContent = text; }  // announced (role=status)
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
    form.hidden = false;
  }

  editableCounts();
  kitFilter();
}());
