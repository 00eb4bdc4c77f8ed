/**
 * The kind boundary: per-type logic lives in scripts/components (one kind per root type), so no
 * other product code compares against, switches on or lists a metadata type name. scripts/catalog
 * (facts keyed by type), scripts/wsdl (generic over every type) and scripts/emulator (Salesforce's
 * stand-in) are outside the rule. The names are every type and child type of SDR's registry plus
 * every type the Metadata WSDL derives from Metadata (the settings roots, e.g. SecuritySettings).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { registry } from '@salesforce/source-deploy-retrieve';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SCRIPTS = join(ROOT, 'scripts');
const OUTSIDE_RULE = ['components', 'catalog', 'wsdl', 'emulator'].map((d) => join(SCRIPTS, d));

function metadataTypeNames(): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(registry.types)) {
    names.add(type.name);
    for (const child of Object.values(type.children?.types ?? {})) names.add(child.name);
  }
  const wsdl = readFileSync(join(SCRIPTS, 'wsdl', 'metadata-v66.wsdl'), 'utf8');
  const derived =
    /<xsd:complexType name="(\w+)">\s*<xsd:complexContent>\s*<xsd:extension base="tns:Metadata(?:WithContent)?"/g;
  for (const match of wsdl.matchAll(derived)) names.add(match[1]);
  return names;
}

const NAMES = metadataTypeNames();

/** A type name, or a component key built on one (`Settings:Security`). */
function namesType(text: string): boolean {
  return NAMES.has(text) || (NAMES.has(text.split(':')[0]) && text.includes(':'));
}

function literal(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}

const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);
const MEMBERSHIP = new Set(['includes', 'has', 'indexOf', 'lastIndexOf', 'startsWith', 'endsWith', 'get']);
const PREFIX_TESTS = new Set(['startsWith', 'endsWith']);

/** Where one source text compares against, switches on or lists a metadata type name. */
export function typeNameBranches(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node, what: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${file}:${line + 1}: ${what}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind)) {
      for (const side of [node.left, node.right]) {
        const value = literal(side);
        if (value !== undefined && namesType(value)) report(node, `compares against '${value}'`);
      }
    } else if (ts.isCaseClause(node)) {
      const value = literal(node.expression);
      if (value !== undefined && namesType(value)) report(node, `case '${value}'`);
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      MEMBERSHIP.has(node.expression.name.text)
    ) {
      const value = literal(node.arguments[0]);
      const method = node.expression.name.text;
      const prefixOfAName =
        value !== undefined &&
        PREFIX_TESTS.has(method) &&
        value.length >= 3 &&
        [...NAMES].some((n) => n.startsWith(value) || n.endsWith(value));
      if (value !== undefined && (namesType(value) || prefixOfAName)) report(node, `${method}('${value}')`);
    } else if (ts.isArrayLiteralExpression(node)) {
      const listed = node.elements
        .map((e) => literal(e))
        .filter((v): v is string => v !== undefined && NAMES.has(v));
      // A list of type names is a per-type table (membership, order) kept outside the kinds.
      if (listed.length >= 2) report(node, `lists ${listed.join(', ')}`);
    } else if (ts.isObjectLiteralExpression(node)) {
      // A table from something to type names (a suffix map); one component's own type and root are two at most.
      const valued = node.properties
        .map((p) => (ts.isPropertyAssignment(p) ? literal(p.initializer) : undefined))
        .filter((v): v is string => v !== undefined && NAMES.has(v));
      if (valued.length >= 3) report(node, `maps to ${valued.join(', ')}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function productFiles(dir: string): string[] {
  if (OUTSIDE_RULE.includes(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the kind boundary', () => {
  it('derives the type names from SDR and the WSDL', () => {
    for (const name of [
      'PermissionSet',
      'Settings',
      'ExtlClntAppOauthSettings',
      'SecuritySettings',
      'StaticResource',
    ])
      expect(NAMES.has(name)).toBe(true);
    expect(NAMES.has('Reco_Integration')).toBe(false);
  });

  it('finds each way of branching on a type name', () => {
    const text = [
      "if (c.type === 'PermissionSet') x();",
      "switch (root) { case 'SecuritySettings': break; }",
      "if (root.startsWith('Extl')) y();",
      "const order = ['ConnectedApp', 'StaticResource'];",
      "if (c.key === 'Settings:Security') z();",
      "if (names.includes('ExternalClientApplication')) w();",
      "const ROOTS = { eca: 'ExternalClientApplication', ecaOauth: 'ExtlClntAppOauthSettings', ecaPlcy: 'ExtlClntAppConfigurablePolicies' };",
      "const change = { type: 'Settings', rootType: 'SecuritySettings', fullName: 'Security' };",
      "if (c.state === 'create' && c.kind === 'delete-record') v();",
    ].join('\n');
    expect(typeNameBranches('sample.ts', text).map((f) => f.split(': ')[0])).toEqual([
      'sample.ts:1',
      'sample.ts:2',
      'sample.ts:3',
      'sample.ts:4',
      'sample.ts:5',
      'sample.ts:6',
      'sample.ts:7',
    ]);
  });

  it('no file under scripts/ outside components, catalog, wsdl and emulator branches on a metadata type name', () => {
    const found = productFiles(SCRIPTS).flatMap((file) =>
      typeNameBranches(relative(ROOT, file), readFileSync(file, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
