// The CSV import part of bench:crm: a realistic file (a tenth of its rows are people already in the
// CRM, to exercise de-duplication) uploaded, mapped, validated and imported with the same commands
// the API and the job use. Timed from upload to the last committed batch.
import type { DatabaseHandle } from '../src/db/client.js';
import { configureImport } from '../src/modules/imports/commands/configure-import.js';
import { runImport } from '../src/modules/imports/commands/run-import.js';
import { startImport } from '../src/modules/imports/commands/start-import.js';
import { uploadImport } from '../src/modules/imports/commands/upload-import.js';
import { systemActor } from '../src/server/context.js';

export async function benchImport(database: DatabaseHandle, workspaceId: string, rows: number) {
  const lines = ['First name,Last name,Email,Phone,Twitter,Company,Tags'];
  for (let i = 0; i < rows; i++) {
    if (i % 10 === 0) {
      // An existing seeded contact (same email): updated, not duplicated.
      lines.push(`Known,Person${i},${['james', 'maria'][i % 2]}.smith${i}@mail${i % 50}.test,,,,returning`);
    } else {
      lines.push(`Import${i},"Tester, Jr.",import.${i}@example-import.test,+4420${String(70000000 + i).padStart(8, '0')},@imported_${i},Company ${i % 500},"csv;bench"`);
    }
  }
  const content = `${lines.join('\r\n')}\r\n`;
  const ctx = { db: database.db, actor: systemActor('bench'), workspace: { workspaceId, role: null, memberId: null }, requestId: null, ipAddress: null };
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const uploaded = await uploadImport(ctx, { filename: 'bench.csv', content });
  phase('uploadMs');
  const importId = uploaded.row.id;
  await configureImport(ctx, importId, {
    mapping: { 'First name': 'firstName', 'Last name': 'lastName', Email: 'email', Phone: 'phone', Twitter: 'identity.twitter', Company: 'company', Tags: 'tags' },
    options: { onDuplicate: 'update', skipInvalid: true },
  });
  phase('mapMs');
  await startImport(ctx, importId);
  phase('validateAndStartMs');
  await runImport(database.db, workspaceId, importId);
  phase('writeMs');
  const seconds = (performance.now() - started) / 1000;
  return { rows, rowsPerSec: Math.round(rows / seconds), phases };
}
