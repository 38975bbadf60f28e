// Aligned text tables for a terminal: columns padded to their widest cell (by terminal width:
// graphemes, East Asian wide characters and emoji count two), numbers right-aligned, control
// characters from the API shown escaped so a name cannot move the cursor or break a row.

const segmenter = new Intl.Segmenter();
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g; // eslint-disable-line no-control-regex

/** Columns a string takes in a terminal. */
export function width(text) {
  let n = 0;
  for (const { segment } of segmenter.segment(text)) n += WIDE.test(segment) ? 2 : 1;
  return n;
}

/** A cell's text: control characters escaped (`\n`, `\u001b`). */
export const clean = (text) => String(text).replace(CONTROL, (c) => JSON.stringify(c).slice(1, -1));

/**
 * Render rows of cells as aligned lines.
 * @param {string[]} header
 * @param {string[][]} rows cells, already text
 * @param {boolean[]} right which columns align right
 */
export function renderTable(header, rows, right = []) {
  const all = [header, ...rows].map((cells) => cells.map(clean));
  const widths = header.map((_, i) => Math.max(...all.map((cells) => width(cells[i]))));
  const line = (cells) => cells
    .map((cell, i) => {
      const pad = ' '.repeat(widths[i] - width(cell));
      if (right[i]) return pad + cell;
      return i === cells.length - 1 ? cell : cell + pad;
    })
    .join('  ');
  return all.map(line).join('\n') + '\n';
}
