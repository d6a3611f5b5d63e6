import { contextBridge } from 'electron';

// The preload exposes the typed contract and nothing else (no ipcRenderer, no Node).
// The contract (shared/ipc/contract.ts) arrives with the annotation app; until then the
// page only learns which shell it runs in.
contextBridge.exposeInMainWorld('actionline', { shell: 'electron' });
