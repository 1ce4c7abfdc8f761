import type { DownloadTicket, DownloadTicketStore } from '../../ports/download-tickets.js';

/** Tickets kept at most; past this the oldest go first (a ticket lives minutes). */
const MAX_TICKETS = 10_000;

/** Download tickets in the process: a local service is one process, as its rate-limit counters are. */
export class MemoryDownloadTickets implements DownloadTicketStore {
  private readonly tickets = new Map<string, DownloadTicket>();

  async put(ticket: DownloadTicket, at: Date): Promise<void> {
    const now = at.getTime();
    // Insertion order is expiry order (every ticket lives as long): drop the expired, then the oldest past the bound.
    for (const [hash, kept] of this.tickets) {
      if (Date.parse(kept.expiresAt) > now && this.tickets.size < MAX_TICKETS) break;
      this.tickets.delete(hash);
    }
    this.tickets.set(ticket.ticketHash, ticket);
  }

  async get(ticketHash: string, now: Date): Promise<DownloadTicket | null> {
    const ticket = this.tickets.get(ticketHash);
    if (!ticket || Date.parse(ticket.expiresAt) <= now.getTime()) return null;
    return ticket;
  }
}
