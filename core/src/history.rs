//! `docker history` (S-HIST): one row per history entry, newest first, with the IMAGE column's
//! `<missing>` rule, the 45-character truncation, human sizes and ages, and the table layout.

use serde::{Deserialize, Serialize};

use crate::format::{Timestamp, ellipsis, human_size, table, time_ago};
use crate::image::Image;

/// One row of `docker history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// The IMAGE column: the image ID on the top row, `<missing>` or an intermediate ID below.
    pub id: String,
    /// CREATED (`3 seconds ago`) or CREATED AT (RFC 3339) with `-H=false`.
    pub created: String,
    /// The RFC 3339 time, the `.CreatedAt` field of `--format` whatever `-H` says.
    pub created_at: String,
    /// CREATED BY, truncated to 45 characters unless `--no-trunc`.
    pub created_by: String,
    /// SIZE (`77.8MB`, or bytes with `-H=false`).
    pub size: String,
    /// COMMENT.
    pub comment: String,
    /// Whether the row has a layer.
    pub has_layer: bool,
}

/// How to print the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryOptions {
    /// `-H` (default true): human sizes and ages.
    pub human: bool,
    /// Truncate IDs and CREATED BY (default true; `--no-trunc` turns it off).
    pub trunc: bool,
}

impl Default for HistoryOptions {
    fn default() -> HistoryOptions {
        HistoryOptions { human: true, trunc: true }
    }
}

/// The rows of an image's history, newest first (S-HIST-1, S-HIST-2).
pub fn rows(image: &Image, now: Timestamp, options: HistoryOptions) -> Vec<HistoryRow> {
    let mut layer_sizes = image.layers.iter().map(|l| l.size());
    let sizes: Vec<u64> =
        image.history.iter().map(|h| if h.empty_layer { 0 } else { layer_sizes.next().unwrap_or(0) }).collect();
    let n = image.history.len();
    let short = |d: crate::digest::Digest| if options.trunc { d.short() } else { d.prefixed() };
    let mut out = Vec::with_capacity(n);
    for (i, h) in image.history.iter().enumerate().rev() {
        let id = if i + 1 == n {
            short(image.id)
        } else {
            image.history_ids.get(i).copied().flatten().map(short).unwrap_or_else(|| "<missing>".to_string())
        };
        let created_at = h.created.rfc3339();
        let created = if options.human { time_ago(h.created, now) } else { created_at.clone() };
        // A tab becomes one space, so truncating first gives the same text without copying it all.
        let created_by = if options.trunc { ellipsis(&h.created_by, 45) } else { h.created_by.to_string() };
        let created_by = if created_by.contains('\t') { created_by.replace('\t', " ") } else { created_by };
        let size = if options.human { human_size(sizes[i]) } else { sizes[i].to_string() };
        out.push(HistoryRow {
            id,
            created,
            created_at,
            created_by,
            size,
            comment: h.comment.to_string(),
            has_layer: !h.empty_layer,
        });
    }
    out
}

/// The table exactly as `docker history` prints it (S-HIST-7).
pub fn render_table(rows: &[HistoryRow], options: HistoryOptions) -> String {
    let created = if options.human { "CREATED" } else { "CREATED AT" };
    let mut cells = vec![vec!["IMAGE", created, "CREATED BY", "SIZE", "COMMENT"]];
    for row in rows {
        cells.push(vec![&row.id, &row.created, &row.created_by, &row.size, &row.comment]);
    }
    table(&cells)
}
