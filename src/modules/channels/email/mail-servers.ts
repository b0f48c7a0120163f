// Real mail servers on local ports, for tests: Dovecot (Debian's dovecot-imapd) as the support
// mailbox's IMAP server, started as a child process with its own config, mail directory and users
// in a temporary directory, and smtp-server (from the nodemailer project) as the outgoing server,
// which keeps every email it accepts and can be told to refuse the next recipients.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../../lib/free-port.js';

export const DOVECOT = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';

export type ImapServer = { host: string; port: number; close(): Promise<void> };

// The tests that start these servers take their ports from here too.
export { freePort };

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
  throw new Error(`Dovecot did not start listening on 127.0.0.1:${port}:\n${log}`);
}

const idOf = (flag: '-u' | '-g', user: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());

/**
 * Dovecot serving `users` (name → password) over plain IMAP on 127.0.0.1 and a free port. As root it
 * runs its processes as Debian's dovecot and dovenull users (it refuses root); otherwise as the
 * current user. Needs `apt-get install -y dovecot-imapd`.
 */
export async function startDovecot(users: Record<string, string>): Promise<ImapServer> {
  if (!existsSync(DOVECOT)) throw new Error(`${DOVECOT} is missing: install Dovecot (apt-get install -y dovecot-imapd) to run the email channel's tests`);
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-dovecot-'));
  await chmod(dir, 0o755);
  const mail = path.join(dir, 'mail');
  await mkdir(mail);
  const asRoot = process.getuid?.() === 0;
  const me = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  const myGroup = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  const mailUid = asRoot ? idOf('-u', 'dovecot') : process.getuid!();
  const mailGid = asRoot ? idOf('-g', 'dovecot') : process.getgid!();
  if (asRoot) await chown(mail, mailUid, mailGid);
  const passwd = path.join(dir, 'passwd');
  await writeFile(passwd, Object.entries(users).map(([user, password]) => `${user}:{PLAIN}${password}\n`).join(''), { mode: 0o644 });
  const port = await freePort();
  const logFile = path.join(dir, 'dovecot.log');
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${asRoot ? 'dovecot' : me}
default_internal_group = ${asRoot ? 'dovecot' : myGroup}
default_login_user = ${asRoot ? 'dovenull' : me}
first_valid_uid = ${mailUid}
first_valid_gid = ${mailGid}
mail_location = maildir:${mail}/%u
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${mail}/%u
}
# No chroot: an unprivileged user cannot, and the tests need none.
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
  await mkdir(path.join(dir, 'state'));
  await writeFile(path.join(dir, 'dovecot.conf'), config);
  const child = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port, child, logFile);
  return {
    host: '127.0.0.1',
    port,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type ReceivedEmail = { from: string; to: string[]; raw: Buffer; user: string | null };
export type SmtpRefusal = { responseCode: number; message: string };

export type SmtpCapture = {
  host: string;
  port: number;
  received: ReceivedEmail[];
  /** The next recipients are refused with these answers, one each */
  refuseNext(...refusals: SmtpRefusal[]): void;
  close(): Promise<void>;
};

/** An SMTP server on a free port that accepts `user`/`password` (plain connection, AUTH allowed on it) and keeps what it receives. */
export async function startSmtpCapture(credentials: { user: string; password: string }): Promise<SmtpCapture> {
  const received: ReceivedEmail[] = [];
  const refusals: SmtpRefusal[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) return callback(null, { user: auth.username });
      const refused = Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 });
      return callback(refused);
    },
    onRcptTo(_address, _session, callback) {
      const refusal = refusals.shift();
      if (!refusal) return callback();
      return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
          user: typeof session.user === 'string' ? session.user : null,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received,
    refuseNext: (...next) => refusals.push(...next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
