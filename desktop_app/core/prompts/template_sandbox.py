"""A Jinja sandbox for chat templates that always ends: bounded in steps, time and size.

A chat template is code from a model file. Jinja's sandbox keeps it from reaching outside
(no private attributes, no changing what it is given) but not from running forever or
filling memory: a nested loop never ends, and `'x' * 10**9` builds a gigabyte. So:
- steps and time: every pass of a loop and every macro call counts a step (the compiler
  adds the count to their bodies); a render stops after MAX_STEPS steps or MAX_SECONDS.
  Nothing else in a template repeats: Jinja's sandbox caps range() at 100,000 items;
- size: no value may grow past MAX_CHARS characters. What could build one in a single step
  is checked before it runs: `*`, `**`, `+` and `%`; a call or filter given a number past
  MAX_CHARS (center(10**9)); replace, join, indent, expandtabs and format, whose result
  multiplies sizes; printing or stringifying a container. Everything a call, filter, `~` or
  `{% set %}` block returns, and the output itself, is checked after.
Past a limit, TemplateLimitError says which. Intercepted operators are also not folded at
compile time, so `{{ 'x' * 10**9 }}` cannot blow up while compiling either.
"""

from __future__ import annotations

import functools
import re
import time
from contextvars import ContextVar
from typing import Any, Callable, Iterable, Mapping

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.ext import Extension
from jinja2.nodes import Concat
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from desktop_app.core.prompts.prompt_size import MAX_PROMPT_CHARS

MAX_STEPS = 1_000_000  # loop passes and macro calls; a chat of n messages takes a few times n
MAX_SECONDS = 2.0
MAX_CHARS = 2 * MAX_PROMPT_CHARS  # any value, and the rendered prompt: room for a template that repeats its input
MAX_INT_BITS = 65_536  # about 20,000 digits
_CHECK_CLOCK_EVERY = 256  # steps
_COUNT_STEP = "count_step"  # BoundedSandbox's method, called first in every loop and macro body
_FORMAT_WIDTHS = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d*))?|\{[^{}]*?:[^{}]*?(\d+)[^{}]*\}")


