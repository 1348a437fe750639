//! The notification in the detail panel as a tree: objects and arrays fold open and shut, each
//! value is on one line that never wraps (ids stay whole; the panel scrolls sideways), and every
//! value and every object has a copy button. Keys keep the order the platform sent them in, so
//! the text is read with a small parser of its own rather than into a map.

use egui::{RichText, TextWrapMode};

/// One JSON value, strings kept as written (with their quotes and escapes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonNode {
    Scalar(String),
    Object(Vec<(String, JsonNode)>),
    Array(Vec<JsonNode>),
}

/// Objects and arrays deeper than this are shown as text.
const MAX_DEPTH: usize = 64;

impl JsonNode {
    /// Parses JSON text; `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<JsonNode> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value(0)?;
        p.ws();
        (p.i == p.s.len()).then_some(v)
    }

    /// The value as compact JSON text (what its copy button copies); a string copies unquoted.
    pub fn copy_text(&self) -> String {
        match self {
            JsonNode::Scalar(s) => unquote(s),
            _ => self.compact(),
        }
    }

    fn compact(&self) -> String {
        match self {
            JsonNode::Scalar(s) => s.clone(),
            JsonNode::Object(m) => {
                let items: Vec<String> = m
                    .iter()
                    .map(|(k, v)| format!("{k}:{}", v.compact()))
                    .collect();
                format!("{{{}}}", items.join(","))
            }
            JsonNode::Array(a) => {
                let items: Vec<String> = a.iter().map(JsonNode::compact).collect();
                format!("[{}]", items.join(","))
            }
        }
    }
}

/// A JSON string's text without its quotes (escapes decoded); other values unchanged.
fn unquote(s: &str) -> String {
    serde_json::from_str::<String>(s).unwrap_or_else(|_| s.to_owned())
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<JsonNode> {
        self.ws();
        match self.s.get(self.i)? {
            b'{' if depth < MAX_DEPTH => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Some(JsonNode::Object(items));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.ws();
                    (self.s.get(self.i) == Some(&b':')).then_some(())?;
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    items.push((key, v));
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(JsonNode::Object(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' if depth < MAX_DEPTH => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Some(JsonNode::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(JsonNode::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(JsonNode::Scalar),
            _ => {
                let start = self.i;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                (!t.is_empty()).then(|| JsonNode::Scalar(t.to_owned()))
            }
        }
    }

    /// A string as written, quotes included.
    fn string(&mut self) -> Option<String> {
        (self.s.get(self.i) == Some(&b'"')).then_some(())?;
        let start = self.i;
        self.i += 1;
        loop {
            match self.s.get(self.i)? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        std::str::from_utf8(self.s.get(start..self.i)?)
            .ok()
            .map(str::to_owned)
    }
}

/// Shows `node` as a tree (the top level open), scrolling sideways so lines never wrap.
pub fn tree_ui(ui: &mut egui::Ui, node: &JsonNode, id: egui::Id) {
    egui::ScrollArea::horizontal()
        .id_salt(id.with("h"))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.style_mut().wrap_mode = Some(TextWrapMode::Extend);
            node_ui(ui, None, node, id, 0);
        });
}

fn copy_button(ui: &mut egui::Ui, node: &JsonNode, what: &str) {
    if ui
        .small_button(RichText::new("copy").small())
        .on_hover_text(format!("Copy {what}"))
        .clicked()
    {
        ui.ctx().copy_text(node.copy_text());
    }
}

fn node_ui(ui: &mut egui::Ui, key: Option<&str>, node: &JsonNode, id: egui::Id, depth: usize) {
    let name = key.map(unquote);
    match node {
        JsonNode::Scalar(s) => {
            ui.horizontal(|ui| {
                if let Some(k) = &name {
                    ui.label(RichText::new(format!("{k}:")).monospace().weak());
                }
                ui.label(RichText::new(s).monospace());
                copy_button(ui, node, "this value");
            });
        }
        JsonNode::Object(_) | JsonNode::Array(_) => {
            let (count, open) = match node {
                JsonNode::Object(m) => (format!("{{{}}}", m.len()), depth < 2),
                JsonNode::Array(a) => (format!("[{}]", a.len()), depth < 2),
                JsonNode::Scalar(_) => (String::new(), false),
            };
            let title = match &name {
                Some(k) => format!("{k}  {count}"),
                None => format!("notification  {count}"),
            };
            let header = egui::CollapsingHeader::new(RichText::new(title).monospace())
                .id_salt(id)
                .default_open(open)
                .show(ui, |ui| match node {
                    JsonNode::Object(m) => {
                        for (i, (k, v)) in m.iter().enumerate() {
                            node_ui(ui, Some(k), v, id.with(i), depth + 1);
                        }
                    }
                    JsonNode::Array(a) => {
                        for (i, v) in a.iter().enumerate() {
                            let k = format!("{i}");
                            node_ui(ui, Some(&k), v, id.with(i), depth + 1);
                        }
                    }
                    JsonNode::Scalar(_) => {}
                });
            header.header_response.context_menu(|ui| {
                if ui.button("Copy as JSON").clicked() {
                    ui.ctx().copy_text(node.copy_text());
                    ui.close();
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::JsonNode;

    #[test]
    fn parses_in_order_and_copies_values() {
        let t = JsonNode::parse(r#"{"z":1,"a":{"id":"s-a1b2,c\"d"},"e":[],"l":[true,null]}"#);
        let Some(JsonNode::Object(m)) = t else {
            panic!("an object: {t:?}");
        };
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["\"z\"", "\"a\"", "\"e\"", "\"l\""]);
        let JsonNode::Object(inner) = &m[1].1 else {
            panic!("nested object");
        };
        assert_eq!(inner[0].1.copy_text(), "s-a1b2,c\"d");
        assert_eq!(m[1].1.copy_text(), r#"{"id":"s-a1b2,c\"d"}"#);
        assert_eq!(m[3].1.copy_text(), "[true,null]");
        assert_eq!(JsonNode::parse("{\"a\":"), None);
        assert_eq!(JsonNode::parse("not json"), None);
    }
}
