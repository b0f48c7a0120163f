// Parley's web chat widget: one script tag on a customer's site
//   <script src="https://parley.example/widget.js" data-channel="ch_…" async></script>
// draws a launcher and a chat panel inside a shadow root and talks to Parley over one WebSocket
// (src/modules/channels/webchat/protocol.ts). The visitor's token stays in localStorage, so a reload
// resumes the same conversation; messages not yet acknowledged are sent again after a reconnection
// (the server stores each once).
import { styles } from './styles.js';

type Attachment = { id: string | null; name: string; contentType: string; size: number; url: string };
type ChatMessage = { id: string; clientId: string | null; from: 'visitor' | 'agent'; authorName: string | null; text: string; attachments: Attachment[]; status: string; at: string };
type Config = {
  title: string;
  greeting: string;
  color: string;
  position: 'right' | 'left';
  prechatFields: ('name' | 'email')[];
  offlineMessage: string;
  askEmailWhenOffline: boolean;
  allowAttachments: boolean;
};
type Visitor = { id: string; name: string | null; email: string | null };
type ServerFrame =
  | { type: 'welcome'; token: string; visitor: Visitor; history: ChatMessage[]; agentsOnline: boolean; config: Config; prechatRequired: boolean; conversation: { id: string; status: string } | null }
  | { type: 'visitor'; visitor: Visitor; prechatRequired: boolean }
  | { type: 'ack'; clientId: string; messageId: string }
  | { type: 'message'; message: ChatMessage }
  | { type: 'typing'; on: boolean; name?: string | null }
  | { type: 'status'; status: string }
  | { type: 'agents'; online: boolean }
  | { type: 'csat'; token: string }
  | { type: 'csat_answered'; score: number }
  | { type: 'file_stored'; uploadId: string; file: Attachment }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string; ref?: string };

/** A message in the list: stored ones have an id; the visitor's own wait for their ack with only a clientId. */
type Entry = { key: string; id: string | null; clientId: string | null; from: 'visitor' | 'agent'; authorName: string | null; text: string; attachments: Attachment[]; status: string; at: string };

const defaults: Config = {
  title: 'Chat with us',
  greeting: 'Hi! How can we help you today?',
  color: '#1c7ed6',
  position: 'right',
  prechatFields: [],
  offlineMessage: "We're away right now. Leave a message and we'll get back to you.",
  askEmailWhenOffline: true,
  allowAttachments: true,
};

