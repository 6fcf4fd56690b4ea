"""The Web of Connections' pure logic: derived links, metrics, flags, findings and layout."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from convener.activities.network_graph import (
    DerivedEdge,
    Node,
    RecordedEdge,
    analyse,
    build_graph,
    derive_edges,
    role_node_id,
    undirected,
)

FAMILIES = Node("p:1", "Family/Youth", "perspective")
STAFF = Node("p:2", "Project staff", "perspective")
STATE = Node("p:3", "State agency", "perspective")
COUNTY = Node("p:4", "County agency", "perspective")
UNIVERSITY = Node("p:5", "University", "perspective")
ALL = [FAMILIES, STAFF, STATE, COUNTY, UNIVERSITY]


def _web() -> tuple[list[RecordedEdge], list[DerivedEdge]]:
    # Staff, state and county meet twice; families meet only staff, at a listening session.
    pairs = [
        (1, "p:2"),
        (1, "p:3"),
        (1, "p:4"),
        (2, "p:3"),
        (2, "p:4"),
        (2, "p:2"),
        (3, "p:1"),
        (3, "p:2"),
    ]
    recorded = [RecordedEdge(7, "p:1", "p:2", "Screens at home", "Privacy first")]
    return recorded, derive_edges(pairs)


def test_derived_links_are_weighted_by_shared_activities() -> None:
    edges = derive_edges([(1, "a"), (1, "b"), (2, "a"), (2, "b"), (2, "c"), (2, "c")])
    assert edges == [
        DerivedEdge("a", "b", 2),
        DerivedEdge("a", "c", 1),
        DerivedEdge("b", "c", 1),
    ]


def test_a_group_alone_at_an_activity_links_to_no_one() -> None:
    assert derive_edges([(1, "a"), (2, "b")]) == []


def test_role_nodes_ignore_case_and_spacing() -> None:
    assert role_node_id("Parent  partner ") == role_node_id("parent partner")


def test_recorded_edges_are_directed_and_derived_edges_go_both_ways() -> None:
    recorded, derived = _web()
    graph = build_graph(ALL, recorded, derived)
    assert graph.has_edge("p:1", "p:2")
    assert graph["p:1"]["p:2"]["recorded"] == 1
    assert graph["p:2"]["p:1"]["recorded"] == 0
    assert graph["p:3"]["p:4"]["derived"] == graph["p:4"]["p:3"]["derived"] == 2
    links = undirected(graph)
    # Recorded once plus one shared activity.
    assert links["p:1"]["p:2"]["weight"] == 2
    assert links["p:3"]["p:4"]["weight"] == 2


def test_degree_counts_in_out_and_derived_links() -> None:
    recorded, derived = _web()
    report = analyse(ALL, recorded, derived)
    by_id = {n.id: n for n in report.nodes}
    assert (by_id["p:1"].out_degree, by_id["p:1"].in_degree) == (1, 0)
    assert (by_id["p:2"].out_degree, by_id["p:2"].in_degree) == (0, 1)
    assert by_id["p:2"].derived_degree == 3
    assert by_id["p:2"].degree == 3
    assert report.nodes[0].id == "p:2"  # most connected first


def test_flags_isolated_groups_and_bridges() -> None:
    recorded, derived = _web()
    report = analyse(ALL, recorded, derived)
    assert [n.id for n in report.isolated] == ["p:5"]
    assert [n.id for n in report.bridges] == ["p:2"]
    assert ("p:1", "p:2") in report.bridge_edges
    edge_bridges = {(e.source, e.target, e.kind): e.bridge for e in report.edges}
    assert edge_bridges[("p:1", "p:2", "recorded")] is True
    assert edge_bridges[("p:3", "p:4", "derived")] is False


def test_findings_say_who_depends_on_whom_in_plain_words() -> None:
    recorded, derived = _web()
    messages = [f.message for f in analyse(ALL, recorded, derived).findings]
    assert "Family/Youth connects to the rest only through Project staff." in messages
    assert "University has no connection to any other group." in messages
    assert any(m.startswith("Project staff sits on more of the shortest paths") for m in messages)


def test_equal_parts_are_said_to_meet_only_through_the_bridge() -> None:
    nodes = [STAFF, STATE, FAMILIES]
    derived = [DerivedEdge("p:1", "p:2", 1), DerivedEdge("p:2", "p:3", 1)]
    messages = [f.message for f in analyse(nodes, [], derived).findings]
    assert "Family/Youth and State agency are linked to each other only through Project staff." in (
        messages
    )


def test_betweenness_is_highest_for_the_group_in_the_middle() -> None:
    recorded, derived = _web()
    report = analyse(ALL, recorded, derived)
    top = max(report.nodes, key=lambda n: n.betweenness)
    assert top.id == "p:2"
    assert top.betweenness > 0
    assert {n.id: n.betweenness for n in report.nodes}["p:1"] == 0


def test_strong_links_make_shorter_paths() -> None:
    # a-b-d with many shared activities, a-c-d with one: b carries the shortest path.
    nodes = [Node(i, i, "perspective") for i in ("a", "b", "c", "d")]
    derived = [
        DerivedEdge("a", "b", 5),
        DerivedEdge("b", "d", 5),
        DerivedEdge("a", "c", 1),
        DerivedEdge("c", "d", 1),
    ]
    report = analyse(nodes, [], derived)
    scores = {n.id: n.betweenness for n in report.nodes}
    assert scores["b"] > scores["c"] == 0


def test_toggle_shows_recorded_or_derived_links_only() -> None:
    recorded, derived = _web()
    only_recorded = analyse(ALL, recorded, derived, mode="recorded")
    assert {e.kind for e in only_recorded.edges} == {"recorded"}
    assert len(only_recorded.isolated) == 3
    only_derived = analyse(ALL, recorded, derived, mode="derived")
    assert {e.kind for e in only_derived.edges} == {"derived"}
    assert all(n.in_degree == n.out_degree == 0 for n in only_derived.nodes)


def test_communities_split_loosely_joined_clusters() -> None:
    names = "abcdef"
    nodes = [Node(n, n.upper(), "organization") for n in names]
    derived = [DerivedEdge(x, y, 3) for x, y in itertools.combinations("abc", 2)] + [
        DerivedEdge(x, y, 3) for x, y in itertools.combinations("def", 2)
    ]
    derived.append(DerivedEdge("c", "d", 1))
    report = analyse(nodes, [], derived)
    assert report.communities == [["a", "b", "c"], ["d", "e", "f"]]
    assert any(f.code == "clusters" for f in report.findings)
    assert [f for f in report.findings if f.code == "bridge_link"]


def test_recorded_relationship_without_shared_activity_is_pointed_out() -> None:
    report = analyse([STATE, UNIVERSITY], [RecordedEdge(1, "p:5", "p:3")], [], mode="both")
    finding = next(f for f in report.findings if f.code == "recorded_not_met")
    assert "State agency / University" in finding.message


def test_an_empty_web_says_how_to_start() -> None:
    report = analyse([], [], [])
    assert report.nodes == []
    assert report.edges == []
    assert [f.code for f in report.findings] == ["no_links"]


def test_self_links_and_unknown_nodes_are_left_out() -> None:
    report = analyse([STATE], [RecordedEdge(1, "p:3", "p:3"), RecordedEdge(2, "p:3", "p:99")], [])
    assert report.edges == []
    assert report.nodes[0].isolated


def test_layout_is_the_same_every_time() -> None:
    recorded, derived = _web()
    first = [(n.id, n.x, n.y) for n in analyse(ALL, recorded, derived).nodes]
    second = [(n.id, n.x, n.y) for n in analyse(ALL, recorded, derived).nodes]
    assert first == second


node_ids = st.sampled_from([f"p:{i}" for i in range(8)])


@settings(max_examples=60, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.integers(1, 6), node_ids), max_size=40),
    recorded=st.lists(st.tuples(node_ids, node_ids), max_size=10),
    mode=st.sampled_from(["both", "recorded", "derived"]),
)
def test_metrics_hold_for_any_web(
    pairs: list[tuple[int, str]], recorded: list[tuple[str, str]], mode: str
) -> None:
    nodes = [Node(f"p:{i}", f"Group {i}", "perspective") for i in range(8)]
    derived = derive_edges(pairs)
    edges = [RecordedEdge(i, a, b) for i, (a, b) in enumerate(recorded)]
    report = analyse(nodes, edges, derived, mode=mode)
    by_id = {n.id: n for n in report.nodes}
    assert set(by_id) == {n.id for n in nodes}
    # Derived weights count activities where both groups were present.
    activities: dict[int, set[str]] = {}
    for activity, node in pairs:
        activities.setdefault(activity, set()).add(node)
    for d in derived:
        assert d.a < d.b
        assert d.weight == sum(1 for g in activities.values() if {d.a, d.b} <= g)
    for n in report.nodes:
        assert 0.0 <= n.betweenness <= 1.0
        assert n.isolated == (n.degree == 0)
        assert n.isolated == (n.community is None)
        assert 0 <= n.x <= report.width
        assert 0 <= n.y <= report.height
        assert 0 <= n.label_y <= report.height
    # Communities partition the groups that have links.
    members = [m for c in report.communities for m in c]
    assert sorted(members) == sorted(n.id for n in report.nodes if not n.isolated)
    # Every shown edge joins known, distinct groups; bridge groups are linked groups.
    assert all(e.source != e.target for e in report.edges)
    assert all(by_id[n.id].degree >= 2 for n in report.bridges)
    if mode == "recorded":
        assert sum(n.in_degree for n in report.nodes) == sum(n.out_degree for n in report.nodes)
