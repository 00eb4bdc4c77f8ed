/**
 * Case 5, start-up: how long a `reco-sf deploy` process takes from its spawn to its first request
 * to the org, against the wall time of one `sf org display` on the same machine (the cheapest
 * `sf` command that reads the org's auth). Both run against one emulator (0 ms latency), alternating,
 * after a warm-up round; every reco-sf run is a no-change re-run (the org is deployed once first).
 * The first request's start comes from the emulator's request log (its end time minus its duration),
 * the spawn time from this process's clock just before the spawn: both are `Date` milliseconds.
 */
import { RECO_BIN, SF_BIN, projectCopy, quietSfEnv, tempDir } from '../lib/env';
import { emulatedOrg, useHome } from '../lib/orgs';
import { runProcess, type ProcessResult } from '../lib/proc';
import { row, summarize, type Row } from '../lib/stats';

const ALIAS = 'emu';

function expectOk(result: ProcessResult, what: string): void {
  if (result.code !== 0)
    throw new Error(
      `${what} exited ${String(result.code)}: ${(result.stdout + result.stderr).slice(0, 1500)}`,
    );
}

export async function startupCase(options = { rounds: 5 }): Promise<{ rows: Row[]; details: unknown }> {
  const home = tempDir('home-startup');
  const env = quietSfEnv(home);
  useHome(home, env);
  const project = projectCopy('startup');
  const org = await emulatedOrg({ pollsUntilDone: 1 }, ALIAS);
  const firstRequest: number[] = [];
  const deployWall: number[] = [];
  const display: number[] = [];
  try {
    const deploy = async (): Promise<{ firstMs: number; wallMs: number }> => {
      const from = org.requestLog().length;
      const spawnedAt = Date.now();
      const result = await runProcess(
        process.execPath,
        [RECO_BIN, 'deploy', '--target-org', ALIAS, '--yes', '--json'],
        { cwd: project, env },
      );
      expectOk(result, 'reco-sf deploy');
      const first = org.requestLog()[from];
      if (!first) throw new Error('reco-sf deploy sent no request');
      return { firstMs: Date.parse(first.time) - first.durationMs - spawnedAt, wallMs: result.wallMs };
    };
    await deploy(); // the first deploy: every later run is a no-change re-run
    for (let round = 0; round <= options.rounds; round++) {
      const reco = await deploy();
      const sf = await runProcess(SF_BIN, ['org', 'display', '--target-org', ALIAS, '--json'], {
        cwd: project,
        env,
      });
      expectOk(sf, 'sf org display');
      if (round === 0) continue; // warm-up
      firstRequest.push(reco.firstMs);
      deployWall.push(reco.wallMs);
      display.push(sf.wallMs);
    }
  } finally {
    await org.stop();
  }
  const ratio = summarize(firstRequest).median / summarize(display).median;
  return {
    rows: [
      row('startup', 'reco-sf deploy: spawn → first request', 'ms', firstRequest, {
        ratio,
        baseline: 'sf org display',
        target: '≤ 0.2×',
        met: ratio <= 0.2,
      }),
      row('startup', 'reco-sf deploy: no-change re-run wall', 'ms', deployWall, {
        ratio: summarize(deployWall).median / summarize(display).median,
        baseline: 'sf org display',
      }),
      row('startup', 'sf org display wall', 'ms', display),
    ],
    details: { firstRequest, deployWall, display },
  };
}
