"""The values of options and arguments, converted without pydantic.

Typer 0.29 converts every value that is not a flag through a pydantic TypeAdapter it builds per
parameter: importing pydantic and building the adapters costs more than the rest of a warm
`smartaward winners` together. For the kinds of value the commands take most — a path, a word, a
choice of an Enum (--format), and lists of them — the conversion is typer's own (coerce_cli_path,
coerce_cli_choice), which pydantic only wraps: they are called directly here. Anything else (a number,
a flag given a word), and every value these refuse, goes through typer's own conversion, pydantic and
all, so that every error says exactly what typer says. tests/test_startup.py compares both ways.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import typer.core
from typer import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass, routes_to_path
from typer.models import ParameterInfo

# A value's conversion: (value, the parameter, the click context) → the value the command gets.
Convert = Callable[[Any, Any, Any], Any]


class _NotHandled(Exception):
    """A value of a type the direct conversion does not take: typer's own conversion takes it."""


class DirectRuntimeParam(RuntimeParam):
    """typer's RuntimeParam with the conversion called directly; typer's own (through pydantic)
    for a value it refuses, which then says why in typer's words. (Not a dataclass of its own:
    making one would cost more than the rest of this module's import.)"""

    convert: Convert
    descriptor: TypeDescriptor

    def __init__(self, descriptor: TypeDescriptor, convert: Convert) -> None:
        super().__init__(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        object.__setattr__(self, "descriptor", descriptor)  # frozen, as RuntimeParam is
        object.__setattr__(self, "convert", convert)

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return self.convert(value, param, ctx)
        except (_NotHandled, ValueError, AssertionError, BadParameter):
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def install() -> None:
    """Make typer give every parameter (a command's, a group's, the --help and completion options
    it adds itself) the direct conversion where there is one. Typer builds a parameter's conversion
    when it first converts a value (typer.core: `build_runtime_param`, looked up then)."""
    typer.core.build_runtime_param = runtime_param


def runtime_param(descriptor: TypeDescriptor) -> RuntimeParam:
    """The conversion of a parameter's values: direct where there is one, else typer's own."""
    convert = converter(descriptor)
    if convert is None:
        return build_runtime_param(descriptor)
    return DirectRuntimeParam(descriptor, convert)


def converter(descriptor: TypeDescriptor) -> Convert | None:
    """The direct conversion of a parameter's values, as typer's adapter does it (_adapters.py
    build_adapter), or None when there is none here."""
    info = descriptor.parameter_info
    if info.parser is not None or descriptor.file_annotation is not None:
        return None
    if get_origin(descriptor.annotation) is list:
        (item,) = get_args(descriptor.annotation) or (None,)
        each = _leaf(item, info)
        if each is None:
            return None
        leaf = each

        def convert_list(value: Any, param: Any, ctx: Any) -> list[Any]:
            return [leaf(one, param, ctx) for one in (value if isinstance(value, (list, tuple)) else [value])]

        return convert_list
    return _leaf(descriptor.annotation, info)


def _leaf(annotation: Any, info: ParameterInfo) -> Convert | None:
    if lenient_issubclass(annotation, Enum):
        choices = list(annotation)

        def choice(value: Any, param: Any, ctx: Any) -> Any:
            return coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)

        return choice
    if annotation is str:
        return _word
    if annotation is bool:  # a flag's value is a bool already; a word given to it is typer's to read
        return _flag
    if lenient_issubclass(annotation, Path) and info.path_type is None and routes_to_path(annotation, info):
        path_type: type[Path] = annotation

        def path(value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is str:
                value = path_type(value)  # what pydantic's Path makes of a word, without pydantic
            elif not isinstance(value, path_type):
                raise _NotHandled
            return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)

        return path
    return None


def _word(value: Any, param: Any, ctx: Any) -> str:
    if type(value) is not str:
        raise _NotHandled
    return value


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if type(value) is not bool:
        raise _NotHandled
    return value
