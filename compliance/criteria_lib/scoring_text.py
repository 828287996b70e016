"""Scoring methods ↔ the "Cách chấm" text of a criteria table.

Reading (:func:`parse_scoring`) takes the wording real annex tables use; writing (:func:`render_scoring`)
produces a text that reads back to exactly the same structure, so a set survives Excel → YAML → Excel.

Band wording and its boundaries (as in Cà Mau QĐ 1880/QĐ-UBND 2013, shared/reference/par-index.md §9):

- "trên a" → strictly above a; "dưới b" → strictly below b;
- "từ a đến dưới b" → a included, b excluded; "từ a% - b%" and "từ a đến b" → both included;
- "trên a đến b" → a excluded, b included; "từ a trở lên" → a or more; "từ b trở xuống", "không quá b" → b or less;
- "đạt a", "bằng a" → exactly a; symbols "≥ a", "> a", "≤ b", "< b" joined by "và";
- points after ":" (or "→", "="), written "2", "0,5", "1,5 điểm", "−1 điểm".

Other shapes: "Theo kết quả:" items "kịp thời: 1; không kịp thời: 0,5" (choice); "Trừ 0,25 điểm cho mỗi
trường hợp, thấp nhất 0 điểm" (per item); "Công thức: (b/a)×1 + (c/a)×0,5" (formula, with "Mẫu số bằng 0:
1 điểm"); "Điều tra xã hội học" (survey); "Tự đánh giá: …" (manual). Anything else is kept as text and
the node is scored manually (from the self-assessment with evidence); the caller reports it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from compliance import formula as formulas
from compliance.i18n import M, Message
from compliance.io.vnparse import VnParseError, normalize_key, parse_number
from compliance.model.criteria import (Band, BandsScoring, ChoiceScoring, FormulaScoring, ManualScoring,
                                       PerItemScoring, SurveyScoring)

NUM = r"[-−]?\s?\d+(?:[.,]\d+)*"
PREFIX_BANDS = "Theo mức:"
PREFIX_CHOICE = "Theo kết quả:"
PREFIX_FORMULA = "Công thức:"
PREFIX_MANUAL = "Tự đánh giá"
SURVEY_TEXT = "Điều tra xã hội học"
WHEN_ZERO = "Mẫu số bằng 0:"
RANGE_LINE = "Phạm vi:"


class ScoringTextError(ValueError):
    """The text has a known shape but a part of it cannot be read (message says which part)."""


@dataclass
class Parsed:
    """What :func:`parse_scoring` read: ``scoring`` (None for an empty text), ``note`` (why the text was
    kept as manual, or which placeholder input was set; None when read cleanly)."""

    scoring: object | None
    note: Message | None = None


def fmt_number(value: float) -> str:
    """A number the Vietnamese way with every digit kept: 2 → "2", 0.5 → "0,5", -1 → "-1"."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value)).replace(".", ",")


def read_number(text: str) -> float:
    """"0,5", "1.5", "−1", "2 điểm" → float; ScoringTextError otherwise."""
    cleaned = re.sub(r"(?i)\s*(điểm|đ)\s*$", "", text.strip()).replace("–", "-").replace(" ", "")
    cleaned = re.sub(r"^(?i:được)", "", cleaned)
    try:
        return float(parse_number(cleaned).value)
    except (VnParseError, ValueError):
        raise ScoringTextError(M("'{text}' is not a number of points", text=text.strip())) from None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# -- band conditions --------------------------------------------------------------------------------

def _n(text: str) -> float:
    return float(parse_number(text.replace("–", "-").replace(" ", "")).value)


