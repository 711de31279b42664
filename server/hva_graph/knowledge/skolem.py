"""The data files' blank nodes named after what they belong to, once, as the files are read.

A curator writes a passage's selectors inline (`oa:hasSelector [ a oa:TextQuoteSelector … ]`),
and a parser labels them as it pleases. Served, dumped, digested and diffed, they are IRIs
made from their owner, the property that holds them and their type:

    <…/value/1/passage> oa:hasSelector <…/value/1/passage/selector/quote> ,
                                       <…/value/1/passage/selector/position> .

so the same data always has the same statements, and a release's diff lists what changed, not
relabelled blank nodes. (RDF 1.1, section 3.5: replacing blank nodes by IRIs minted for them
is skolemisation; these IRIs are the data's own, under the owner's IRI, so they dereference.)

A blank node with one owner gets `{owner}/{property}/{type}`; where two of one owner would get
the same name, each gets its content's digest appended (so a passage with two quote selectors
stays two nodes, and its shape still sees two); one without exactly one owner gets a
`/.well-known/genid/` IRI of its content's digest. The ontology keeps its blank nodes: OWL's
RDF mapping needs them for restrictions, lists and n-ary axioms.
"""

from __future__ import annotations

import hashlib
import re

import pyoxigraph as ox

from ..namespaces import BASE, OA

SKOLEM_FORMAT = 1
"""The version of the naming rule: a part of every cache key of what is computed from skolemised
data (knowledge.checked), so a change here must raise it."""

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
GENID = BASE + ".well-known/genid/"

PROPERTY_NAMES = {str(OA.hasSelector): "selector"}
TYPE_NAMES = {str(OA.TextQuoteSelector): "quote", str(OA.TextPositionSelector): "position"}


def skolemise(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads with every blank node replaced by its IRI (see the module's rule)."""
    blanks = {term for quad in quads for term in (quad.subject, quad.object) if isinstance(term, ox.BlankNode)}
    if not blanks:
        return quads
    about: dict[ox.BlankNode, list[ox.Quad]] = {}
    owners: dict[ox.BlankNode, list[ox.Quad]] = {}
    for quad in quads:
        if quad.subject in blanks:
            about.setdefault(quad.subject, []).append(quad)
        if quad.object in blanks:
            owners.setdefault(quad.object, []).append(quad)
    namer = _Namer(about, owners)
    names = namer.names(blanks)

    def named(term):
        return names[term] if isinstance(term, ox.BlankNode) else term

    return [ox.Quad(named(q.subject), q.predicate, named(q.object), q.graph_name) for q in quads]


class _Namer:
    def __init__(self, about: dict, owners: dict):
        self.about, self.owners = about, owners
        self.contents: dict[ox.BlankNode, str] = {}

    def names(self, blanks: set) -> dict[ox.BlankNode, ox.NamedNode]:
        """Owners first, so a nested node is named under its owner's final IRI; nodes that own
        each other in a circle (never in the data, but possible) get GENID IRIs."""
        names: dict[ox.BlankNode, ox.NamedNode] = {}
        pending = set(blanks)
        while pending:
            ready = [blank for blank in pending if self._owner_named(blank, names)]
            if not ready:
                names.update({blank: ox.NamedNode(GENID + self.content(blank)) for blank in pending})
                break
            names.update(self._distinct({blank: self._candidate(blank, names) for blank in ready}))
            pending.difference_update(ready)
        return names

    def _owner_named(self, blank: ox.BlankNode, names: dict) -> bool:
        owners = self.owners.get(blank, [])
        return len(owners) != 1 or not isinstance(owners[0].subject, ox.BlankNode) or owners[0].subject in names

    def _candidate(self, blank: ox.BlankNode, names: dict) -> str:
        owners = self.owners.get(blank, [])
        if len(owners) != 1:
            return GENID + self.content(blank)
        owner = owners[0]
        parent = names[owner.subject] if isinstance(owner.subject, ox.BlankNode) else owner.subject
        return f"{parent.value.rstrip('/')}/{_property_name(owner.predicate)}/{self._type_name(blank)}"

    def _distinct(self, candidates: dict[ox.BlankNode, str]) -> dict[ox.BlankNode, ox.NamedNode]:
        """Two of one owner with one name are told apart by their content (identical content:
        by their place among equals, which cannot tell two identical nodes apart anyway)."""
        by_name: dict[str, list[ox.BlankNode]] = {}
        for blank, name in candidates.items():
            by_name.setdefault(name, []).append(blank)
        names = {}
        for name, sharing in by_name.items():
            if len(sharing) == 1:
                names[sharing[0]] = ox.NamedNode(name)
                continue
            seen: dict[str, int] = {}
            for blank in sorted(sharing, key=self.content):
                suffix = self.content(blank)[:12]
                seen[suffix] = seen.get(suffix, 0) + 1
                extra = f"-{seen[suffix]}" if seen[suffix] > 1 else ""
                names[blank] = ox.NamedNode(f"{name}-{suffix}{extra}")
        return names

    def _type_name(self, blank: ox.BlankNode) -> str:
        types = sorted(q.object.value for q in self.about.get(blank, []) if q.predicate == RDF_TYPE
                       and isinstance(q.object, ox.NamedNode))
        if not types:
            return "node"
        return TYPE_NAMES.get(types[0]) or _segment(_local_name(types[0]))

    def content(self, blank: ox.BlankNode, visiting: frozenset = frozenset()) -> str:
        """A digest of what the node says (its properties and values, nested blank nodes by their
        own content): the same for the same statements, whatever the node's label."""
        known = self.contents.get(blank)
        if known is not None:
            return known
        lines = []
        for quad in self.about.get(blank, []):
            value = quad.object
            if isinstance(value, ox.BlankNode):
                text = "_:" + ("cycle" if value in visiting else self.content(value, visiting | {blank}))
            else:
                text = str(value)
            lines.append(f"{quad.predicate} {text}")
        digest = hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()
        if not visiting:
            self.contents[blank] = digest
        return digest


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _property_name(predicate: ox.NamedNode) -> str:
    known = PROPERTY_NAMES.get(predicate.value)
    if known:
        return known
    local = _local_name(predicate.value)
    if re.match(r"has[A-Z]", local):
        local = local[3:]
    return _segment(local)


def _segment(name: str) -> str:
    """camelCase or PascalCase as a kebab-case path segment: TextQuoteSelector -> text-quote-selector."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()
    return re.sub(r"[^a-z0-9-]+", "-", words).strip("-") or "node"
