import type { Config } from "../config/index.ts";
import type { Database } from "../db/database.ts";
import type { Clock } from "../http/env.ts";
import { startBackgroundLoop } from "../jobs/background-loop.ts";
import type { Logger } from "../log/logger.ts";
import { claimDueMail, markMailFailed, markMailSent, type ClaimedMail } from "./delivery-queue.ts";
import { createMailSender, type MailSender, type MailSenderOptions } from "./sender.ts";
import { onMailWorkerWake } from "./wake.ts";

/** Other instances' mail is found by polling; mail of this process wakes the worker at once. */
const pollIntervalMs = 10_000;
const batchSize = 5;
/** Longer than a batch can take with the SMTP timeouts (10 s connect, 10 s greeting, 60 s idle socket). */
const leaseMs = 10 * 60_000;

export interface MailWorkerDeps {
  db: Database;
  log: Logger;
  clock: Clock;
  config: Pick<Config, "email">;
  /** Defaults to the sender `config.email` selects. */
  sender?: MailSender;
  senderOptions?: MailSenderOptions;
  pollIntervalMs?: number;
}

export interface MailWorker {
  /** Finish the message in progress, close the SMTP connection and stop. */
  stop(): Promise<void>;
}

/** SMTP rejected the recipient for good (5xx to RCPT TO): retrying cannot help. */
function isPermanentRejection(error: unknown): boolean {
  const { responseCode, command } = error as { responseCode?: number; command?: string };
  return typeof responseCode === "number" && responseCode >= 500 && command === "RCPT TO";
}

/**
 * Deliver every due message of `mail_outbox`, a few at a time, until none is left. Returns
 * how many were sent and how many failed in this call.
 */
export async function deliverDueMail(deps: MailWorkerDeps & { sender: MailSender }): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await claimDueMail(deps.db, deps.clock.now(), batchSize, leaseMs);
    if (batch.length === 0) return { sent, failed };
    for (const mail of batch) {
      if (await deliverOne(deps, mail)) sent += 1;
      else failed += 1;
    }
  }
}

async function deliverOne(deps: MailWorkerDeps & { sender: MailSender }, mail: ClaimedMail): Promise<boolean> {
  try {
    await deps.sender.send({ to: mail.toAddress, subject: mail.subject, body: mail.body });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retryAt = await markMailFailed(deps.db, mail, deps.clock.now(), message, isPermanentRejection(error));
    // The recipient is named by user id only: addresses and bodies stay out of the log.
    const fields = { mailId: mail.id, recipientUserId: mail.recipientUserId, attempt: mail.attempts, error: message };
    if (retryAt) deps.log.warn("mail delivery failed; will retry", { ...fields, retryAt });
    else deps.log.error("mail delivery failed; giving up on this message", fields);
    return false;
  }
  await markMailSent(deps.db, mail.id, deps.clock.now());
  return true;
}

/**
 * Start delivering queued mail in the background: a pass at once, then whenever
 * `wakeMailWorker()` is called and every 10 seconds. Several workers, in this process or on
 * other instances, may run against one database; each message is claimed by one of them.
 */
export function startMailWorker(deps: MailWorkerDeps): MailWorker {
  const sender = deps.sender ?? createMailSender(deps.config.email, deps.senderOptions);
  const loop = startBackgroundLoop({
    name: "mail sender",
    intervalMs: deps.pollIntervalMs ?? pollIntervalMs,
    log: deps.log,
    runPass: async () => {
      await deliverDueMail({ ...deps, sender });
    },
  });
  const unsubscribe = onMailWorkerWake(loop.wake);
  return {
    async stop() {
      unsubscribe();
      await loop.stop();
      sender.close();
    },
  };
}
