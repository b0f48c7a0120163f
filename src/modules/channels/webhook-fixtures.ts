// Test support: the platforms' webhook payloads in test/fixtures/webhooks (see the README there), including the
// chatwoot FactoryBot files, whose Ruby hash literals are read into JSON here so the tests use them verbatim.
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../../test/fixtures/webhooks/', import.meta.url);

export function webhookFixtureText(path: string): string {
  // Some botbuilder files start with a UTF-8 byte order mark.
  return readFileSync(new URL(path, root), 'utf8').replace(/^\uFEFF/, '');
}

export function webhookFixtureJson(path: string): unknown {
  return JSON.parse(webhookFixtureText(path)) as unknown;
}

/** The fixture files of a folder (relative to test/fixtures/webhooks), sorted */
export function webhookFixtureFiles(folder: string, extension: string): string[] {
  return readdirSync(new URL(folder, root))
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => `${folder}${name}`);
}

/** Each `factory :name, class: Hash do … end` of a FactoryBot file as the hash its attributes build */
export function factoryBotHashes(path: string): Map<string, Record<string, unknown>> {
  const text = webhookFixtureText(path);
  const factories = new Map<string, Record<string, unknown>>();
  const starts = [...text.matchAll(/factory :(\w+), class: Hash do\n/g)];
  starts.forEach((start, index) => {
    const body = text.slice((start.index ?? 0) + start[0].length, starts[index + 1]?.index ?? text.length);
    const attributes: Record<string, unknown> = {};
    for (const block of body.matchAll(/^ {4}(\w+) do\n([\s\S]*?)\n {4}end$/gm)) attributes[block[1] ?? ''] = parseRubyLiteral(block[2] ?? '');
    for (const inline of body.matchAll(/^ {4}(\w+) \{ (.*) \}$/gm)) {
      if (inline[1] !== 'initialize_with') attributes[inline[1] ?? ''] = parseRubyLiteral(inline[2] ?? '');
    }
    factories.set(start[1] ?? '', attributes);
  });
  return factories;
}

type Token = { kind: 'punct'; value: string } | { kind: 'label'; value: string } | { kind: 'value'; value: unknown };

/** Ruby literals as FactoryBot files write them: hashes (`=>`, `key:`, `'key':`), arrays, strings, symbols, numbers, nil */
export function parseRubyLiteral(source: string): unknown {
  const tokens = tokenize(source);
  let position = 0;
  const next = (): Token => {
    const token = tokens[position++];
    if (!token) throw new Error('unexpected end of Ruby literal');
    return token;
  };
  const peek = (): Token | undefined => tokens[position];
  const isPunct = (token: Token | undefined, value: string): boolean => token?.kind === 'punct' && token.value === value;
  const parseValue = (): unknown => {
    const token = next();
    if (token.kind === 'value') return token.value;
    if (isPunct(token, '[')) {
      const items: unknown[] = [];
      while (!isPunct(peek(), ']')) {
        items.push(parseValue());
        if (isPunct(peek(), ',')) position++;
      }
      position++;
      return items;
    }
    if (isPunct(token, '{')) {
      const hash: Record<string, unknown> = {};
      while (!isPunct(peek(), '}')) {
        const key = next();
        let name: string;
        if (key.kind === 'label') name = key.value;
        else if (key.kind === 'value') {
          name = String(key.value);
          if (!isPunct(next(), '=>')) throw new Error(`expected => after ${name}`);
        } else throw new Error(`unexpected ${key.value} in a hash`);
        hash[name] = parseValue();
        if (isPunct(peek(), ',')) position++;
      }
      position++;
      return hash;
    }
    throw new Error(`unexpected ${String(token.value)}`);
  };
  const value = parseValue();
  if (position !== tokens.length) throw new Error('trailing content after the Ruby literal');
  return value;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s+|\.with_indifferent_access|(=>|[{}[\],])|'((?:[^'\\]|\\.)*)'(:(?!:))?|"((?:[^"\\]|\\.)*)"(:(?!:))?|:(\w+)|(\w+):(?!:)|(-?\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)|(nil|true|false)/y;
  let position = 0;
  while (position < source.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(source);
    if (!match) throw new Error(`cannot read Ruby at: ${source.slice(position, position + 30)}`);
    position = pattern.lastIndex;
    const [, punct, single, singleLabel, double, doubleLabel, symbol, label, number, keyword] = match;
    if (punct) tokens.push({ kind: 'punct', value: punct });
    else if (single !== undefined) {
      const value = single.replace(/\\(['\\])/g, '$1');
      tokens.push(singleLabel ? { kind: 'label', value } : { kind: 'value', value });
    } else if (double !== undefined) {
      const value = JSON.parse(`"${double}"`) as string;
      tokens.push(doubleLabel ? { kind: 'label', value } : { kind: 'value', value });
    } else if (symbol) tokens.push({ kind: 'value', value: symbol });
    else if (label) tokens.push({ kind: 'label', value: label });
    else if (number) tokens.push({ kind: 'value', value: Number(number.replace(/_/g, '')) });
    else if (keyword) tokens.push({ kind: 'value', value: keyword === 'nil' ? null : keyword === 'true' });
  }
  return tokens;
}