_RANGE = [
    (re.compile(rf"từ\s*({NUM})\s*%?\s*(?:đến|tới)\s*dưới\s*({NUM})"), True, False),
    (re.compile(rf"từ\s*({NUM})\s*%?\s*(?:-|–|—|đến|tới)\s*({NUM})"), True, True),
    (re.compile(rf"trên\s*({NUM})\s*%?\s*(?:đến|tới|-|–|—)\s*dưới\s*({NUM})"), False, False),
    (re.compile(rf"trên\s*({NUM})\s*%?\s*(?:-|–|—|đến|tới)\s*({NUM})"), False, True),
]
_UPWARD = re.compile(rf"(?:từ\s*)?({NUM})\s*%?[^\d]*?\btrở\s+lên")
_DOWNWARD = re.compile(rf"(?:từ\s*)?({NUM})\s*%?[^\d]*?\btrở\s+xuống|không\s+quá\s*({NUM})")
_ABOVE = re.compile(rf"trên\s*({NUM})")
_BELOW = re.compile(rf"dưới\s*({NUM})")
_EXACT = re.compile(rf"(?:đạt|bằng)\s*({NUM})\s*%?")
_SYMBOL = re.compile(rf"(≥|>=|>|≤|<=|<)\s*({NUM})")


def parse_condition(text: str) -> tuple[float | None, bool, float | None, bool] | None:
    """Bounds of one band condition: (min, min_inclusive, max, max_inclusive), None where unbounded;
    None when the text states no condition. Words around the numbers are ignored ("Thực hiện trên
    90% kế hoạch" → (90, False, None, True))."""
    t = _nfc(text).lower().replace("%", " % ").replace("  ", " ")
    t = re.sub(r"\s+", " ", t)
    if t.strip() == "mọi giá trị":
        return None, True, None, True
    symbols = _SYMBOL.findall(t)
    if symbols:
        lo = hi = None
        lo_i = hi_i = True
        for op, value in symbols:
            v = _n(value)
            if op in ("≥", ">="):
                lo, lo_i = v, True
            elif op == ">":
                lo, lo_i = v, False
            elif op in ("≤", "<="):
                hi, hi_i = v, True
            else:
                hi, hi_i = v, False
        return lo, lo_i, hi, hi_i
    for pattern, lo_i, hi_i in _RANGE:
        m = pattern.search(t)
        if m:
            return _n(m.group(1)), lo_i, _n(m.group(2)), hi_i
    m = _UPWARD.search(t)
    if m:
        return _n(m.group(1)), True, None, True
    m = _DOWNWARD.search(t)
    if m:
        return None, True, _n(m.group(1) or m.group(2)), True
    m_above, m_below = _ABOVE.search(t), _BELOW.search(t)
    if m_above and m_below:
        return _n(m_above.group(1)), False, _n(m_below.group(1)), False
    if m_above:
        return _n(m_above.group(1)), False, None, True
    if m_below:
        return None, True, _n(m_below.group(1)), False
    m = _EXACT.search(t)
    if m:
        v = _n(m.group(1))
        return v, True, v, True
    return None


def _bounds(b: Band) -> tuple:
    return (b.min, b.min_inclusive if b.min is not None else True, b.max, b.max_inclusive if b.max is not None else True)


def symbolic(b: Band, percent: bool) -> str:
    """"≥ 30%", "≥ 20% và < 30%", "mọi giá trị" for a band with no bound."""
    pct = "%" if percent else ""
    parts = []
    if b.min is not None:
        parts.append(f"{'≥' if b.min_inclusive else '>'} {fmt_number(b.min)}{pct}")
    if b.max is not None:
        parts.append(f"{'≤' if b.max_inclusive else '<'} {fmt_number(b.max)}{pct}")
    return " và ".join(parts) or "mọi giá trị"


# -- items --------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-+•*·–]|[a-zđ]\)|\d+\))\s*", re.IGNORECASE)
_SPLIT_POINTS = re.compile(r"^(.*)(?::|→|=>|=)\s*((?:được\s*)?[-−–]?\s?\d+(?:[.,]\d+)*\s*(?:điểm|đ)?)\s*\.?$", re.IGNORECASE | re.DOTALL)


