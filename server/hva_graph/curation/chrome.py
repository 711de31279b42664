"""Page chrome: what a copied page holds around its strategy, which never enters a draft.

Navigation and breadcrumbs, menu, search and language links, back links ("‹ Palaa edelliselle
sivulle"), cookie and vaccination notices, "Read more" / "Lue lisää", share and follow buttons,
"(Sivu) päivitetty …" lines, feedback questions about the page and their answers ("Oliko sivusta
apua?" / "Kyllä Ei"), page numbers ("Sivu 3 (5)"), picture credits, tables of contents (and their
entries' dot leaders), postal addresses, calls to action ("Tule mukaan", "Kommentoi"), contact,
emergency-number, copyright and footer lines, service-break notices ("Häiriötiedote: …"), customer
service and its opening hours, a news page's reaction buttons ("Tykkää", "Kommentit (0)"), a document
link's note of its file ("(PDF, 2,1 Mt)"), and a PDF's running footer in a text copied from it (by its
repetition with the page's number going up). The data's own debris shape (shapes/data.ttl,
hvash:NoWebDebrisShape) is read here too, so whatever it would refuse in a literal is chrome to the drafter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef

from . import language
from .layout import Line, restart

SHAPES = Path(__file__).resolve().parents[3] / "shapes" / "data.ttl"
SHAPE = URIRef("https://w3id.org/hva-graph/shapes#NoWebDebrisShape")

_NOTICES = (
    r"eväste|cookie|rokot|koronav|covid|maski|hengitystie|influenssa|"
    r"siirry sisältöön|hae sivustolta|skip to|asioi verkossa|sivun sisältö|tällä sivulla|sisällysluettelo|"
    r"^jaa(?: tämä| sivu| artikkeli| uutinen)?\s*$|jaa sivu|^tulosta$|lukuaika|^palaute$|anna palautetta|"
    r"^lisätietoja|^yhteystiedot|"
    r"asiakaspalvelu|customer service|saavutettavuusseloste|tietosuoja|^read more|lue lisää|katso myös|"
    r"^[‹«←⟵<]\s|palaa (?:edelliselle|etusivulle|sivun alkuun)|^takaisin\b|^back to\b|"
    r"^(?:valikko|päävalikko|menu|haku|hae|search|sulje|avaa valikko|kirjaudu(?: sisään)?|etusivu)$|"
    r"^(?:kuva|kuvaaja|photo|image)\s*:|^©|^\(c\)\s|copyright|"
    r"soita 112|hätänumero|päivystysapu|\b116\s?117\b|"
    r"häiriötiedote|häiriöilmoitus|huoltokatko|käyttökatko|poissa käytöstä|asiakasneuvonta|kirjoita kommentti"
)
_UPDATED = re.compile(r"^(?:(?:sivu|sivua|sivun|sisältö|sisältöä|viimeksi|page|last)\s+)?"
                      r"(päivitetty|julkaistu|muokattu|updated|published|modified)\b[: ]", re.IGNORECASE)
_SOCIAL = re.compile(r"^(?:(?:jaa|share|seuraa meitä|follow us|facebook|twitter|x|linkedin|whatsapp|instagram|youtube|"
                     r"tiktok|threads|bluesky|mastodon|sähköposti|email|tulosta|print)[\s:|,·]*)+$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^(?:sivu|page|s\.)?\s*\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:/|of|\()\s*\d{1,3}\)?)?$",
                          re.IGNORECASE)
"""A page number as a PDF's footer gives it: "Sivu 3 (5)", "Sivu 3/5", "Page 3 of 5", "3"."""
_REACTIONS = re.compile(r"^(?:(?:tykkää|tykkäykset|like|likes|kommentit|comments|kommentoi|reagoi)"
                        r"(?:\s*\(\d+\))?[\s|·]*)+$", re.IGNORECASE)
"""A news page's reaction buttons ("Tykkää", "Kommentit (0)")."""
_HOURS = re.compile(r"\b(?:arkisin|ma\s?[–-]\s?pe|maanantai(?:sta)?\s?[–-]\s?perjantai(?:hin)?)\b.*\bklo\b",
                    re.IGNORECASE)
"""A service's opening hours ("Neuvonta arkisin klo 8–16"): contact information, on a short line."""
FILE_NOTE = re.compile(r"\s*\((?:(?:pdf|docx?|xlsx?|pptx?|odt|rtf)\b[^()]*"
                       r"|\s*\d+(?:[,.]\d+)?\s*(?:[kmg]t|[kmg]b|t|b))\)\s*$", re.IGNORECASE)
