import { publicProcedure, router, shopProcedure, staffProcedure, viewerProcedure } from '@/server/trpc/init';
import { bannedWordsInput, commentRefInput, keywordInput, likeInput, liveIdInput, muteInput, pinCommentInput, sendCommentInput, unmuteInput } from './interaction.schema';
import { deleteComment, getBannedWords, likeRoom, listMutes, muteViewer, pinComment, roomComments, sendComment, setBannedWords, setKeyword, unmuteViewer } from './interaction.service';

export const interactionRouter = router({
  /** The room's last comments, its pinned comment and its likes: public, like the room. */
  comments: publicProcedure.input(liveIdInput).query(({ ctx, input }) => roomComments(ctx.container, input.liveId)),
  /** A signed-in viewer's comment; answers with the item its keyword named, if any. */
  send: viewerProcedure.input(sendCommentInput).mutation(({ ctx, input }) => sendComment(ctx.container, ctx.viewer, input)),
  /** Taps, batched by the client; anyone watching may like. */
  like: publicProcedure.input(likeInput).mutation(({ ctx, input }) => likeRoom(ctx.container, { userId: ctx.user?.id, visitorId: ctx.visitorId, ip: ctx.ip }, input)),
  // The room's comments and viewers: every member of the shop, moderators (场控) included.
  delete: shopProcedure('moderator').input(commentRefInput).mutation(({ ctx, input }) => deleteComment(ctx.container, ctx.member, input)),
  mute: shopProcedure('moderator').input(muteInput).mutation(({ ctx, input }) => muteViewer(ctx.container, ctx.member, input)),
  unmute: shopProcedure('moderator').input(unmuteInput).mutation(({ ctx, input }) => unmuteViewer(ctx.container, ctx.member, input)),
  pin: shopProcedure('moderator').input(pinCommentInput).mutation(({ ctx, input }) => pinComment(ctx.container, ctx.member, input)),
  mutes: staffProcedure.input(liveIdInput).query(({ ctx, input }) => listMutes(ctx.container.db, ctx.scopeShopId, input.liveId)),
  // The shop's banned words and the items' keywords: the owner and operators.
  bannedWords: shopProcedure('moderator').query(({ ctx }) => getBannedWords(ctx.container.db, ctx.member.shopId)),
  setBannedWords: shopProcedure('operator').input(bannedWordsInput).mutation(({ ctx, input }) => setBannedWords(ctx.container, ctx.member, input)),
  setKeyword: shopProcedure('operator').input(keywordInput).mutation(({ ctx, input }) => setKeyword(ctx.container, ctx.member, input)),
});