def split_items(text: str) -> list[str]:
    """Lines of a scoring text split on new lines and ';', bullets removed, empty lines dropped."""
    items = []
    for line in re.split(r"[\n;]", text):
        line = _BULLET.sub("", line).strip()
        if line:
            items.append(line)
    return items


def split_points(item: str) -> tuple[str, float] | None:
    """"trên 90%: 2 điểm" → ("trên 90%", 2.0); None when the item ends with no points."""
    m = _SPLIT_POINTS.match(item.strip())
    if not m:
        return None
    try:
        return m.group(1).strip(), read_number(m.group(2))
    except ScoringTextError:
        return None


def _strip_prefix(text: str, prefix: str) -> str | None:
    """The text after ``prefix`` and its colon ("Theo mức: …" → "…"), or None when the text does not start
    with the prefix words followed by ':' , a line break or the end (case-insensitive)."""
    words = re.escape(prefix.rstrip(":").lower())
    m = re.match(rf"^\s*{words}[ \t]*(?::[ \t]*|(?=\n)|$)", text.lower())
    if not m:
        return None
    return text[m.end():].lstrip("\n") if text[m.end():].startswith("\n") else text[m.end():]


def _has_percent(conditions: list[str]) -> bool:
    return any("%" in c for c in conditions)


def _range_line(lines: list[str]) -> tuple[list[str], tuple[float, float | None] | None]:
    out, rng = [], None
    for line in lines:
        rest = _strip_prefix(line, RANGE_LINE)
        if rest is not None:
            m = re.match(rf"từ\s*({NUM})\s*(?:đến\s*({NUM})|,?\s*không giới hạn trên)", rest.strip(), re.IGNORECASE)
            if not m:
                raise ScoringTextError(M("range line '{line}' is not 'Phạm vi: từ a đến b' or 'Phạm vi: từ a, không giới hạn "
                                         "trên'", line=line))
            rng = (_n(m.group(1)), _n(m.group(2)) if m.group(2) else None)
        else:
            out.append(line)
    return out, rng


def _bands_from_items(items: list[str]) -> tuple[list[Band], list[str]] | None:
    bands, conds = [], []
    for item in items:
        split = split_points(item)
        if split is None:
            return None
        cond, points = split
        label = None
        m = re.match(r"^(.*?)\s*\[([^\[\]]*)\]$", cond, re.DOTALL)
        if m:
            bounds = parse_condition(m.group(2))
            label = m.group(1).strip() or None
            if bounds is None:
                return None
        else:
            bounds = parse_condition(cond)
            if bounds is None:
                return None
        lo, lo_i, hi, hi_i = bounds
        band = Band(min=lo, min_inclusive=lo_i, max=hi, max_inclusive=hi_i, points=points)
        if not m and cond not in (symbolic(band, True), symbolic(band, False)):
            label = cond
        bands.append(band.model_copy(update={"label": label}))
        conds.append(cond)
    return bands, conds


def _choices_from_items(items: list[str]) -> dict[str, float] | None:
    choices: dict[str, float] = {}
    for item in items:
        split = split_points(item)
        if split is None or not split[0] or split[0] in choices:
            return None
        choices[split[0]] = split[1]
    return choices


_PER_ITEM = re.compile(rf"trừ\s*({NUM})", re.IGNORECASE)
_EACH = re.compile(r"\bmỗi\b|/\s*(?:báo cáo|trường hợp|lần|hồ sơ|văn bản)", re.IGNORECASE)
_FLOOR = re.compile(rf"(?:thấp nhất|tối thiểu|không thấp hơn)\s*(?:là\s*)?({NUM})", re.IGNORECASE)


def _placeholder(node_id: str, name: str | None = None) -> str:
    return "input_" + node_id.replace(".", "_") + (f"_{name}" if name else "")