"""What a document link says of its file ("(PDF, 2,1 Mt)", "(pdf)", "(860 kt)"): no part of the document's
name."""
_ANSWERS = re.compile(r"^(?:(?:kyllä|ei|yes|no|ja|nej)[\s/|]*)+$", re.IGNORECASE)
"""The answer buttons of a page's feedback question ("Kyllä Ei")."""
LANGUAGE_NAMES = ("på svenska", "in english", "suomeksi", "svenska", "english", "suomi", "sámegillii", "sámi",
                  "davvisámegillii", "anarâškielân", "eesti", "eesti keeles", "по-русски", "русский", "deutsch",
                  "français", "selkosuomeksi", "selkosuomi", "selkokielellä", "viittomakielellä", "in swedish",
                  "in finnish", "på finska", "på engelska")
"""Language links, each language named in its own language (or in the page's)."""
_CRUMBS = re.compile(r"[»›>]|\s/\s")
_CONTACT = re.compile(r"\bpuh\.|\+358|\b0\d{1,2}[ -]?\d{3}[ -]?\d{3,4}\b|@[\w-]+\.\w+|www\.", re.IGNORECASE)
_ADDRESS = re.compile(r"\b(?:PL|PB|P\.?\s?O\.?\s?Box)\s?\d{1,5}\b.*\b\d{5}\b", re.IGNORECASE)
"""A postal address: a post-office box and a postal code ("Kirjaamo, PL 10, 00099 Helsingin kaupunki")."""
_LEADERS = re.compile(r"(?:\.\s?){5,}\s*\d{1,3}\s*$|…{3,}\s*\d{1,3}\s*$")
"""A table of contents' entry: dot leaders and a page number ("1 Johdanto ........ 2")."""


@lru_cache(maxsize=2)
def debris_pattern(shapes: Path = SHAPES) -> re.Pattern:
    """The data's debris rule (the regular expression of hvash:NoWebDebrisShape's target)."""
    graph = Graph().parse(shapes)
    for target in graph.objects(SHAPE, URIRef("http://www.w3.org/ns/shacl#target")):
        query = str(graph.value(target, URIRef("http://www.w3.org/ns/shacl#select")))
        found = re.search(r'REGEX\(STR\(\?value\),\s*"([^"]+)",\s*"i"\)', query)
        if found:
            return re.compile(found.group(1), re.IGNORECASE)
    raise RuntimeError(f"{shapes.name} no longer has the debris rule hva-graph draft reads")


NOTICE = re.compile(_NOTICES, re.IGNORECASE)
TABLE_OF_CONTENTS = re.compile(r"^(sivun sisältö|tällä sivulla|sisällys|sisältö|on this page)\b", re.IGNORECASE)


def is_chrome_text(content: str) -> bool:
    """A line of page furniture (the whole line is chrome)."""
    text = content.strip()
    if not text:
        return False
    if debris_pattern().search(text) or NOTICE.search(text) or _UPDATED.match(text) or _SOCIAL.match(text):
        return True
    if _is_breadcrumb(text) or (_CONTACT.search(text) or _ADDRESS.search(text)) and len(text.split()) <= 10:
        return True
    if _LEADERS.search(text) or _REACTIONS.match(text) or _HOURS.search(text) and len(text.split()) <= 6:
        return True
    if PAGE_NUMBER.match(text) or _ANSWERS.match(text) or _is_language_links(text) or _is_page_question(text):
        return True
    return is_call_to_action(text)


def _is_language_links(text: str) -> bool:
    """A line of nothing but language names ("Suomeksi På svenska In English", "Svenska | English")."""
    rest = text.lower()
    for name in sorted(LANGUAGE_NAMES, key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest)
    return rest != text.lower() and not rest.strip(" \t|/·,•-–")


def _is_page_question(text: str) -> bool:
    """A short question about the page itself ("Oliko sivusta apua?", "Was this page helpful?")."""
    if not text.endswith("?") or len(text.split()) > 7:
        return False
    return bool({"sivu", "sivusto", "verkkosivu"} & language.lemmas(text)) or "page" in text.lower()


def _is_breadcrumb(text: str) -> bool:
    parts = [p for p in re.split(r"\s*(?:[»›>]|\s/\s)\s*", text) if p]
    return len(_CRUMBS.findall(text)) >= 2 and all(len(p.split()) <= 5 for p in parts)


def is_call_to_action(text: str) -> bool:
    """A short line or sentence that tells the reader to do something ("Tule mukaan vaikuttamaan",
    "Tutustu ja kommentoi!", "Kommentoi"): it starts with an imperative and says nothing of the strategy."""
    found = language.words(text)
    if not found or len(found) > 9:
        return False
    first = found[0]
    if not (first.has("MOOD", "imperative") and first.has("PERSON", "2")):
        return False
    if first.has("MOOD", "indicative"):  # "Kommentoi" is also "(he) comments": only a bare line is a command
        return len(found) <= 3 and not text.rstrip().endswith(".")
    return len(found) <= 5 or text.rstrip().endswith("!")