class TemplateLimitError(Exception):
    """The template went past a step, time or size limit."""


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment plus the limits; render with render_bounded()."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_printable, **options)
        self.code_generator_class = _BoundedCodeGenerator
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        """Jinja's hook between parsing and code generation: each loop and macro body counts a step."""
        for node in source.find_all((nodes.For, nodes.Macro, nodes.CallBlock)):
            node.body.insert(0, nodes.ExprStmt(nodes.EnvironmentAttribute(_COUNT_STEP), lineno=node.lineno))
        return super()._generate(source, name, filename, defer_init)

    def count_step(self) -> None:
        budget = _budget.get()
        if budget is not None:
            budget.step()

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override] # joins block and macro output
        return _bounded_join(parts)

    def add_filter(self, name: str, function: Callable[..., Any]) -> None:
        self.filters[name] = _bounded_filter(name, function)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "+" and type(left) is str and type(right) is str:  # most of a template's work
            if len(left) + len(right) > MAX_CHARS:
                raise TemplateLimitError(f"it would build a value of more than {MAX_CHARS:,} characters")
            return left + right
        _check_binop(operator, left, right)
        return checked(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's form
        args = _check_call(__obj, args, kwargs)
        return checked(super().call(__context, __obj, *args, **kwargs))

    def checked(self, value: Any) -> Any:
        return checked(value)


class GenerationTags(Extension):
    """{% generation %}...{% endgeneration %}, with which transformers' templates mark the
    assistant's text for training: the body renders as it is, as in transformers and llama-cpp-python."""

    tags = {"generation"}

    def parse(self, parser: Any) -> nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.Scope(body, lineno=lineno)


def render_bounded(template: Any, variables: Mapping[str, Any]) -> str:
    """template.render(variables) within MAX_STEPS and MAX_SECONDS (the size limits are the environment's)."""
    token = _budget.set(_StepBudget(MAX_STEPS, MAX_SECONDS))
    try:
        return template.render(variables)
    finally:
        _budget.reset(token)


def checked(value: Any) -> Any:
    """value, unless it is a string or container larger than MAX_CHARS."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) and len(value) > MAX_CHARS:
        raise TemplateLimitError(f"it built a value of more than {MAX_CHARS:,} characters")
    return value


# -- steps and time ---------------------------------------------------------------------


class _StepBudget:
    def __init__(self, steps: int, seconds: float) -> None:
        self.steps = steps
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def step(self) -> None:
        self.steps -= 1
        if self.steps <= 0:
            raise TemplateLimitError(f"it ran more than {MAX_STEPS:,} steps")
        if self.steps % _CHECK_CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
            raise TemplateLimitError(f"it ran for more than {self.seconds:g} seconds")


_budget: ContextVar[_StepBudget | None] = ContextVar("template_step_budget", default=None)


# -- sizes --------------------------------------------------------------------------------


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, except that the step count is a direct call and `a ~ b` is size-checked."""

    def visit_ExprStmt(self, node: nodes.ExprStmt, frame: Frame) -> None:
        if isinstance(node.node, nodes.EnvironmentAttribute) and node.node.name == _COUNT_STEP:
            self.writeline(f"environment.{_COUNT_STEP}()", node)  # a plain call: it runs on every pass
        else:
            super().visit_ExprStmt(node, frame)

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


def _bounded_join(parts: Iterable[str]) -> str:
    kept: list[str] = []
    total = 0
    for part in parts:
        total += len(part)
        if total > MAX_CHARS:
            raise TemplateLimitError(f"its output grew past {MAX_CHARS:,} characters")
        kept.append(part)
    return "".join(kept)


def _printable(value: Any) -> Any:
    """Environment.finalize: `{{ value }}` prints str(value), which for a container can be huge."""
    if not isinstance(value, str):
        _check_length(value)
    return value


def _length(value: Any, limit: int = MAX_CHARS) -> int:
    """About how long str(value) is; stops counting past limit."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    if isinstance(value, Mapping):
        value = [item for pair in value.items() for item in pair]
    if isinstance(value, (list, tuple, set, frozenset)):
        total = 2
        for item in value:
            total += _length(item, limit - total) + 2
            if total > limit:
                break
        return total
    return 8


def _check_length(value: Any, times: int = 1) -> None:
    if times > 0 and _length(value, MAX_CHARS // times + 1) * times > MAX_CHARS:
        raise TemplateLimitError(f"it would build a value of more than {MAX_CHARS:,} characters")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateLimitError("it computed a number too large")
        elif isinstance(right, int):
            _check_length(left, right)
        elif isinstance(left, int):
            _check_length(right, left)
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if left.bit_length() * right > MAX_INT_BITS:
                raise TemplateLimitError("it computed a number too large")
    elif operator == "+":
        if not (isinstance(left, (int, float)) and isinstance(right, (int, float))):
            _check_length([left, right])
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right)


def _check_format(template: str, arguments: Any) -> None:
    for match in _FORMAT_WIDTHS.finditer(template):
        if any(width and int(width) > MAX_CHARS for width in match.groups()):
            raise TemplateLimitError("it formatted a value wider than the size limit")
    _check_length([template, arguments])


def _check_numbers(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and abs(arg) > MAX_CHARS:
            raise TemplateLimitError(f"it passed the number {arg} where a size goes")


def _check_call(function: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[Any, ...]:
    """Before a method or global runs: numbers, and the str methods whose result multiplies
    sizes. Returns the arguments to call with (a join's items as a list, to be measured)."""
    _check_numbers((*args, *kwargs.values()))
    owner = getattr(getattr(function, "__wrapped__", function), "__self__", None)
    if isinstance(owner, str):
        name = getattr(function, "__name__", "")
        if name == "join" and args:
            args = (_measured_items(args[0]), *args[1:])
        _check_str_method(name, owner, args, kwargs)
    return args


def _measured_items(items: Any) -> Any:
    """A join's items as a sized collection (a generator from map() cannot be measured)."""
    return items if isinstance(items, (list, tuple, set, frozenset, dict, str)) else list(items)


def _check_str_method(name: str, text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    if name == "replace" and len(args) >= 2:
        _check_replace(text, args[0], args[1])
    elif name == "join" and args:
        _check_join(text, args[0])
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            _check_length(" ", len(text) + text.count("\t") * size)
    elif name in ("format", "format_map"):
        _check_format(text, [*args, *kwargs.values()])


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = len(text) + 1 if old == "" else text.count(old)
        if len(text) + count * (len(new) - len(old)) > MAX_CHARS:
            raise TemplateLimitError(f"a replace would build more than {MAX_CHARS:,} characters")


def _check_join(separator: Any, items: Any) -> None:
    if isinstance(items, (list, tuple, set, frozenset, dict, str)):
        _check_length([items, str(separator)], 1)
        _check_length(str(separator), len(items))


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter with the checks: numbers, the size-multiplying filters, and its result."""
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0  # @pass_context and kin: Jinja passes it first
    check = _FILTER_CHECKS.get(name)

    @functools.wraps(function)  # keeps Jinja's pass_context / pass_eval_context marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_numbers(args[skip + 1 :])
        if kwargs:
            _check_numbers(kwargs.values())
        if check is not None and len(args) > skip:
            if name == "join":
                args = (*args[:skip], _measured_items(args[skip]), *args[skip + 1 :])
            check(args[skip], args[skip + 1 :], kwargs)
        return checked(function(*args, **kwargs))

    return bounded


def _check_replace_filter(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    if len(args) >= 2:
        _check_replace(value, args[0], args[1])


def _check_join_filter(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    _check_join(args[0] if args else kwargs.get("d", ""), value)


def _check_indent_filter(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    width = args[0] if args else kwargs.get("width", 4)
    prefix = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    if isinstance(value, str) and len(value) + (value.count("\n") + 1) * max(prefix, 0) > MAX_CHARS:
        raise TemplateLimitError(f"an indent would build more than {MAX_CHARS:,} characters")


def _check_format_filter(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    if isinstance(value, str):
        _check_format(value, [*args, *kwargs.values()])


def _check_printed(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """string, tojson, pprint: the text of a container; tojson's indent repeats per line."""
    indent = kwargs.get("indent", args[1] if len(args) > 1 else 0)
    _check_length(value, 1 + (indent if isinstance(indent, int) and indent > 0 else 0))


_FILTER_CHECKS: dict[str, Callable[[Any, tuple[Any, ...], Mapping[str, Any]], None]] = {
    "replace": _check_replace_filter,
    "join": _check_join_filter,
    "indent": _check_indent_filter,
    "format": _check_format_filter,
    "string": _check_printed,
    "tojson": _check_printed,
    "pprint": _check_printed,
    "urlize": _check_printed,
}