def parse_scoring(text: str | None, node_id: str, inputs_cell: str | None = None) -> Parsed:
    """Read a "Cách chấm" text (with the "Dữ liệu đầu vào" cell, if any) into a scoring method.

    Returns :class:`Parsed`; ``note`` says when the text was kept as manual text, or when an input had
    to be given a placeholder name (``input_<id>``) because the table names none.
    """
    text = _nfc(text or "").strip()
    inputs_cell = _nfc(inputs_cell or "").strip() or None
    if not text:
        return Parsed(None)
    manual = _strip_prefix(text, PREFIX_MANUAL)
    if manual is not None:
        return Parsed(ManualScoring(method="manual", text=manual or None))
    if normalize_key(text).startswith(normalize_key(SURVEY_TEXT)) and len(split_items(text)) == 1:
        return Parsed(SurveyScoring(method="survey", input=inputs_cell))
    kept = Parsed(ManualScoring(method="manual", text=text))
    note_input = None

    def single_input() -> str:
        nonlocal note_input
        if inputs_cell:
            return inputs_cell
        note_input = M("no input named (column 'Dữ liệu đầu vào'): set to '{name}'", name=_placeholder(node_id))
        return _placeholder(node_id)

    formula_text = _strip_prefix(text, PREFIX_FORMULA)
    if formula_text is not None:
        lines = [line.strip() for line in formula_text.split("\n") if line.strip()]
        if not lines:
            return Parsed(kept.scoring, M("formula is empty: kept as text, scored manually"))
        expr = re.split(r";|\btrong đó\b|\bvới\b", lines[0])[0].strip().rstrip(".,; ")
        expr = re.sub(r"(?<=[\d)])\s*[xX]\s*(?=[\d(])", " * ", expr.replace("×", "*"))
        expr = re.sub(r"(\d),(\d)", r"\1.\2", expr.replace("÷", "/").replace(":", "/").replace("−", "-"))
        try:
            names = sorted(formulas.names(expr))
        except formulas.FormulaError as exc:
            return Parsed(kept.scoring, M("formula not readable ({reason}): kept as text, scored manually", reason=exc))
        when_zero = None
        for line in lines[1:]:
            rest = _strip_prefix(line, WHEN_ZERO)
            if rest is not None:
                try:
                    when_zero = read_number(rest)
                except ScoringTextError:
                    return Parsed(kept.scoring, M("'{line}' is not 'Mẫu số bằng 0: n điểm': kept as text, scored manually",
                                                  line=line))
        inputs = {}
        if inputs_cell:
            for part in re.split(r"[;\n]", inputs_cell):
                if part.strip():
                    if "=" not in part:
                        return Parsed(kept.scoring, M("inputs '{inputs}' are not 'a = metric; b = metric': kept as text",
                                                      inputs=inputs_cell))
                    k, v = (s.strip() for s in part.split("=", 1))
                    inputs[k] = v
        else:
            inputs = {n: _placeholder(node_id, n) for n in names}
            note_input = M("no inputs named (column 'Dữ liệu đầu vào'): set to {inputs}",
                           inputs=", ".join(f"{k} = {v}" for k, v in inputs.items()))
        if not inputs:
            return Parsed(kept.scoring, M("formula has no inputs: kept as text, scored manually"))
        return Parsed(FormulaScoring(method="formula", formula=expr, inputs=inputs, when_zero=when_zero), note_input)

    bands_text = _strip_prefix(text, PREFIX_BANDS)
    choice_text = _strip_prefix(text, PREFIX_CHOICE)
    body = bands_text if bands_text is not None else choice_text if choice_text is not None else text
    lines = [line for line in body.split("\n")]
    try:
        lines, rng = _range_line(lines)
    except ScoringTextError as exc:
        return Parsed(kept.scoring, M("{reason}: kept as text, scored manually", reason=exc))
    items = split_items("\n".join(lines))
    if choice_text is None and bands_text is None:
        per_item = _PER_ITEM.findall(text)
        if len(per_item) == 1 and _EACH.search(text) and not any(split_points(i) for i in items):
            floor = _FLOOR.search(text)
            try:
                penalty = abs(_n(per_item[0]))
                floor_value = _n(floor.group(1)) if floor else 0.0
            except (VnParseError, ValueError):
                return Parsed(kept.scoring, M("per-item penalty not readable: kept as text, scored manually"))
            if penalty > 0:
                return Parsed(PerItemScoring(method="per_item", input=single_input(), penalty=penalty, floor=floor_value), note_input)
    if not items:
        return Parsed(kept.scoring, M("no scoring items: kept as text, scored manually"))
    if choice_text is None:
        bands = _bands_from_items(items)
        if bands is not None:
            band_list, conds = bands
            rng = rng or ((0.0, 100.0) if _has_percent(conds) else (0.0, None))
            return Parsed(BandsScoring(method="bands", input=single_input(), range=rng, bands=band_list), note_input)
        if bands_text is not None:
            return Parsed(kept.scoring, M("'Theo mức' items are not all 'condition: points': kept as text, scored manually"))
    choices = _choices_from_items(items)
    if choices is not None and choice_text is None and any(parse_condition(k) is not None for k in choices):
        return Parsed(kept.scoring, M("some items read as bands and some do not: kept as text, scored manually"))
    if choices is not None and (len(choices) >= 2 or choice_text is not None):
        return Parsed(ChoiceScoring(method="choice", input=single_input(), choices=choices), note_input)
    return Parsed(kept.scoring, M("scoring text is not in a known shape (bands, choice, per item, formula, survey): "
                                  "kept as text, scored manually"))


