// Cuts an import file into records as its bytes arrive, knowing the byte offset and line number of
// each: an NDJSON record is one line; a CSV record ends at a line break outside double quotes, so a
// quoted field may hold line breaks. Offsets are what a checkpoint stores, so a resumed import starts
// exactly after the last committed record. Line breaks and quotes are ASCII, never part of a UTF-8
// sequence, so scanning bytes is safe.

/** A record longer than this is rejected, not kept in memory. */
export const MAX_RECORD_BYTES = 1024 * 1024;

export type FileRecord = {
  /** 1-based physical line where the record starts */
  line: number;
  /** The record without its line break, decoded as UTF-8; null when it was too long to keep */
  text: string | null;
  /** Absolute byte offset just after the record's line break: where reading resumes */
  end: number;
  /** Physical lines the record spans */
  lines: number;
  /** Why the record cannot be read at all (too long, a quote never closed) */
  problem?: string;
};

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class RecordSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  /** absolute offset of buffer[0] */
  private base: number;
  private nextLine: number;
  /** scan position within buffer, and the scan's state for the record in progress */
  private scanned = 0;
  private quoted = false;
  private linesInRecord = 1;
  private firstBreak = -1;
  /** while dropping an over-long NDJSON line: where it started */
  private skipping: { line: number } | null = null;
  private atStart: boolean;

  /** `offset` and `line` are the checkpoint to resume from: bytes and lines already consumed. */
  constructor(
    private readonly quoteAware: boolean,
    offset = 0,
    line = 0,
  ) {
    this.base = offset;
    this.nextLine = line + 1;
    this.atStart = offset === 0;
  }

  /** Feeds the next bytes of the file; returns the records they complete. */
  push(bytes: Buffer): FileRecord[] {
    this.buffer = this.buffer.length === 0 ? bytes : Buffer.concat([this.buffer, bytes]);
    if (this.atStart) {
      if (this.buffer.length < BOM.length) return [];
      this.dropBom();
    }
    return this.scan(false);
  }

  /** The file ended: a last record without a line break. */
  end(): FileRecord[] {
    if (this.atStart) this.dropBom();
    return this.scan(true);
  }

  /** A UTF-8 byte order mark at the very start of the file is not part of the first record. */
  private dropBom(): void {
    this.atStart = false;
    if (!this.buffer.subarray(0, BOM.length).equals(BOM)) return;
    this.base += BOM.length;
    this.buffer = this.buffer.subarray(BOM.length);
  }

  private scan(atEnd: boolean): FileRecord[] {
    const records: FileRecord[] = [];
    let i = this.scanned;
    while (i < this.buffer.length) {
      const byte = this.buffer[i]!;
      if (this.quoteAware && byte === QUOTE) this.quoted = !this.quoted;
      else if (byte === NEWLINE) {
        if (!this.quoted || this.skipping) {
          records.push(this.take(i + 1, i));
          i = 0;
          continue;
        }
        if (this.firstBreak < 0) this.firstBreak = i;
        this.linesInRecord++;
      }
      i++;
      if (i > MAX_RECORD_BYTES && !this.skipping) {
        if (this.quoted && this.firstBreak >= 0) {
          // A quote that never closes would swallow the rest of the file: give up on the record at its first line break.
          records.push({ ...this.take(this.firstBreak + 1, this.firstBreak, 1), text: null, problem: 'a quoted field is never closed' });
          i = 0;
          continue;
        }
        this.skipping = { line: this.nextLine };
        this.base += i;
        this.buffer = this.buffer.subarray(i);
        i = 0;
      } else if (this.skipping && i > 64 * 1024) {
        this.base += i;
        this.buffer = this.buffer.subarray(i);
        i = 0;
      }
    }
    this.scanned = i;
    if (atEnd && this.buffer.length > 0) {
      const unclosed = this.quoted;
      const record = this.take(this.buffer.length, this.buffer.length);
      records.push(unclosed && !record.problem ? { ...record, problem: 'a quoted field is never closed' } : record);
    }
    return records;
  }

  /** Consumes buffer[0, end) as one record whose text stops at `textEnd` (before the line break). */
  private take(end: number, textEnd: number, lines = this.linesInRecord): FileRecord {
    const skipped = this.skipping;
    let stop = textEnd;
    if (stop > 0 && this.buffer[stop - 1] === 0x0d) stop--;
    const record: FileRecord = skipped
      ? { line: skipped.line, text: null, end: this.base + end, lines: 1, problem: `longer than ${MAX_RECORD_BYTES / 1024 / 1024} MB` }
      : { line: this.nextLine, text: this.buffer.toString('utf8', 0, stop), end: this.base + end, lines };
    this.nextLine += record.lines;
    this.base += end;
    this.buffer = this.buffer.subarray(end);
    this.scanned = 0;
    this.quoted = false;
    this.linesInRecord = 1;
    this.firstBreak = -1;
    this.skipping = null;
    return record;
  }
}
