/**
 * A SOQL subset, parsed properly: SELECT fields (with relationship paths like Profile.Name, and
 * COUNT()) FROM object [WHERE conditions with AND / OR / NOT / parentheses, = != <> < <= > >=,
 * [NOT] IN (…), [NOT] LIKE] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n].
 * Valid SOQL beyond that subset (GROUP BY, HAVING, aggregate and other functions, sub-queries and
 * semi-joins, TYPEOF, object aliases, WITH, FOR, USING SCOPE, INCLUDES/EXCLUDES, date literals)
 * is the emulator's limit, not the query's fault: it answers NOT_IMPLEMENTED (HTTP 501) naming the
 * missing feature, never MALFORMED_QUERY. Syntax errors are MALFORMED_QUERY; unknown objects
 * INVALID_TYPE; unknown fields INVALID_FIELD. Date and datetime literals (2024-01-31,
 * 2024-01-31T00:00:00Z) compare as instants.
 */
import { type SalesforceError, sfErrors } from './errors';
import { sameId } from './ids';
import type { FieldValue, SRecord } from './rules';
import { fieldOf, relationshipOf, type FieldDef, type SObjectDef } from './sobjects';

type Token = { kind: 'ident' | 'string' | 'number' | 'date' | 'op' | 'punct'; text: string; pos: number };

/** A SOQL date or dateTime literal (SOQL and SOSL Reference, "Date Formats and Date Literals"). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2}))?(?![\w:])/;
/** Relative date literals (same reference): TODAY, LAST_N_DAYS:n, THIS_FISCAL_YEAR, … */
const DATE_LITERAL =
  /^(YESTERDAY|TODAY|TOMORROW|(LAST|THIS|NEXT)_(WEEK|MONTH|QUARTER|YEAR|FISCAL_QUARTER|FISCAL_YEAR)|(LAST|NEXT)_90_DAYS|(LAST|NEXT)_N_[A-Z_]+|N_[A-Z_]+_AGO)$/i;
/** SOQL functions of the SELECT list and WHERE clause (SOQL and SOSL Reference). */
const FUNCTIONS = new Set(
  [
    'count',
    'count_distinct',
    'sum',
    'avg',
    'min',
    'max',
    'tolabel',
    'format',
    'convertcurrency',
    'converttimezone',
    'fields',
    'grouping',
    'distance',
    'geolocation',
    'calendar_month',
    'calendar_quarter',
    'calendar_year',
    'day_in_month',
    'day_in_week',
    'day_in_year',
    'day_only',
    'fiscal_month',
    'fiscal_quarter',
    'fiscal_year',
    'hour_in_day',
    'week_in_month',
    'week_in_year',
  ].map((f) => f.toLowerCase()),
);
/** Clauses after FROM that the emulator does not evaluate. */
const UNEMULATED_CLAUSES: Record<string, string> = {
  group: 'GROUP BY',
  having: 'HAVING',
  with: 'WITH (filters such as SECURITY_ENFORCED or DATA CATEGORY)',
  for: 'FOR VIEW / FOR REFERENCE / FOR UPDATE',
  using: 'USING SCOPE',
  update: 'UPDATE TRACKING / VIEWSTAT',
};

/** Valid SOQL the emulator does not evaluate: NOT_IMPLEMENTED naming the feature. */
function notEmulated(feature: string): SalesforceError {
  return sfErrors.notImplemented(
    `SOQL ${feature}; it serves SELECT fields FROM object [WHERE] [ORDER BY] [LIMIT] [OFFSET]`,
  );
}

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = '';
      let j = i + 1;
      while (j < soql.length && soql[j] !== "'") {
        if (soql[j] === '\\' && j + 1 < soql.length) {
          const next = soql[j + 1];
          text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
        } else text += soql[j++];
      }
      if (j >= soql.length)
        throw sfErrors.malformedQuery(`unexpected token: end of string literal at column ${i + 1}`);
      tokens.push({ kind: 'string', text, pos: i });
      i = j + 1;
    } else if (DATE_TIME.test(soql.slice(i))) {
      const text = (DATE_TIME.exec(soql.slice(i)) as RegExpExecArray)[0];
      tokens.push({ kind: 'date', text, pos: i });
      i += text.length;
    } else if (c === ':') {
      const previous = tokens[tokens.length - 1];
      if (previous?.kind === 'ident' && DATE_LITERAL.test(previous.text)) throw notEmulated('date literals');
      throw notEmulated('bind variables (:name)');
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(soql[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(soql.slice(i));
      const text = m ? m[0] : c;
      tokens.push({ kind: 'number', text, pos: i });
      i += text.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(soql.slice(i));
      const text = m ? m[0] : c;
      tokens.push({ kind: 'ident', text, pos: i });
      i += text.length;
    } else if (/[<>!=]/.test(c)) {
      const two = soql.slice(i, i + 2);
      const text = ['<=', '>=', '!=', '<>'].includes(two) ? two : c;
      if (text === '!') throw sfErrors.malformedQuery(`unexpected token: '!' at column ${i + 1}`);
      tokens.push({ kind: 'op', text, pos: i });
      i += text.length;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i++;
    } else {
      throw sfErrors.malformedQuery(`unexpected token: '${c}' at column ${i + 1}`);
    }
  }
  return tokens;
}

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'cmp'; field: FieldRef; op: string; value: FieldValue }
  | { kind: 'in'; field: FieldRef; values: FieldValue[]; negate: boolean }
  | { kind: 'like'; field: FieldRef; pattern: string; negate: boolean };

