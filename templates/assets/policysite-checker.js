// Eligibility checker: answers "can I still return it?" from the market's rules, in the page.
// The rules and every word come from the page's data block (#ps-checker-data, written by
// generator/render/checker.py); the answer is the one generator/facts/eligibility.py gives
// (tests/browser/test_checker.py compares them). Dates are calendar days counted as whole
// days since 1970 (no clock time, so no daylight-saving change can shift them); "today" is
// the browser's clock read in the market's time zone. No network, no storage, no inline code;
// text is shown with textContent only.
(function () {
  "use strict";
  var MS_PER_DAY = 86400000;
  var WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var REASONS = ["changed_mind", "defective", "wrong_item"];

  function dayNumber(iso) {  // "2026-03-29" -> days since 1970-01-01
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) { return null; }
    return Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / MS_PER_DAY);
  }

  function isoDate(day) {
    return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  }

  function todayIn(zone, now) {  // the calendar day it is in `zone` at the instant `now`
    var parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(now || new Date());
    var get = function (type) {
      return parts.filter(function (p) { return p.type === type; })[0].value;
    };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function meets(needed, met) {
    return needed.every(function (c) { return met.indexOf(c) >= 0; });
  }

  function OutOfRange() {}

  function addBusinessDays(calendar, start, n) {  // the nth business day after start
    var day = start;
    while (n > 0) {
      day += 1;
      var iso = isoDate(day);
      var year = +iso.slice(0, 4);
      if (year < calendar.years[0] || year > calendar.years[1]) { throw new OutOfRange(); }
      var weekday = WEEKDAYS[new Date(day * MS_PER_DAY).getUTCDay()];
      if (calendar.weekend.indexOf(weekday) < 0 && calendar.holidays.indexOf(iso) < 0) {
        n -= 1;
      }
    }
    return day;
  }

  function deadline(last, today, whyNot) {
    var left = last - today;
    if (whyNot === null && left < 0) { whyNot = "expired"; }
    return { possible: whyNot === null, lastDay: isoDate(last), daysLeft: left,
             whyNot: whyNot };
  }

  function statutoryAnswer(rules, category, delivered, condition, today) {
    var right = rules.statutory;
    if (!right) { return null; }
    var last;
    try {
      last = right.businessDays ? addBusinessDays(right.calendar, delivered, right.days)
        : delivered + right.days;
    } catch (e) {
      if (e instanceof OutOfRange) {
        return { possible: false, lastDay: null, daysLeft: null, whyNot: "unknown" };
      }
      throw e;
    }
    var excludes = category.lawExcludes;
    var why = null;
    if (excludes === "always" || (excludes === "unsealed" && condition !== "as_delivered")) {
      why = "excluded";
    } else if (!meets(right.conditions, rules.conditions[condition])) {
      why = "condition";
    }
    return deadline(last, today, why);
  }

  function lastRequestDay(rules, category, start, ordered) {
    var last = start + category.days;
    rules.seasons.forEach(function (season) {
      if (ordered !== null && dayNumber(season.start) <= ordered &&
          ordered <= dayNumber(season.end)) {
        last = Math.max(last, dayNumber(season.returnBy));
      }
    });
    return last;
  }

  // The rules of the policy version in force on the order date (a market's first version for
  // an order before it; today's where that version lacks the category): as
  // eligibility.governing_facts does. ISO dates compare as strings.
  function rulesFor(page, input) {
    var versions = page.versions || [];
    if (!versions.length || !input.ordered) { return page.rules; }
    var chosen = versions[0].rules;
    versions.forEach(function (version) {
      if (version.from <= input.ordered) { chosen = version.rules; }
    });
    if (input.ordered >= page.currentFrom) { chosen = page.rules; }
    return chosen.categories[input.category] ? chosen : page.rules;
  }

  // The answer for input {category, delivered, ordered, condition, reason, today} (ISO dates;
  // ordered may be ""), in the shape of eligibility.Answer.as_json(), or {error: code}.
  function answer(rules, input) {
    var today = dayNumber(input.today);
    var delivered = dayNumber(input.delivered);
    var ordered = dayNumber(input.ordered);
    if (delivered === null) { return { error: "delivered_missing" }; }
    if (ordered === null && rules.needsOrderDate) { return { error: "ordered_missing" }; }
    if (delivered > today) { return { error: "delivered_future" }; }
    if (ordered !== null && ordered > delivered) { return { error: "ordered_after_delivery" }; }
    var category = rules.categories[input.category];
    var met = rules.conditions[input.condition];
    if (!category || !met || REASONS.indexOf(input.reason) < 0) { return { error: "unknown" }; }
    var statutory = statutoryAnswer(rules, category, delivered, input.condition, today);
    var faulty = input.reason !== "changed_mind";
    var policy;
    if (faulty) {
      policy = { possible: true, lastDay: null, daysLeft: null, whyNot: null };
    } else {
      var start = rules.windowStarts === "order" && ordered !== null ? ordered : delivered;
      var why = null;
      if (!category.returnable) {
        why = "category";
      } else if (!meets(category.conditions, met)) {
        why = "condition";
      }
      policy = deadline(lastRequestDay(rules, category, start, ordered), today, why);
    }
    var inStatutory = statutory !== null && statutory.possible;
    var fees = [];
    if (!faulty && policy.possible) {
      if (rules.shipping.changeOfMind === "customer" && rules.labelFee) { fees.push("label_fee"); }
      if (rules.restockingFee && !inStatutory) { fees.push("restocking"); }
    }
    var steps = [];
    if (inStatutory) { steps.push("withdrawal"); }
    if (policy.possible) { steps.push("rma"); }
    if (!steps.length) { steps.push("contact"); }
    var charge = rules.shipping.refundOriginal;
    return {
      statutory: statutory,
      policy: policy,
      exchange: rules.exchanges && policy.possible,
      payer: faulty ? rules.shipping.faulty : rules.shipping.changeOfMind,
      statutoryPayer: rules.statutory ? rules.statutory.returnCost : null,
      fees: fees,
      deliveryChargeRefunded: policy.possible &&
        (charge === "always" || (charge === "defective_or_wrong" && faulty)),
      customs: rules.crossBorder && (policy.possible || inStatutory),
      nextSteps: steps
    };
  }

  // The answer under the version that governs the order, as eligibility.answer_order gives it.
  function answerOrder(page, input) {
    if (input.delivered && !input.ordered && page.asksOrderDate) {
      return { error: "ordered_missing" };
    }
    return answer(rulesFor(page, input), input);
  }

  window.PolicysiteChecker = { answer: answer, answerOrder: answerOrder, todayIn: todayIn };

  // -- the page --------------------------------------------------------------------------
  var form = document.getElementById("ps-checker");
  var data = document.getElementById("ps-checker-data");
  var result = document.getElementById("ps-checker-result");
  if (!form || !data || !result) { return; }
  var page = JSON.parse(data.textContent);
  var text = page.text;
  var dateFormat = new Intl.DateTimeFormat(page.format, {
    dateStyle: "long", timeZone: "UTC", numberingSystem: "latn" });
  var numberFormat = new Intl.NumberFormat(page.format, { numberingSystem: "latn" });

  function fill(pattern, values) {
    return pattern.replace(/%\((\w+)\)s|%%/g, function (all, name) {
      return name ? values[name] : "%";
    });
  }

  function shownDate(iso) {
    return dateFormat.format(new Date(dayNumber(iso) * MS_PER_DAY));
  }

  function add(parent, tag, content, className) {
    var element = document.createElement(tag);
    if (content) { element.textContent = content; }
    if (className) { element.className = className; }
    parent.appendChild(element);
    return element;
  }

  function addLink(parent, href, label) {
    if (!href) { return; }
    var paragraph = add(parent, "p");
    var link = add(paragraph, "a", label);
    link.href = href;
  }

  function showDeadline(section, layer, until, ended, why) {
    if (layer.lastDay && layer.possible) {
      add(section, "p", fill(page.patterns[until], { date: shownDate(layer.lastDay) }),
          "ps-yes");
      add(section, "p", layer.daysLeft === 0 ? text.today_last
        : fill(page.patterns.days_left, { num: numberFormat.format(layer.daysLeft) }));
    } else if (layer.whyNot === "expired") {
      add(section, "p", fill(page.patterns[ended], { date: shownDate(layer.lastDay) }), "ps-no");
    } else if (why) {
      add(section, "p", why, "ps-no");
    }
  }

  function render(input, reply) {
    result.textContent = "";
    var box = add(result, "div", "", "ps-answer");
    var s = reply.statutory;
    if (s) {
      var legal = add(box, "section");
      add(legal, "h3", text.statutory_heading);
      showDeadline(legal, s, "statutory_until", "statutory_ended",
                   s.whyNot === "excluded" ? text.excluded[input.category]
                   : s.whyNot === "condition" ? text.statutory_condition
                   : s.whyNot === "unknown" ? text.statutory_unknown : "");
      if (s.possible) { add(legal, "p", text.statutory_payer); }
    }
    var own = add(box, "section");
    add(own, "h3", text.policy_heading);
    var p = reply.policy;
    if (p.possible && !p.lastDay) { add(own, "p", text.faulty, "ps-yes"); }
    showDeadline(own, p, "policy_until", "policy_ended",
                 p.whyNot === "category" ? text.policy_category
                 : p.whyNot === "condition" ? text.policy_conditions[input.category] : "");
    if (p.possible) {
      add(own, "p", text.payer[reply.payer]);
      reply.fees.forEach(function (fee) { add(own, "p", text[fee]); });
      if (reply.deliveryChargeRefunded) { add(own, "p", text.delivery_charge); }
      if (input.reason === "changed_mind" && text.keep_it) { add(own, "p", text.keep_it); }
      add(own, "p", text.exchange);
    }
    var next = add(box, "section");
    add(next, "h3", text.next_heading);
    reply.nextSteps.forEach(function (step) {
      if (step === "withdrawal") {
        add(next, "p", text.step_withdrawal);
        if (page.links.withdrawal_function) {
          add(next, "p", text.withdrawal_function);
          addLink(next, page.links.withdrawal_function, text.withdrawal_function_label);
        }
        if (page.links.model_form) {
          add(next, "p", text.model_form);
          addLink(next, page.links.model_form, text.model_form_label);
        }
      } else if (step === "rma") {
        add(next, "p", text.step_rma);
        add(next, "p", text.rma_how);
        addLink(next, page.links.rma_request, text.request_online);
        addLink(next, page.links.how_to_return, text.how_to_return);
      } else {
        add(next, "p", text.contact);
        addLink(next, page.links.contact, text.contact_link);
      }
    });
    if (reply.customs) {
      add(next, "p", text.customs);
      addLink(next, page.links.customs, text.customs_link);
    }
  }

  var fields = {
    category: document.getElementById("ps-category"),
    condition: document.getElementById("ps-condition"),
    reason: document.getElementById("ps-reason"),
    delivered: document.getElementById("ps-delivered"),
    ordered: document.getElementById("ps-ordered")
  };
  var ERROR_FIELD = { delivered_missing: "delivered", delivered_future: "delivered",
                      ordered_missing: "ordered", ordered_after_delivery: "ordered" };

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = { today: todayIn(page.rules.timeZone) };
    Object.keys(fields).forEach(function (name) {
      input[name] = fields[name] ? fields[name].value : "";
      if (fields[name]) { fields[name].removeAttribute("aria-invalid"); }
    });
    var reply = answerOrder(page, input);
    if (reply.error) {
      result.textContent = "";
      add(result, "p", text.errors[reply.error] || "", "ps-no");
      var field = fields[ERROR_FIELD[reply.error]];
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.focus();
      }
      return;
    }
    render(input, reply);
  });

  var today = todayIn(page.rules.timeZone);
  fields.delivered.max = today;
  if (fields.ordered) { fields.ordered.max = today; }
  form.hidden = false;
}());
