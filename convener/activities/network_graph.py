"""The Web of Connections as plain data: which groups work with which, and what stands out.

Nodes are groups (perspectives and organizations) and free-text roles. Edges come from two
places: relationships the team records (directed: how the issue looks from one role towards
another) and relationships derived from co-attendance (two groups are linked when their
members came to the same activities, weighted by how many). Metrics are read on the
undirected graph, because a link is a channel whichever way it was written down:

- degree: how many other groups a group is linked to (recorded in/out, derived, total);
- betweenness: the share of shortest paths between other groups that pass through a group,
  with strong links (many shared activities) counted as short;
- communities: clusters that are linked more among themselves than with the rest;
- isolated groups have no link at all; a bridge group is one whose removal cuts the web in
  two, and a bridge link is the only link joining two parts.

Everything here is pure: no database, deterministic output for the same input.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NodeKind = Literal["perspective", "organization", "role"]
EdgeMode = Literal["both", "recorded", "derived"]
EDGE_MODES: tuple[str, ...] = ("both", "recorded", "derived")

VIEW_WIDTH = 900
VIEW_HEIGHT = 620
MARGIN = 90


def role_node_id(role: str) -> str:
    """Return the node id of a free-text role: the same role typed twice is one node."""
    return "r:" + " ".join(role.split()).casefold()


@dataclass(frozen=True)
class Node:
    id: str  # "p:<pk>", "o:<pk>" or role_node_id(text)
    label: str
    kind: NodeKind


@dataclass(frozen=True)
class RecordedEdge:
    id: int
    source: str
    target: str
    issue_view: str = ""
    key_ideas: str = ""


@dataclass(frozen=True)
class DerivedEdge:
    """Two groups whose members attended ``weight`` activities together (a < b)."""

    a: str
    b: str
    weight: int


def derive_edges(pairs: Iterable[tuple[int, str]]) -> list[DerivedEdge]:
    """Link every two groups present at the same activity; weight = shared activities.

    ``pairs`` are (activity id, node id) pairs; duplicates count once.
    """
    groups_by_activity: dict[int, set[str]] = defaultdict(set)
    for activity_id, node_id in pairs:
        groups_by_activity[activity_id].add(node_id)
    shared: Counter[tuple[str, str]] = Counter()
    for groups in groups_by_activity.values():
        for a, b in itertools.combinations(sorted(groups), 2):
            shared[(a, b)] += 1
    return [DerivedEdge(a=a, b=b, weight=w) for (a, b), w in sorted(shared.items())]


@dataclass(frozen=True)
class NodeMetrics:
    id: str
    label: str
    kind: NodeKind
    in_degree: int  # recorded relationships pointing to this group
    out_degree: int  # recorded relationships from this group
    derived_degree: int  # groups met at shared activities
    degree: int  # distinct groups linked either way
    betweenness: float  # 0..1
    community: int | None  # 1-based; None when isolated
    isolated: bool
    bridge: bool  # an articulation point of the undirected web
    x: float = 0.0
    y: float = 0.0
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"


@dataclass(frozen=True)
class EdgeView:
    source: str
    target: str
    source_label: str
    target_label: str
    kind: Literal["recorded", "derived"]
    weight: int
    bridge: bool
    relationship_id: int | None = None
    issue_view: str = ""
    key_ideas: str = ""


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    nodes: tuple[str, ...] = ()


@dataclass(frozen=True)
class NetworkReport:
    mode: str
    nodes: list[NodeMetrics]
    edges: list[EdgeView]
    communities: list[list[str]]  # node ids, largest first
    findings: list[Finding]
    bridge_edges: list[tuple[str, str]] = field(default_factory=list)
    width: int = VIEW_WIDTH
    height: int = VIEW_HEIGHT

    @property
    def isolated(self) -> list[NodeMetrics]:
        return [n for n in self.nodes if n.isolated]

    @property
    def bridges(self) -> list[NodeMetrics]:
        return [n for n in self.nodes if n.bridge]


def build_graph(
    nodes: Sequence[Node],
    recorded: Sequence[RecordedEdge],
    derived: Sequence[DerivedEdge],
    mode: str = "both",
) -> nx.DiGraph:
    """Return the directed web: recorded edges one way, derived edges both ways.

    Each edge carries ``recorded`` (relationship count), ``derived`` (shared activities) and
    ``weight`` (their sum). Edges to unknown nodes are left out.
    """
    graph = nx.DiGraph()
    for node in sorted(nodes, key=lambda n: n.id):
        graph.add_node(node.id, label=node.label, kind=node.kind)

    def bump(u: str, v: str, key: str, amount: int) -> None:
        if u not in graph or v not in graph or u == v:
            return
        if not graph.has_edge(u, v):
            graph.add_edge(u, v, recorded=0, derived=0, weight=0)
        graph[u][v][key] += amount
        graph[u][v]["weight"] += amount

    if mode in ("both", "recorded"):
        for edge in recorded:
            bump(edge.source, edge.target, "recorded", 1)
    if mode in ("both", "derived"):
        for d in derived:
            bump(d.a, d.b, "derived", d.weight)
            bump(d.b, d.a, "derived", d.weight)
    return graph


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """Fold the directed web into links with a strength and a path length (1 / strength)."""
    links = nx.Graph()
    links.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        # A derived edge is stored both ways: count its shared activities once.
        derived = data["derived"] if u < v or not graph.has_edge(v, u) else 0
        strength = data["recorded"] + derived
        if links.has_edge(u, v):
            links[u][v]["weight"] += strength
        else:
            links.add_edge(u, v, weight=strength)
    for _u, _v, data in links.edges(data=True):
        data["distance"] = 1 / data["weight"] if data["weight"] else 1.0
    return links


def _communities(links: nx.Graph) -> list[list[str]]:
    connected = links.subgraph([n for n in links if links.degree(n) > 0])
    if connected.number_of_edges() == 0:
        return []
    found = nx.algorithms.community.greedy_modularity_communities(connected, weight="weight")
    ordered = [sorted(c) for c in found]
    ordered.sort(key=lambda c: (-len(c), c[0]))
    return ordered


def _layout(
    order: Sequence[str], width: int, height: int
) -> dict[str, tuple[float, float, float, float, str]]:
    """Place nodes on a circle in ``order`` (clusters side by side); labels sit outside.

    Return node → (x, y, label x, label y, text anchor). Pure arithmetic: the same input
    always gives the same picture.
    """
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - MARGIN
    out: dict[str, tuple[float, float, float, float, str]] = {}
    count = len(order)
    for index, node in enumerate(order):
        if count == 1:
            out[node] = (cx, cy, cx, cy - 24, "middle")
            continue
        angle = -math.pi / 2 + 2 * math.pi * index / count
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + radius * cos, cy + radius * sin
        lx, ly = cx + (radius + 18) * cos, cy + (radius + 18) * sin + 5
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        if anchor == "middle":
            ly += 8 if sin > 0 else -6
        out[node] = (round(x, 1), round(y, 1), round(lx, 1), round(ly, 1), anchor)
    return out


def _names(labels: Sequence[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def _findings(
    links: nx.Graph,
    metrics: dict[str, NodeMetrics],
    communities: list[list[str]],
    bridge_edges: list[tuple[str, str]],
    mode: str,
    recorded: Sequence[RecordedEdge],
    derived: Sequence[DerivedEdge],
) -> list[Finding]:
    label = {n: metrics[n].label for n in metrics}
    out: list[Finding] = []
    if links.number_of_edges() == 0:
        out.append(
            Finding(
                "no_links",
                _(
                    "No connections yet: record a relationship, or check people in at an "
                    "activity, and the web will draw itself."
                ),
            )
        )
        return out
    isolated = sorted((n for n in metrics.values() if n.isolated), key=lambda n: n.label)
    if isolated:
        out.append(
            Finding(
                "isolated",
                ngettext(
                    "%(names)s has no connection to any other group.",
                    "%(names)s have no connection to any other group.",
                    len(isolated),
                )
                % {"names": _names([n.label for n in isolated])},
                tuple(n.id for n in isolated),
            )
        )
    # For each bridge group, the smaller parts that hang on it.
    for point in sorted((n for n in metrics.values() if n.bridge), key=lambda n: n.label):
        rest = links.copy()
        rest.remove_node(point.id)
        parts = sorted(
            (sorted(c) for c in nx.connected_components(rest)),
            key=lambda c: (-len(c), c[0]),
        )
        parts = [p for p in parts if any(links.has_edge(point.id, n) for n in p)]
        if len(parts) > 1 and len(parts[0]) == len(parts[1]):
            # No part is clearly "the rest": say that the parts meet only through the bridge.
            groups = [_names(sorted(label[n] for n in part)) for part in parts]
            out.append(
                Finding(
                    "bridge",
                    _("%(names)s are linked to each other only through %(bridge)s.")
                    % {"names": _names(groups), "bridge": point.label},
                    (point.id, *(n for part in parts for n in part)),
                )
            )
            continue
        for part in parts[1:]:
            names = sorted(label[n] for n in part)
            out.append(
                Finding(
                    "bridge",
                    ngettext(
                        "%(names)s connects to the rest only through %(bridge)s.",
                        "%(names)s connect to the rest only through %(bridge)s.",
                        len(names),
                    )
                    % {"names": _names(names), "bridge": point.label},
                    (point.id, *part),
                )
            )
    for u, v in bridge_edges:
        if links.degree(u) > 1 and links.degree(v) > 1:
            out.append(
                Finding(
                    "bridge_link",
                    _(
                        "The link between %(a)s and %(b)s is the only one joining their two "
                        "parts of the web."
                    )
                    % {"a": label[u], "b": label[v]},
                    (u, v),
                )
            )
    if len(communities) > 1:
        out.append(
            Finding(
                "clusters",
                _("The web falls into %(count)d clusters: %(clusters)s.")
                % {
                    "count": len(communities),
                    "clusters": "; ".join(_names(sorted(label[n] for n in c)) for c in communities),
                },
            )
        )
    central = max(metrics.values(), key=lambda n: (n.betweenness, n.label))
    if central.betweenness > 0:
        out.append(
            Finding(
                "central",
                _(
                    "%(name)s sits on more of the shortest paths between other groups than "
                    "any other group (betweenness %(score).2f)."
                )
                % {"name": central.label, "score": central.betweenness},
                (central.id,),
            )
        )
    if mode == "both":
        met = {(d.a, d.b) for d in derived}
        apart = sorted(
            {
                tuple(sorted((e.source, e.target)))
                for e in recorded
                if e.source in label and e.target in label and e.source != e.target
            }
            - met
        )
        # Only pairs that attendance could have linked: of the kind the derived links join
        # (perspectives or organizations), never typed roles.
        kinds = {n: metrics[n].kind for n in metrics}
        linkable = {kinds[n] for d in derived for n in (d.a, d.b) if n in kinds} or {
            "perspective",
            "organization",
        }
        apart = [(a, b) for a, b in apart if kinds[a] in linkable and kinds[b] in linkable]
        if apart:
            out.append(
                Finding(
                    "recorded_not_met",
                    _(
                        "Recorded relationships with no shared activity yet: %(pairs)s. "
                        "An activity that brings them together would test the link."
                    )
                    % {"pairs": "; ".join(f"{label[a]} / {label[b]}" for a, b in apart)},
                )
            )
    return out


def analyse(
    nodes: Sequence[Node],
    recorded: Sequence[RecordedEdge],
    derived: Sequence[DerivedEdge],
    mode: str = "both",
    width: int = VIEW_WIDTH,
    height: int = VIEW_HEIGHT,
) -> NetworkReport:
    """Return every node with its metrics and position, every edge, the flags and findings."""
    if mode not in EDGE_MODES:
        raise ValueError(f"unknown edge mode {mode!r}")
    graph = build_graph(nodes, recorded, derived, mode)
    links = undirected(graph)
    betweenness = nx.betweenness_centrality(links, weight="distance", normalized=True)
    communities = _communities(links)
    community_of = {n: i + 1 for i, c in enumerate(communities) for n in c}
    articulation = set(nx.articulation_points(links))
    bridge_edges = sorted(tuple(sorted(e)) for e in nx.bridges(links)) if len(links) else []
    bridge_set = set(bridge_edges)
    # Clusters side by side, largest first; isolated groups last.
    labels_of = {n: d["label"] for n, d in graph.nodes(data=True)}
    order = [n for c in communities for n in sorted(c, key=lambda n: (labels_of[n], n))]
    order += sorted((n for n in graph if n not in community_of), key=lambda n: (labels_of[n], n))
    positions = _layout(order, width, height)
    in_deg: Counter[str] = Counter()
    out_deg: Counter[str] = Counter()
    derived_deg: Counter[str] = Counter()
    for u, v, data in graph.edges(data=True):
        if data["recorded"]:
            out_deg[u] += data["recorded"]
            in_deg[v] += data["recorded"]
        if data["derived"]:
            derived_deg[u] += 1  # stored both ways: each end counts once from its own side
    metrics: dict[str, NodeMetrics] = {}
    for node_id, data in graph.nodes(data=True):
        degree = links.degree(node_id)
        x, y, label_x, label_y, anchor = positions[node_id]
        metrics[node_id] = NodeMetrics(
            id=node_id,
            label=data["label"],
            kind=data["kind"],
            in_degree=in_deg[node_id],
            out_degree=out_deg[node_id],
            derived_degree=derived_deg[node_id],
            degree=degree,
            betweenness=round(float(betweenness.get(node_id, 0.0)), 4),
            community=community_of.get(node_id),
            isolated=degree == 0,
            bridge=node_id in articulation,
            x=x,
            y=y,
            label_x=label_x,
            label_y=label_y,
            anchor=anchor,
        )
    label = {n: m.label for n, m in metrics.items()}
    edges: list[EdgeView] = []
    if mode in ("both", "recorded"):
        for e in recorded:
            if e.source in label and e.target in label and e.source != e.target:
                edges.append(
                    EdgeView(
                        source=e.source,
                        target=e.target,
                        source_label=label[e.source],
                        target_label=label[e.target],
                        kind="recorded",
                        weight=1,
                        bridge=tuple(sorted((e.source, e.target))) in bridge_set,
                        relationship_id=e.id,
                        issue_view=e.issue_view,
                        key_ideas=e.key_ideas,
                    )
                )
    if mode in ("both", "derived"):
        for d in derived:
            if d.a in label and d.b in label:
                edges.append(
                    EdgeView(
                        source=d.a,
                        target=d.b,
                        source_label=label[d.a],
                        target_label=label[d.b],
                        kind="derived",
                        weight=d.weight,
                        bridge=(d.a, d.b) in bridge_set,
                    )
                )
    findings = _findings(links, metrics, communities, bridge_edges, mode, recorded, derived)
    ordered = sorted(metrics.values(), key=lambda n: (-n.degree, n.label))
    return NetworkReport(
        mode=mode,
        nodes=ordered,
        edges=edges,
        communities=communities,
        findings=findings,
        bridge_edges=bridge_edges,
        width=width,
        height=height,
    )
