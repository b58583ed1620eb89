import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Counts results per project (unit, sqlite, postgres, browser) so CI can prove the
 * PostgreSQL run really happened, and prints the plain "N passed, N failed" line. Tests of the
 * seed stories are counted again under `seeds`: they need ../shared/, and CI must prove they ran.
 */
export default class ProjectCountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const projects: Record<string, { passed: number; failed: number; skipped: number }> = {};
    for (const module of testModules) {
      const name = module.project.name || 'default';
      const counts = (projects[name] ??= { passed: 0, failed: 0, skipped: 0 });
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (test.fullName.includes('seed stories')) {
          const seeds = (projects.seeds ??= { passed: 0, failed: 0, skipped: 0 });
          if (state === 'passed') seeds.passed++;
          else if (state === 'failed') seeds.failed++;
          else seeds.skipped++;
        }
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      // A file that failed to load has no tests but must still count as a failure.
      if (module.state() === 'failed' && module.children.size === 0) counts.failed++;
    }
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/projects.json', JSON.stringify(projects, null, 2));
    const total = Object.entries(projects).filter(([name]) => name !== 'seeds').map(([, p]) => p).reduce((sum, p) => ({ passed: sum.passed + p.passed, failed: sum.failed + p.failed, skipped: sum.skipped + p.skipped }), { passed: 0, failed: 0, skipped: 0 });
    for (const [name, p] of Object.entries(projects)) console.log(`project ${name}: ${p.passed} passed, ${p.failed} failed`);
    console.log(`${total.passed} passed, ${total.failed} failed` + (total.skipped ? `, ${total.skipped} skipped` : ''));
  }
}
