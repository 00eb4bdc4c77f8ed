/** The lifecycle scenario (test/scenarios/lifecycle.ts) against the emulator: the same code `npm run test:org` runs against a real org. */
import os from 'node:os';
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { loginToEmulator, makeTempHome, removeHome, runSf, sfEnv } from '../helpers/sf';
import { describeLifecycle } from '../scenarios/lifecycle';

describe('lifecycle against the emulator', () => {
  let handle: EmulatorHandle;
  let home: string;

  beforeAll(async () => {
    handle = await startEmulator({ shape: 'sandbox' });
    home = makeTempHome();
    Object.assign(process.env, sfEnv(home));
    delete process.env.CI;
    jest.spyOn(os, 'homedir').mockReturnValue(home);
    await loginToEmulator(handle, home, 'emu');
  });
  describeLifecycle(() => ({
    alias: 'emu',
    sf: (args, cwd) => runSf(args, { cwd, home }),
  }));

  afterAll(async () => {
    await handle.stop();
    await removeHome(home);
    jest.restoreAllMocks();
  });
});
