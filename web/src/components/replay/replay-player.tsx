import { useEffect, useRef } from 'react';
import Player from 'rrweb-player';
import 'rrweb-player/dist/style.css';
import type { RecordedEvent } from '../../lib/replay-types';

/** What the page can ask of the player. */
export interface PlayerHandle {
  /** Jumps to an offset from the start (ms) and keeps playing if it was. */
  seek: (offsetMs: number) => void;
}

/**
 * rrweb's own player (play/pause, speed, seek bar, skip inactivity) around the recorded events. The
 * recorded page is rebuilt inside a sandboxed iframe without scripts, and the UI's Content-Security-
 * Policy applies to it too, so nothing in a recording runs or fetches from elsewhere.
 */
export function ReplayPlayer({
  events,
  startAtMs,
  onTime,
  onReady,
}: {
  events: RecordedEvent[];
  startAtMs: number;
  onTime: (offsetMs: number) => void;
  onReady: (handle: PlayerHandle) => void;
}) {
  const target = useRef<HTMLDivElement>(null);
  const onTimeRef = useRef(onTime);
  const onReadyRef = useRef(onReady);
  useEffect(() => {
    onTimeRef.current = onTime;
    onReadyRef.current = onReady;
  });

  useEffect(() => {
    const el = target.current;
    if (!el || events.length < 2) return;
    const player = new Player({
      target: el,
      props: {
        // rrweb types its events more narrowly than recordings are; they are the SDK's own rrweb output.
        events: events as never,
        width: Math.max(320, el.clientWidth),
        height: 480,
        autoPlay: false,
        skipInactive: true,
        speedOption: [1, 2, 4, 8],
        showController: true,
      },
    });
    player.addEventListener('ui-update-current-time', (e) => {
      const payload = (e as { payload?: unknown }).payload;
      if (typeof payload === 'number') onTimeRef.current(payload);
    });
    onReadyRef.current({ seek: (ms) => player.goto(Math.max(0, ms)) });
    if (startAtMs > 0) player.goto(startAtMs, false);
    return () => {
      player.pause();
      // A Svelte component: `$destroy` exists at run time; its types come from Svelte, not installed here.
      (player as unknown as { $destroy?: () => void }).$destroy?.();
      el.replaceChildren();
    };
  }, [events, startAtMs]);

  return <div className="replay-player" ref={target} data-testid="replay-player" />;
}