const icons = {
  chat: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>',
  close: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>',
  clip: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7"/></svg>',
  send: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M4 12l16-8-6 16-2-7-8-1z"/></svg>',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

const randomId = () => {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};
const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

class ParleyChat {
  private config: Config = defaults;
  private readonly storageKey: string;
  private socket: WebSocket | null = null;
  private token: string | null;
  private visitor: Visitor | null = null;
  private entries: Entry[] = [];
  private outbox = new Map<string, { text: string; attachments: string[] }>();
  private pendingFiles: Attachment[] = [];
  private readonly uploading = new Set<string>();
  private open = false;
  private welcomed = false;
  private agentsOnline = true;
  private prechatRequired = false;
  private status: string | null = null;
  private csatToken: string | null = null;
  private csatAnswered: number | null = null;
  private unread = 0;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private typingSentAt = 0;
  private typingOff: ReturnType<typeof setTimeout> | null = null;
  private agentTyping: { name: string | null; until: number } | null = null;
  private lastReadSent: string | null = null;
  private error: string | null = null;
  private notices: { key: string; nodes: Node[] } = { key: '', nodes: [] };
  private readonly errorEl = el('div', { class: 'error', role: 'alert' });

  private readonly rootEl: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLDivElement;
  private readonly titleEl: HTMLHeadingElement;
  private readonly presenceEl: HTMLParagraphElement;
  private readonly body: HTMLDivElement;
  private readonly log: HTMLDivElement;
  private readonly typingEl: HTMLDivElement;
  private readonly composer: HTMLFormElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly fileInput: HTMLInputElement;
  private readonly attachButton: HTMLButtonElement;
  private readonly chips: HTMLDivElement;
  private readonly connEl: HTMLDivElement;

  constructor(
    private readonly base: string,
    private readonly channelId: string,
  ) {
    this.storageKey = `parley.webchat.${channelId}`;
    this.token = this.readToken();

    // Its own element name: the page's rules for div or section do not match the host.
    const host = document.createElement('parley-chat');
    host.setAttribute('data-channel', channelId);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append(el('style', {}, [styles]));
    this.rootEl = el('div', { class: 'root right' });
    this.launcher = el('button', { class: 'launcher', type: 'button', 'aria-label': 'Open chat', 'aria-expanded': 'false', 'data-part': 'launcher' });
    this.launcher.innerHTML = icons.chat;
    this.badge = el('span', { class: 'badge', hidden: '', 'data-part': 'unread' });
    this.launcher.append(this.badge);

    this.panel = el('div', { class: 'panel', role: 'dialog', 'aria-label': 'Chat', hidden: '', 'data-part': 'panel' });
    this.titleEl = el('h2');
    this.presenceEl = el('p', { 'data-part': 'presence' });
    const close = el('button', { class: 'close', type: 'button', 'aria-label': 'Close chat' });
    close.innerHTML = icons.close;
    const header = el('div', { class: 'header' }, [el('div', { class: 'titles' }, [this.titleEl, this.presenceEl]), close]);
    this.body = el('div', { class: 'body' });
    this.body.style.cssText = 'flex:1;display:flex;flex-direction:column;min-height:0';
    this.log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'data-part': 'messages' });
    this.typingEl = el('div', { class: 'typing', 'aria-live': 'polite', 'data-part': 'typing' });
    this.connEl = el('div', { class: 'conn', hidden: '', 'data-part': 'connection' });
    this.textarea = el('textarea', { rows: '1', placeholder: 'Write a message…', 'aria-label': 'Message', maxlength: '5000' });
    this.fileInput = el('input', { type: 'file', hidden: '', accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain' });
    this.attachButton = el('button', { class: 'icon', type: 'button', 'aria-label': 'Attach a file' });
    this.attachButton.innerHTML = icons.clip;
    const send = el('button', { class: 'icon send', type: 'submit', 'aria-label': 'Send' });
    send.innerHTML = icons.send;
    this.chips = el('div', { class: 'chips' });
    this.composer = el('form', { class: 'composer' }, [this.attachButton, this.fileInput, this.textarea, send]);
    this.panel.append(header, this.connEl, this.body);
    this.rootEl.append(this.panel, this.launcher);
    shadow.append(this.rootEl);
    document.body.append(host);

    this.launcher.addEventListener('click', () => this.toggle(!this.open));
    close.addEventListener('click', () => this.toggle(false));
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.toggle(false);
      }
    });
    this.textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.textarea.addEventListener('input', () => this.onInput());
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.attachButton.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0];
      this.fileInput.value = '';
      if (file) void this.upload(file);
    });

    this.render();
    void this.loadConfig();
    // A returning visitor connects at once, so an answer that comes while the panel is closed shows as unread.
    if (this.token) this.connect();
  }

  private readToken(): string | null {
    try {
      return localStorage.getItem(`${this.storageKey}.token`);
    } catch {
      return null;
    }
  }

  private saveToken(token: string): void {
    this.token = token;
    try {
      localStorage.setItem(`${this.storageKey}.token`, token);
    } catch {
      // Storage refused (private mode): the conversation lasts as long as the page.
    }
  }

  private async loadConfig(): Promise<void> {
    try {
      const response = await fetch(`${this.base}/api/v1/webchat/${this.channelId}/config`);
      if (!response.ok) return;
      const body = (await response.json()) as { data: { config: Config; agentsOnline: boolean } };
      if (!this.welcomed) {
        this.config = { ...defaults, ...body.data.config };
        this.agentsOnline = body.data.agentsOnline;
        this.render();
      }
    } catch {
      // The launcher works with the default look; the socket brings the settings too.
    }
  }

  private toggle(open: boolean): void {
    this.open = open;
    if (open) {
      this.unread = 0;
      if (!this.socket) this.connect();
    }
    this.render();
    if (open) {
      const first = this.panel.querySelector<HTMLElement>('input, textarea:not([disabled])');
      first?.focus();
      this.markRead();
    } else {
      this.launcher.focus();
    }
  }

  // --- the socket ---

  private connect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const url = `${this.base.replace(/^http/, 'ws')}/api/v1/webchat/${this.channelId}/socket`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'hello', ...(this.token ? { token: this.token } : {}), pageUrl: location.href.slice(0, 2000) }));
    });
    socket.addEventListener('message', (event) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      this.onFrame(frame);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.welcomed = false;
      // Reconnect with backoff (1 s, 2 s, 4 s … 30 s, with jitter).
      const delay = Math.min(30_000, 1000 * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
      this.attempt += 1;
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
      this.render();
    });
  }

  private sendFrame(frame: Record<string, unknown>): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || !this.welcomed) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        this.attempt = 0;
        this.welcomed = true;
        this.saveToken(frame.token);
        this.visitor = frame.visitor;
        this.config = { ...defaults, ...frame.config };
        this.agentsOnline = frame.agentsOnline;
        this.prechatRequired = frame.prechatRequired;
        this.status = frame.conversation?.status ?? null;
        const pending = this.entries.filter((entry) => entry.id === null);
        this.entries = frame.history.map(toEntry);
        // Messages written while disconnected, or whose ack was lost: sent again (stored once).
        for (const entry of pending) if (!this.entries.some((e) => e.clientId === entry.clientId)) this.entries.push(entry);
        for (const [clientId, message] of this.outbox) {
          if (this.entries.some((entry) => entry.clientId === clientId && entry.id)) this.outbox.delete(clientId);
          else this.sendFrame({ type: 'message', clientId, text: message.text, attachments: message.attachments });
        }
        break;
      }
      case 'visitor':
        this.visitor = frame.visitor;
        this.prechatRequired = frame.prechatRequired;
        break;
      case 'ack': {
        this.outbox.delete(frame.clientId);
        const entry = this.entries.find((e) => e.clientId === frame.clientId);
        if (entry) {
          entry.id = frame.messageId;
          if (entry.status === 'pending') entry.status = 'received';
        }
        if (this.status === 'resolved') this.status = 'open';
        break;
      }
      case 'message': {
        const message = frame.message;
        const known = this.entries.find((e) => e.id === message.id || (message.clientId !== null && e.clientId === message.clientId));
        if (known) Object.assign(known, toEntry(message));
        else {
          this.entries.push(toEntry(message));
          if (message.from === 'agent') {
            this.agentTyping = null;
            if (!this.open) this.unread += 1;
          }
        }
        break;
      }
      case 'typing':
        this.agentTyping = frame.on ? { name: frame.name ?? null, until: Date.now() + 8000 } : null;
        if (frame.on) setTimeout(() => this.render(), 8100);
        break;
      case 'status':
        this.status = frame.status;
        break;
      case 'agents':
        this.agentsOnline = frame.online;
        break;
      case 'csat':
        this.csatToken = frame.token;
        this.csatAnswered = null;
        break;
      case 'file_stored':
        if (this.uploading.delete(frame.uploadId)) this.pendingFiles.push(frame.file);
        break;
      case 'csat_answered':
        this.csatAnswered = frame.score;
        break;
      case 'error':
        if (frame.ref && this.uploading.delete(frame.ref)) {
          this.error = frame.message;
          break;
        }
        if (frame.ref) {
          const entry = this.entries.find((e) => e.clientId === frame.ref);
          if (entry) entry.status = 'failed';
          this.outbox.delete(frame.ref);
        }
        this.error = frame.message;
        break;
      default:
        break;
    }
    this.render();
    if (this.open) this.markRead();
  }

  private markRead(): void {
    const lastAgent = [...this.entries].reverse().find((entry) => entry.from === 'agent' && entry.id);
    if (!lastAgent?.id || lastAgent.id === this.lastReadSent) return;
    if (this.sendFrame({ type: 'read', messageId: lastAgent.id })) this.lastReadSent = lastAgent.id;
  }

  // --- writing ---

  private onInput(): void {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = `${Math.min(120, this.textarea.scrollHeight)}px`;
    const now = Date.now();
    if (now - this.typingSentAt > 2500) {
      this.typingSentAt = now;
      this.sendFrame({ type: 'typing', on: true });
    }
    if (this.typingOff) clearTimeout(this.typingOff);
    this.typingOff = setTimeout(() => this.stopTyping(), 3000);
  }

  private stopTyping(): void {
    if (this.typingOff) clearTimeout(this.typingOff);
    this.typingOff = null;
    if (this.typingSentAt === 0) return;
    this.typingSentAt = 0;
    this.sendFrame({ type: 'typing', on: false });
  }

  private submit(): void {
    const text = this.textarea.value.trim();
    if (!text && this.pendingFiles.length === 0) return;
    const clientId = randomId();
    const attachments = this.pendingFiles;
    this.entries.push({ key: clientId, id: null, clientId, from: 'visitor', authorName: null, text, attachments, status: 'pending', at: new Date().toISOString() });
    this.outbox.set(clientId, { text, attachments: attachments.map((a) => a.id!).filter(Boolean) });
    this.sendFrame({ type: 'message', clientId, text, attachments: attachments.map((a) => a.id) });
    this.textarea.value = '';
    this.textarea.style.height = '';
    this.pendingFiles = [];
    this.error = null;
    this.stopTyping();
    this.render();
  }

  /** Sends a file through the socket in base64 chunks (a POST from this page would be a cross-site write). */
  private async upload(file: File): Promise<void> {
    const allowed = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'];
    if (file.size === 0 || file.size > 5 * 1024 * 1024) this.error = 'Files can be up to 5 MB.';
    else if (!allowed.includes(file.type)) this.error = 'Send an image, a PDF or a text file.';
    else if (!this.welcomed) this.error = 'Wait until the chat is connected.';
    else {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const uploadId = randomId();
      const chunk = 45_000;
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        let binary = '';
        for (const byte of bytes.subarray(offset, offset + chunk)) binary += String.fromCharCode(byte);
        this.sendFrame({ type: 'file', uploadId, name: file.name.slice(0, 200), contentType: file.type, size: bytes.length, offset, data: btoa(binary) });
      }
      this.uploading.add(uploadId);
      this.error = null;
    }
    this.render();
  }

  // --- drawing ---

  private render(): void {
    const config = this.config;
    this.rootEl.className = `root ${config.position}`;
    this.rootEl.style.setProperty('--accent', config.color);
    this.launcher.setAttribute('aria-expanded', String(this.open));
    this.launcher.setAttribute('aria-label', this.open ? 'Close chat' : 'Open chat');
    this.badge.hidden = this.unread === 0;
    this.badge.textContent = String(this.unread);
    this.panel.hidden = !this.open;
    this.panel.setAttribute('aria-label', config.title);
    this.titleEl.textContent = config.title;
    this.presenceEl.replaceChildren(el('span', { class: `dot${this.agentsOnline ? ' on' : ''}` }), this.agentsOnline ? 'We are online' : 'We are away');
    const connected = Boolean(this.socket && this.welcomed);
    this.connEl.hidden = connected || !this.socket;
    this.connEl.textContent = 'Connecting…';
    if (!this.open) return;

    if (this.prechatRequired && connected) return this.renderPrechat();
    this.attachButton.hidden = !config.allowAttachments;
    // Rebuilt only when what they say changes, so a half-typed email survives other frames.
    const noticeKey = `${this.agentsOnline}|${this.visitor?.email ?? ''}|${config.offlineMessage}|${config.askEmailWhenOffline}`;
    if (this.notices.key !== noticeKey) {
      const nodes: Node[] = [];
      if (!this.agentsOnline) {
        const notice = el('div', { class: 'notice', 'data-part': 'offline' }, [config.offlineMessage]);
        if (config.askEmailWhenOffline && this.visitor && !this.visitor.email) notice.append(this.emailForm());
        nodes.push(notice);
        if (this.visitor?.email) nodes.push(el('div', { class: 'notice info' }, [`We'll answer at ${this.visitor.email}.`]));
      }
      this.notices = { key: noticeKey, nodes };
    }
    const notices = this.notices.nodes;

    const items: Node[] = [el('div', { class: 'greeting' }, [config.greeting])];
    for (const entry of this.entries) items.push(this.renderEntry(entry));
    if (this.status === 'resolved') items.push(el('div', { class: 'status-line', 'data-part': 'resolved' }, ['This conversation was resolved. Write again any time.']));
    if (this.csatToken) items.push(this.renderCsat());
    this.log.replaceChildren(...items);
    this.log.scrollTop = this.log.scrollHeight;

    const typing = this.agentTyping && this.agentTyping.until > Date.now() ? this.agentTyping : null;
    this.typingEl.textContent = typing ? `${typing.name ?? 'Someone'} is typing…` : '';
    this.chips.replaceChildren(...this.pendingFiles.map((file) => el('span', { class: 'chip' }, [`📎 ${file.name}`])));
    const errorEl = this.errorEl;
    errorEl.textContent = this.error ?? '';
    errorEl.style.padding = this.error ? '0 12px 4px' : '0';
    const children = [...notices, this.log, this.typingEl, this.chips, errorEl, this.composer];
    if (this.body.firstChild?.nodeName === 'FORM' || this.body.childNodes.length !== children.length || children.some((child, i) => this.body.childNodes[i] !== child)) {
      const focused = this.textarea.matches(':focus');
      this.body.replaceChildren(...children);
      if (focused) this.textarea.focus();
    }
  }

  private renderEntry(entry: Entry): HTMLElement {
    const node = el('div', { class: `msg ${entry.from}${entry.status === 'failed' ? ' failed' : ''}`, 'data-from': entry.from, 'data-status': entry.status });
    if (entry.from === 'agent' && entry.authorName) node.append(el('div', { class: 'author' }, [entry.authorName]));
    if (entry.text) node.append(entry.text);
    for (const file of entry.attachments) {
      if (file.contentType.startsWith('image/')) node.append(el('a', { href: file.url, target: '_blank', rel: 'noopener' }, [el('img', { src: file.url, alt: file.name })]));
      else node.append(el('div', {}, [el('a', { href: file.url, target: '_blank', rel: 'noopener' }, [`📎 ${file.name}`])]));
    }
    const ticks = entry.from !== 'visitor' ? '' : entry.status === 'pending' ? ' · sending' : entry.status === 'failed' ? ' · not sent' : entry.status === 'read' ? ' ✓✓' : ' ✓';
    node.append(el('div', { class: 'meta', ...(entry.from === 'visitor' ? { 'aria-label': entry.status === 'pending' ? 'Sending' : entry.status === 'read' ? 'Read' : 'Sent' } : {}) }, [`${timeOf(entry.at)}${ticks}`]));
    return node;
  }

  private renderPrechat(): void {
    const fields = this.config.prechatFields;
    const form = el('form', { class: 'prechat', 'data-part': 'prechat' }, [el('div', { class: 'greeting' }, [this.config.greeting]), el('div', {}, ['Before we start, tell us who you are.'])]);
    const inputs: Partial<Record<'name' | 'email', HTMLInputElement>> = {};
    for (const field of fields) {
      const input = el('input', { type: field === 'email' ? 'email' : 'text', name: field, required: '', autocomplete: field, value: this.visitor?.[field] ?? '' });
      inputs[field] = input;
      form.append(el('label', {}, [field === 'email' ? 'Email' : 'Name', input]));
    }
    form.append(el('button', { class: 'primary', type: 'submit' }, ['Start the chat']));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendFrame({ type: 'prechat', ...(inputs.name ? { name: inputs.name.value.trim() } : {}), ...(inputs.email ? { email: inputs.email.value.trim() } : {}) });
    });
    if (this.body.firstChild?.nodeName !== 'FORM') {
      this.body.replaceChildren(form);
      inputs[fields[0]!]?.focus();
    }
  }

  private emailForm(): HTMLFormElement {
    const input = el('input', { type: 'email', required: '', placeholder: 'you@example.com', 'aria-label': 'Your email' });
    const form = el('form', {}, [input, el('button', { class: 'primary', type: 'submit' }, ['Notify me'])]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendFrame({ type: 'prechat', email: input.value.trim() });
    });
    return form;
  }

  private renderCsat(): HTMLElement {
    const box = el('div', { class: 'csat', 'data-part': 'csat' });
    if (this.csatAnswered !== null) {
      box.append(`Thanks for your feedback! (${this.csatAnswered}/5)`);
      return box;
    }
    box.append('How did we do?');
    const scores = el('div', { class: 'scores' });
    const faces = ['😞', '🙁', '😐', '🙂', '😄'];
    faces.forEach((face, index) => {
      const button = el('button', { type: 'button', 'aria-label': `${index + 1} out of 5` }, [face]);
      button.addEventListener('click', () => this.sendFrame({ type: 'csat', token: this.csatToken, score: index + 1 }));
      scores.append(button);
    });
    box.append(scores);
    return box;
  }
}

function toEntry(message: ChatMessage): Entry {
  return { key: message.id, id: message.id, clientId: message.clientId, from: message.from, authorName: message.authorName, text: message.text, attachments: message.attachments, status: message.status, at: message.at };
}

function start(): void {
  const script =
    (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-channel][src*="widget.js"]');
  const channelId = script?.dataset.channel;
  if (!script || !channelId) {
    console.warn('Parley chat: the script tag needs data-channel="ch_…".');
    return;
  }
  const base = new URL(script.src, location.href).origin;
  const boot = () => new ParleyChat(base, channelId);
  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot, { once: true });
}

start();
