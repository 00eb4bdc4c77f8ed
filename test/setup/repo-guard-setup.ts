/** Jest globalSetup: starts the repository guard (see repo-guard.ts); globalTeardown reports it. */
import { REPOSITORY_ROOT, startRepoGuard, type RepoGuard } from './repo-guard';

export default function setup(): void {
  // Jest shares globals between its globalSetup and globalTeardown, and with nothing else.
  (globalThis as { recoRepoGuard?: RepoGuard }).recoRepoGuard = startRepoGuard(
    REPOSITORY_ROOT,
    process.env.UPDATE_GOLDEN === '1',
  );
}
