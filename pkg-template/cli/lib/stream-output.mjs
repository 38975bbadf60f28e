// Writing rows to stdout as they arrive (`tmr query --csv`, `--json`): each batch is written, then
// dropped, so memory holds one batch however many rows the answer has. The CSV header is the first
// batch's columns; the JSON is the very text `print` writes for a whole array, made row by row.
// A write that the stream asks to wait for (a pipe whose reader is slow) waits for 'drain', so a
// slow reader slows the reading of the answer instead of filling memory.
import { once } from 'node:events';
import { csvText } from './output.mjs';

/**
 * Write `text` to `out`; when `out` asks to wait, resolve on its 'drain'. An abort while waiting
 * resolves too: the query's next read then reports it as the ABORTED error every call gives.
 */
export async function write(out, text, signal) {
  if (out.write(text)) return;
  try {
    await once(out, 'drain', { signal });
  } catch (e) {
    if (e?.name !== 'AbortError') throw e;
  }
}

/** A CSV writer: the header row and the first batch together, later batches' lines after. */
function csvWriter(out, columnsOf, signal) {
  let columns = null;
  return {
    async batch(rows) {
      const header = columns === null;
      columns ??= columnsOf(rows);
      await write(out, csvText(rows, columns, header), signal);
    },
    // No rows at all: the header alone, as a whole answer of none prints it.
    end: () => (columns === null ? write(out, csvText([], columnsOf([])), signal) : undefined),
  };
}

/** A JSON writer: the text of `JSON.stringify(allRows, null, 2)`, one row at a time. */
function jsonWriter(out, signal) {
  let written = 0;
  return {
    async batch(rows) {
      let text = '';
      for (const row of rows) {
        text += `${written === 0 ? '[\n' : ',\n'}  ${JSON.stringify(row, null, 2).replaceAll('\n', '\n  ')}`;
        written += 1;
      }
      if (text) await write(out, text, signal);
    },
    end: () => write(out, written ? '\n]\n' : '[]\n', signal),
  };
}

/**
 * Write every batch of `batches` (an async iterable of row arrays) to `out` as `format`, calling
 * `onBatch()` after each. A failure of the answer stops the writing where it was: the rows
 * written stay, and a JSON array is left unclosed, so it cannot pass for a complete answer.
 * @param {NodeJS.WritableStream} out
 * @param {'csv' | 'json'} format
 * @param {AsyncIterable<object[]>} batches
 * @param {{ columnsOf: (rows: object[]) => import('./output.mjs').Column[], signal?: AbortSignal, onBatch?: () => void }} options
 */
export async function writeBatches(out, format, batches, { columnsOf, signal, onBatch = () => {} }) {
  const writer = format === 'csv' ? csvWriter(out, columnsOf, signal) : jsonWriter(out, signal);
  // Leaving this loop by a throw (a write that failed) ends the iterator, which cancels the answer.
  for await (const rows of batches) {
    await writer.batch(rows);
    onBatch();
  }
  await writer.end();
}
