"""Countries as a visitor reads them: ISO 3166 codes, as places store them, named in English (pure)."""
from functools import lru_cache

import pycountry


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """"DE" -> "Germany", "KR" -> "South Korea" (pycountry's common name where it has one); anything else as given."""
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 and code.isascii() else None
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
