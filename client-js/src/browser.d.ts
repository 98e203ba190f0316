// Types for the browser entry: the same API, wired to window.signalR.
export * from './index.js';
