import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compileValidatorsTo } from '../../scripts/build/compile-validators';
import {
  CONFIG_SCHEMA,
  SCRATCH_DEF_SCHEMA,
  validatorFor,
  type CompiledValidator,
} from '../../scripts/core/schemas';
import { aProject, demoConfig, removeTempDirs } from '../builders/project';

const repo = join(__dirname, '../..');

describe('standalone schema validators (build step)', () => {
  // Inside the repository, so the generated code resolves its ajv runtime helpers from node_modules.
  mkdirSync(join(repo, '.reco'), { recursive: true });
  const out = mkdtempSync(join(repo, '.reco', 'validators-'));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    removeTempDirs();
  });
  const files = compileValidatorsTo(out);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (name: string): CompiledValidator => require(join(out, `${name}.js`)) as CompiledValidator;

  it('writes one module per schema', () => {
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual([
      'project-scratch-def.js',
      'reco-config.js',
      'reco-lock.js',
    ]);
  });

  it('accept and reject the same configs as the runtime-compiled validator, and fill the same defaults', () => {
    const good = demoConfig() as unknown as Record<string, unknown>;
    delete (good.eventMonitoring as Record<string, unknown>).eventManager;
    const bad = { ...good, apiVersion: 'sixty-six' };
    const standalone = load(CONFIG_SCHEMA.name);
    const runtime = validatorFor(CONFIG_SCHEMA);
    const a = structuredClone(good);
    const b = structuredClone(good);
    expect(standalone(a)).toBe(true);
    expect(runtime(b)).toBe(true);
    expect(a).toEqual(b);
    expect((a.eventMonitoring as Record<string, unknown>).eventManager).toEqual({
      events: 'all',
      streaming: true,
      storage: true,
    });
    expect(standalone(structuredClone(bad))).toBe(false);
    expect(standalone.errors?.[0]).toMatchObject({ instancePath: '/apiVersion', keyword: 'pattern' });
  });

  it('check the generated scratch definition like @salesforce/schemas does', () => {
    const def = JSON.parse(
      readFileSync(join(aProject(), 'config/project-scratch-def.json'), 'utf8'),
    ) as Record<string, unknown>;
    const standalone = load(SCRATCH_DEF_SCHEMA.name);
    expect(standalone(def)).toBe(true);
    expect(standalone({ ...def, features: ['NoSuchFeature'] })).toBe(false);
  });
});
