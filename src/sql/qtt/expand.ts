import { JsonNumber } from '../values.js';
import type { QttExpectedException, QttPostConditions, QttRecordNode, QttTestNode } from './model.js';

/**
 * One runnable case: a test node with one `format` and one `config` value substituted, as ksqlDB's
 * TestCaseBuilder builds it (TestCaseBuilderUtil.buildStatements replaces `{FORMAT}` in statements; the
 * `config` list is expanded the same way, its value replacing `{CONFIG}` in properties and statements).
 */
export interface QttCase {
  readonly file: string;
  readonly name: string;
  readonly format?: string;
  readonly config?: string;
  readonly statements: readonly string[];
  readonly properties: Readonly<Record<string, string>>;
  readonly topics: readonly { readonly name: string; readonly partitions?: number; readonly formats: readonly string[] }[];
  readonly inputs: readonly QttRecordNode[];
  readonly outputs: readonly QttRecordNode[];
  readonly expectedException?: QttExpectedException;
  readonly post?: QttPostConditions;
}

/** ksqlDB's test name suffix: " - FORMAT - CONFIG" (TestCaseBuilderUtil.buildTestName). */
export function variantOf(c: Pick<QttCase, 'format' | 'config'>): string | undefined {
  const parts = [c.format, c.config].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? undefined : parts.join(' - ');
}

/** "file.json › name [JSON]" */
export function caseLabel(c: Pick<QttCase, 'file' | 'name' | 'format' | 'config'>): string {
  const variant = variantOf(c);
  return `${c.file} › ${c.name}${variant === undefined ? '' : ` [${variant}]`}`;
}

/** The serialization formats ksqlDB knows; a name outside this list is an invalid-format test, not a need. */
export const KNOWN_FORMATS = ['JSON', 'JSON_SR', 'AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'KAFKA', 'DELIMITED', 'NONE'] as const;

// FORMAT / KEY_FORMAT / VALUE_FORMAT = '...' in a WITH clause, not TIMESTAMP_FORMAT.
const FORMAT_PROPERTY = /(?<![A-Za-z0-9_])(?:key_|value_)?format\s*=\s*'([^']*)'/gi;
const DEFAULT_FORMAT_PROPERTIES = ['ksql.persistence.default.format.key', 'ksql.persistence.default.format.value'];

/** The known formats a case's statements, declared topics and default-format properties use. */
export function formatsNeeded(c: Pick<QttCase, 'statements' | 'topics' | 'properties'>): Set<string> {
  const named: string[] = [];
  for (const s of c.statements) for (const m of s.matchAll(FORMAT_PROPERTY)) named.push(m[1] ?? '');
  for (const t of c.topics) named.push(...t.formats);
  for (const p of DEFAULT_FORMAT_PROPERTIES) {
    const v = c.properties[p];
    if (v !== undefined) named.push(v);
  }
  const known = new Set<string>(KNOWN_FORMATS);
  return new Set(named.map((n) => n.toUpperCase()).filter((n) => known.has(n)));
}

export interface ExpandOptions {
  /** `--only-formats`: `format` lists shrink to these, and cases that need any other format are left out. */
  readonly onlyFormats?: ReadonlySet<string>;
}

export interface Expansion {
  readonly cases: QttCase[];
  /** How many expanded cases `onlyFormats` left out. */
  readonly leftOut: number;
}

/** Expands one test node; a disabled node (`enabled: false`) yields nothing, as in TestCaseBuilder. */
export function expandTest(file: string, node: QttTestNode, options: ExpandOptions = {}): Expansion {
  if (node.enabled === false) return { cases: [], leftOut: 0 };
  const formats: (string | undefined)[] = node.format !== undefined && node.format.length > 0 ? [...node.format] : [undefined];
  const configs: (string | undefined)[] = node.config !== undefined && node.config.length > 0 ? [...node.config] : [undefined];
  const cases: QttCase[] = [];
  let leftOut = 0;
  for (const format of formats) {
    for (const config of configs) {
      const c = buildCase(file, node, format, config);
      const only = options.onlyFormats;
      if (only !== undefined && [...formatsNeeded(c), ...(format === undefined ? [] : [format.toUpperCase()])].some((f) => !only.has(f))) {
        leftOut++;
        continue;
      }
      cases.push(c);
    }
  }
  return { cases, leftOut };
}

export function expandFile(file: string, nodes: readonly QttTestNode[], options: ExpandOptions = {}): Expansion {
  const cases: QttCase[] = [];
  let leftOut = 0;
  for (const node of nodes) {
    const e = expandTest(file, node, options);
    cases.push(...e.cases);
    leftOut += e.leftOut;
  }
  return { cases, leftOut };
}

// Without a format, ksqlDB substitutes this text, so a statement using {FORMAT} fails to parse (TestCaseBuilderUtil).
const FORMAT_REPLACE_ERROR = "To use {FORMAT} in your statements please set the 'format' test case element";

function buildCase(file: string, node: QttTestNode, format: string | undefined, config: string | undefined): QttCase {
  const substitute = (text: string): string => {
    let out = text.replaceAll('{FORMAT}', format ?? FORMAT_REPLACE_ERROR);
    if (config !== undefined) out = out.replaceAll('{CONFIG}', config);
    return out;
  };
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.properties ?? {})) properties[k] = substitute(propertyText(v));
  return {
    file,
    name: node.name,
    ...(format === undefined ? {} : { format }),
    ...(config === undefined ? {} : { config }),
    statements: node.statements.map(substitute),
    properties,
    topics: (node.topics ?? []).map((t) => ({
      name: t.name,
      ...(t.partitions === undefined ? {} : { partitions: t.partitions instanceof JsonNumber ? t.partitions.toNumber() : Number(t.partitions) }),
      formats: [t.format, t.keyFormat, t.valueFormat].filter((f): f is string => typeof f === 'string').map(substitute),
    })),
    inputs: node.inputs ?? [],
    outputs: node.outputs ?? [],
    ...(node.expectedException === undefined ? {} : { expectedException: node.expectedException }),
    ...(node.post === undefined ? {} : { post: node.post }),
  };
}

/** Properties are strings to ksqlDB's config; numbers and booleans in the file become their text. */
function propertyText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof JsonNumber) return v.text;
  return String(v);
}
