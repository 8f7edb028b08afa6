import { z } from 'zod';
import { call } from '../call';
import { emptyInput } from '../schemas';

/** A notice the municipality posted to every office (admin `POST /v1/admin/notices`), as received. */
export const noticeSchema = z.strictObject({
  id: z.string(),
  text: z.strictObject({ fa: z.string(), en: z.string() }),
  /** When the municipality posted it (its clock). */
  at: z.number().int(),
  /** When this terminal read it first (this PC's clock), or null while unread. */
  readAt: z.number().int().nullable(),
});
export type NoticeView = z.infer<typeof noticeSchema>;

const noticesOutput = z.strictObject({
  /** Newest first, the latest NOTICES_SHOWN. */
  items: z.array(noticeSchema),
  unread: z.number().int(),
});
export type NoticesView = z.infer<typeof noticesOutput>;

/** The municipality's notices, for everyone signed in at the terminal. Spread into the contract. */
export const noticeCalls = {
  'notices.list': call({ input: emptyInput, output: noticesOutput, access: 'operator' }),
  /** The notices shown to the signed-in user are marked read (the trail says by whom). */
  'notices.markRead': call({
    input: z.strictObject({ ids: z.array(z.string().max(100)).min(1).max(200) }),
    output: noticesOutput,
    access: 'operator',
  }),
} as const;
