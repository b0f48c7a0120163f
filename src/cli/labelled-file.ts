// Reads the labelled evaluation files of `parley eval …` (`LABEL<TAB>TEXT` a line) as a stream, with
// the errors the CLI contract asks for: file and line named, exit 2 (InputError).
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { InputError } from './match.js';

export type LabelledLine = { lineNumber: number; label: string; text: string };

/** `format` names the layout in messages, e.g. "LANG<TAB>TEXT". A file with no such line is an error. */
export async function* readLabelledLines(file: string, format: string): AsyncGenerator<LabelledLine> {
  // Checked up front so an unreadable file is an input error (exit 2), not a stream crash mid-run.
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new InputError(`${file}: cannot read the file (${(error as Error).message})`);
  }
  const stream = createReadStream(file, 'utf8');
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  let items = 0;
  try {
    for await (const raw of lines) {
      lineNumber++;
      const line = (lineNumber === 1 ? raw.replace(/^\uFEFF/u, '') : raw).replace(/\r$/u, '');
      if (line.trim() === '') continue;
      const tab = line.indexOf('\t');
      if (tab === -1) throw new InputError(`${file}:${lineNumber}: expected ${format}, found no tab`);
      items++;
      yield { lineNumber, label: line.slice(0, tab).trim(), text: line.slice(tab + 1) };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}:${lineNumber + 1}: cannot read the file (${(error as Error).message})`);
  } finally {
    lines.close();
    stream.destroy();
  }
  if (items === 0) throw new InputError(`${file}: no ${format} lines`);
}
