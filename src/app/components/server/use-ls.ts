// The server panel's view of the one app store (its Label Studio slice).
import { useApp } from '../../store';
import type { LsSlice } from '../../ls-slice';

export function useLs<T>(selector: (slice: LsSlice) => T): T {
  return useApp(selector);
}

export function lsActions(): LsSlice {
  return useApp.getState();
}
