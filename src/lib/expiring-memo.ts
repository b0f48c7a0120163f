// A bounded in-process memory of answers for a few seconds (a verified session, a membership): an
// entry is good for `ttlMs` after it was written; past `max` entries the oldest written is dropped.
export class ExpiringMemo<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** The value, while it is fresh */
  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.until > now ? entry.value : undefined;
  }

  set(key: K, value: V, now = Date.now()): void {
    // Written again, it counts as the newest.
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: now + this.ttlMs });
  }

  /** Forgets every entry the test picks (a signed-out session, a workspace's memberships). */
  forgetWhere(test: (key: K, value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (test(key, entry.value)) this.entries.delete(key);
  }
}
