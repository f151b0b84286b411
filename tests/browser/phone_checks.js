// What a phone user would notice, measured in the page (called by conftest.py's survey).
// Returns plain data; the tests decide what fails.
() => {
  "use strict";
  const doc = document.documentElement;
  const width = window.innerWidth;
  const describe = (el) => {
    const text = (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 30);
    return `<${el.tagName.toLowerCase()} class="${el.className}"> "${text}"`;
  };
  const shown = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" &&
      parseFloat(style.opacity) > 0 && style.pointerEvents !== "none" &&
      box.width > 0 && box.height > 0 && box.right > 0 && box.left < width &&
      !el.closest("[hidden]");
  };

  // 1. Sideways scrolling of the whole page, and what sticks out.
  const overflow = doc.scrollWidth > doc.clientWidth ? {
    scrollWidth: doc.scrollWidth,
    clientWidth: doc.clientWidth,
    culprits: [...document.querySelectorAll("body *")]
      .filter((el) => { const b = el.getBoundingClientRect(); return b.right > doc.clientWidth + 1 || b.left < -1; })
      .filter((el) => shown(el))
      .slice(0, 5).map(describe),
  } : null;

  // 2. Tap targets in the header and the content: WCAG 2.2 SC 2.5.8 (Target Size, Minimum).
  // A target passes if it is at least 24 x 24 CSS px, or if it is a link inside a sentence
  // (the "inline" exception), or if a 24 px circle on its centre stays clear of every other
  // target and of the circles of other small targets (the "spacing" exception).
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
    "label[for], [role=button], [tabindex]:not([tabindex='-1'])";
  const scopes = [...document.querySelectorAll(".md-header, .md-content, body > main")];
  const targets = [...new Set(scopes.flatMap((s) => [...s.querySelectorAll(selector)]))]
    .filter(shown);
  const boxes = targets.map((el) => el.getBoundingClientRect());
  const isSmall = (b) => b.width < 24 || b.height < 24;
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== "inline") { return false; }
    const block = el.parentElement.closest("p, li, td, th, dd, dt, figcaption, blockquote");
    return block !== null && block.textContent.trim().length > el.textContent.trim().length;
  };
  const distance = (x, y, b) => Math.hypot(Math.max(b.left - x, 0, x - b.right),
                                           Math.max(b.top - y, 0, y - b.bottom));
  const smallTargets = [];
  targets.forEach((el, i) => {
    const b = boxes[i];
    if (!isSmall(b) || inSentence(el)) { return; }
    const cx = b.left + b.width / 2, cy = b.top + b.height / 2;
    const clear = boxes.every((o, j) => {
      if (j === i || targets[j].contains(el) || el.contains(targets[j])) { return true; }
      if (distance(cx, cy, o) < 12) { return false; }
      if (!isSmall(o)) { return true; }
      return Math.hypot(cx - (o.left + o.width / 2), cy - (o.top + o.height / 2)) >= 24;
    });
    if (!clear) {
      smallTargets.push(`${describe(el)} ${Math.round(b.width)}x${Math.round(b.height)}`);
    }
  });

  // 3. Text size: running text at 16 px, nothing in the content below 14 px.
  const textSelector = ".md-content p, .md-content li, .md-content td, .md-content th, " +
    ".md-content dd, .md-content dt, .md-content figcaption, .md-content pre, " +
    ".md-content summary, body > main p, body > main li";
  const smallText = [];
  for (const el of document.querySelectorAll(textSelector)) {
    if (!shown(el) || !el.textContent.trim()) { continue; }
    const size = parseFloat(getComputedStyle(el).fontSize);
    const running = (el.tagName === "P" || el.tagName === "LI") && !el.closest("table");
    const minimum = running && !el.classList.length ? 16 : 14;
    if (size < minimum) { smallText.push(`${describe(el)} ${size}px`); }
  }

  // 4. The reader may zoom: no user-scalable=no, no maximum-scale below 2.
  const viewport = (document.querySelector("meta[name=viewport]") || {}).content || "";
  const zoomBlocked = /user-scalable\s*=\s*(no|0)/i.test(viewport) ||
    /maximum-scale\s*=\s*(0?\.\d+|1(\.\d+)?)\b/i.test(viewport);

  return { overflow, smallTargets, smallText: smallText.slice(0, 10), viewport, zoomBlocked };
}
