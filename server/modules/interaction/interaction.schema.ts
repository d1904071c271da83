// Inputs of the room's interaction: comments, likes, moderation, banned words, keywords.
// The same schemas check the browser's form and the server's call.
import { z } from 'zod';
import { dbId } from '@/server/validation';
import { COMMENT_MAX_CHARS, LIKES_PER_CALL, charCount, cleanCommentText } from './comment-text';

export const COMMENT_RULES = {
  empty: 'invalid.comment.empty',
  tooLong: 'invalid.comment.tooLong',
} as const;

// Both length checks name the limit a viewer can see (60), also for a paste far over it.
const tooLong = { message: COMMENT_RULES.tooLong, params: { maximum: COMMENT_MAX_CHARS } };

/** A comment: plain text, one line, 1–60 characters once cleaned (see cleanCommentText). */
export const commentText = z
  .string()
  .refine((raw) => raw.length <= 2000, tooLong)
  .transform(cleanCommentText)
  .pipe(
    z
      .string()
      .min(1, COMMENT_RULES.empty)
      .refine((text) => charCount(text) <= COMMENT_MAX_CHARS, tooLong),
  );

/** A comment row's id: a bigint, sent as decimal digits. */
export const commentId = z.string().regex(/^[1-9]\d{0,17}$/, 'invalid.request');

export const liveIdInput = z.strictObject({ liveId: dbId });
export type LiveIdInput = z.infer<typeof liveIdInput>;

export const sendCommentInput = z.strictObject({ liveId: dbId, text: commentText });
export type SendCommentInput = z.infer<typeof sendCommentInput>;

export const commentRefInput = z.strictObject({ liveId: dbId, commentId });
export type CommentRefInput = z.infer<typeof commentRefInput>;

export const muteInput = z.strictObject({ liveId: dbId, commentId, minutes: z.number().int().min(1).max(7 * 24 * 60) });
export type MuteInput = z.infer<typeof muteInput>;

export const unmuteInput = z.strictObject({ liveId: dbId, userId: dbId });
export type UnmuteInput = z.infer<typeof unmuteInput>;

export const pinCommentInput = z.strictObject({ liveId: dbId, commentId: commentId.nullable() });
export type PinCommentInput = z.infer<typeof pinCommentInput>;

/** Taps gathered by the client (one call per 500 ms at most). */
export const likeInput = z.strictObject({ liveId: dbId, count: z.number().int().min(1).max(LIKES_PER_CALL) });
export type LikeInput = z.infer<typeof likeInput>;

export const BANNED_WORD_MAX_CHARS = 20;
export const bannedWordsInput = z.strictObject({
  words: z
    .array(z.string().transform(cleanCommentText).pipe(z.string().max(BANNED_WORD_MAX_CHARS, 'invalid.bannedWord.tooLong')))
    .max(500, 'invalid.bannedWord.tooMany'),
});
export type BannedWordsInput = z.infer<typeof bannedWordsInput>;

export const KEYWORD_MAX_CHARS = 20;
export const keywordInput = z.strictObject({
  liveId: dbId,
  roomGoodsId: dbId,
  /** Null (or empty) clears it. */
  keyword: z
    .string()
    .transform(cleanCommentText)
    .pipe(z.string().max(KEYWORD_MAX_CHARS, 'invalid.keyword.tooLong'))
    .nullable()
    .transform((k) => (k ? k : null)),
});
export type KeywordInput = z.infer<typeof keywordInput>;
