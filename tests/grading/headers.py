"""Security headers as a browser reads them: may another site show this page in a frame?"""

import re

# X-Frame-Options values that keep other sites from framing a page (compared case-blind).
REFUSING_FRAME_OPTIONS = {"deny", "sameorigin"}
# A frame-ancestors source that lets any site in: `*`, a scheme alone (`https:`), or any
# host (`https://*`, `*:443`).
_ANY_SITE = re.compile(r"^(\*|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*://)?\*(:[0-9*]+)?/?)$")


def frame_ancestors(response) -> list[list[str]]:
    """The sources of each frame-ancestors directive in the response's (enforced)
    Content-Security-Policy headers, lower-cased."""
    policies = [policy for header in response.headers.getlist("Content-Security-Policy")
                for policy in header.split(",")]  # fmt: skip
    directives = [
        directive.lower().split() for policy in policies for directive in policy.split(";")
    ]
    return [words[1:] for words in directives if words and words[0] == "frame-ancestors"]


def _sources_refuse_other_sites(sources: list[str]) -> bool:
    """Whether one frame-ancestors directive keeps framing to 'none', 'self' or named sites
    (next to other sources, 'none' counts for nothing)."""
    return not any(_ANY_SITE.match(source) for source in sources if source != "'none'")


def framing_refused(response) -> bool:
    """Whether a browser refuses to show this response in another site's frame.

    A Content-Security-Policy with frame-ancestors decides when there is one (browsers then
    ignore X-Frame-Options; every enforced policy must allow a frame, so one refusal is
    enough); otherwise X-Frame-Options: DENY or SAMEORIGIN.
    """
    directives = frame_ancestors(response)
    if directives:
        return any(_sources_refuse_other_sites(sources) for sources in directives)
    values = {value.strip().lower() for header in response.headers.getlist("X-Frame-Options")
              for value in header.split(",")}  # fmt: skip
    return bool(values) and values <= REFUSING_FRAME_OPTIONS


def framing_headers(response) -> dict[str, str]:
    """The headers that decide framing, as sent (for a failure message)."""
    names = ("X-Frame-Options", "Content-Security-Policy")
    return {name: ", ".join(response.headers.getlist(name)) or None for name in names}
