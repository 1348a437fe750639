//! Geometry of a call's graph (sessions and parties as nodes, membership and links as edges) in
//! abstract units: sessions side by side, each with its parties stacked below it. The window
//! paints it in a pan-and-zoom scene; an exporter can draw the same boxes.

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
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphLayout {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    pub width: f32,
    pub height: f32,
}

fn short(id: &str) -> String {
    if id.chars().count() > 24 {
        let head: String = id.chars().take(22).collect();
        format!("{head}…")
    } else {
        id.to_owned()
    }
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
            title: short(&s.id),
            subtitle: if s.bridge {
                format!("{origin} · conference bridge")
            } else {
                origin
            },
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
                title: lane.label.clone(),
                subtitle: lane.party_id.clone(),
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
            });
        }
    }
    for l in &layout.links {
        let inferred = set
            .link(l.edge)
            .is_some_and(|(_, _, k)| k.evidence == Evidence::Inferred);
        g.edges.push(GraphEdge {
            from: party_node[l.from_lane],
            to: party_node[l.to_lane],
            label: if inferred {
                format!("{} (inferred)", l.kind)
            } else {
                l.kind.clone()
            },
            member: false,
            inferred,
        });
    }
    g.width = g.nodes.iter().map(|n| n.x + n.w).fold(0.0, f32::max);
    g.height = g.nodes.iter().map(|n| n.y + n.h).fold(0.0, f32::max);
    g
}
