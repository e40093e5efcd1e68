/**
 * A real SMTP server for the tests (smtp-server on a free port), every arriving message parsed with mailparser. Hooks
 * let a test decide per connection and per message: accept (250, the mail counts as delivered), reject with a code,
 * or drop the connection without answering (the message is not accepted). A hook may do things first, e.g. kill the
 * process that is sending, so that the test controls exactly where a sender dies.
 */
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { freePort } from './servers';

export interface ReceivedMail {
  envelope: { from: string | null; to: string[] };
  messageId: string | null;
  notificationId: string | null;
  from: string | null;
  to: string | null;
  subject: string;
  text: string;
}

export type MessageDecision = 'accept' | 'drop' | { code: number; message: string };

export interface TestSmtp {
  url: string;
  /** Messages the server accepted (answered, or decided to answer, 250). */
  mails: ReceivedMail[];
  /** Every message whose DATA arrived in full, accepted or not. */
  transmissions: ReceivedMail[];
  connections: number;
  /** Before the greeting; 'drop' refuses the connection (421). */
  onConnect?: () => Promise<'continue' | 'drop'> | 'continue' | 'drop';
  /** After the whole message arrived, before the answer to DATA. Default: accept. */
  onMessage?: (mail: ReceivedMail) => Promise<MessageDecision> | MessageDecision;
  mailsTo(address: string): ReceivedMail[];
  waitForMails(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  reset(): void;
  stop(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtp> {
  const port = await freePort();
  const t: TestSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    mails: [],
    transmissions: [],
    connections: 0,
    mailsTo: (address) => t.mails.filter((m) => m.envelope.to.includes(address)),
    waitForMails: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (t.mails.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mail(s), got ${t.mails.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return t.mails;
    },
    reset: () => {
      t.mails.length = 0;
      t.transmissions.length = 0;
      t.connections = 0;
      t.onConnect = undefined;
      t.onMessage = undefined;
    },
    stop: () => new Promise<void>((res) => server.close(() => res())),
  };

  const dropConnection = (session: SMTPServerSession) => {
    for (const c of server.connections) if (c.id === session.id) c._socket.destroy();
  };

  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onConnect(_session, callback) {
      t.connections += 1;
      Promise.resolve(t.onConnect ? t.onConnect() : 'continue').then(
        (d) => callback(d === 'drop' ? Object.assign(new Error('try again later'), { responseCode: 421 }) : undefined),
        (err: Error) => callback(err),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          const m = await simpleParser(Buffer.concat(chunks));
          const to = m.to ? (Array.isArray(m.to) ? m.to.map((x) => x.text).join(', ') : m.to.text) : null;
          const mail: ReceivedMail = {
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            messageId: m.messageId ?? null,
            notificationId: (m.headers.get('x-notification-id') as string | undefined) ?? null,
            from: m.from?.text ?? null,
            to,
            subject: m.subject ?? '',
            text: m.text ?? '',
          };
          t.transmissions.push(mail);
          const decision = t.onMessage ? await t.onMessage(mail) : 'accept';
          if (decision === 'accept') {
            t.mails.push(mail);
            callback();
          } else if (decision === 'drop') {
            dropConnection(session); // no answer at all: the client cannot know more than "no 250"
          } else {
            callback(Object.assign(new Error(decision.message), { responseCode: decision.code }));
          }
        })().catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res());
  });
  server.on('error', () => undefined); // a client killed mid-session resets its socket
  return t;
}
