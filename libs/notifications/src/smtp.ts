/**
 * The SMTP client of the outbox: one message over one connection, with the hand-over commit between the greeting and
 * MAIL FROM (libs/notifications/src/delivery.ts explains why). No database, no framework.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

export type SmtpError = Error & { code?: string; responseCode?: number; permanent?: boolean; command?: string };

/** What the hand-over says: send now, the claim was lost, or the reminder is no longer due (skipped). */
export type HandOver = 'go' | 'claim lost' | 'stale';

/** The address of a From header (`Name <a@b>` or `a@b`). */
export function senderAddress(from: string): string {
  return (/<([^<>]+)>/.exec(from)?.[1] ?? from).trim();
}

/** The domain of the sender's address, for Message-IDs. */
export function senderDomain(from: string): string {
  return senderAddress(from).split('@')[1] ?? 'localhost';
}

/** One line for last_error: code, command, message. */
export function describeSmtpError(e: SmtpError): string {
  const parts = [e.code, e.command ? `during ${e.command}` : undefined, e.message].filter(Boolean);
  return parts.join(' ').replace(/\s+/g, ' ').slice(0, 1000);
}

/** The raw RFC 5322 message of one outbox row. */
export function composeMail(m: {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  notificationId: string;
}): Promise<Buffer> {
  return new MailComposer({
    from: m.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    messageId: m.messageId,
    headers: { 'X-Notification-Id': m.notificationId },
  })
    .compile()
    .build();
}

/**
 * One message over one SMTP connection: connect (greeting, EHLO, STARTTLS where offered), log in when the URL carries
 * credentials, then `beforeData` (the hand-over commit; 'claim lost' or 'stale': nothing is sent), then MAIL FROM,
 * RCPT TO and DATA. Resolves with the server's final answer to DATA (250); rejects when that answer is not 250 or
 * never came.
 */
export function transmit(
  smtpUrl: string,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  beforeData: () => Promise<HandOver>,
): Promise<string | 'claim lost' | 'stale'> {
  const { auth, ...options } = parseConnectionUrl(smtpUrl);
  const conn = new SMTPConnection({ ...options, ...SMTP_TIMEOUTS } as ConstructorParameters<typeof SMTPConnection>[0]);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, value?: string | 'claim lost' | 'stale') => {
      if (settled) return;
      settled = true;
      if (err) {
        conn.close();
        reject(err);
      } else {
        conn.quit();
        resolve(value!);
      }
    };
    conn.on('error', (err: Error) => finish(err));
    conn.once('end', () =>
      finish(Object.assign(new Error('the SMTP server closed the connection before answering'), { code: 'ECONNECTION' })),
    );
    conn.connect(() => {
      const send = () => {
        void beforeData().then(
          (handOver) => {
            if (handOver !== 'go') return finish(null, handOver);
            conn.send(envelope, raw, (err, info) => (err ? finish(err) : finish(null, info?.response ?? '250')));
          },
          (err: Error) => finish(err),
        );
      };
      if (auth) conn.login(auth, (err) => (err ? finish(err) : send()));
      else send();
    });
  });
}
