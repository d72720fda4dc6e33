import type { AnyScenario } from '../scenarios/common/index.js';

/** How the command line sizes and configures a scenario's generator. */
export interface OptionArgs {
  readonly seed?: number;
  readonly events?: number;
  readonly duration?: number;
  /** `name=value` pairs as typed, in order (a later one wins). */
  readonly opt?: readonly string[];
}

/** A bad option: the message is the one line the CLI prints. */
export class OptionError extends Error {}

/** `value` as JSON when it parses (numbers, booleans, objects, quoted strings), else the text as a string. */
export function optionValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Sets `path` (dotted) in `target`. The nested objects on the way start from the scenario's defaults, so that
 * `--opt rates.orders=5` keeps the other rates (the runner merges options one level deep only).
 */
function setPath(target: Record<string, unknown>, defaults: unknown, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const fallback = isPlainObject(defaults) ? defaults[head] : undefined;
  const current = target[head] ?? fallback;
  const next: Record<string, unknown> = isPlainObject(current) ? { ...current } : {};
  target[head] = next;
  setPath(next, fallback, rest, value);
}

/** One zod issue as `--opt path: message`. */
function describeIssue(issue: { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
    const names = issue.keys.map((k) => (path === '' ? k : `${path}.${k}`));
    return `unknown option ${names.map((n) => `'${n}'`).join(', ')}`;
  }
  return `option '${path === '' ? '(options)' : path}': ${issue.message}`;
}

/**
 * The generator options the command line asks for: `--events N` (the scenario's `sizeFor(N)`) or `--duration MS`
 * (its `durationOption`), then each `--opt name=value` in order, checked with the scenario's `optionsSchema`.
 * Every problem is an {@link OptionError} with one line of text.
 */
export function resolveOptions(scenario: AnyScenario, args: OptionArgs): Record<string, unknown> {
  if (args.events !== undefined && args.duration !== undefined) throw new OptionError('--events and --duration both size the run: give one of them');
  const options: Record<string, unknown> = {};
  if (args.events !== undefined) Object.assign(options, scenario.sizeFor(args.events));
  if (args.duration !== undefined) options[scenario.durationOption] = args.duration;
  for (const pair of args.opt ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new OptionError(`--opt expects name=value, got '${pair}'`);
    const name = pair.slice(0, eq).trim();
    const path = name.split('.');
    if (path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) throw new OptionError(`--opt: bad option name '${name}'`);
    setPath(options, scenario.defaults, path, optionValue(pair.slice(eq + 1)));
  }
  const checked = scenario.optionsSchema.safeParse(options);
  if (!checked.success) {
    const issues = checked.error.issues.map(describeIssue);
    throw new OptionError(`${scenario.name}: ${issues.join('; ')}`);
  }
  // the seed is checked by the command line (an integer), and a schema need not list it
  return { ...(checked.data as Record<string, unknown>), ...(args.seed === undefined ? {} : { seed: args.seed }) };
}
