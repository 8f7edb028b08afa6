import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import openapi from '../../../server/openapi.json';
import { SYNC_ERROR_CODES } from '../../../shared/sync/protocol';
import { PUSH_CONFLICT_REASONS, PUSH_REFUSAL_REASONS } from '../../../shared/sync/refusals';

// The server's answers are typed with these lists (SyncHttpError and sendError take a
// SyncErrorCode, a push result's reason is a PushRefusalReason or PushConflictReason), so they are
// every code it can send; the document must name each one, and none it cannot send.
const codes = z.object({ enum: z.array(z.string()).default([]) });
const document = z
  .object({
    components: z.object({
      responses: z.object({ Error: z.object({ description: z.string() }) }),
      schemas: z.object({
        Error: z.object({ properties: z.object({ error: codes }) }),
        PushResult: z.object({ properties: z.object({ reason: codes.extend({ description: z.string() }) }) }),
      }),
    }),
  })
  .parse(openapi);

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('the OpenAPI document', () => {
  it("lists every error code the server answers, and only those, as the error body's enum", () => {
    expect(sorted(document.components.schemas.Error.properties.error.enum)).toEqual(sorted(SYNC_ERROR_CODES));
  });

  it('says what each error code answers in the shared error response', () => {
    const { description } = document.components.responses.Error;
    const missing = SYNC_ERROR_CODES.filter((code) => !new RegExp(`\\b${code}\\b`).test(description));
    expect(missing).toEqual([]);
  });

  it("lists every reason a pushed item is refused or conflicts for, and only those, as a push result's reason", () => {
    expect(sorted(document.components.schemas.PushResult.properties.reason.enum)).toEqual(
      sorted([...PUSH_REFUSAL_REASONS, ...PUSH_CONFLICT_REASONS]),
    );
  });
});
