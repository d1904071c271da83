import { describe, expect, it } from 'vitest';
import { charCount, cleanCommentText, maskBannedWords, matchKeyword, normalizeBannedWords, sameKeyword } from './comment-text';
import { sendCommentInput } from './interaction.schema';

describe('comment text', () => {
  it('is one line of plain text: breaks folded, control, bidi and zero-width characters gone, trimmed', () => {
    expect(cleanCommentText('  好看\n\n吗\t？ ')).toBe('好看 吗 ？');
    expect(cleanCommentText('a\u0000b\u202Ec\u200Bd\uE000')).toBe('abcd');
    expect(cleanCommentText('<b>hi</b>')).toBe('<b>hi</b>');
  });

  it('counts characters as people do', () => {
    expect(charCount('👍好')).toBe(2);
  });

  it('takes 1–60 characters after cleaning, and refuses what is empty once cleaned', () => {
    expect(sendCommentInput.parse({ liveId: 1, text: '  想要 ' }).text).toBe('想要');
    expect(sendCommentInput.safeParse({ liveId: 1, text: ' \u200B\n ' }).success).toBe(false);
    expect(sendCommentInput.safeParse({ liveId: 1, text: '好'.repeat(60) }).success).toBe(true);
    expect(sendCommentInput.safeParse({ liveId: 1, text: '好'.repeat(61) }).success).toBe(false);
    expect(sendCommentInput.safeParse({ liveId: 1, text: '👍'.repeat(60) }).success).toBe(true);
    expect(sendCommentInput.safeParse({ liveId: 1, text: 'x', extra: 1 }).success).toBe(false);
  });

  it('masks banned words whatever the case, width, spaces or punctuation in between', () => {
    expect(maskBannedWords('这个太垃圾了', ['垃圾'])).toEqual({ text: '这个太＊＊了', masked: true });
    expect(maskBannedWords('加我 V X 聊', ['vx'])).toEqual({ text: '加我 ＊ ＊ 聊', masked: true });
    expect(maskBannedWords('ＶＸ号', ['vx'])).toEqual({ text: '＊＊号', masked: true });
    expect(maskBannedWords('垃.圾垃圾', ['垃圾'])).toEqual({ text: '＊.＊＊＊', masked: true });
    expect(maskBannedWords('好看', ['垃圾'])).toEqual({ text: '好看', masked: false });
    expect(maskBannedWords('好看', [])).toEqual({ text: '好看', masked: false });
  });

  it('keeps a shop’s list clean: trimmed, no duplicates, nothing empty', () => {
    expect(normalizeBannedWords([' 垃圾 ', '垃圾', 'VX', 'vx', ' ', '!!'])).toEqual(['垃圾', 'VX']);
  });

  it('finds the item a comment asks for by its keyword', () => {
    const keywords = [
      { roomGoodsId: 1, spuId: 11, keyword: '1号' },
      { roomGoodsId: 2, spuId: 12, keyword: '2号' },
      { roomGoodsId: 3, spuId: 13, keyword: '想要' },
    ];
    expect(matchKeyword('扣1号', keywords)?.roomGoodsId).toBe(1);
    expect(matchKeyword('１号！', keywords)?.roomGoodsId).toBe(1);
    expect(matchKeyword('11号有吗', keywords)).toBeNull();
    expect(matchKeyword('想要！！', keywords)?.roomGoodsId).toBe(3);
    expect(matchKeyword('好看', keywords)).toBeNull();
    expect(sameKeyword('１号', '1 号')).toBe(true);
  });
});
