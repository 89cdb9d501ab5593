//! BuildKit's parse-tree dump (conformance README, section 4): one `(name ["flags"] "args")` line per
//! instruction, each ending in a newline.

use crate::instruction::{Node, NodeArg};

use super::Dockerfile;
use super::quote::quote_into;

/// Prints the dump of every instruction, exactly as BuildKit's `dumper` does.
pub fn dump(dockerfile: &Dockerfile) -> String {
    let mut out = String::new();
    for instruction in &dockerfile.instructions {
        out.push('(');
        dump_node(&mut out, &instruction.node);
        out.push_str(")\n");
    }
    out
}

/// One node as dump text, without the outer parentheses.
pub fn dump_node_string(node: &Node) -> String {
    let mut out = String::new();
    dump_node(&mut out, node);
    out
}

/// Appends one node without the outer parentheses.
pub fn dump_node(out: &mut String, node: &Node) {
    out.push_str(&node.name.to_lowercase());
    if !node.flags.is_empty() {
        out.push_str(" [");
        for (i, flag) in node.flags.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            quote_into(out, flag);
        }
        out.push(']');
    }
    for arg in &node.args {
        out.push(' ');
        match arg {
            NodeArg::Str(s) => quote_into(out, s),
            NodeArg::Nested(nested) => {
                out.push('(');
                dump_node(out, nested);
                out.push(')');
            }
        }
    }
}
