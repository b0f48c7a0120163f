// `parley match` exactly as specs/cli.md says: output per post in input order, sorted ids, invalid
// queries on stderr with exit 2, bad input lines with exit 2.
import { expect, it } from 'vitest';
import { tempFiles } from '../../test/helpers/files.js';
import { runParleyToEnd } from '../../test/helpers/process.js';

const file = tempFiles('parley-match');

it('prints the matching query ids of every post, in input order', { timeout: 60_000 }, async () => {
  const queries = await file('q.json', JSON.stringify([
    { id: 'q7', query: 'nike OR #justdoit' },
    { id: 'q1', query: '"just do it"' },
    { id: 'q2', query: '(iphone OR ipad) -case' },
    { id: 'q3', query: 'site:example.com' },
    { id: 'q4', query: 'lang:es zapatillas' },
  ]));
  const posts = await file('p.ndjson', [
    JSON.stringify({ id: 'p1', text: 'Just. Do. It! #JustDoIt' }),
    JSON.stringify({ id: 'p2', text: 'my ipad case broke' }),
    '',
    JSON.stringify({ id: 'p3', text: 'New iPad day', url: 'https://blog.example.com/ipad' }),
    JSON.stringify({ id: 'p4', text: 'Me encantan mis zapatillas nuevas, son muy cómodas para correr por el parque' }),
    JSON.stringify({ id: 'p5', text: 'Me encantan mis zapatillas nuevas', lang: 'pt' }),
  ].join('\n'));
  const result = await runParleyToEnd(['match', '--queries', queries, '--posts', posts], {});
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
    { id: 'p1', matches: ['q1', 'q7'] },
    { id: 'p2', matches: [] },
    { id: 'p3', matches: ['q2', 'q3'] },
    { id: 'p4', matches: ['q4'] },
    { id: 'p5', matches: [] },
  ]);
});

it('reports every invalid query on stderr and matches nothing (exit 2)', { timeout: 60_000 }, async () => {
  const queries = await file('bad.json', JSON.stringify([{ id: 'ok', query: 'nike' }, { id: 'q3', query: 'nike OR' }, { id: 'q4', query: '-nike' }]));
  const posts = await file('p2.ndjson', JSON.stringify({ id: 'p1', text: 'nike' }));
  const result = await runParleyToEnd(['match', '--queries', queries, '--posts', posts], {});
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const errors = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as { id: string; error: string; position: number });
  expect(errors.map((e) => e.id)).toEqual(['q3', 'q4']);
  expect(errors.every((e) => typeof e.error === 'string' && e.error.length > 0 && Number.isInteger(e.position))).toBe(true);
});

it('names the file and line of a malformed post (exit 2)', { timeout: 60_000 }, async () => {
  const queries = await file('q2.json', JSON.stringify([{ id: 'q', query: 'nike' }]));
  const posts = await file('broken.ndjson', `${JSON.stringify({ id: 'p1', text: 'nike' })}\n{"id": "p2", "text": \n`);
  const result = await runParleyToEnd(['match', '--queries', queries, '--posts', posts], {});
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('broken.ndjson:2');
});
