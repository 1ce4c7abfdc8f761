import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, Mailer } from '../../ports/mailer.js';

/** Gives up on an SMTP server that does not answer: a reset code is sent in the background, never waited on forever. */
const SMTP_TIMEOUT_MS = 15_000;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Mail through an SMTP server (`SMTP_URL`, e.g. `smtp://user:pass@host:587`), from `MAIL_FROM`, via nodemailer. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      // Reset codes and the SMTP password must not cross a network in the clear: STARTTLS is required, not just
      // used when offered (which a man in the middle can strip). Only a server on this machine may go without.
      requireTLS: url.protocol !== 'smtps:' && !LOOPBACK.has(url.hostname),
      ...(url.username && { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }

  close(): void {
    this.transport.close();
  }
}