def numbered_running(lines: list[tuple[int, str]], pages: int) -> set[tuple[int, str]]:
    """The (page, text) of a running header or footer that carries the page's number: a line that recurs
    on two pages or more (on most of them), the same but for one number, which goes up by one a page
    ("Luonnos 15.8.2022 | Sivu 1 / 3", "… | Sivu 2 / 3"). By structure, not by its words: a body line
    that happens to look like a page number is no running line, and a running line in any words is."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for page, content in lines:
        if re.search(r"\d", content):
            groups.setdefault(_DIGITS.sub("#", content.strip()), []).append((page, content))
    found: set[tuple[int, str]] = set()
    for members in groups.values():
        on_pages = {page for page, _ in members}
        if len(on_pages) < max(2, pages * 0.6) or len(on_pages) != len(members):
            continue
        numbers = [[int(n) for n in _DIGITS.findall(content)] for _, content in members]
        if any(len({row[i] - page for row, (page, _) in zip(numbers, members)}) == 1
               and len({row[i] for row in numbers}) > 1 for i in range(len(numbers[0]))):
            found |= set(members)
    return found


_DIGITS = re.compile(r"\d+")


def running_in_text(text: str, lines: list[Line]) -> set[int]:
    """A PDF's running header or footer in a text copied from it (its pages run on, with no page break): a
    line with a number that goes up by one from one to the next and a number that stays ("Luonnos 15.8.2022
    | Sivu 1 / 3" … "Sivu 2 / 3"), twice at least and lines apart, as pages are. Where the copy ran it
    into the next page's first line ("… | Sivu 1 / 3 Visio"), the line starts after it (its start moves)."""
    groups: dict[str, list[Line]] = {}
    for line in lines:
        content = text[line.start:line.end].strip()
        if len(_DIGITS.findall(content)) >= 2:
            groups.setdefault(_DIGITS.sub("#", content), []).append(line)
    found: set[int] = set()
    for key, members in groups.items():
        if _paged(text, members):
            found |= {line.index for line in members}
            _split_joined(text, lines, key, members, found)
    return found


def _paged(text: str, members: list[Line]) -> bool:
    numbers = [[int(n) for n in _DIGITS.findall(text[line.start:line.end])] for line in members]
    if len(members) < 2 or any(b.index - a.index < 3 for a, b in zip(members, members[1:])):
        return False
    steps = [i for i in range(len(numbers[0])) if all(row[i] == numbers[0][i] + k for k, row in enumerate(numbers))]
    kept = [i for i in range(len(numbers[0])) if len({row[i] for row in numbers}) == 1]
    return bool(steps) and bool(kept)


def _split_joined(text: str, lines: list[Line], key: str, members: list[Line], found: set[int]) -> None:
    """A running line the copy joined to the body line after it: that line's content starts after it."""
    pattern = re.compile(r"\d+".join(re.escape(part) for part in key.split("#")) + r"[ \t\u00a0]+(?=\S)")
    for line in lines:
        match = pattern.match(text, line.start, line.end) if line.index not in found else None
        if match is not None:
            restart(text, line, match.end())


def chrome_lines(text: str, lines: list[Line], marked: list[tuple[int, int]] = ()) -> set[int]:
    """The indexes of the lines that are chrome: furniture by their words, a table of contents
    (a list of headings that follow it), a contact block, or what the page marked as navigation."""
    chrome = {line.index for line in lines if is_chrome_text(text[line.start:line.end])}
    chrome |= {line.index for line in lines if any(a <= line.start and line.end <= b for a, b in marked)}
    chrome |= running_in_text(text, lines)
    chrome |= _table_of_contents(text, lines)
    chrome |= _contact_blocks(text, lines)
    return chrome


def _table_of_contents(text: str, lines: list[Line]) -> set[int]:
    """A list whose items are all headings further down the page is the page's table of contents."""
    found: set[int] = set()
    contents = [text[line.start:line.end].strip() for line in lines]
    for i, line in enumerate(lines):
        if not line.is_item or (i and lines[i - 1].is_item):
            continue
        run = [j for j in range(i, len(lines)) if lines[j].is_item and all(lines[k].is_item for k in range(i, j + 1))]
        later = contents[run[-1] + 1:] if run else []
        titled = i > 0 and TABLE_OF_CONTENTS.search(contents[i - 1]) is not None
        if len(run) >= 2 and (titled or all(contents[j] in later for j in run)):
            found |= {lines[j].index for j in run}
            if i and contents[i - 1].endswith(":"):
                found.add(lines[i - 1].index)
    return found


def _contact_blocks(text: str, lines: list[Line]) -> set[int]:
    """"Lisätietoja" / "Yhteystiedot" and the name and phone lines under it."""
    found: set[int] = set()
    for i, line in enumerate(lines):
        if re.match(r"^(lisätietoja|yhteystiedot|lisätiedot|contact)\b", text[line.start:line.end].strip(), re.I):
            for following in lines[i:i + 4]:
                content = text[following.start:following.end]
                if following is line or _CONTACT.search(content) or len(content.split()) <= 4:
                    found.add(following.index)
                else:
                    break
    return found
