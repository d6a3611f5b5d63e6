import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/electronChannels.ts';

// The preload exposes the contract's two verbs and nothing else: no ipcRenderer, no Node.
// Requests are validated in the main process (main/app/router.ts), whatever this sends.
type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

contextBridge.exposeInMainWorld('actionline', {
  shell: 'electron',
  api: {
    invoke: (channel: string, request: unknown) =>
      ipcRenderer.invoke(INVOKE_CHANNEL, channel, request),
    on: (event: string, listener: Listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  },
  /** Paths of files dropped on the window (Electron no longer puts them on File objects). */
  pathsOf: (files: File[]) => files.map((f) => webUtils.getPathForFile(f)),
});
