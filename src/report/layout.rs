//! The house style of tables and how they fit a width: a new table, right
//! alignment for numbers, coloured verdicts, columns dropped by priority when
//! a table is too wide, and sentences wrapped to the width. Shared by the
//! comparison and every other table.

use crate::names::{Names, Setting};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table as Comfy};

use textwrap::core::display_width;

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
pub fn fit(table: Comfy, width: usize) -> Comfy {
    let plain = {
        let mut t = table.clone();
        t.force_no_tty();
        width_of(&t)
    };
    match plain > width {
        true => wrapped(table, width),
        false => table,
    }
}

/// `table`, known to be wider than `width`, with its cells wrapped to fit.
pub fn wrapped(mut table: Comfy, width: usize) -> Comfy {
    table
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(width).unwrap_or(u16::MAX));
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
    /// Each column's widest line, header included, measured once.
    widths: Vec<usize>,
}

impl Columns {
    /// Columns `(name, priority)` over `rows`; those in `right` (indices)
    /// are right-aligned.
    pub fn new<S: ToString>(
        columns: &[(S, u8)],
        rows: Vec<Vec<String>>,
        right: std::ops::Range<usize>,
    ) -> Self {
        let mut c = Columns {
            names: columns.iter().map(|c| c.0.to_string()).collect(),
            priority: columns.iter().map(|c| c.1).collect(),
            rows,
            right: (0..columns.len()).map(|i| right.contains(&i)).collect(),
            widths: Vec::new(),
        };
        c.widths = (0..c.names.len()).map(|i| c.column_width(i)).collect();
        c
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
        self.widths[0] = self.column_width(0);
    }

    /// The table of columns `keep` as comfy-table draws it when it fits,
    /// written directly: a sweep of 10,000 rows is laid out in one pass.
    fn write(&self, keep: &[usize]) -> String {
        let widths: Vec<usize> = keep.iter().map(|&i| self.widths[i]).collect();
        let rule = |left: &str, fill: &str, mid: &str, right: &str| {
            let parts: Vec<String> = widths.iter().map(|w| fill.repeat(w + 2)).collect();
            format!("{left}{}{right}\n", parts.join(mid))
        };
        let mut out = rule("┌", "─", "┬", "┐");
        let header: Vec<&str> = keep.iter().map(|&i| self.names[i].as_str()).collect();
        self.write_row(&mut out, keep, &widths, &header);
        out.push_str(&rule("╞", "═", "╪", "╡"));
        for row in &self.rows {
            let cells: Vec<&str> = keep.iter().map(|&i| row[i].as_str()).collect();
            self.write_row(&mut out, keep, &widths, &cells);
        }
        out.push_str(&rule("└", "─", "┴", "┘"));
        out
    }

    /// Every column, as comfy-table draws it (without colour), written
    /// directly, ending with a newline.
    pub fn draw(&self) -> String {
        let keep: Vec<usize> = (0..self.names.len()).collect();
        self.write(&keep)
    }

    /// One row, as many lines as its tallest cell.
    fn write_row(&self, out: &mut String, keep: &[usize], widths: &[usize], cells: &[&str]) {
        let lines: Vec<Vec<&str>> = cells.iter().map(|c| c.lines().collect()).collect();
        let height = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for l in 0..height {
            out.push('│');
            for (k, (&i, &w)) in keep.iter().zip(widths).enumerate() {
                let text = lines[k].get(l).copied().unwrap_or("");
                let pad = w - display_width(text);
                let spaces = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
                out.push(' ');
                match self.right[i] {
                    true => {
                        spaces(out, pad);
                        out.push_str(text);
                    }
                    false => {
                        out.push_str(text);
                        spaces(out, pad);
                    }
                }
                out.push(' ');
                out.push(if k + 1 == keep.len() { '│' } else { '┆' });
            }
            out.push('\n');
        }
    }

    /// Columns of column `i`: its widest line, header included.
    fn column_width(&self, i: usize) -> usize {
        let widest = |text: &str| text.lines().map(display_width).max().unwrap_or(0);
        let cells = self.rows.iter().map(|r| widest(&r[i]));
        cells.max().unwrap_or(0).max(widest(&self.names[i]))
    }

    /// The width of the table of columns `keep`, without laying it out: each
    /// column's content, a space either side and a border between and
    /// around (`│ a ┆ b │`).
    fn table_width(&self, keep: &[usize]) -> usize {
        let content: usize = keep.iter().map(|&i| self.widths[i]).sum();
        content + 3 * keep.len() + 1
    }

    /// The table in `width` columns, dropping columns as needed. Widths are
    /// measured, not rendered, so that a table of many rows is laid out once.
    pub fn render(mut self, color: bool, width: usize, names: &dyn Names) -> String {
        let mut keep: Vec<usize> = (0..self.names.len()).collect();
        let mut dropped = Vec::new();
        while self.table_width(&keep) > width {
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
        let over = self.table_width(&keep).saturating_sub(width);
        if over > 0 {
            self.split_ids(over);
        }
        dropped.sort_unstable();
        let dropped: Vec<String> = dropped
            .iter()
            .map(|&i| self.names[i].replace('\n', " "))
            .collect();
        let mut out = match self.table_width(&keep) > width {
            true => {
                let mut table = self.table(&keep, color);
                table
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(u16::try_from(width).unwrap_or(u16::MAX));
                format!("{table}\n")
            }
            false => self.write(&keep),
        };
        if !dropped.is_empty() {
            out.push_str(&format!(
                "(left out to fit {width} columns: {}; {} csv and json have every column)\n",
                dropped.join(", "),
                names.setting(Setting::Format)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_table_is_the_one_comfy_table_draws() {
        // And its width, measured from the cells, is the width drawn.
        let rows = vec![
            vec!["100,000".into(), "$470.00".into(), "◆ break-even".into()],
            vec!["1,000,000,000".into(), "$4.70".into(), "two\nlines".into()],
            vec![String::new(), "$0".into(), "é".into()],
        ];
        let columns = [("requests", 0), ("prompting\ncost", 0), ("marker", 1)];
        let c = Columns::new(&columns, rows, 0..2);
        let keep = [0, 1, 2];
        assert_eq!(c.write(&keep), format!("{}\n", c.table(&keep, false)));
        assert_eq!(c.table_width(&keep), width_of(&c.table(&keep, false)));
        // Dropping a column draws the same as comfy-table too.
        assert_eq!(c.write(&[0, 2]), format!("{}\n", c.table(&[0, 2], false)));
    }
}
