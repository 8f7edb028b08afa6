import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL } from '../shared/ipc/api';
import { buildPishkhanApi } from './preload-api';

// Runs sandboxed with context isolation: the page sees only these named methods, copied across
// the bridge; ipcRenderer itself never reaches it.
contextBridge.exposeInMainWorld(
  API_GLOBAL,
  buildPishkhanApi(function invokeChannel(channel, input) {
    return ipcRenderer.invoke(channel, input);
  }),
);
