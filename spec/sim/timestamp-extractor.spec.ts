import { describe, expect, it } from 'vitest';
import { Consumed, StreamsBuilder, StreamsError, TestDriver } from '../../src/index.js';

describe('timestamp extractors (Kafka RecordQueue#updateHead)', () => {
  it('a throwing extractor fails the run with a StreamsError naming the record, the original error as its cause', () => {
    const b = new StreamsBuilder();
    const boom = new Error('bad timestamp text');
    b.stream<string, string>(
      'in',
      Consumed.withTimestampExtractor((r) => {
        if (r.value === 'bad') throw boom;
        return r.timestamp;
      }),
    ).to('out');
    const driver = new TestDriver(b);
    const input = driver.createInputTopic<string, string>('in');
    const output = driver.createOutputTopic<string, string>('out');
    input.pipeInput('k', 'good', 5);
    expect(output.readValuesToList()).toEqual(['good']);
    let thrown: unknown;
    try {
      input.pipeInput('k', 'bad', 6);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StreamsError);
    expect((thrown as Error).message).toBe('Fatal user code error in TimestampExtractor callback for record in-0@1.');
    expect((thrown as Error).cause).toBe(boom);
  });

  it('a negative timestamp is skipped and counted, not fatal (LogAndSkipOnInvalidTimestamp)', () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in', Consumed.withTimestampExtractor((r) => (r.value === 'neg' ? -1 : r.timestamp))).to('out');
    const driver = new TestDriver(b);
    const input = driver.createInputTopic<string, string>('in');
    const output = driver.createOutputTopic<string, string>('out');
    input.pipeInput('k', 'neg', 5);
    input.pipeInput('k', 'ok', 6);
    expect(output.readValuesToList()).toEqual(['ok']);
  });
});
