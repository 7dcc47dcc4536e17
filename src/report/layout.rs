//! The house style of tables and how they fit a width: a new table, right
//! alignment for numbers, coloured verdicts, columns dropped by priority when
//! a table is too wide, and sentences wrapped to the width. Shared by the
//! comparison and every other table.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table as Comfy};

use crate::cost::Verdict;

/// A verdict word, coloured when `color` is on.
pub fn verdict_cell(v: Verdict, color: bool) -> Cell {
    let cell = Cell::new(v.as_str());
    if !color {
        return cell;
    }
    cell.fg(match v {
        Verdict::Prompt => comfy_table::Color::Cyan,
        Verdict::Depends => comfy_table::Color::Yellow,
        Verdict::FineTune => comfy_table::Color::Green,
    })
}

/// Right-aligns the columns from `first` on (numbers).
pub fn align_right_from(table: &mut Comfy, first: usize) {
    for i in first..table.column_count() {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A table in the house style; `color` lets cells carry colour.
pub fn new_table(color: bool) -> Comfy {
    let mut table = Comfy::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// The columns a table takes (measured without colour codes).
pub fn width_of(table: &Comfy) -> usize {
    table.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// `table`, its cells wrapped to fit `width` columns when it is wider.
pub fn fit(mut table: Comfy, width: usize) -> Comfy {
    let plain = {
        let mut t = table.clone();
        t.force_no_tty();
        width_of(&t)
    };
    if plain > width {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(u16::try_from(width).unwrap_or(u16::MAX));
    }
    table
}

/// Lines of prose wider than `width` wrapped at spaces, their continuations
/// indented two spaces more; narrower lines and the lines of tables are kept
/// as they are. A word wider than the width (a long path) is kept whole, so
/// that it can be copied.
pub fn wrap_prose(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let table = body
            .trim_start()
            .starts_with(['│', '┌', '└', '╞', '├', '╘', '╒']);
        match !table && textwrap::core::display_width(body) > width {
            true => {
                let indent = &body[..body.len() - body.trim_start().len()];
                let more = format!("{indent}  ");
                let options = textwrap::Options::new(width.max(20))
                    .subsequent_indent(&more)
                    .break_words(false)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation);
                out.push_str(&textwrap::fill(body, &options));
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            false => out.push_str(line),
        }
    }
    out
}

/// Rows under a header whose columns have a priority: when the table does
/// not fit the width, the columns of the highest number go first (0 never),
/// and a footnote names them.
pub struct Columns {
    names: Vec<String>,
    priority: Vec<u8>,
    rows: Vec<Vec<String>>,
    /// Which columns are right-aligned (numbers).
    right: Vec<bool>,
}

impl Columns {
    /// Columns `(name, priority)` over `rows`; those in `right` (indices)
    /// are right-aligned.
    pub fn new<S: ToString>(
        columns: &[(S, u8)],
        rows: Vec<Vec<String>>,
        right: std::ops::Range<usize>,
    ) -> Self {
        Columns {
            names: columns.iter().map(|c| c.0.to_string()).collect(),
            priority: columns.iter().map(|c| c.1).collect(),
            rows,
            right: (0..columns.len()).map(|i| right.contains(&i)).collect(),
        }
    }

    fn table(&self, keep: &[usize], color: bool) -> Comfy {
        let mut t = new_table(color);
        t.set_header(keep.iter().map(|&i| &self.names[i]));
        for row in &self.rows {
            t.add_row(keep.iter().map(|&i| row[i].clone()));
        }
        for (k, &i) in keep.iter().enumerate() {
            if let (true, Some(column)) = (self.right[i], t.column_mut(k)) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        t
    }

    /// The ids in the first column (`provider/model`) that make the table
    /// `over` columns too wide, on two lines after the slash, rather than
    /// cut anywhere by the fitting.
    fn split_ids(&mut self, over: usize) {
        let widest = self.rows.iter().map(|r| r[0].chars().count()).max();
        let fits = widest.unwrap_or(0).saturating_sub(over);
        for row in &mut self.rows {
            if row[0].chars().count() > fits {
                row[0] = row[0].replacen('/', "/\n", 1);
            }
        }
    }

    /// The table in `width` columns, dropping columns as needed.
    pub fn render(mut self, color: bool, width: usize) -> String {
        let mut keep: Vec<usize> = (0..self.names.len()).collect();
        let mut dropped = Vec::new();
        while width_of(&self.table(&keep, false)) > width {
            let Some(&worst) = keep
                .iter()
                .filter(|&&i| self.priority[i] > 0)
                .max_by_key(|&&i| (self.priority[i], i))
            else {
                break;
            };
            keep.retain(|&i| i != worst);
            dropped.push(worst);
        }
        let over = width_of(&self.table(&keep, false)).saturating_sub(width);
        if over > 0 {
            self.split_ids(over);
        }
        dropped.sort_unstable();
        let dropped: Vec<String> = dropped
            .iter()
            .map(|&i| self.names[i].replace('\n', " "))
            .collect();
        let mut out = format!("{}\n", fit(self.table(&keep, color), width));
        if !dropped.is_empty() {
            out.push_str(&format!(
                "(left out to fit {width} columns: {}; --format csv and json have every column)\n",
                dropped.join(", ")
            ));
        }
        out
    }
}
