"""SHA-256 for the policy's hashes and the snapshot's key, without ``hashlib``'s start-up.

``hashlib`` loads OpenSSL (``_hashlib``): ~2 ms of every run, a few percent of classifying
one ticket, to hash a few hundred kilobytes. The interpreter's own ``_sha2`` (3.12+) or ``_sha256`` (3.11) module gives
the same digests; the standard library's ``random`` uses its ``_sha512`` the same way, with
``hashlib`` as the fallback for a build without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same constructor, typed
    from hashlib import sha256
else:
    try:  # Python 3.12 merged _sha256 and _sha512 into _sha2
        from _sha2 import sha256
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:  # pragma: no cover - an interpreter built without its own SHA-256
            from hashlib import sha256

__all__ = ["sha256"]
