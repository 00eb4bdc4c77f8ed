import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import schema from '../../config/reco.config.schema.json';
import { PERMISSIONS, requiredPermissionKeys } from '../../scripts/catalog/catalog';
import { aModel } from '../builders/model';
import { renderReadme } from '../../scripts/docs/readme';

const REPO = join(__dirname, '../..');
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('README generated sections', () => {
  it('are up to date with the config schema and the catalog (run `reco-sf docs` if this fails)', () => {
    expect(renderReadme(readme)).toBe(readme);
  });

  it('document every top-level config property and every catalog permission', () => {
    for (const key of Object.keys(schema.properties).filter((k) => k !== '$schema')) {
      expect(readme).toContain(`| \`${key}\` |`);
    }
    for (const p of PERMISSIONS) expect(readme).toContain(`\`${p.key}\``);
  });

  it("says of each permission beyond the vendor's list what the generated permission set does with it", () => {
    // The vendor guide's list, no opt-ins: what the README calls "by default".
    const model = aModel((c) => {
      c.permissionSet.systemPermissions = requiredPermissionKeys();
      c.permissionSet.additionalPermissions = [];
    });
    const granted = new Set(model.permissionSet.permissions.map((p) => p.key));
    for (const p of PERMISSIONS.filter((q) => !q.required)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${p.key}\` (`)) ?? '';
      if (granted.has(p.key)) expect(row).toContain('(granted by default');
      else expect(row).toContain('(opt-in; not granted by default)');
    }
    expect(granted.has('ApiEnabled')).toBe(true);
  });

  it('shows the two quick-start commands and the trusted-ranges paragraph', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
    expect(readme).toMatch(/replaces every trusted IP range/);
  });

  it('shows npm start with --json only with --silent (npm prints its "> reco-sf@… start" banner on stdout otherwise)', () => {
    // Each `npm start …`/`npm run … start …` in backticks whose arguments include --json.
    const withJson = [...readme.matchAll(/`(npm (?:run [^`]*?start|start)[^`]*)`/g)]
      .map((m) => m[1])
      .filter((command) => /\s--json\b/.test(command));
    expect(withJson.length).toBeGreaterThan(0);
    for (const command of withJson) expect(command.split(' -- ')[0]).toMatch(/\s--silent\b/);
  });

  it("gives an Ajv command that compiles each schema it names, and one for every schema that refers beyond common's", () => {
    const dir = 'scripts/schemas/json-output/';
    const commands = [
      ...readme.replace(/\s+/g, ' ').matchAll(/`ajv validate -s (\S+)((?: -r \S+)*) -d \S+`/g),
    ].map(([, main, refs]) => ({ main, refs: refs.split(' -r ').slice(1) }));
    expect(commands.length).toBeGreaterThan(0);
    for (const { main, refs } of commands) {
      // As ajv-cli does: the -r schemas added, then the -s schema compiled (a missing $ref throws).
      const ajv = new Ajv();
      for (const ref of refs) ajv.addSchema(JSON.parse(readFileSync(join(REPO, ref), 'utf8')) as object);
      expect(() => ajv.compile(JSON.parse(readFileSync(join(REPO, main), 'utf8')) as object)).not.toThrow();
    }
    for (const file of readdirSync(join(REPO, dir))) {
      const text = readFileSync(join(REPO, dir, file), 'utf8');
      const refs = new Set([...text.matchAll(/"\$ref": "([^"#]+)/g)].map(([, r]) => r));
      refs.delete('common.schema.json');
      if (refs.size > 0) expect(commands.map((c) => c.main)).toContain(`${dir}${file}`);
    }
  });

  it('refuses a README whose markers are missing', () => {
    expect(() => renderReadme('# no markers')).toThrow(
      'README.md: missing the markers <!-- generated:config-reference -->',
    );
  });
});
