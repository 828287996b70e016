"""Scoring formulas such as ``(b / a) * 1 + (c / a) * 0.5``: parsed, never run as code.

The text is parsed with Python's ``ast`` into a tree and only these nodes are accepted: numbers,
names, ``+ - * /``, unary minus, parentheses, and calls to ``min``/``max``. Anything else is an error
naming the formula.
"""

from __future__ import annotations

import ast
import operator
from functools import lru_cache

from compliance.i18n import M

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_FUNCS = {"min": min, "max": max}


class FormulaError(ValueError):
    """A formula that is not in the allowed language, or that uses an unknown name."""


@lru_cache(maxsize=256)
def parse(text: str) -> ast.Expression:
    """Parse and check a formula; FormulaError when it uses anything but the allowed nodes."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(M("formula '{text}' cannot be read at character {column}", text=text, column=exc.offset or 1)) from None
    for node in ast.walk(tree):
        allowed = isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.UAdd, ast.Name,
                                    ast.Load, ast.Call, *_BINARY))
        allowed = allowed or (isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
                              and not isinstance(node.value, bool))
        if isinstance(node, ast.Call):
            allowed = isinstance(node.func, ast.Name) and node.func.id in _FUNCS and not node.keywords
        if not allowed:
            raise FormulaError(M("formula '{text}': '{node}' is not allowed (only numbers, names, + - * /, min, max)",
                                 text=text, node=type(node).__name__))
    return tree


def names(text: str) -> set[str]:
    """Input names a formula uses (function names excluded)."""
    tree = parse(text)
    funcs = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - funcs


def divisors(text: str) -> set[str]:
    """Input names used in a denominator (on the right of a ``/``): ``2 * b / a`` → {"a"}."""
    tree = parse(text)
    return {n.id for d in ast.walk(tree) if isinstance(d, ast.BinOp) and isinstance(d.op, ast.Div)
            for n in ast.walk(d.right) if isinstance(n, ast.Name)}


def evaluate(text: str, values: dict[str, float]) -> float:
    """Compute a formula. ZeroDivisionError propagates (the caller decides what a zero means)."""

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise FormulaError(M("formula '{text}' uses '{name}', which is not among its inputs", text=text, name=node.id))
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            value = walk(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Call):
            return _FUNCS[node.func.id](*(walk(a) for a in node.args))
        raise FormulaError(M("formula '{text}': unexpected '{node}'", text=text, node=type(node).__name__))

    return float(walk(parse(text)))
