//! Geometry of a call's graph (sessions and parties as nodes, membership and links as edges) in
//! abstract units: sessions side by side, each with its parties stacked below it. Link edges are
//! numbered by time and routed through the gaps between columns and rows, so none passes behind
//! a box; each label sits on its edge's stretch along a row gap. Node text is shortened to fit
//! its box. The window paints it in a pan-and-zoom scene; an exporter can draw the same boxes.

use super::Layout;
use crate::calls::{CallSet, Evidence};
use petgraph::graph::NodeIndex;

pub const NODE_W: f32 = 220.0;
pub const NODE_H: f32 = 46.0;
const COL_GAP: f32 = 90.0;
const ROW_GAP: f32 = 36.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphNodeKind {
    Session { bridge: bool },
    Party { caller: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    pub node: NodeIndex,
    pub kind: GraphNodeKind,
    pub title: String,
    pub subtitle: String,
    /// Top-left corner and size.
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraphEdge {
    /// Indices into `GraphLayout::nodes`.
    pub from: usize,
    pub to: usize,
    /// Empty for session membership.
    pub label: String,
    pub member: bool,
    pub inferred: bool,
    /// 1, 2, 3… by the time of the hand-over (0 for membership).
    pub number: usize,
    /// When it happened, as time since the call's start (`+0:41`).
    pub when: String,
    /// The polyline to draw for a link, through the gaps only (empty for membership).
    pub route: Vec<(f32, f32)>,
    /// Where the label's left-middle goes (on the route's row-gap stretch).
    pub label_at: (f32, f32),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphLayout {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    pub width: f32,
    pub height: f32,
}

/// `s` cut with `…` to fit a box `w` wide at `size` (DejaVu widths, so it fits the window's
/// narrower font too).
fn fit(s: &str, size: f64, w: f32) -> String {
    super::elide(s, size, f64::from(w) - 16.0).unwrap_or_default()
}

/// The graph of the call a layout shows.
pub fn graph_layout(set: &CallSet, layout: &Layout) -> GraphLayout {
    let mut g = GraphLayout::default();
    let mut party_node = vec![0usize; layout.lanes.len()];
    for (col, s) in layout.sessions.iter().enumerate() {
        let x = col as f32 * (NODE_W + COL_GAP);
        let session_index = g.nodes.len();
        let origin = s.origin.clone().unwrap_or_else(|| "unknown origin".into());
        g.nodes.push(GraphNode {
            node: s.node,
            kind: GraphNodeKind::Session { bridge: s.bridge },
            title: fit(&format!("Session {}", s.id), 13.0, NODE_W),
            subtitle: fit(
                &if s.bridge {
                    format!("{origin} · conference bridge")
                } else {
                    origin
                },
                11.0,
                NODE_W,
            ),
            x,
            y: 0.0,
            w: NODE_W,
            h: NODE_H,
        });
        for (row, lane_index) in s.lanes.clone().enumerate() {
            let lane = &layout.lanes[lane_index];
            party_node[lane_index] = g.nodes.len();
            g.nodes.push(GraphNode {
                node: lane.party,
                kind: GraphNodeKind::Party {
                    caller: lane.caller,
                },
                title: fit(&lane.label, 13.0, NODE_W - 16.0),
                subtitle: fit(&lane_story(layout, lane_index), 11.0, NODE_W - 16.0),
                x: x + 16.0,
                y: (row as f32 + 1.0) * (NODE_H + ROW_GAP),
                w: NODE_W - 16.0,
                h: NODE_H,
            });
            g.edges.push(GraphEdge {
                from: session_index,
                to: party_node[lane_index],
                label: String::new(),
                member: true,
                inferred: false,
                number: 0,
                when: String::new(),
                route: Vec::new(),
                label_at: (0.0, 0.0),
            });
        }
    }
    let mut order: Vec<usize> = (0..layout.links.len()).collect();
    order.sort_by(|&a, &b| layout.links[a].from_ms.total_cmp(&layout.links[b].from_ms));
    for (k, &i) in order.iter().enumerate() {
        let l = &layout.links[i];
        let inferred = set
            .link(l.edge)
            .is_some_and(|(_, _, k)| k.evidence == Evidence::Inferred);
        let (from, to) = (party_node[l.from_lane], party_node[l.to_lane]);
        let (route, label_at) = route(&g.nodes[from], &g.nodes[to], k);
        let when = super::format_since(l.from_ms, 1000.0);
        g.edges.push(GraphEdge {
            from,
            to,
            label: format!("{}. {} · {when}", k + 1, super::link_label(l)),
            member: false,
            inferred,
            number: k + 1,
            when,
            route,
            label_at,
        });
    }
    g.width = g.nodes.iter().map(|n| n.x + n.w).fold(0.0, f32::max);
    g.height = g.nodes.iter().map(|n| n.y + n.h).fold(0.0, f32::max);
    g
}

/// What became of a lane, in a few words: when it first shows and its last state.
fn lane_story(layout: &Layout, lane: usize) -> String {
    let first = layout
        .bands
        .iter()
        .filter(|b| b.lane == lane)
        .map(|b| b.t0_ms)
        .fold(f64::INFINITY, f64::min);
    let end = layout
        .markers
        .iter()
        .filter(|m| m.lane == lane)
        .max_by(|a, b| a.t_ms.total_cmp(&b.t_ms))
        .map(|m| {
            format!(
                "{} {}",
                super::marker_label(m),
                super::format_since(m.t_ms, 1000.0)
            )
        });
    let last_band = layout
        .bands
        .iter()
        .filter(|b| b.lane == lane)
        .max_by(|a, b| a.t0_ms.total_cmp(&b.t0_ms))
        .map(|b| b.kind.name().to_owned());
    let start = if first.is_finite() {
        format!("from {}", super::format_since(first, 1000.0))
    } else {
        "not in this capture".to_owned()
    };
    match end.or(last_band) {
        Some(e) => format!("{start} · {e}"),
        None => start,
    }
}

/// A link's path from the right side of `a` to the side of `b` facing it, running only through
/// the gaps: out into the gap right of `a`'s column, along the row gap above `b`, down the gap
/// beside `b`'s column, and into `b`. `k` spreads edges apart so they do not run on each other.
fn route(a: &GraphNode, b: &GraphNode, k: usize) -> (Vec<(f32, f32)>, (f32, f32)) {
    let spread = (k % 5) as f32 * 7.0;
    let start = (a.x + a.w, a.y + a.h / 2.0);
    // The column gap right of a's column (party boxes are inset 16 in their session's column).
    let gap_a = a.x - 16.0 + NODE_W + 18.0 + spread;
    // The row gap just above b.
    let row = b.y - ROW_GAP / 2.0 + (k % 3) as f32 * 6.0 - 6.0;
    let (side_x, end) = if b.x > a.x {
        // b's column lies to the right: come down the gap left of b's column.
        (b.x - 16.0 - 18.0 - spread, (b.x, b.y + b.h / 2.0))
    } else {
        // Same column or to the left: the gap right of b's column.
        (
            b.x - 16.0 + NODE_W + 18.0 + spread,
            (b.x + b.w, b.y + b.h / 2.0),
        )
    };
    let route = vec![
        start,
        (gap_a, start.1),
        (gap_a, row),
        (side_x, row),
        (side_x, end.1),
        end,
    ];
    // The label on the row-gap stretch, starting a little in from its left end.
    let label_x = gap_a.min(side_x) + 6.0;
    (route, (label_x, row))
}
