"""ISO 3166-1 alpha-2 country codes and ISO 4217 currency codes."""

from __future__ import annotations

import pycountry

# Kosovo (XK) is user-assigned in ISO 3166 but used by the sanctions lists.
COUNTRIES: dict[str, str] = {c.alpha_2: c.name for c in pycountry.countries} | {"XK": "Kosovo"}
CURRENCIES: frozenset[str] = frozenset(c.alpha_3 for c in pycountry.currencies)

