/**
 * README sections generated from the config schema and the catalog, so the docs never restate
 * a fact by hand. Sections live between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`
 * markers; `reco-sf docs` rewrites them, `reco-sf docs --check` fails when they are stale.
 */
import schemaJson from '../../config/reco.config.schema.json';
import {
  EVENT_MANAGER_EVENTS,
  OAUTH_SCOPES,
  PERMISSIONS,
  EVENT_STORE_OBJECTS,
  dependencyClosure,
  requiredPermissionKeys,
  type PermissionFact,
} from '../catalog/catalog';

interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  oneOf?: SchemaNode[];
  const?: unknown;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (node.oneOf)
    return node.oneOf
      .map((n) => (n.const !== undefined ? `\`${JSON.stringify(n.const)}\`` : typeOf(n)))
      .join(' \\| ');
  if (node.type === 'array') return `${node.items ? typeOf(node.items) : 'any'}[]`;
  return String(node.type ?? 'object');
}

function rows(node: SchemaNode, path: string, required: boolean, out: string[]): void {
  if (path) {
    const def = node.default === undefined ? '' : `\`${JSON.stringify(node.default)}\``;
    out.push(
      `| \`${path}\` | ${typeOf(node)} | ${required ? 'yes' : ''} | ${def} | ${cell(node.description ?? '')} |`,
    );
  }
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    if (name === '$schema') continue;
    rows(child, path ? `${path}.${name}` : name, (node.required ?? []).includes(name), out);
  }
  if (node.items?.properties)
    rows({ properties: node.items.properties, required: node.items.required }, `${path}[]`, false, out);
}

export function configReference(): string {
  const out = ['| Field | Type | Required | Default | Meaning |', '|---|---|---|---|---|'];
  rows(schemaJson as SchemaNode, '', true, out);
  return out.join('\n');
}

/**
 * Whether the vendor's list grants a permission that is not on it: yes when a listed permission
 * depends on it or works with it (the generator adds those, `dependencyClosure`), else opt-in only.
 */
function grantNote(p: PermissionFact): string {
  if (p.required) return '';
  const granted = dependencyClosure(requiredPermissionKeys());
  if (!granted.includes(p.key)) return ' (opt-in; not granted by default)';
  const neededBy = PERMISSIONS.filter(
    (q) => granted.includes(q.key) && (q.dependsOn.includes(p.key) || (q.worksWith ?? []).includes(p.key)),
  ).map((q) => q.key);
  return ` (granted by default: ${neededBy.join(', ')} needs it)`;
}

export function permissionTable(): string {
  const out = [
    '| Config key | Setup label | API name | Conf. | Needs | Depends on | Why Reco needs it |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of PERMISSIONS) {
    const deps = [...p.dependsOn, ...(p.worksWith ?? []).map((w) => `${w} (works with)`)].join(', ');
    const required = grantNote(p);
    out.push(
      `| \`${p.key}\`${required} | ${cell(p.label)} | ${p.apiName ? `\`${p.apiName}\`` : 'resolved in the org by label'} | ${p.confidence} | ${p.requiresFeature ?? ''} | ${deps} | ${cell(p.reason)} |`,
    );
  }
  out.push('', '| Object (View All) | Label | Needs | Default |', '|---|---|---|---|');
  for (const o of EVENT_STORE_OBJECTS)
    out.push(
      `| \`${o.apiName}\` | ${o.label} | ${o.requiresFeature} | ${o.required ? 'granted' : 'opt-in'} |`,
    );
  return out.join('\n');
}

export function eventTable(): string {
  const out = ['| Event (config key) | Streaming entity | Storage entity |', '|---|---|---|'];
  for (const e of EVENT_MANAGER_EVENTS)
    out.push(
      `| \`${e.key}\` | ${e.stream ? `\`${e.stream}\`` : '—'} | ${e.store ? `\`${e.store}\`` : '—'} |`,
    );
  return out.join('\n');
}

export function scopeTable(): string {
  const out = [
    '| Token(s) | ConnectedApp scope | External Client App scope | Meaning | Conf. |',
    '|---|---|---|---|---|',
  ];
  for (const s of OAUTH_SCOPES)
    out.push(
      `| ${s.tokens.map((t) => `\`${t}\``).join(', ')} | \`${s.connectedAppValue}\` | \`${s.ecaValue}\` | ${cell(s.label)}${s.note ? ` (${cell(s.note)})` : ''} | ${s.confidence} |`,
    );
  return out.join('\n');
}

export const SECTIONS: Record<string, () => string> = {
  'config-reference': configReference,
  permissions: permissionTable,
  events: eventTable,
  scopes: scopeTable,
};

/** Replaces every generated section; throws when a marker pair is missing. */
export function renderReadme(text: string): string {
  let result = text;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const start = result.indexOf(open);
    const end = result.indexOf(close);
    if (start < 0 || end < start) throw new Error(`README.md: missing the markers ${open} … ${close}`);
    result = `${result.slice(0, start + open.length)}\n${render()}\n${result.slice(end)}`;
  }
  return result;
}
