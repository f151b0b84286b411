"""Video scripts in 15, 30 and 60 second variants: scenes, timings, overlays and voice-over.

The hook (the merchant's, or one true to the fees) opens every video and fills its first 3
seconds. Each further scene lasts at least as
long as its voice-over takes to read as subtitles at the language's reading speed; scenes that do
not fit a variant are left out in a fixed order of importance, and spare time is shared out.
"""

from __future__ import annotations

from generator.captions.compose import calls_to_action, hooks
from generator.captions.phrases import Phrases
from generator.captions.pieces import Piece, Scene, Segment
from generator.captions.rules import caption_rules, subtitle_limits
from generator.captions.subtitles import voice_ms
from generator.i18n.catalogs import N_

VARIANTS = (15, 30, 60)
ORDER = ("hook", "window", "law", "cost", "exclusions", "start", "ship", "refund", "faulty",
         "cta")
# Scenes every variant needs, then optional ones from most to least important.
PLAN: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {
    15: (("hook", "window", "start"), ("cta",)),
    30: (("hook", "window", "cost", "start"), ("faulty", "cta", "refund")),
    60: (("hook", "window", "cost", "start"),
         ("law", "faulty", "refund", "cta", "exclusions", "ship")),
}
MIN_SCENE_MS = 1500
GRID_MS = 100


def _up(ms: int) -> int:
    return -(-ms // GRID_MS) * GRID_MS


def _candidates(phrases: Phrases, hook: Segment, cta: Segment | None
                ) -> dict[str, tuple[Segment, Segment, Segment]]:
    """(overlay, voice-over, short voice-over) per scene kind this market has something for."""
    fact = phrases.key_fact()
    overlays = {
        "cost": (phrases.overlay_cost(), phrases.cost()),
        "ship": (phrases.overlay_ship(), phrases.ship()),
        "refund": (phrases.overlay_refund(), phrases.refund()),
        "faulty": (phrases.overlay_faulty(), phrases.faulty()),
    }
    scenes = {kind: (overlay, voice, overlay) for kind, (overlay, voice) in overlays.items()}
    scenes["hook"] = (hook, hook, hook)
    scenes["window"] = (fact, phrases.window(), fact)
    scenes["start"] = (phrases.overlay_start(), phrases.start(), phrases.start_short())
    law = phrases.statutory()
    if law:
        scenes["law"] = (law, law, law)
    exclusions = phrases.exclusions()
    if exclusions:
        overlay = phrases.overlay_exclusions()
        scenes["exclusions"] = (overlay, exclusions, overlay)
    if cta:
        scenes["cta"] = (cta, cta, cta)
    return scenes


def plan_scenes(seconds: int, needs: dict[str, int], hook_ms: int) -> list[tuple[str, int, int]]:
    """(kind, start, end) for a variant, given the time each available scene needs."""
    total = seconds * 1000
    required, optional = PLAN[seconds]
    chosen = [kind for kind in required if kind in needs]
    durations = {kind: max(MIN_SCENE_MS, _up(needs[kind])) for kind in needs}
    durations["hook"] = max(hook_ms, _up(needs["hook"]))
    used = sum(durations[kind] for kind in chosen)
    for kind in optional:
        if kind in needs and used + durations[kind] <= total:
            chosen.append(kind)
            used += durations[kind]
    chosen.sort(key=ORDER.index)
    rest = [kind for kind in chosen if kind != "hook"]
    slack = max(0, total - used)
    weight = sum(durations[kind] for kind in rest) or 1
    for kind in rest:
        durations[kind] += slack * durations[kind] // weight // GRID_MS * GRID_MS
    if rest and slack:
        durations[rest[-1]] += total - sum(durations[kind] for kind in chosen)
    timeline, start = [], 0
    for kind in chosen:
        timeline.append((kind, start, start + durations[kind]))
        start += durations[kind]
    return timeline


def compose_scripts(phrases: Phrases) -> list[Piece]:
    """Three scripts (15, 30, 60 s) for each hook.

    A variant whose essential scenes do not fit with full sentences uses the short ones.
    """
    limits = subtitle_limits(phrases.locale)
    hook_ms = caption_rules().limits.hook_ms
    ctas = calls_to_action(phrases)
    scripts = []
    for index, hook in enumerate(hooks(phrases) or [phrases.hook()]):
        cta = ctas[index % len(ctas)] if ctas else None
        candidates = _candidates(phrases, hook, cta)
        needs = [{kind: voice_ms(texts[which].text, limits)
                  for kind, texts in candidates.items()} for which in (1, 2)]
        for seconds in VARIANTS:
            which = 1
            timeline = plan_scenes(seconds, needs[0], hook_ms)
            if timeline[-1][2] > seconds * 1000:
                which, timeline = 2, plan_scenes(seconds, needs[1], hook_ms)
            texts = _once(phrases, candidates, [kind for kind, _, _ in timeline])
            scenes = tuple(Scene(kind, start, end, texts[kind][0], texts[kind][which])
                           for kind, start, end in timeline)
            title = phrases.say(N_("%(seconds)s-second video"), seconds=seconds).text
            scripts.append(Piece(phrases.facts.code, phrases.locale, "script",
                                 f"{index + 1}-{seconds}s", title,
                                 _script_text(phrases, scenes), None, scenes=scenes,
                                 seconds=seconds))
    return scripts


def _once(phrases: Phrases, candidates: dict[str, tuple[Segment, Segment, Segment]],
          kinds: list[str]) -> dict[str, tuple[Segment, Segment, Segment]]:
    """The chosen scenes' texts with each fact on screen (and in the short voice-over) once:
    where a cost scene follows, the window scene shows the window alone, not "Free returns
    within 30 days." before "Free return shipping"."""
    overlay, voice, short = candidates["window"]
    if "cost" not in kinds or not overlay.facts & candidates["cost"][0].facts:
        return candidates
    alone = phrases.window_short()
    return {**candidates, "window": (alone, voice, alone if short is overlay else short)}


def clock(ms: int) -> str:
    """0:04.5 — minutes, seconds and tenths."""
    minutes, rest = divmod(ms, 60_000)
    return f"{minutes}:{rest // 1000:02d}.{rest % 1000 // 100}"


def _script_text(phrases: Phrases, scenes: tuple[Scene, ...]) -> tuple[Segment, ...]:
    """The script as plain text for a video editor: one block per scene."""
    on_screen = _around(phrases.say(N_("On screen: %(text)s"), text="\x00"))
    voice = _around(phrases.say(N_("Voice-over: %(text)s"), text="\x00"))
    segments: list[Segment] = []
    for number, scene in enumerate(scenes):
        if number:
            segments.append(Segment("\n\n"))
        segments.append(Segment(f"{clock(scene.start_ms)}–{clock(scene.end_ms)}\n"))
        segments += [on_screen[0], scene.overlay, on_screen[1], Segment("\n")]
        segments += [voice[0], scene.voice, voice[1]]
    return tuple(segments)


def _around(label: Segment) -> tuple[Segment, Segment]:
    """The translated text before and after a label's placeholder (marked by a NUL)."""
    before, _, after = label.text.partition("\x00")
    return (Segment(before, language=label.language, msgid=label.msgid),
            Segment(after, language=label.language, msgid=label.msgid))
