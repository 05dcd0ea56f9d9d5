"""Issue 35, item 2, without a browser: what a screen reader needs of a page's markup. ``problems``
reads one page the console rendered and names what is missing:

- ``<html lang="zh-CN">``, exactly one ``<h1>``, one ``<main>``, a ``<nav>``;
- every input, select and textarea named: a ``<label for>`` its id, a label around it, or
  ``aria-label`` / ``aria-labelledby``;
- every link and button with accessible text (its text, an image's ``alt`` in it, or
  ``aria-label``); every image with ``alt``;
- ids unique, and every id that ``for``, ``aria-labelledby``, ``aria-describedby`` or a link
  within the page (the skip link's ``#main``) names present.

console/tests/conftest.py runs it on every HTML page the console's tests are answered, so it
covers every page they render, not a chosen few."""
from collections import Counter
from html.parser import HTMLParser

UNNAMED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.ids, self.fors, self.refs = [], [], set(), []
        self.controls = []      # (where, id, named by an attribute or a label around it)
        self.open = []          # [where, text so far, named by an attribute] of the links and buttons open
        self.unnamed, self.no_alt = [], []
        self.labels = 0         # <label> elements open
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        if a.get("id"):
            self.ids.append(a["id"])
        for name in ("aria-labelledby", "aria-describedby"):
            self.refs += [(name, ref) for ref in a.get(name, "").split()]
        named = bool(a.get("aria-label", "").strip() or a.get("aria-labelledby", "").strip())
        where = "<" + tag + "".join(f' {k}="{a[k]}"' for k in ("id", "name", "href", "type") if a.get(k)) + ">"
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "label":
            self.labels += 1
            if a.get("for"):
                self.fors.add(a["for"])
                self.refs.append(("for", a["for"]))
        elif tag in ("select", "textarea") or (tag == "input" and a.get("type", "text") not in UNNAMED_INPUTS):
            self.controls.append((where, a.get("id"), named or self.labels > 0))
        elif tag == "input" and a.get("type") in ("submit", "button", "reset"):
            if not (a.get("value", "").strip() or named):
                self.unnamed.append(where)
        elif tag in ("a", "button"):
            self.open.append([where, "", named])
            if a.get("href", "").startswith("#") and len(a["href"]) > 1:  # the skip link's #main
                self.refs.append(("href", a["href"][1:]))
        elif tag == "img":
            if "alt" not in a:
                self.no_alt.append(where)
            elif self.open:
                self.open[-1][1] += a["alt"]

    def handle_endtag(self, tag):
        if tag == "label":
            self.labels = max(0, self.labels - 1)
        elif tag in ("a", "button") and self.open:
            where, text, named = self.open.pop()
            if not (text.strip() or named):
                self.unnamed.append(where)

    def handle_data(self, data):
        for element in self.open:
            element[1] += data


def problems(page):
    """What ``page`` (HTML text) lacks for a screen reader; empty when nothing."""
    parsed = _Page()
    parsed.feed(page)
    parsed.close()
    found = []
    if parsed.lang != "zh-CN":
        found.append(f'<html lang="{parsed.lang}">, not zh-CN')
    for tag, wanted in (("h1", 1), ("main", 1)):
        if parsed.tags.count(tag) != wanted:
            found.append(f"{parsed.tags.count(tag)} <{tag}> elements, not {wanted}")
    if "nav" not in parsed.tags:
        found.append("no <nav> landmark")
    found += [f"{where} has no label" for where, element_id, named in parsed.controls
              if not named and element_id not in parsed.fors]
    found += [f"{where} has no accessible text" for where in parsed.unnamed]
    found += [f"{where} has no alt" for where in parsed.no_alt]
    ids = Counter(parsed.ids)
    found += [f'id "{i}" is used {n} times' for i, n in ids.items() if n > 1]
    found += [f'{name}="{ref}" names no element' for name, ref in parsed.refs if ref not in ids]
    return found
