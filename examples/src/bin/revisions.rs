//! Prints every MCP revision tether-mcp speaks, with its era and a few of its features, as an
//! aligned table read from `tether_mcp::ProtocolVersion`'s feature queries.
//!
//! ```text
//! cargo run -p tether-mcp-examples --bin revisions
//! ```

use tether_mcp::ProtocolVersion;

/// How to read one column's cell from a revision.
type Cell = fn(&ProtocolVersion) -> String;

/// The table's columns: a header, and its cell.
const COLUMNS: &[(&str, Cell)] = &[
    ("revision", |v| v.to_string()),
    ("era", era),
    ("initialize", |v| flag(v.has_initialize())),
    ("mrtr", |v| flag(v.has_mrtr())),
    ("batches", |v| flag(v.has_batches())),
    ("elicitation", |v| flag(v.has_elicitation())),
    ("structured-content", |v| flag(v.has_structured_content())),
    ("icons", |v| flag(v.has_icons())),
    ("not-found-code", |v| {
        v.resource_not_found_code().to_string()
    }),
];

fn era(version: &ProtocolVersion) -> String {
    if version.has_initialize() {
        "legacy"
    } else {
        "modern"
    }
    .to_owned()
}

fn flag(on: bool) -> String {
    if on { "yes" } else { "no" }.to_owned()
}

fn main() {
    let header: Vec<String> = COLUMNS.iter().map(|(name, _)| (*name).to_owned()).collect();
    let rows: Vec<Vec<String>> = ProtocolVersion::ALL
        .iter()
        .map(|version| COLUMNS.iter().map(|(_, cell)| cell(version)).collect())
        .collect();
    let table: Vec<&Vec<String>> = std::iter::once(&header).chain(&rows).collect();

    let widths: Vec<usize> = (0..COLUMNS.len())
        .map(|i| table.iter().map(|row| row[i].len()).max().unwrap_or(0))
        .collect();

    for row in table {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| format!("{cell:<width$}"))
            .collect();
        println!("{}", cells.join("  ").trim_end());
    }
}