export interface FieldRef {
  path: string;
  pos: number;
}

export interface ParsedQuery {
  fields: FieldRef[];
  count: boolean;
  object: string;
  objectPos: number;
  where?: Condition;
  orderBy: Array<{ field: FieldRef; desc: boolean; nullsLast: boolean }>;
  limit?: number;
  offset?: number;
}

const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'like',
  'order',
  'by',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'limit',
  'offset',
  'null',
  'true',
  'false',
]);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private isKeyword(word: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t?.kind === 'ident' && t.text.toLowerCase() === word;
  }
  private unexpected(): never {
    const t = this.peek();
    throw sfErrors.malformedQuery(
      t ? `unexpected token: '${t.text}' at column ${t.pos + 1}` : 'unexpected end of query',
    );
  }
  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.unexpected();
    this.i++;
  }
  private expectPunct(p: string): void {
    const t = this.peek();
    if (t?.kind !== 'punct' || t.text !== p) this.unexpected();
    this.i++;
  }
  private field(): FieldRef {
    const t = this.peek();
    if (t?.kind !== 'ident' || KEYWORDS.has(t.text.toLowerCase())) this.unexpected();
    this.i++;
    return { path: t.text, pos: t.pos };
  }
  private literal(): FieldValue {
    const t = this.peek();
    if (!t) this.unexpected();
    this.i++;
    if (t.kind === 'string' || t.kind === 'date') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'ident') {
      const lower = t.text.toLowerCase();
      if (lower === 'null') return null;
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (DATE_LITERAL.test(t.text)) throw notEmulated('date literals (TODAY, LAST_N_DAYS:n, …)');
    }
    this.i--;
    this.unexpected();
  }

  parse(): ParsedQuery {
    this.expectKeyword('select');
    const fields: FieldRef[] = [];
    let count = false;
    if (
      this.isKeyword('count') &&
      this.tokens[this.i + 1]?.text === '(' &&
      this.tokens[this.i + 2]?.text === ')' &&
      this.isKeyword('from', 3)
    ) {
      this.i += 3;
      count = true;
    } else {
      fields.push(this.selectItem());
      while (this.peek()?.text === ',') {
        this.i++;
        fields.push(this.selectItem());
      }
    }
    this.expectKeyword('from');
    const objectToken = this.peek();
    if (objectToken?.kind !== 'ident') this.unexpected();
    this.i++;
    if (this.peek()?.text === ',') throw notEmulated('relationship queries over several objects in FROM');
    this.rejectUnemulatedClause();
    const alias = this.peek();
    if (alias?.kind === 'ident' && !KEYWORDS.has(alias.text.toLowerCase()))
      throw notEmulated('object aliases');
    const query: ParsedQuery = {
      fields,
      count,
      object: objectToken.text,
      objectPos: objectToken.pos,
      orderBy: [],
    };
    if (this.isKeyword('where')) {
      this.i++;
      query.where = this.orExpr();
    }
    this.rejectUnemulatedClause();
    if (this.isKeyword('order')) {
      this.i++;
      this.expectKeyword('by');
      do {
        if (this.peek()?.text === ',') this.i++;
        const field = this.field();
        let desc = false;
        if (this.isKeyword('asc')) this.i++;
        else if (this.isKeyword('desc')) {
          this.i++;
          desc = true;
        }
        let nullsLast = desc;
        if (this.isKeyword('nulls')) {
          this.i++;
          if (this.isKeyword('first')) nullsLast = false;
          else if (this.isKeyword('last')) nullsLast = true;
          else this.unexpected();
          this.i++;
        }
        query.orderBy.push({ field, desc, nullsLast });
      } while (this.peek()?.text === ',');
    }
    this.rejectUnemulatedClause();
    if (this.isKeyword('limit')) {
      this.i++;
      const t = this.peek();
      if (t?.kind !== 'number' || !/^\d+$/.test(t.text)) this.unexpected();
      this.i++;
      query.limit = Number(t.text);
    }
    if (this.isKeyword('offset')) {
      this.i++;
      const t = this.peek();
      if (t?.kind !== 'number' || !/^\d+$/.test(t.text)) this.unexpected();
      this.i++;
      query.offset = Number(t.text);
    }
    this.rejectUnemulatedClause();
    if (this.peek()) this.unexpected();
    return query;
  }

  /** A field, or NOT_IMPLEMENTED for the valid SELECT items the emulator does not evaluate. */
  private selectItem(): FieldRef {
    const t = this.peek();
    const next = this.tokens[this.i + 1];
    if (t?.kind === 'punct' && t.text === '(' && this.isKeyword('select', 1))
      throw notEmulated('sub-queries (parent-to-child relationship queries)');
    if (t?.kind === 'ident' && t.text.toLowerCase() === 'typeof') throw notEmulated('TYPEOF');
    if (t?.kind === 'ident' && next?.text === '(' && FUNCTIONS.has(t.text.toLowerCase()))
      throw notEmulated(
        t.text.toLowerCase() === 'count'
          ? 'aggregate functions (COUNT(field), SUM, …)'
          : `function ${t.text}()`,
      );
    return this.field();
  }

  private rejectUnemulatedClause(): void {
    const t = this.peek();
    const clause = t?.kind === 'ident' ? UNEMULATED_CLAUSES[t.text.toLowerCase()] : undefined;
    if (clause) throw notEmulated(clause);
  }

  private orExpr(): Condition {
    let left = this.andExpr();
    while (this.isKeyword('or')) {
      this.i++;
      left = { kind: 'or', left, right: this.andExpr() };
    }
    return left;
  }
  private andExpr(): Condition {
    let left = this.notExpr();
    while (this.isKeyword('and')) {
      this.i++;
      left = { kind: 'and', left, right: this.notExpr() };
    }
    return left;
  }
  private notExpr(): Condition {
    if (this.isKeyword('not')) {
      this.i++;
      return { kind: 'not', inner: this.notExpr() };
    }
    if (this.peek()?.text === '(') {
      this.i++;
      const inner = this.orExpr();
      this.expectPunct(')');
      return inner;
    }
    return this.comparison();
  }
  private comparison(): Condition {
    const field = this.field();
    let negate = false;
    if (this.isKeyword('not')) {
      this.i++;
      negate = true;
    }
    if (this.isKeyword('in')) {
      this.i++;
      this.expectPunct('(');
      if (this.isKeyword('select')) throw notEmulated('semi-joins and anti-joins (IN (SELECT …))');
      const values = [this.literal()];
      while (this.peek()?.text === ',') {
        this.i++;
        values.push(this.literal());
      }
      this.expectPunct(')');
      return { kind: 'in', field, values, negate };
    }
    if (this.isKeyword('includes') || this.isKeyword('excludes')) throw notEmulated('INCLUDES / EXCLUDES');
    if (this.isKeyword('like')) {
      this.i++;
      const value = this.literal();
      if (typeof value !== 'string') this.unexpected();
      return { kind: 'like', field, pattern: value, negate };
    }
    if (negate) this.unexpected();
    const op = this.peek();
    if (op?.kind !== 'op') this.unexpected();
    this.i++;
    return { kind: 'cmp', field, op: op.text, value: this.literal() };
  }
}

