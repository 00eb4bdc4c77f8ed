/**
 * `reco-sf emulator [--port 0] [--shape NAME[,NAME]] [--seed FILE] [--log FILE] [--org-number N]`:
 * starts the local org emulator on 127.0.0.1, prints one line saying how to register it with the
 * `sf` CLI, and runs until SIGINT/SIGTERM. Each instance is its own org (a random org number);
 * `--org-number` picks the number, and so the org id and admin username.
 */
import { MAX_ORG_NUMBER, newOrgNumber, startEmulator } from '../emulator';
import type { ShapeName } from '../emulator/shapes';

export interface EmulatorCommandOptions {
  port?: string;
  shape?: string;
  seed?: string;
  log?: string;
  orgNumber?: string;
}

export async function emulatorCommand(opts: EmulatorCommandOptions): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`reco-sf emulator: --port must be an integer from 0 to 65535, got '${opts.port}'\n`);
    return 2;
  }
  const orgNumber = opts.orgNumber === undefined ? undefined : Number(opts.orgNumber);
  if (
    orgNumber !== undefined &&
    (!Number.isSafeInteger(orgNumber) || orgNumber < 1 || orgNumber > MAX_ORG_NUMBER)
  ) {
    process.stderr.write(
      `reco-sf emulator: --org-number must be an integer from 1 to ${MAX_ORG_NUMBER}, got '${opts.orgNumber ?? ''}'\n`,
    );
    return 2;
  }
  const shape = opts.shape ? (opts.shape.split(',').map((s) => s.trim()) as ShapeName[]) : undefined;
  let handle;
  try {
    // Without --org-number, an org of its own: never npm start's or another instance's org id.
    handle = await startEmulator({
      port,
      shape,
      seed: opts.seed,
      logFile: opts.log,
      orgNumber: orgNumber ?? newOrgNumber(),
    });
  } catch (error) {
    process.stderr.write(`reco-sf emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.stdout.write(
    `Emulated Salesforce org at ${handle.url}; register it with: ` +
      `SF_ACCESS_TOKEN='${handle.accessToken}' sf org login access-token --instance-url ${handle.url} --no-prompt --alias ${orgNumber === undefined ? 'reco-emulator' : `reco-emulator-${orgNumber}`}\n`,
  );
  const running = handle;
  return new Promise<number>((resolve) => {
    const shutdown = (): void => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      void running.stop().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}
