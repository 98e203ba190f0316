// A stand-in for the @microsoft/signalr module, for unit tests of FeedClient's orchestration:
// the test drives the connection's life (drop, reconnect, push) and answers hub calls.

export const HubConnectionState = { Disconnected: 'Disconnected', Connected: 'Connected', Reconnecting: 'Reconnecting' };
export const LogLevel = { Warning: 3, None: 6 };

export class JsonHubProtocol { name = 'json'; }

export class FakeConnection {
  state = HubConnectionState.Disconnected;
  handlers = new Map();
  calls = [];
  callbacks = { reconnecting: [], reconnected: [], close: [] };
  /** Set by the test: (method, ...args) => result (or throws). */
  answer = () => { throw new Error('no answer set'); };
  /** What GetOnline() answers (kept apart from `calls` and `answer`: the client asks it after every connect). */
  online = { online: [] };
  onlineCalls = 0;
  /** Set by the test: called on start(); throw to fail the attempt. */
  onStart = () => {};

  on(method, handler) { this.handlers.set(method, handler); }
  onreconnecting(callback) { this.callbacks.reconnecting.push(callback); }
  onreconnected(callback) { this.callbacks.reconnected.push(callback); }
  onclose(callback) { this.callbacks.close.push(callback); }

  async start() {
    await Promise.resolve(); // like the real one, never connects synchronously
    await this.onStart();
    this.state = HubConnectionState.Connected;
  }

  async stop() {
    this.state = HubConnectionState.Disconnected;
    for (const callback of this.callbacks.close) callback();
  }

  async invoke(method, ...args) {
    if (method === 'GetOnline' && args.length === 0) {
      this.onlineCalls += 1;
      return this.online;
    }
    this.calls.push([method, ...args]);
    return this.answer(method, ...args);
  }

  /** The server pushes a method call to this client. */
  push(method, ...args) { this.handlers.get(method)?.(...args); }

  drop() {
    this.state = HubConnectionState.Reconnecting;
    for (const callback of this.callbacks.reconnecting) callback(new Error('socket dropped'));
  }

  reconnect() {
    this.state = HubConnectionState.Connected;
    for (const callback of this.callbacks.reconnected) callback('new-id');
  }
}

export function createFakeSignalR() {
  const connections = [];
  class HubConnectionBuilder {
    withUrl() { return this; }
    withHubProtocol(protocol) { this.protocol = protocol; return this; }
    withAutomaticReconnect(policy) { this.policy = policy; return this; }
    withStatefulReconnect() { this.stateful = true; return this; }
    configureLogging() { return this; }
    build() {
      const connection = new FakeConnection();
      connection.builder = this;
      connections.push(connection);
      return connection;
    }
  }
  return { HubConnectionBuilder, HubConnectionState, LogLevel, JsonHubProtocol, connections };
}
