'use client';

// Plays a pull URL into a <video>: hls.js (loaded on demand) where Media Source Extensions
// exist, the browser's own HLS on Safari/iOS, and says what is happening as a state.
import { useEffect, useState, type RefObject } from 'react';
import type { StreamKind } from '@/server/modules/live/stream-url';

export type StreamState = 'loading' | 'playing' | 'buffering' | 'blocked' | 'lost' | 'unsupported';

/** Fatal network errors recovered by hls.js before the viewer is told the stream is lost. */
const RECOVER_TRIES = 3;

function prefersNativeHls(video: HTMLVideoElement): boolean {
  if (!video.canPlayType('application/vnd.apple.mpegurl')) return false;
  // Safari (desktop and iOS) plays HLS itself, better than through MSE; Chromium now also
  // answers "maybe", but hls.js gives it the retries and states below.
  const ua = navigator.userAgent;
  return /safari/i.test(ua) && !/chrome|chromium|crios|android|edg|fxios/i.test(ua);
}

/**
 * Attaches `url` to the video while `url` is set; `attempt` restarts it (the retry button).
 * Starts muted, which every browser lets autoplay.
 */
export function useStream(video: RefObject<HTMLVideoElement | null>, url: string, kind: StreamKind | null, attempt: number): StreamState {
  const [state, setState] = useState<StreamState>('loading');

  useEffect(() => {
    const el = video.current;
    if (!el || !url) return;
    let disposed = false;
    let destroy = () => {};
    const set = (next: StreamState) => !disposed && setState(next);
    set('loading');

    // Muted and inline are set on the element (the JSX), so autoplay is allowed.
    const play = () => {
      el.play().catch((error: unknown) => {
        // Autoplay refused even muted (iOS low-power mode): a tap starts it.
        if ((error as Error).name === 'NotAllowedError') set('blocked');
      });
    };
    const onPlaying = () => set('playing');
    const onWaiting = () => set('buffering');
    el.addEventListener('playing', onPlaying);
    el.addEventListener('waiting', onWaiting);

    if (kind !== 'hls') {
      // FLV needs a transmuxer this app does not ship: HLS is the format that plays everywhere.
      set('unsupported');
    } else if (prefersNativeHls(el)) {
      const onError = () => set('lost');
      el.addEventListener('error', onError);
      el.setAttribute('src', url);
      play();
      destroy = () => {
        el.removeEventListener('error', onError);
        el.removeAttribute('src');
        el.load();
      };
    } else {
      void import('hls.js/light').then(({ default: Hls }) => {
        if (disposed) return;
        if (!Hls.isSupported()) {
          set(el.canPlayType('application/vnd.apple.mpegurl') ? 'loading' : 'unsupported');
          if (el.canPlayType('application/vnd.apple.mpegurl')) {
            el.setAttribute('src', url);
            play();
          }
          return;
        }
        const hls = new Hls({ enableWorker: true, lowLatencyMode: true, backBufferLength: 30 });
        let networkTries = 0;
        hls.on(Hls.Events.MANIFEST_PARSED, play);
        hls.on(Hls.Events.FRAG_BUFFERED, () => {
          networkTries = 0;
        });
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data.fatal) return;
          if (data.type === Hls.ErrorTypes.NETWORK_ERROR && networkTries < RECOVER_TRIES) {
            networkTries += 1;
            set('buffering');
            setTimeout(() => !disposed && hls.startLoad(), 1000 * networkTries);
          } else if (data.type === Hls.ErrorTypes.MEDIA_ERROR && networkTries < RECOVER_TRIES) {
            networkTries += 1;
            hls.recoverMediaError();
          } else {
            set('lost');
            hls.destroy();
          }
        });
        hls.loadSource(url);
        hls.attachMedia(el);
        destroy = () => hls.destroy();
      }, () => set('lost'));
    }

    return () => {
      disposed = true;
      el.removeEventListener('playing', onPlaying);
      el.removeEventListener('waiting', onWaiting);
      destroy();
    };
  }, [video, url, kind, attempt]);

  return url ? state : 'loading';
}
