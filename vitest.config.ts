import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromium);
if (!haveChromium) {
  process.stderr.write(
    `\nBrowser tests are left out: no Chromium at ${chromium}. Install it with \`apt-get install -y chromium\` ` +
      '(or set CHROMIUM_PATH) and run `npm test` again.\n\n',
  );
}

// PARLEY_TESTS=database (CI's leg on an external PostgreSQL) leaves out the tests that give the same
// answers whatever server there is: the command line's, the pure text, query, matcher, sentiment
// and library tests, and `parley start`'s lifecycle and the inbox benchmark's embedded run, which run on
// an embedded database of their own.
const serverIndependent =
  process.env.PARLEY_TESTS === 'database' ? ['src/cli/**', 'src/shared/**', 'src/lib/**', 'src/modules/listening/{text,query,matcher,enrich,learn,bench}/**', 'test/lifecycle.test.ts', 'src/modules/inbox/bench/bench-inbox-embedded.test.ts'] : [];
const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/browser/**', ...serverIndependent] } },
];
if (haveChromium) {
  projects.push({ extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], fileParallelism: false, testTimeout: 90_000 } });
}

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects,
  },
});
