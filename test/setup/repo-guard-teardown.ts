/** Jest globalTeardown: fails the run when it wrote into the repository (see repo-guard.ts). */
import type { RepoGuard } from './repo-guard';

export default async function teardown(): Promise<void> {
  const written = (await (globalThis as { recoRepoGuard?: RepoGuard }).recoRepoGuard?.stop()) ?? [];
  if (written.length > 0)
    throw new Error(
      `the test run wrote into the repository; tests must work on temporary copies (test/builders/project.ts):\n` +
        written.map((line) => `  ${line}`).join('\n') +
        `\n(if you edited these files yourself while the tests ran, run them again)`,
    );
}
