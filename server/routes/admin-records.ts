import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { SyncHttpError } from '../errors';
import { findOfficeByCode } from '../store/offices';
import { listSettlements } from '../store/settlements';
import { AUDIT_GENESIS_HASH } from '../../shared/audit/chain';
import { isValidJalaliDate, jalaliToGregorian } from '../../shared/jalali';
import { normalizeDigits } from '../../shared/text/normalize';
import { isIsoDate } from '../../shared/fees/iso-date';
import { acceptChainBreak, listAuditEntries, listChainBreaks, officeTrails } from '../store/audit';

const PAGE_DEFAULT = 100;
const PAGE_MAX = 1000;
/** A code a municipality or an office may be held under. */
export const HELD_CODE = /^[0-9A-Za-z-]{1,32}$/;
/**
 * An office the server holds, named in a path, a query or a body: digits typed in Persian are read
 * as ASCII. Any code it may hold: offices made before codes had to be 4 digits stay reachable.
 */
export const officeCodeSchema = z
  .string()
  .max(32)
  .transform(normalizeDigits)
  .pipe(z.string().regex(HELD_CODE));
const ISO_DATE_FORM = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_FORM = 'a Gregorian date, YYYY-MM-DD';

/**
 * Why a settlements filter's date is not a day of the Gregorian calendar, or null. Settlements are
 * held by their Gregorian business date; a year before 1900 is a Jalali date typed by a person, told
 * as such (with its Gregorian day when it is one), rather than read as a day no office ever closed.
 */
function dateProblem(text: string): string | null {
  const m = ISO_DATE_FORM.exec(text);
  if (!m) return `expected ${DATE_FORM}`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900) {
    const gregorian = isValidJalaliDate(year, month, day)
      ? ` (${text} in the Jalali calendar is ${jalaliToGregorian({ year, month, day })})`
      : '';
    return `dates are Gregorian (ISO 8601), YYYY-MM-DD${gregorian}`;
  }
  return isIsoDate(text) ? null : `${text} is no day of the calendar; expected ${DATE_FORM}`;
}

const isoDate = z.string().superRefine((text, ctx) => {
  const problem = dateProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || what;
    throw new SyncHttpError(400, 'invalid_request', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

const pageSchema = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
});

function page(q: z.infer<typeof pageSchema>) {
  return {
    after: q.cursor ? Number(q.cursor) : 0,
    limit: Math.min(Math.max(q.limit ? Number(q.limit) : PAGE_DEFAULT, 1), PAGE_MAX),
  };
}

function paged<Row>(rows: readonly Row[], limit: number, cursorOf: (row: Row) => number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? String(cursorOf(last)) : null };
}

async function requireOffice(context: ServerContext, code: string) {
  const office = await findOfficeByCode(context.db, code);
  if (!office) throw new SyncHttpError(404, 'not_found', 'no such office');
  return office;
}

/**
 * What offices report besides transactions, for municipal staff: closed days' settlements, and
 * each terminal's audit trail with the breaks found in it. Behind the admin token (registered in
 * the admin scope).
 */
export function adminRecordRoutes(admin: FastifyInstance, context: ServerContext): void {
  admin.get('/v1/admin/offices/:code/settlements', async function settlements(request) {
    const { code } = parse(z.object({ code: officeCodeSchema }), request.params, 'office');
    const q = parse(
      pageSchema.extend({ from: isoDate.optional(), to: isoDate.optional() }),
      request.query,
      'query',
    );
    await requireOffice(context, code);
    const { after, limit } = page(q);
    const rows = await listSettlements(context.db, {
      officeCode: code,
      afterSeq: after,
      limit: limit + 1,
      from: q.from ?? null,
      to: q.to ?? null,
    });
    const result = paged(rows, limit, (row) => row.seq);
    return { ...result, items: result.items.map(({ seq: _seq, ...row }) => row) };
  });

  admin.get('/v1/admin/offices/:code/audit', async function audit(request) {
    const { code } = parse(z.object({ code: officeCodeSchema }), request.params, 'office');
    await requireOffice(context, code);
    const terminals = await officeTrails(context.db, code);
    const breaks = await listChainBreaks(context.db, { officeCode: code, afterId: 0, limit: PAGE_MAX });
    return { terminals, breaks };
  });

  admin.get('/v1/admin/audit/breaks', async function breaks(request) {
    const q = parse(pageSchema.extend({ office: officeCodeSchema.optional() }), request.query, 'query');
    const { after, limit } = page(q);
    const rows = await listChainBreaks(context.db, {
      officeCode: q.office ?? null,
      afterId: after,
      limit: limit + 1,
    });
    return paged(rows, limit, (row) => row.id);
  });

  admin.post('/v1/admin/audit/breaks/:id/accept', async function acceptBreak(request) {
    const { id } = parse(z.object({ id: z.coerce.number().int().positive() }), request.params, 'break');
    const body = parse(z.strictObject({ note: z.string().trim().min(1).max(1000) }), request.body, 'body');
    const now = context.now();
    const outcome = await context.db.transaction((tx) =>
      acceptChainBreak(tx, id, body.note, now, AUDIT_GENESIS_HASH),
    );
    switch (outcome.kind) {
      case 'not_found':
        throw new SyncHttpError(404, 'not_found', 'no such break');
      case 'already_accepted':
        throw new SyncHttpError(409, 'break_already_accepted', 'this break was accepted already');
      case 'not_a_fork':
        throw new SyncHttpError(
          409,
          'break_not_a_fork',
          'the stretch does not continue an entry the server holds; it cannot be accepted as a fork',
        );
      case 'accepted':
        return { id, accepted: true, headSeq: outcome.headSeq, superseded: outcome.superseded };
    }
  });

  admin.get('/v1/admin/terminals/:id/audit', async function entries(request) {
    const { id } = parse(z.object({ id: z.uuid() }), request.params, 'terminal');
    const q = parse(pageSchema, request.query, 'query');
    const { after, limit } = page(q);
    const rows = await listAuditEntries(context.db, {
      terminalId: id.toLowerCase(),
      afterSeq: after,
      limit: limit + 1,
    });
    return paged(rows, limit, (row) => row.seq);
  });
}