def render_scoring(scoring) -> tuple[str, str]:
    """(text for "Cách chấm", text for "Dữ liệu đầu vào") that :func:`parse_scoring` reads back unchanged."""
    if scoring is None:
        return "", ""
    m = scoring.method
    if m == "manual":
        return (f"{PREFIX_MANUAL}: {scoring.text}" if scoring.text else PREFIX_MANUAL), ""
    if m == "survey":
        return SURVEY_TEXT, scoring.input or ""
    if m == "per_item":
        return (f"Trừ {fmt_number(scoring.penalty)} điểm cho mỗi trường hợp, thấp nhất {fmt_number(scoring.floor)} điểm",
                scoring.input)
    if m == "formula":
        text = f"{PREFIX_FORMULA} {scoring.formula}"
        if scoring.when_zero is not None:
            text += f"\n{WHEN_ZERO} {fmt_number(scoring.when_zero)} điểm"
        return text, "; ".join(f"{k} = {v}" for k, v in scoring.inputs.items())
    if m == "choice":
        return PREFIX_CHOICE + "\n" + "\n".join(f"- {k}: {fmt_number(v)} điểm" for k, v in scoring.choices.items()), scoring.input
    # bands
    percent = tuple(scoring.range) == (0.0, 100.0)
    lines, conds = [], []
    for b in scoring.bands:
        sym = symbolic(b, percent)
        if b.label is None:
            cond = sym
        else:
            parsed = parse_condition(b.label) if "[" not in b.label and "]" not in b.label else None
            same = parsed is not None and parsed == _bounds(b) and b.label not in (symbolic(b, True), symbolic(b, False))
            same = same and split_points(f"{b.label}: 0") == (b.label, 0.0) and split_items(b.label) == [b.label]
            cond = b.label if same else f"{b.label} [{sym}]"
        conds.append(cond)
        lines.append(f"- {cond}: {fmt_number(b.points)} điểm")
    text = PREFIX_BANDS + "\n" + "\n".join(lines)
    inferred = (0.0, 100.0) if _has_percent(conds) else (0.0, None)
    if tuple(scoring.range) != inferred:
        lo, hi = scoring.range
        text += f"\n{RANGE_LINE} từ {fmt_number(lo)}" + (f" đến {fmt_number(hi)}" if hi is not None else ", không giới hạn trên")
    return text, scoring.input


__all__ = ["parse_scoring", "render_scoring", "parse_condition", "fmt_number", "Parsed", "ScoringTextError", "math"]
