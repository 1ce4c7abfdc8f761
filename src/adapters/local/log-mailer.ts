import type { MailMessage, Mailer } from '../../ports/mailer.js';

/** The part of a logger (pino's) this needs. */
export interface InfoLog {
  info(obj: object, msg: string): void;
}

/**
 * The development fallback, used only when no SMTP server is configured (`SMTP_URL` unset): each message, reset
 * code included, is written to the server log at info level, where whoever runs a laptop instance reads it. The
 * issue asks for exactly this. It is the one place a secret reaches a log, so a server that mails real users must set
 * `SMTP_URL`.
 */
export class LogMailer implements Mailer {
  constructor(private readonly log: InfoLog) {}

  async send(message: MailMessage): Promise<void> {
    this.log.info({ mail: message }, `mail to ${message.to} (no SMTP_URL set, so it is logged instead of sent)`);
  }
}
