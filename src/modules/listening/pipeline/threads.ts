// The pipeline's threads: analysis, matching and enrichment are CPU work, so a process can spread
// batches over worker threads (one per core by default in `parley start`) while its main thread does
// the database work. Each thread keeps its own copy of the workspaces' matchers and models; the
// pipeline sends every change to all threads before any batch that needs it (messages to a thread
// arrive in order).
import { Worker } from 'node:worker_threads';
import type { IncomingPost } from './incoming.js';
import type { ModelRows } from './models.js';
import type { MentionInput } from './prepare.js';

export type ThreadRequest =
  | { kind: 'queries'; workspaceId: string; rows: { id: string; query: string; topicId: string }[] }
  | { kind: 'models'; workspaceId: string; models: ModelRows }
  | { kind: 'prepare'; id: number; workspaceId: string; posts: IncomingPost[]; now: string };

export type ThreadReply = { id: number; rows: MentionInput[] } | { id: number; error: string };

type Pending = { resolve: (rows: MentionInput[]) => void; reject: (error: Error) => void; thread: Thread };
type Thread = { worker: Worker; busy: number };

// Under tsx (development, tests) the thread runs the TypeScript source through tsx's loader; once
// built, the compiled file.
const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSource ? './prepare-worker.ts' : './prepare-worker.js', import.meta.url);

export class PipelineThreads {
  private readonly threads: Thread[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(readonly count: number) {
    for (let i = 0; i < count; i++) this.threads.push(this.spawn());
  }

  private spawn(): Thread {
    const worker = fromSource
      ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); })`, { eval: true })
      : new Worker(workerUrl);
    const thread: Thread = { worker, busy: 0 };
    worker.on('message', (reply: ThreadReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      thread.busy--;
      if ('error' in reply) job.reject(new Error(`pipeline thread failed: ${reply.error}`));
      else job.resolve(reply.rows);
    });
    worker.on('error', (error) => this.fail(thread, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(thread, new Error(`pipeline thread exited with code ${code}`));
    });
    return thread;
  }

  /** A thread died: its batches fail (their callers see the error) and a fresh thread takes its place. */
  private fail(thread: Thread, error: Error): void {
    for (const [id, job] of this.pending) {
      if (job.thread !== thread) continue;
      this.pending.delete(id);
      job.reject(error);
    }
    const index = this.threads.indexOf(thread);
    if (index >= 0 && !this.closed) this.threads[index] = this.spawn();
    // A fresh thread knows no workspace: the pipeline resends them (see `generation`).
    this.generation++;
  }

  /** Bumped when a thread is replaced, so the pipeline knows to send the workspaces' state again. */
  generation = 0;

  broadcast(request: Extract<ThreadRequest, { kind: 'queries' | 'models' }>): void {
    for (const thread of this.threads) thread.worker.postMessage(request);
  }

  prepare(workspaceId: string, posts: IncomingPost[], now: string): Promise<MentionInput[]> {
    const thread = this.threads.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    const id = this.nextId++;
    thread.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
      thread.worker.postMessage({ kind: 'prepare', id, workspaceId, posts, now } satisfies ThreadRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
    for (const job of this.pending.values()) job.reject(new Error('the pipeline is closed'));
    this.pending.clear();
  }
}