export function parseSoql(soql: string): ParsedQuery {
  return new Parser(tokenize(soql)).parse();
}

// ------------------------------------------------------------------------------------------------
// Execution

export interface QuerySource {
  describe(object: string): SObjectDef | undefined;
  rows(object: string): SRecord[];
  recordUrl(object: string, id: string): string;
}

export interface QueryResult {
  totalSize: number;
  done: true;
  records: Array<Record<string, unknown>>;
}

/** Checks a field path against the object (and related objects for relationship paths). */
function resolvePath(source: QuerySource, def: SObjectDef, ref: FieldRef, soql: string): void {
  const parts = ref.path.split('.');
  let current = def;
  for (let k = 0; k < parts.length - 1; k++) {
    const rel = relationshipOf(current, parts[k]);
    const next = rel?.referenceTo ? source.describe(rel.referenceTo) : undefined;
    if (!rel || !next)
      throw sfErrors.invalidField(parts.slice(0, k + 1).join('.'), current.name, soql, ref.pos + 1);
    current = next;
  }
  if (!fieldOf(current, parts[parts.length - 1]))
    throw sfErrors.invalidField(ref.path, current.name, soql, ref.pos + 1);
}

function valueAt(source: QuerySource, def: SObjectDef, row: SRecord, path: string): FieldValue {
  const parts = path.split('.');
  let current: SRecord | undefined = row;
  let currentDef = def;
  for (let k = 0; k < parts.length - 1 && current; k++) {
    const rel = relationshipOf(currentDef, parts[k]);
    if (!rel?.referenceTo) return null;
    const targetDef = source.describe(rel.referenceTo);
    if (!targetDef) return null;
    const id: FieldValue | undefined = current[rel.name];
    current =
      typeof id === 'string' ? source.rows(targetDef.name).find((r) => sameId(String(r.Id), id)) : undefined;
    currentDef = targetDef;
  }
  if (!current) return null;
  const field = fieldOf(currentDef, parts[parts.length - 1]);
  return field ? (current[field.name] ?? null) : null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Milliseconds of a date or dateTime value (records store `+0000`, literals may say `Z`). */
function instant(value: string): number | undefined {
  if (!ISO_INSTANT.test(value)) return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}

function compare(a: FieldValue, b: FieldValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = instant(a);
    const tb = instant(b);
    if (ta !== undefined && tb !== undefined) return ta - tb;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

function equals(a: FieldValue, b: FieldValue): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (
      /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(a) &&
      /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(b) &&
      sameId(a, b)
    )
      return true;
    if (instant(a) !== undefined && instant(b) !== undefined) return compare(a, b) === 0;
    return a.toLowerCase() === b.toLowerCase();
  }
  return compare(a, b) === 0;
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

function matches(source: QuerySource, def: SObjectDef, row: SRecord, cond: Condition): boolean {
  switch (cond.kind) {
    case 'and':
      return matches(source, def, row, cond.left) && matches(source, def, row, cond.right);
    case 'or':
      return matches(source, def, row, cond.left) || matches(source, def, row, cond.right);
    case 'not':
      return !matches(source, def, row, cond.inner);
    case 'in': {
      const v = valueAt(source, def, row, cond.field.path);
      const found = cond.values.some((x) => equals(v, x));
      return cond.negate ? !found : found;
    }
    case 'like': {
      const v = valueAt(source, def, row, cond.field.path);
      const found = v !== null && likeToRegExp(cond.pattern).test(String(v));
      return cond.negate ? !found : found;
    }
    case 'cmp': {
      const v = valueAt(source, def, row, cond.field.path);
      switch (cond.op) {
        case '=':
          return equals(v, cond.value);
        case '!=':
        case '<>':
          return !equals(v, cond.value);
        default: {
          if (v === null || cond.value === null) return false;
          const c = compare(v, cond.value);
          return cond.op === '<' ? c < 0 : cond.op === '<=' ? c <= 0 : cond.op === '>' ? c > 0 : c >= 0;
        }
      }
    }
  }
}

function conditionFields(cond: Condition | undefined): FieldRef[] {
  if (!cond) return [];
  switch (cond.kind) {
    case 'and':
    case 'or':
      return [...conditionFields(cond.left), ...conditionFields(cond.right)];
    case 'not':
      return conditionFields(cond.inner);
    default:
      return [cond.field];
  }
}

/** Shapes one row as the REST API returns it: attributes, then the selected fields (nested for relationships). */
function project(
  source: QuerySource,
  def: SObjectDef,
  row: SRecord,
  fields: FieldRef[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: def.name, url: source.recordUrl(def.name, String(row.Id)) },
  };
  for (const ref of fields) {
    const parts = ref.path.split('.');
    let target = out;
    let currentDef = def;
    let currentRow: SRecord | undefined = row;
    for (let k = 0; k < parts.length - 1; k++) {
      const rel = relationshipOf(currentDef, parts[k]);
      const relDef = rel?.referenceTo ? source.describe(rel.referenceTo) : undefined;
      if (!rel || !relDef) break;
      const id: FieldValue | undefined = currentRow?.[rel.name];
      const relRow: SRecord | undefined =
        typeof id === 'string' ? source.rows(relDef.name).find((r) => sameId(String(r.Id), id)) : undefined;
      const key = rel.relationshipName ?? parts[k];
      if (!relRow) {
        target[key] = null;
        currentRow = undefined;
        break;
      }
      const existing = target[key];
      const nested: Record<string, unknown> =
        typeof existing === 'object' && existing !== null
          ? (existing as Record<string, unknown>) // built by an earlier field of the same relationship
          : { attributes: { type: relDef.name, url: source.recordUrl(relDef.name, String(relRow.Id)) } };
      target[key] = nested;
      target = nested;
      currentDef = relDef;
      currentRow = relRow;
    }
    if (!currentRow) continue;
    const field = fieldOf(currentDef, parts[parts.length - 1]);
    if (field) target[field.name] = currentRow[field.name] ?? null;
  }
  return out;
}

