// Plays start..end of the task's file with the page's <audio> element: seek,
// play, pause when the playhead passes the region's end.
import { useCallback, useEffect, useRef, useState } from 'react';

export function useRegionPlayer() {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState<string | null>(null);
  const end = useRef(Infinity);

  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    const onTime = () => {
      if (element.currentTime >= end.current) element.pause();
    };
    const onPause = () => setPlaying(null);
    element.addEventListener('timeupdate', onTime);
    element.addEventListener('pause', onPause);
    return () => {
      element.removeEventListener('timeupdate', onTime);
      element.removeEventListener('pause', onPause);
    };
  }, []);

  const play = useCallback((id: string, start: number, stop: number) => {
    const element = audio.current;
    if (!element) return;
    end.current = stop;
    element.currentTime = start;
    setPlaying(id);
    void element.play().catch(() => setPlaying(null));
  }, []);

  return { audio, playing, play };
}
