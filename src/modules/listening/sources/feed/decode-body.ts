// Bytes → text, choosing the encoding the way RFC 7303 and browsers do: a byte order mark first,
// then the Content-Type charset, then the XML declaration, then UTF-8 (windows-1252 when the bytes
// are not UTF-8).
import iconv from 'iconv-lite';

const BOMS: Array<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

function startsWith(body: Buffer, bytes: number[]): boolean {
  return bytes.every((byte, index) => body[index] === byte);
}

function sniffedEncoding(body: Buffer): string | null {
  for (const bom of BOMS) if (startsWith(body, bom.bytes)) return bom.encoding;
  // "<?" in UTF-16 without a byte order mark.
  if (startsWith(body, [0x3c, 0x00, 0x3f, 0x00])) return 'utf-16le';
  if (startsWith(body, [0x00, 0x3c, 0x00, 0x3f])) return 'utf-16be';
  return null;
}

export function charsetOf(contentType: string | undefined): string | null {
  const match = contentType === undefined ? null : /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match ? match[1]!.toLowerCase() : null;
}

function declaredEncoding(body: Buffer): string | null {
  const head = body.subarray(0, 1024).toString('latin1');
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

// As browsers do, Latin-1 and ASCII labels mean windows-1252: feeds that say ISO-8859-1 are full of
// its curly quotes and dashes in 0x80–0x9F.
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'cp819', 'ibm819', 'us-ascii', 'ascii', 'iso-ir-100']);

function canonicalEncoding(label: string): string | null {
  const lower = label.toLowerCase();
  if (WINDOWS_1252_LABELS.has(lower)) return 'windows-1252';
  if (lower === 'utf8' || lower === 'utf-8' || lower === 'unicode-1-1-utf-8') return 'utf-8';
  // Node's own TextDecoder reads windows-1252 as Latin-1 (no euro sign), so single- and multi-byte
  // legacy encodings go through iconv-lite.
  return iconv.encodingExists(lower) ? lower : null;
}

function decodeAs(body: Buffer, encoding: string): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8', { fatal: true }).decode(body);
  return iconv.decode(body, encoding); // strips a byte order mark
}

/** The text of a feed body, with warnings for unknown, conflicting or wrong encodings. */
export function decodeFeedBody(body: Buffer | string, contentType: string | undefined, warnings: string[]): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');

  const sniffed = sniffedEncoding(body);
  const header = charsetOf(contentType);
  const declared = declaredEncoding(body);
  const label = sniffed ?? header ?? declared ?? 'utf-8';
  if (sniffed === null && header !== null && declared !== null && canonicalEncoding(header) !== canonicalEncoding(declared)) {
    warnings.push(`the Content-Type charset (${header}) and the XML declaration (${declared}) disagree; read as ${header}`);
  }
  let encoding = canonicalEncoding(label);
  if (encoding === null) {
    warnings.push(`unknown encoding "${label}"; read as UTF-8`);
    encoding = 'utf-8';
  }
  try {
    return decodeAs(body, encoding);
  } catch {
    // Mislabelled feeds are nearly always windows-1252 text declared (or defaulted) as UTF-8.
    warnings.push(`the bytes are not valid ${label}; read as windows-1252`);
    return iconv.decode(body, 'windows-1252');
  }
}