export function runSoql(source: QuerySource, soql: string): QueryResult {
  const query = parseSoql(soql);
  const def = source.describe(query.object);
  if (!def) throw sfErrors.invalidType(query.object, soql, query.objectPos + 1);
  for (const ref of [...query.fields, ...conditionFields(query.where), ...query.orderBy.map((o) => o.field)])
    resolvePath(source, def, ref, soql);
  let rows = source.rows(def.name).filter((row) => !query.where || matches(source, def, row, query.where));
  if (query.orderBy.length > 0) {
    rows = [...rows].sort((a, b) => {
      for (const o of query.orderBy) {
        const va = valueAt(source, def, a, o.field.path);
        const vb = valueAt(source, def, b, o.field.path);
        if (va === null || vb === null) {
          if (va === vb) continue;
          return (va === null) === o.nullsLast ? 1 : -1;
        }
        const c = compare(va, vb);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  const total = rows.length;
  rows = rows.slice(
    query.offset ?? 0,
    query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit,
  );
  if (query.count) return { totalSize: Math.min(total, query.limit ?? total), done: true, records: [] };
  return {
    totalSize: rows.length,
    done: true,
    records: rows.map((row) => project(source, def, row, query.fields)),
  };
}

/** One entry of `columnMetadata` (REST query with `columns=true`, as the sf CLI requests it). */
export interface QueryColumn {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: QueryColumn[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

const APEX_TYPES: Record<string, string> = {
  id: 'Id',
  string: 'String',
  email: 'String',
  picklist: 'String',
  boolean: 'Boolean',
  int: 'Integer',
  reference: 'Id',
  datetime: 'Datetime',
  date: 'Date',
};

function fieldColumn(field: FieldDef, displayName: string): QueryColumn {
  return {
    aggregate: false,
    apexType: APEX_TYPES[field.type] ?? 'String',
    booleanType: field.type === 'boolean',
    columnName: field.name,
    custom: false,
    displayName,
    foreignKeyName: null,
    insertable: field.createable,
    joinColumns: [],
    numberType: field.type === 'int',
    textType: ['string', 'email', 'picklist'].includes(field.type),
    updatable: field.updateable,
  };
}

/**
 * The query's column metadata, without running it: `{columnMetadata, entityName, groupBy,
 * idSelected, keyPrefix}`. A relationship path becomes a column of the relationship with the
 * related fields as `joinColumns` (how `sf data query` names `Profile.Name`). `COUNT()` has no
 * columns. Throws the same errors as runSoql for an invalid query.
 */
export function queryColumns(source: QuerySource, soql: string): Record<string, unknown> {
  const query = parseSoql(soql);
  const def = source.describe(query.object);
  if (!def) throw sfErrors.invalidType(query.object, soql, query.objectPos + 1);
  const columns: QueryColumn[] = [];
  for (const ref of query.fields) {
    resolvePath(source, def, ref, soql);
    const parts = ref.path.split('.');
    let list = columns;
    let current = def;
    for (let k = 0; k < parts.length - 1; k++) {
      const rel = relationshipOf(current, parts[k]) as FieldDef;
      const name = rel.relationshipName ?? parts[k];
      let column = list.find((c) => c.columnName === name);
      if (!column) {
        column = {
          ...fieldColumn(rel, parts.slice(0, k + 1).join('.')),
          apexType: rel.referenceTo ?? null,
          columnName: name,
          foreignKeyName: rel.name,
        };
        list.push(column);
      }
      list = column.joinColumns;
      current = source.describe(rel.referenceTo ?? '') as SObjectDef;
    }
    const field = fieldOf(current, parts[parts.length - 1]) as FieldDef;
    if (!list.some((c) => c.columnName === field.name)) list.push(fieldColumn(field, ref.path));
  }
  return {
    columnMetadata: columns,
    entityName: def.name,
    groupBy: false,
    idSelected: columns.some((c) => c.columnName === 'Id'),
    keyPrefix: def.keyPrefix || null,
  };
}
