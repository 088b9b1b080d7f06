// The CLI tests run the real `bin/switchboard.js`, which needs the CLI bundle: build it first (about 0.1 s).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  // The team-space tests need a real PostgreSQL (test/fixtures/postgres.ts): one line, once per run, when there is none.
  if (!process.env.SWITCHBOARD_TEST_PG_URL && !process.env.SB_TEAM_SKIP_SAID) {
    process.env.SB_TEAM_SKIP_SAID = '1'; // vitest runs this once per project
    console.warn('team-space tests skipped: no PostgreSQL; run them with `eval "$(scripts/test-postgres.sh start)" && npx vitest run test/integration/team-space` (.ci/run does it)');
  }
}
