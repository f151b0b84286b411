"""Video scripts in 15, 30 and 60 second variants: scenes with what to film, timings, on-screen
text and voice-over.

The hook (the merchant's, or one true to the fees) opens every video and fills its first 3
seconds. Each further scene lasts at least as long as its voice-over takes to say at the
language's speaking rate (``speech.py``) and to read as subtitles at its reading speed; scenes
that do not fit a variant are left out in a fixed order of importance (``fit_scenes``), and
spare time is shared out. Longer variants say more, not slower: the 60-second one adds the
legal right, what cannot be returned, how and by when to send the parcel, customs where returns
cross a border, and where the money goes. Every scene carries a shot and a B-roll suggestion
that fit the market's facts (``shots.py``).
"""

from __future__ import annotations

from generator.captions.compose import calls_to_action, hooks
from generator.captions.phrases import Phrases
from generator.captions.pieces import Piece, Scene, Segment
from generator.captions.rules import caption_rules, subtitle_limits
from generator.captions.shots import shot_ids
from generator.captions.speech import speaking_ms
from generator.captions.subtitles import voice_ms
from generator.i18n.catalogs import N_

VARIANTS = (15, 30, 60)
ORDER = ("hook", "window", "law", "cost", "restocking", "exclusions", "start", "ship", "customs",
         "refund", "refund_method", "faulty", "cta")
# Scenes every variant needs (where the market has them; short sentences where time is short),
# then further ones from most to least important, each only with its full sentence.
PLAN: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {
    15: (("hook", "window", "start", "cta"), ()),
    30: (("hook", "window", "cost", "restocking", "start", "cta"), ("faulty", "refund")),
    60: (("hook", "window", "cost", "restocking", "start", "cta"),
         ("law", "exclusions", "ship", "customs", "refund", "faulty", "refund_method")),
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
        "refund": (phrases.overlay_refund(), phrases.refund()),
        "refund_method": (phrases.overlay_refund_to(), phrases.refund_to()),
        "faulty": (phrases.overlay_faulty(), phrases.faulty()),
    }
    scenes = {kind: (overlay, voice, overlay) for kind, (overlay, voice) in overlays.items()}
    scenes["hook"] = (hook, hook, hook)
    scenes["window"] = (fact, phrases.window(), fact)
    scenes["start"] = (phrases.overlay_start(), phrases.start(), phrases.start_short())
    scenes["ship"] = (phrases.overlay_ship(), phrases.ship_with(), phrases.ship())
    law = phrases.statutory()
    if law:
        scenes["law"] = (law, law, law)
    restocking, restocking_overlay = phrases.restocking(), phrases.overlay_restocking()
    if restocking and restocking_overlay:
        scenes["restocking"] = (restocking_overlay, restocking, restocking_overlay)
    exclusions = phrases.exclusions()
    if exclusions:
        overlay = phrases.overlay_exclusions()
        scenes["exclusions"] = (overlay, exclusions, overlay)
    customs = phrases.customs()
    if customs:
        overlay = phrases.overlay_customs()
        scenes["customs"] = (overlay, customs, overlay)
    if cta:
        scenes["cta"] = (cta, cta, cta)
    return scenes


def scene_ms(text: str, locale: str) -> int:
    """The shortest a scene with this voice-over may last: the time to say it and the time to
    read it as subtitles, whichever is longer."""
    return max(MIN_SCENE_MS, speaking_ms(text, locale),
               voice_ms(text, subtitle_limits(locale)))


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


def fit_scenes(seconds: int, full: dict[str, int], short: dict[str, int], hook_ms: int
               ) -> tuple[list[tuple[str, int, int]], dict[str, int]]:
    """The timeline of a variant and which voice-over each scene uses (1 full, 2 short).

    The essential scenes come first: with short sentences where full ones do not all fit, each
    taking its full sentence back, most important first, while all still fit. Further scenes
    are added, most important first, only with their full sentence and only where it fits: a
    scene is worth its time when it says something whole, not a label read out.
    """
    required, optional = PLAN[seconds]
    needs = {kind: short[kind] for kind in required if kind in short}
    which = dict.fromkeys(short, 2) | {kind: 1 for kind in optional if kind in full}
    timeline = plan_scenes(seconds, needs, hook_ms)
    if timeline[-1][2] > seconds * 1000 and "cta" in needs:  # the caption carries it too
        needs.pop("cta")
        timeline = plan_scenes(seconds, needs, hook_ms)
    for kind in required:
        if kind not in needs:
            continue
        trial = {**needs, kind: full[kind]}
        attempt = plan_scenes(seconds, trial, hook_ms)
        if attempt[-1][2] <= seconds * 1000:
            needs, timeline, which[kind] = trial, attempt, 1
    extra = {kind: full[kind] for kind in optional if kind in full}
    return plan_scenes(seconds, {**needs, **extra}, hook_ms), which


def compose_scripts(phrases: Phrases) -> list[Piece]:
    """Three scripts (15, 30, 60 s) for each hook.

    A variant whose essential scenes do not fit with full sentences uses the short ones.
    """
    hook_ms = caption_rules().limits.hook_ms
    ctas = calls_to_action(phrases)
    scripts = []
    for index, hook in enumerate(hooks(phrases) or [phrases.hook()]):
        cta = ctas[index % len(ctas)] if ctas else None
        candidates = _candidates(phrases, hook, cta)
        full, short = ({kind: scene_ms(texts[which].text, phrases.locale)
                        for kind, texts in candidates.items()} for which in (1, 2))
        for seconds in VARIANTS:
            timeline, which = fit_scenes(seconds, full, short, hook_ms)
            texts = _once(phrases, candidates, [kind for kind, _, _ in timeline])
            scenes = tuple(Scene(kind, start, end, texts[kind][0], texts[kind][which[kind]],
                                 *_filming(phrases, kind))
                           for kind, start, end in timeline)
            title = phrases.say(N_("%(seconds)s-second video"), seconds=seconds).text
            scripts.append(Piece(phrases.facts.code, phrases.locale, "script",
                                 f"{index + 1}-{seconds}s", title,
                                 _script_text(phrases, scenes), None, scenes=scenes,
                                 seconds=seconds))
    return scripts


def _filming(phrases: Phrases, kind: str) -> tuple[Segment, Segment]:
    """The shot and the B-roll for a scene of ``kind``, translated."""
    shot, broll = shot_ids(kind, phrases.facts)
    return phrases.say(shot), phrases.say(broll)


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
    """The script as plain text for a video editor: one block per scene, what is seen and said,
    then what to film."""
    labels = [_around(phrases.say(label, text="\x00")) for label in (
        N_("On screen: %(text)s"), N_("Voice-over: %(text)s"), N_("Shot: %(text)s"),
        N_("B-roll: %(text)s"))]
    segments: list[Segment] = []
    for number, scene in enumerate(scenes):
        if number:
            segments.append(Segment("\n\n"))
        segments.append(Segment(f"{clock(scene.start_ms)}–{clock(scene.end_ms)}"))
        for (before, after), text in zip(labels, (scene.overlay, scene.voice, scene.shot,
                                                   scene.broll), strict=True):
            segments += [Segment("\n"), before, text, after]
    return tuple(segments)


def _around(label: Segment) -> tuple[Segment, Segment]:
    """The translated text before and after a label's placeholder (marked by a NUL)."""
    before, _, after = label.text.partition("\x00")
    return (Segment(before, language=label.language, msgid=label.msgid),
            Segment(after, language=label.language, msgid=label.msgid))
