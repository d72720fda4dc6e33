import { describe, expect, it } from 'vitest';
import { optionValue, resolveOptions } from '../../src/cli/scenario-options.js';
import { TINY } from './tiny-scenario.js';

describe('--opt name=value', () => {
  it('parses the value as JSON when it parses, else keeps the text', () => {
    expect(optionValue('5')).toBe(5);
    expect(optionValue('true')).toBe(true);
    expect(optionValue('"5"')).toBe('5');
    expect(optionValue('faithful')).toBe('faithful');
    expect(optionValue('{"p":0.1}')).toEqual({ p: 0.1 });
    expect(optionValue('')).toBe('');
  });

  it('dotted names nest, starting from the default of the nested object (the runner merges one level only)', () => {
    const withDrop = { ...TINY, defaults: { ...TINY.defaults, faults: { drop: { p: 0.5 } } } };
    expect(resolveOptions(withDrop, { opt: ['faults.delay={"p":0.1,"maxMs":50}', 'faults.delay.p=0.2'] })).toEqual({
      faults: { drop: { p: 0.5 }, delay: { p: 0.2, maxMs: 50 } },
    });
  });

  it('--events goes through sizeFor, --duration sets durationOption, --opt wins over both, --seed is added after the check', () => {
    expect(resolveOptions(TINY, { events: 12 })).toEqual({ count: 12 });
    expect(resolveOptions(TINY, { duration: 500, opt: ['count=3'] })).toEqual({ durationMs: 500, count: 3 });
    expect(resolveOptions(TINY, { events: 12, opt: ['count=3'], seed: 9 })).toEqual({ count: 3, seed: 9 });
  });

  it('refuses names that would reach the prototype', () => {
    expect(() => resolveOptions(TINY, { opt: ['__proto__.x=1'] })).toThrow("--opt: bad option name '__proto__.x'");
    expect(() => resolveOptions(TINY, { opt: ['faults..delay=1'] })).toThrow("--opt: bad option name 'faults..delay'");
  });
});
