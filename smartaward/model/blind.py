"""Blind judging: the codes that stand in for entry ids in the packets of a blind call or round.

An entry id often names the entrant (`baguio-health-governance`), so a blind packet shows each
entry by a code, `E-` and eight letters or digits of HMAC-SHA256(key, entry id) in base 32. The
key is the organiser's secret (SMARTAWARD_PSEUDONYM_KEY, read by the command line only, as for
judges' pseudonyms); without one it is the cycle's id, and then anyone who has the list of entry
ids can compute the codes. `import scores` maps a code back by computing the codes of every entry
of the cycle with the same key, so the same key must be set when the packets are made and when
they are read back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable

from smartaward.model.cyclefiles import Call

PREFIX = "E-"
_LENGTH = 8  # 40 bits: two entries of 100,000 share a code with a chance of about 1 in 200
# What a code looks like: upper-case base32, never an entry id, which is lowercase. Read in either
# case (a code typed in lower case is the same code), but an entry id of that look is the entry
# (importing/__init__.py's _entry_codes). Longer codes settle a clash (entry_codes).
CODE = re.compile(r"(?ai)" + re.escape(PREFIX) + rf"[A-Z2-7]{{{_LENGTH},}}")


def is_blind(call: Call, round_id: str | None) -> bool:
    """Whether packets of this call (and round) hide the entrant: the round's `blind`, else the call's."""
    if round_id is not None and round_id in call.rounds and call.rounds[round_id].blind is not None:
        return bool(call.rounds[round_id].blind)
    return call.blind


def _digest(entry_id: str, key: bytes) -> str:
    raw = hmac.new(key, entry_id.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def entry_codes(entry_ids: Iterable[str], key: str | None, cycle_id: str) -> dict[str, str]:
    """Entry id → its code, for every entry given (give all the cycle's entries, so that codes are
    the same whichever packets are made). Two entries whose codes would be equal both get longer
    codes, until they differ: the map is one to one, and the same for the same ids and key."""
    secret = (key or cycle_id).encode("utf-8", "surrogatepass")
    digests = {entry_id: _digest(entry_id, secret) for entry_id in sorted(set(entry_ids))}
    length = {entry_id: _LENGTH for entry_id in digests}
    while True:
        owners: dict[str, list[str]] = {}
        for entry_id, digest in digests.items():
            owners.setdefault(digest[: length[entry_id]], []).append(entry_id)
        clashes = [ids for ids in owners.values() if len(ids) > 1]
        if not clashes:
            return {entry_id: PREFIX + digest[: length[entry_id]] for entry_id, digest in digests.items()}
        for ids in clashes:
            for entry_id in ids:
                length[entry_id] += 2
