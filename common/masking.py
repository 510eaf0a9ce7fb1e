"""Showing an address without giving it away, on pages anyone holding a link can open."""

MASK = "•••"


def email_masked(address: str) -> str:
    """ "maya@example.org" -> "m•••@e•••.org": enough for its owner to recognise it,
    too little for whoever else holds the link to write to it."""
    local, at, domain = address.partition("@")
    if not at or not local or not domain:
        return MASK
    ending = domain.rpartition(".")[2] if "." in domain else ""
    masked_domain = f"{domain[0]}{MASK}" + (f".{ending}" if ending else "")
    return f"{local[0]}{MASK}@{masked_domain}"
