// Caption page: let a marketer adjust a text before copying it, with a live character count.
// The page already prints the right count without this script; the count here is TikTok's
// (UTF-16 code units), which is exactly what JavaScript's String length measures.
// No network, no storage, no inline code: loaded as a file from assets/.
(function () {
  "use strict";
  var counts = document.querySelectorAll("p.ps-count");
  if (!counts.length) { return; }
  var probe = document.createElement("code");
  probe.setAttribute("contenteditable", "plaintext-only");
  if (probe.contentEditable !== "plaintext-only") { return; }  // rich editing would lose line breaks
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined,
                                     { numberingSystem: "latn" });
  Array.prototype.forEach.call(counts, function (count) {
    var block = count.previousElementSibling;
    var code = block && block.querySelector("pre > code");
    var number = count.querySelector(".ps-num");
    if (!code || !number) { return; }
    var limit = parseInt(count.getAttribute("data-ps-limit") || "0", 10);
    code.setAttribute("contenteditable", "plaintext-only");
    code.setAttribute("spellcheck", "false");
    code.addEventListener("input", function () {
      var length = code.textContent.replace(/\n$/, "").length;
      number.textContent = format.format(length);
      if (limit) { count.classList.toggle("ps-over", length > limit); }
    });
  });
  var hint = document.getElementById("ps-edit-hint");
  if (hint) { hint.hidden = false; }
}());
