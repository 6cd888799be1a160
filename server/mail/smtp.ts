/** Mail over SMTP (SMTP_URL such as smtp://user:pass@host:587 or smtps://...), Node hosts only. */
import nodemailer from 'nodemailer';
import type { Mailer } from '../services.js';

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(msg) {
      await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.body });
    },
  };
}
