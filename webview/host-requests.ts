/**
 * Requests the page makes of the host and waits on: each is sent with an id (resolveImage's and
 * readFolder's requestId) or under a fixed key (requestWeights, answered by `weights` or
 * `weightsError`), and settled by the host's answer to that id or key.
 */

type RequestKey = number | string;

interface Pending {
  readonly promise: Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

export class HostRequests {
  private nextId = 1;
  private readonly pending = new Map<RequestKey, Pending>();

  /**
   * Sends a request and waits for its answer. Without `key` it gets a fresh numeric id, which
   * `send` puts into its message; with one (whose message carries no id: `send` gets 0), a
   * request still waiting under that key is joined (`send` runs again, and both get the one answer).
   */
  request<T>(send: (requestId: number) => void, key?: string): Promise<T> {
    const id = key ?? this.nextId++;
    let waiting = this.pending.get(id);
    if (!waiting) {
      let resolve!: (value: unknown) => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<unknown>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      waiting = { promise, resolve, reject };
      this.pending.set(id, waiting);
    }
    send(typeof id === 'number' ? id : 0);
    return waiting.promise as Promise<T>;
  }

  /** Settles the request waiting under `key` with the host's answer; an answer nobody waits for is dropped. */
  answer(key: RequestKey, value: unknown): void {
    this.pending.get(key)?.resolve(value);
    this.pending.delete(key);
  }

  /** Rejects the request waiting under `key`. */
  fail(key: RequestKey, error: Error): void {
    this.pending.get(key)?.reject(error);
    this.pending.delete(key);
  }
}
