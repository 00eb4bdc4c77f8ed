/**
 * `reco-sf emulator [--port 0] [--shape NAME[,NAME]] [--seed FILE] [--log FILE] [--org-number N]`:
 * starts the local org emulator on 127.0.0.1, prints one line saying how to register it with the
 * `sf` CLI, and runs until SIGINT/SIGTERM. Each instance is its own org (a random org number);
 * `--org-number` picks the number, and so the org id and admin username.
 */
import { RecoError } from '../core/errors';
import { MAX_ORG_NUMBER, newOrgNumber, startEmulator } from '../emulator';
import { resolveShape, type ShapeName } from '../emulator/shapes';

/**
 * The --shape names, checked before anything starts.
 * @throws RecoError BAD_SHAPE (exit 2) for an unknown name or names that exclude each other.
 */
function checkShape(shape: ShapeName[]): void {
  try {
    resolveShape(shape);
  } catch (error) {
    throw new RecoError(
      'BAD_SHAPE',
      `--shape ${shape.join(',')}: ${error instanceof Error ? error.message : String(error)}`,
      {
        exitCode: 2,
        field: '--shape',
        fix: 'see the shapes in README.md (The local org emulator)',
      },
    );
  }
}

export interface EmulatorCommandOptions {
  port?: string;
  shape?: string;
  seed?: string;
  log?: string;
  orgNumber?: string;
}

/**
 * A number option from `min` to `max`.
 * @throws RecoError INVALID_ARGUMENT (exit 2) naming the option and its range.
 */
function intOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() !== '' && Number.isSafeInteger(n) && n >= min && n <= max) return n;
  throw new RecoError(
    'INVALID_ARGUMENT',
    `${name} must be an integer from ${min} to ${max}, got '${value}'`,
    {
      exitCode: 2,
      field: name,
    },
  );
}

/**
 * A failure to listen is the machine's (exit 1), not the command line's: the port is taken or
 * not allowed. Anything else (a RecoError of the seed or shape) is returned as it is.
 */
function listenError(error: unknown, port: number): unknown {
  const code = (error as { code?: unknown }).code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return error;
  return new RecoError(
    code === 'EADDRINUSE' ? 'EMULATOR_PORT_IN_USE' : 'EMULATOR_PORT_DENIED',
    code === 'EADDRINUSE'
      ? `127.0.0.1:${port} is already in use`
      : `this user may not listen on 127.0.0.1:${port}`,
    {
      exitCode: 1,
      field: '--port',
      fix: 'choose another --port, or --port 0 for any free port',
      cause: error,
    },
  );
}

/**
 * Runs the emulator until SIGINT/SIGTERM (exit 0 then).
 * @throws RecoError INVALID_ARGUMENT or BAD_SHAPE (exit 2), EMULATOR_SEED_INVALID (exit 2),
 *   EMULATOR_PORT_IN_USE / EMULATOR_PORT_DENIED (exit 1).
 */
export async function emulatorCommand(opts: EmulatorCommandOptions): Promise<number> {
  const port = opts.port === undefined ? 0 : intOption('--port', opts.port, 0, 65535);
  const orgNumber =
    opts.orgNumber === undefined ? undefined : intOption('--org-number', opts.orgNumber, 1, MAX_ORG_NUMBER);
  const shape = opts.shape ? (opts.shape.split(',').map((s) => s.trim()) as ShapeName[]) : undefined;
  if (shape) checkShape(shape);
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
    throw listenError(error, port);
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
