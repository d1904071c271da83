import { describe, expect, it } from 'vitest';
import { STREAM_URL_MAX, STREAM_URL_RULES, setStreamInput, streamKindOf } from './stream.schema';

const refusal = (streamUrl: string) => {
  const parsed = setStreamInput.safeParse({ liveId: 1, streamUrl });
  return parsed.success ? null : parsed.error.issues.map((i) => i.message);
};

describe('stream pull URL', () => {
  it('takes HLS and FLV pull addresses of http(s) hosts, signed query strings, this site’s own paths, and nothing (no stream)', () => {
    for (const url of [
      'https://pull.example.com/live/room1.m3u8',
      'http://192.0.2.10:8888/live/stream/index.m3u8',
      'https://cdn.example.com/app/stream.flv?auth_key=1700000000-0-0-abcdef',
      'HTTPS://CDN.EXAMPLE.COM/APP/STREAM.M3U8',
      '/demo-stream/index.m3u8',
      '',
    ]) {
      expect(refusal(url), url).toBeNull();
    }
    expect(setStreamInput.parse({ liveId: 1, streamUrl: '  https://a.example/x.m3u8  ' }).streamUrl).toBe('https://a.example/x.m3u8');
  });

  it('refuses other schemes, other formats, credentials, spaces and long addresses with the rule’s words', () => {
    expect(refusal('rtmp://push.example.com/live/room1')).toEqual([STREAM_URL_RULES.notUrl]);
    expect(refusal('javascript:alert(1)//.m3u8')).toEqual([STREAM_URL_RULES.notUrl]);
    expect(refusal('//evil.example/x.m3u8')).toEqual([STREAM_URL_RULES.notUrl]);
    expect(refusal('pull.example.com/live.m3u8')).toEqual([STREAM_URL_RULES.notUrl]);
    expect(refusal('https://pull.example.com/live/room1.mp4')).toEqual([STREAM_URL_RULES.format]);
    expect(refusal('https://pull.example.com/live.m3u8.html')).toEqual([STREAM_URL_RULES.format]);
    expect(refusal('https://user:secret@pull.example.com/live.m3u8')).toEqual([STREAM_URL_RULES.credentials]);
    expect(refusal('https://pull.example.com/a b.m3u8')).toEqual([STREAM_URL_RULES.notUrl]);
    const long = `https://pull.example.com/${'a'.repeat(STREAM_URL_MAX)}.m3u8`;
    expect(refusal(long)).toEqual([STREAM_URL_RULES.tooLong]);
  });

  it('tells HLS from FLV by the path, whatever the query says', () => {
    expect(streamKindOf('https://a.example/x.m3u8?token=1.flv')).toBe('hls');
    expect(streamKindOf('https://a.example/x.FLV')).toBe('flv');
    expect(streamKindOf('https://a.example/x.mp4')).toBeNull();
  });
});
