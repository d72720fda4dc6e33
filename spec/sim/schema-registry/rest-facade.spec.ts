import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistry } from '../../../src/sim/schema-registry/index.js';
import { serveRegistry, type RegistryServer } from '../../../src/sim/schema-registry/rest-facade.js';

// The registry behind Confluent Schema Registry's REST endpoints, spoken to over HTTP as Confluent's clients do.
const v1 = JSON.stringify({ type: 'record', name: 'Book', fields: [{ name: 'title', type: 'string' }] });
const v2 = JSON.stringify({ type: 'record', name: 'Book', fields: [{ name: 'title', type: 'string' }, { name: 'price', type: 'long', default: 0 }] });
const breaking = JSON.stringify({ type: 'record', name: 'Book', fields: [{ name: 'title', type: 'long' }] });

let server: RegistryServer;
beforeAll(async () => {
  server = await serveRegistry(new SchemaRegistry());
});
afterAll(() => server.close());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; type: string | null }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json(), type: res.headers.get('content-type') };
}

describe('the registry over REST', () => {
  it('registers versions and answers by subject, version and id', async () => {
    expect(await call('POST', '/subjects/book-value/versions', { schema: v1 })).toEqual({ status: 200, json: { id: 1 }, type: 'application/vnd.schemaregistry.v1+json' });
    expect((await call('POST', '/subjects/book-value/versions', { schema: v2 })).json).toEqual({ id: 2 });
    // the same schema under another subject keeps its id
    expect((await call('POST', '/subjects/other-value/versions', { schema: v1 })).json).toEqual({ id: 1 });
    expect((await call('GET', '/subjects')).json).toEqual(['book-value', 'other-value']);
    expect((await call('GET', '/subjects/book-value/versions')).json).toEqual([1, 2]);
    expect((await call('GET', '/subjects/book-value/versions/latest')).json).toMatchObject({ subject: 'book-value', version: 2, id: 2 });
    expect(JSON.parse(((await call('GET', '/schemas/ids/1')).json as { schema: string }).schema)).toEqual(JSON.parse(v1));
    expect((await call('GET', '/schemas/ids/1/versions')).json).toEqual([
      { subject: 'book-value', version: 1 },
      { subject: 'other-value', version: 1 },
    ]);
    expect((await call('POST', '/subjects/book-value', { schema: v1 })).json).toMatchObject({ subject: 'book-value', version: 1, id: 1 });
  });

  it('checks compatibility and refuses a breaking version with 409', async () => {
    const check = await call('POST', '/compatibility/subjects/book-value/versions/latest?verbose=true', { schema: breaking });
    expect(check.status).toBe(200);
    expect((check.json as { is_compatible: boolean }).is_compatible).toBe(false);
    expect((check.json as { messages: string[] }).messages[0]).toContain('TYPE_MISMATCH');
    const refused = await call('POST', '/subjects/book-value/versions', { schema: breaking });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error_code: 409 });
    expect((refused.json as { message: string }).message).toMatch(/^Schema being registered is incompatible with an earlier schema for subject "book-value"/);
  });

  it('answers Confluent errors for what is not there', async () => {
    expect(await call('GET', '/subjects/nope/versions')).toMatchObject({ status: 404, json: { error_code: 40401 } });
    expect(await call('GET', '/subjects/book-value/versions/9')).toMatchObject({ status: 404, json: { error_code: 40402 } });
    expect(await call('GET', '/schemas/ids/99')).toMatchObject({ status: 404, json: { error_code: 40403 } });
    expect(await call('GET', '/subjects/book-value/versions/zero')).toMatchObject({ status: 422, json: { error_code: 42202 } });
  });

  it('reads and sets compatibility levels, global and per subject', async () => {
    expect((await call('GET', '/config')).json).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await call('PUT', '/config/book-value', { compatibility: 'NONE' })).json).toEqual({ compatibility: 'NONE' });
    expect((await call('POST', '/subjects/book-value/versions', { schema: breaking })).json).toEqual({ id: 3 });
    expect(await call('PUT', '/config', { compatibility: 'SIDEWAYS' })).toMatchObject({ status: 422, json: { error_code: 42203 } });
  });
});
