"""One change to a file's bytes, as the fuzzing strategies draw it.

Shared by the strategies that damage cycle files (test_fuzz.byte_cases) and spreadsheets
(fuzz_sheets): each gives its own special byte strings, long runs, operations and sizes.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass(frozen=True)
class ByteKit:
    """What a strategy's byte changes are made of."""

    special: list[bytes]  # short strings that mean something to the reader (syntax, encodings, numbers)
    long: list[bytes]  # long runs, inserted whole
    operations: tuple[str, ...]  # drawn from: a name twice is drawn twice as often
    most_random: int = 8  # the longest run of random bytes inserted
    most_deleted: int = 40
    most_replaced: int = 8


def mutate_once(draw: st.DrawFn, data: bytearray, kit: ByteKit, ops: list[str], where: str = "") -> None:
    """Change `data` in place by one drawn operation, and say what was done in `ops`."""
    label = f"{where}: " if where else ""
    op = draw(st.sampled_from(kit.operations))
    at = draw(st.integers(0, len(data)))
    if op == "insert":
        chunk = draw(st.one_of(st.sampled_from(kit.special), st.sampled_from(kit.long),
                               st.binary(min_size=1, max_size=kit.most_random)))
        data[at:at] = chunk
        ops.append(f"{label}insert {bytes(chunk[:40])!r}{'...' if len(chunk) > 40 else ''} ({len(chunk)} bytes) at {at}")
    elif op == "flip" and at < len(data):
        bit = draw(st.integers(0, 7))
        data[at] ^= 1 << bit
        ops.append(f"{label}flip bit {bit} of byte {at}")
    elif op == "byte" and at < len(data):
        value = draw(st.integers(0, 255))
        data[at] = value
        ops.append(f"{label}set byte {at} to {value:#04x}")
    elif op == "delete":
        size = draw(st.integers(1, kit.most_deleted))
        del data[at:at + size]
        ops.append(f"{label}delete {size} bytes at {at}")
    elif op == "replace":
        size = draw(st.integers(1, kit.most_replaced))
        chunk = draw(st.sampled_from(kit.special))
        data[at:at + size] = chunk
        ops.append(f"{label}replace {size} bytes at {at} by {chunk[:40]!r}")
    elif op == "truncate":
        del data[at:]
        ops.append(f"{label}truncate at {at}")
    elif op == "duplicate-line":
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        line = bytes(data[start:(len(data) if end < 0 else end + 1)])
        data[start:start] = line if line.endswith(b"\n") else line + b"\n"
        ops.append(f"{label}duplicate the line at byte {start}")
